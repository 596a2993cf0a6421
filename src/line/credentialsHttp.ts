/**
 * The Effect 3 line's exchange with a credentials endpoint (`internal/credentials/http.ts`), over
 * `@effect/platform`'s `HttpClient`.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
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
import { currentMaxResponseBytes, readBoundedText, withoutRedirects } from "./transport.js"

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
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) =>
      client.execute(HttpClientRequest.make(request.method)(request.url, { headers: request.headers }))
    ),
    Effect.flatMap((
      response
    ): Effect.Effect<TextResponse, Rejected | ResponseTooLarge | HttpClientError.ResponseError> =>
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
      switch (error._tag) {
        case "Rejected":
          return error
        case "ResponseTooLarge":
          return new Rejected({ reason: tooLargeReason })
        case "RequestError":
          return new Unreachable({ reason: error.reason === "Transport" ? "connection failed" : error.reason })
        case "ResponseError":
          // The Node client stops reading at the bound itself and says so in the cause.
          return error.cause instanceof ResponseTooLarge
            ? new Rejected({ reason: tooLargeReason })
            : new Unreachable({ reason: error.reason })
      }
    }),
    withoutRedirects,
    Effect.locally(currentMaxResponseBytes, maxCredentialsResponseBytes),
    Effect.timeoutFail({
      duration: Duration.millis(options.timeoutMillis),
      onTimeout: () => new Unreachable({ reason: timeoutReason(options.timeoutMillis) })
    }),
    // Spans record request headers; these tokens grant credentials, so they are redacted like Authorization.
    Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...options.secretHeaders])
  )
