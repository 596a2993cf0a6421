/**
 * One small HTTP exchange with a local credentials endpoint (container or IMDS): a per-attempt
 * timeout, the body read as text up to {@link maxCredentialsResponseBytes}, redirects refused, and
 * header redaction for the tokens these endpoints use. What each Effect line spells its own way
 * (the request, its client's errors, the redacted header names) is `line/credentialsHttp.ts`.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import {
  type ClientError,
  clientFailure,
  clientRequest,
  type CredentialsHttp,
  withRedactedHeaders
} from "../../line/credentialsHttp.js"
import { timeoutFail } from "../../line/timing.js"
import { HttpClient, readBoundedText, withMaxResponseBytes, withoutRedirects } from "../../line/transport.js"
import { isRedirect, redirectTarget } from "../response.js"
import { ResponseTooLarge } from "../transport.js"

/** A credentials document is about 1 KB; an endpoint that sends more than this is not one. */
export const maxCredentialsResponseBytes = 64 * 1024

/** The endpoint did not answer: refused, reset, or silent past the timeout. Worth another try. */
export class Unreachable extends Data.TaggedError("Unreachable")<{ readonly reason: string }> {}

/** The endpoint answered in a way that is never used (a redirect, an oversized body). Not worth another try. */
export class Rejected extends Data.TaggedError("Rejected")<{ readonly reason: string }> {}

/** One request to a credentials endpoint: no body, a few headers. */
export interface CredentialsRequest {
  readonly method: "GET" | "PUT"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/** How long one exchange may take, and which request headers are secrets (redacted in spans). */
export interface ExchangeOptions {
  readonly timeoutMillis: number
  readonly secretHeaders: ReadonlyArray<string>
}

/** Status and body of one answer. */
export interface TextResponse {
  readonly status: number
  readonly body: string
}

const tooLargeReason = `answered with more than ${maxCredentialsResponseBytes} bytes`

const timeoutReason = (timeoutMillis: number): string => `no answer within ${timeoutMillis} ms`

/**
 * Sends the request once; any answer but a redirect (whatever its status) succeeds, silence fails.
 * A redirect is never followed: the request may carry a token, and a credentials document from
 * wherever the endpoint points is not the endpoint's.
 */
export const fetchText = (
  request: CredentialsRequest,
  options: ExchangeOptions
): Effect.Effect<TextResponse, Unreachable | Rejected, CredentialsHttp> =>
  Effect.flatMap(HttpClient, (client) => client.execute(clientRequest(request))).pipe(
    Effect.flatMap((response): Effect.Effect<TextResponse, Rejected | ResponseTooLarge | ClientError> =>
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
      if (error instanceof Rejected) return error
      if (error instanceof ResponseTooLarge) return new Rejected({ reason: tooLargeReason })
      const failure = clientFailure(error)
      return failure.tooLarge ? new Rejected({ reason: tooLargeReason }) : new Unreachable({ reason: failure.reason })
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
    withRedactedHeaders(options.secretHeaders)
  )
