/**
 * How one signed request reaches the endpoint: the whole exchange, by the attempt's deadline, never
 * following a redirect and never reading more than a bounded number of bytes. The layer chooses the
 * transport: over any `HttpClient` the exchange is raced against the time left; the Node entry's
 * transport (`nodeTransport.ts`) arms one timer per request itself.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { type ResponseDecodeError, TimeoutError, type TransportError } from "../AssociationExecutionsError.js"
import { type AttemptContext, fromHttpClientError, type HttpExchange, tooLarge } from "./response.js"
import { redactedHeaderNames } from "./signing.js"

/**
 * The most bytes of one response any transport reads before it stops with an error. A page of 50
 * executions is tens of KB; the bound only keeps a broken or hostile endpoint from filling memory.
 */
export const defaultMaxResponseBytes = 10 * 1024 * 1024

/**
 * The bound an `HttpClient` of this library (the Node one) applies to the response it reads, for
 * callers that cannot say it in the request (the credentials endpoints lower it).
 */
export const currentMaxResponseBytes: FiberRef.FiberRef<number> = FiberRef.unsafeMake(defaultMaxResponseBytes)

/** One signed request. */
export interface OutgoingRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The most bytes of response body to read; more is a `ResponseDecodeError` of kind `limit`. @default defaultMaxResponseBytes */
  readonly maxResponseBytes?: number | undefined
}

/** When the current attempt must be over, and what to report when it is not. */
export interface AttemptDeadline extends AttemptContext {
  /** On Effect's `Clock`. */
  readonly atMillis: number
  /** The configured limit, for the error. */
  readonly timeoutMillis: number
}

/** The error of an attempt that ran out of time; `detail` says what it waited for when not the response. */
export const timedOut = (deadline: AttemptDeadline, detail?: string): TimeoutError =>
  new TimeoutError({
    scope: "attempt",
    timeoutMillis: deadline.timeoutMillis,
    attempts: deadline.attempt,
    operation: deadline.operation,
    ...(detail === undefined ? {} : { detail })
  })

/** The time left until `deadline`, never below zero. */
export const millisLeft = (deadline: AttemptDeadline): Effect.Effect<number> =>
  Effect.map(Clock.currentTimeMillis, (now) => Math.max(0, deadline.atMillis - now))

/** Sends one request and reads its whole response, by the deadline. Never follows a redirect. */
export type Transport = (
  request: OutgoingRequest,
  deadline: AttemptDeadline
) => Effect.Effect<HttpExchange, TransportError | TimeoutError | ResponseDecodeError>

const contentType = "application/x-amz-json-1.1"

/** A body that grew past the bound it was read with. */
export class ResponseTooLarge extends Data.TaggedError("ResponseTooLarge")<{ readonly limitBytes: number }> {
  override get message(): string {
    return `the response was larger than the limit of ${this.limitBytes} bytes`
  }
}

/**
 * Runs `effect` with fetch told not to follow redirects (`FetchHttpClient` reads its `RequestInit`
 * from the context; the caller's own settings are kept). Node's fetch then hands back the 3xx
 * itself, a browser an opaque answer with status 0; both are refused by whoever reads them. Other
 * clients ignore the setting; the Node one never follows.
 */
export const withoutRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    Effect.serviceOption(FetchHttpClient.RequestInit),
    (init) =>
      Effect.provideService(effect, FetchHttpClient.RequestInit, { ...Option.getOrUndefined(init), redirect: "manual" })
  )

/**
 * The body as text, given up past `limitBytes`. A body sent as is with a `content-length` within
 * the bound is read whole: HTTP ends it at that length, so it cannot grow past it, and one read
 * costs a fraction of a stream of chunks (5.3 -> 3.7 ms CPU per page on the bench). Any other body
 * is read chunk by chunk, counting what arrives (fetch inflates a compressed body, and a chunked one
 * has no length at all), and the stream is closed at the bound, which cancels the body and its
 * connection.
 */
export const readBoundedText = (
  response: HttpClientResponse.HttpClientResponse,
  limitBytes: number
): Effect.Effect<string, HttpClientError.ResponseError | ResponseTooLarge> =>
  Effect.suspend(() => {
    const declaredBytes = Number(response.headers["content-length"])
    const encoding = response.headers["content-encoding"]
    if (
      (encoding === undefined || encoding === "identity") && Number.isSafeInteger(declaredBytes) &&
      declaredBytes <= limitBytes
    ) {
      return response.text
    }
    const decoder = new TextDecoder()
    const pieces: Array<string> = []
    let bytes = 0
    return Stream.runForEach(response.stream, (chunk) => {
      bytes += chunk.byteLength
      if (bytes > limitBytes) return Effect.fail(new ResponseTooLarge({ limitBytes }))
      pieces.push(decoder.decode(chunk, { stream: true }))
      return Effect.void
    }).pipe(
      Effect.map(() => {
        pieces.push(decoder.decode())
        return pieces.join("")
      }),
      // A status without a body (204, 304) has no stream to read: its body is empty.
      Effect.catchIf(
        (error) => error._tag === "ResponseError" && error.reason === "EmptyBody",
        () => Effect.succeed("")
      )
    )
  })

/** A transport over any `HttpClient`: the exchange races a timer for the time left. */
export const fromHttpClient = (client: HttpClient.HttpClient): Transport => {
  // Our call span already carries the exchange; the platform's span per request would double the
  // tracing cost, and its trace headers mean nothing to AWS.
  const untraced = HttpClient.withTracerDisabledWhen(client, () => true)
  return (request, deadline) =>
    Effect.flatMap(millisLeft(deadline), (left) => {
      const limitBytes = request.maxResponseBytes ?? defaultMaxResponseBytes
      return untraced.execute(
        HttpClientRequest.post(request.url).pipe(
          HttpClientRequest.setHeaders(request.headers),
          HttpClientRequest.bodyText(request.body, contentType)
        )
      ).pipe(
        Effect.flatMap((response) =>
          Effect.map(readBoundedText(response, limitBytes), (text): HttpExchange => ({
            status: response.status,
            headers: response.headers,
            body: text
          })).pipe(
            Effect.mapError((error) =>
              error._tag === "ResponseTooLarge"
                ? tooLarge(new URL(request.url).host, limitBytes, response, deadline)
                : error
            )
          )
        ),
        Effect.mapError((error) => error._tag === "ResponseDecodeError" ? error : fromHttpClientError(error, deadline)),
        withoutRedirects,
        Effect.timeoutFail({ duration: Duration.millis(left), onTimeout: () => timedOut(deadline) }),
        Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...redactedHeaderNames])
      )
    })
}
