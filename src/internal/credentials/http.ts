/**
 * One small HTTP exchange with a local credentials endpoint (container or IMDS): a per-attempt
 * timeout, the body read as text up to a small bound, redirects refused, and header redaction for
 * the tokens these endpoints use.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { currentMaxResponseBytes, readBoundedText, withoutRedirects } from "../../line/transport.js"
import { isRedirect, redirectTarget } from "../response.js"
import { ResponseTooLarge } from "../transport.js"

/** A credentials document is about 1 KB; an endpoint that sends more than this is not one. */
export const maxCredentialsResponseBytes = 64 * 1024

/** The endpoint did not answer: refused, reset, or silent past the timeout. Worth another try. */
export class Unreachable extends Data.TaggedError("Unreachable")<{ readonly reason: string }> {}

/** The endpoint answered in a way that is never used (a redirect, an oversized body). Not worth another try. */
export class Rejected extends Data.TaggedError("Rejected")<{ readonly reason: string }> {}

/** Status and body of one answer. */
export interface TextResponse {
  readonly status: number
  readonly body: string
}

const tooLargeReason = `answered with more than ${maxCredentialsResponseBytes} bytes`

/**
 * Sends the request once; any answer but a redirect (whatever its status) succeeds, silence fails.
 * A redirect is never followed: the request may carry a token, and a credentials document from
 * wherever the endpoint points is not the endpoint's.
 */
export const fetchText = (
  request: HttpClientRequest.HttpClientRequest,
  options: { readonly timeoutMillis: number; readonly secretHeaders: ReadonlyArray<string> }
): Effect.Effect<TextResponse, Unreachable | Rejected, HttpClient.HttpClient> =>
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) => client.execute(request)),
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
      onTimeout: () => new Unreachable({ reason: `no answer within ${options.timeoutMillis} ms` })
    }),
    // Spans record request headers; these tokens grant credentials, so they are redacted like Authorization.
    Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...options.secretHeaders])
  )
