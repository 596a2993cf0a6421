/**
 * The Effect 4 line's exchange with a credentials endpoint (`internal/credentials/http.ts`), over
 * `effect/http`'s `HttpClient`.
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import {
  type CredentialsRequest,
  type ExchangeOptions,
  maxCredentialsResponseBytes,
  Rejected,
  type TextResponse,
  timeoutReason,
  tooLargeReason,
  Unreachable
} from "../internal/credentials/http.js"
import { isRedirect, redirectTarget } from "../internal/response.js"
import { ResponseTooLarge } from "../internal/transport.js"
import { timeoutFail } from "./timing.js"
import { readBoundedText, withMaxResponseBytes, withoutRedirects } from "./transport.js"

/** What the container and IMDS providers need from their context. */
export type CredentialsHttp = HttpClient.HttpClient

/**
 * Sends the request once; any answer but a redirect (whatever its status) succeeds, silence fails.
 * A redirect is never followed: the request may carry a token, and a credentials document from
 * wherever the endpoint points is not the endpoint's.
 */
export const fetchText = (
  request: CredentialsRequest,
  options: ExchangeOptions
): Effect.Effect<TextResponse, Unreachable | Rejected, HttpClient.HttpClient> =>
  Effect.flatMap(
    HttpClient.HttpClient,
    (client) => client.execute(HttpClientRequest.make(request.method)(request.url, { headers: request.headers }))
  ).pipe(
    Effect.flatMap((
      response
    ): Effect.Effect<TextResponse, Rejected | ResponseTooLarge | HttpClientError.HttpClientError> =>
      isRedirect(response.status)
        ? Effect.fail(
          new Rejected({
            reason: `redirected to ${
              redirectTarget(response.status, response.headers["location"])
            }; redirects are never followed`
          })
        )
        : Effect.map(readBoundedText(response, maxCredentialsResponseBytes), (body) => ({
          status: response.status,
          body
        }))
    ),
    Effect.mapError((error) => {
      if (error._tag === "Rejected") return error
      if (error._tag === "ResponseTooLarge") return new Rejected({ reason: tooLargeReason })
      const reason = error.reason
      switch (reason._tag) {
        case "TransportError":
          return new Unreachable({ reason: "connection failed" })
        case "DecodeError":
          // The Node client stops reading at the bound itself and says so in the cause.
          return reason.cause instanceof ResponseTooLarge
            ? new Rejected({ reason: tooLargeReason })
            : new Unreachable({ reason: "Decode" })
        default:
          return new Unreachable({ reason: reason._tag.replace(/Error$/, "") })
      }
    }),
    withoutRedirects,
    withMaxResponseBytes(maxCredentialsResponseBytes),
    (effect) =>
      timeoutFail(
        effect,
        options.timeoutMillis,
        () => new Unreachable({ reason: timeoutReason(options.timeoutMillis) })
      ),
    // Spans record request headers; these tokens grant credentials, so they are redacted like Authorization.
    (effect) =>
      Effect.flatMap(
        Headers.CurrentRedactedNames,
        (names) => Effect.provideService(effect, Headers.CurrentRedactedNames, [...names, ...options.secretHeaders])
      )
  )
