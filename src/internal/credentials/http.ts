/**
 * One small HTTP exchange with a local credentials endpoint (container or IMDS): a per-attempt
 * timeout, the body read as text, and header redaction for the tokens these endpoints use.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** The endpoint did not answer: refused, reset, or silent past the timeout. */
export class Unreachable extends Data.TaggedError("Unreachable")<{ readonly reason: string }> {}

/** Status and body of one answer. */
export interface TextResponse {
  readonly status: number
  readonly body: string
}

/** Sends the request once; any answer (whatever its status) succeeds, silence fails. */
export const fetchText = (
  request: HttpClientRequest.HttpClientRequest,
  options: { readonly timeoutMillis: number; readonly secretHeaders: ReadonlyArray<string> }
): Effect.Effect<TextResponse, Unreachable, HttpClient.HttpClient> =>
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) => client.execute(request)),
    Effect.flatMap((response) => Effect.map(response.text, (body) => ({ status: response.status, body }))),
    Effect.mapError((error) =>
      new Unreachable({ reason: error.reason === "Transport" ? "connection failed" : error.reason })
    ),
    Effect.timeoutFail({
      duration: Duration.millis(options.timeoutMillis),
      onTimeout: () => new Unreachable({ reason: `no answer within ${options.timeoutMillis} ms` })
    }),
    // Spans record request headers; these tokens grant credentials, so they are redacted like Authorization.
    Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...options.secretHeaders])
  )
