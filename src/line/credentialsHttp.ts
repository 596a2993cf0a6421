/**
 * The Effect 3 line's parts of an exchange with a credentials endpoint
 * (`internal/credentials/http.ts`): the request and the client's errors of `@effect/platform`, and
 * its redacted header names.
 */
import * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
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
  switch (error._tag) {
    case "RequestError":
      return { reason: error.reason === "Transport" ? "connection failed" : error.reason, tooLarge: false }
    case "ResponseError":
      // The Node client stops reading at the bound itself and says so in the cause.
      return { reason: error.reason, tooLarge: error.cause instanceof ResponseTooLarge }
  }
}

/** Runs `effect` with `names` added to the request headers spans redact. */
export const withRedactedHeaders =
  (names: ReadonlyArray<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.locallyWith(effect, Headers.currentRedactedNames, (current) => [...current, ...names])
