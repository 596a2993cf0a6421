/**
 * The Effect 4 line's exchange with a credentials endpoint (`internal/credentials/http.ts`), over
 * `effect/http`'s `HttpClient`.
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
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
import { defaultMaxResponseBytes, ResponseTooLarge } from "../internal/transport.js"

/** What the container and IMDS providers need from their context. */
export type CredentialsHttp = HttpClient.HttpClient

/**
 * The most bytes of one response this line's Node `HttpClient` reads before it stops with an
 * error; the credentials endpoints lower it, since a request cannot say it.
 */
export const CurrentMaxResponseBytes = Context.Reference<number>(
  "ssm-association-executions/internal/CurrentMaxResponseBytes",
  { defaultValue: () => defaultMaxResponseBytes }
)

const tooLarge = Symbol("tooLarge")

// Counted as it arrives (fetch inflates a compressed body, a chunked one has no length), and the
// stream closed at the bound, which cancels the rest.
const readBoundedText = (
  response: HttpClientResponse.HttpClientResponse,
  limitBytes: number
): Effect.Effect<string | typeof tooLarge, HttpClientError.HttpClientError> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let bytes = 0
    return response.stream.pipe(
      Stream.takeWhile((chunk) => {
        bytes += chunk.byteLength
        if (bytes <= limitBytes) chunks.push(chunk)
        return bytes <= limitBytes
      }),
      Stream.runDrain,
      Effect.map(() => {
        if (bytes > limitBytes) return tooLarge
        const whole = new Uint8Array(bytes)
        let offset = 0
        for (const chunk of chunks) {
          whole.set(chunk, offset)
          offset += chunk.byteLength
        }
        return new TextDecoder().decode(whole)
      })
    )
  })

// fetch told not to follow redirects (the caller's own settings kept): Node's fetch then hands back
// the 3xx itself, a browser an opaque answer with status 0; both are refused below.
const withoutRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    Effect.serviceOption(FetchHttpClient.RequestInit),
    (init) =>
      Effect.provideService(effect, FetchHttpClient.RequestInit, { ...Option.getOrUndefined(init), redirect: "manual" })
  )

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
    Effect.flatMap((response): Effect.Effect<TextResponse, Rejected | HttpClientError.HttpClientError> =>
      isRedirect(response.status)
        ? Effect.fail(
          new Rejected({
            reason: `redirected to ${
              redirectTarget(response.status, response.headers["location"])
            }; redirects are never followed`
          })
        )
        : Effect.flatMap(
          readBoundedText(response, maxCredentialsResponseBytes),
          (body) =>
            body === tooLarge
              ? Effect.fail(new Rejected({ reason: tooLargeReason }))
              : Effect.succeed({ status: response.status, body })
        )
    ),
    Effect.mapError((error) => {
      if (error._tag === "Rejected") return error
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
    Effect.provideService(CurrentMaxResponseBytes, maxCredentialsResponseBytes),
    Effect.timeoutOrElse({
      duration: Duration.millis(options.timeoutMillis),
      orElse: () => Effect.fail(new Unreachable({ reason: timeoutReason(options.timeoutMillis) }))
    }),
    // Spans record request headers; these tokens grant credentials, so they are redacted like Authorization.
    (effect) =>
      Effect.flatMap(
        Headers.CurrentRedactedNames,
        (names) => Effect.provideService(effect, Headers.CurrentRedactedNames, [...names, ...options.secretHeaders])
      )
  )
