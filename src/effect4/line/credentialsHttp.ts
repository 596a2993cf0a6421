/**
 * The Effect 4 line's parts of an exchange with a credentials endpoint
 * (`internal/credentials/http.ts`): the request and the client's errors of `effect/http`, and its
 * redacted header names.
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { CredentialsRequest } from "../internal/credentials/http.js"
import { ResponseTooLarge } from "../internal/transport.js"

/** What the container and IMDS providers need from their context. */
export type CredentialsHttp = HttpClient.HttpClient

/** How this line's client fails. */
export type ClientError = HttpClientError.HttpClientError

export const clientRequest = (request: CredentialsRequest): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.make(request.method)(request.url, { headers: request.headers })

/** Why the client failed in a few words; `tooLarge` when it stopped reading at the bound. */
export const clientFailure = (error: ClientError): { readonly reason: string; readonly tooLarge: boolean } => {
  const reason = error.reason
  switch (reason._tag) {
    case "TransportError":
      return { reason: "connection failed", tooLarge: false }
    case "DecodeError":
      // The Node client stops reading at the bound itself and says so in the cause.
      return { reason: "Decode", tooLarge: reason.cause instanceof ResponseTooLarge }
    default:
      return { reason: reason._tag.replace(/Error$/, ""), tooLarge: false }
  }
}

/** Runs `effect` with `names` added to the request headers spans redact. */
export const withRedactedHeaders =
  (names: ReadonlyArray<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(
      Headers.CurrentRedactedNames,
      (current) => Effect.provideService(effect, Headers.CurrentRedactedNames, [...current, ...names])
    )
