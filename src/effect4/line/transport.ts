/**
 * The Effect 4 line's HTTP: the transport over an `effect/http` `HttpClient` (the exchange raced
 * against the attempt's time left), the bounded body read and the redirect switch the credentials
 * endpoints share, and the one place that client's errors become ours. The same names as the
 * Effect 3 line's `src/line/transport.ts`, over `@effect/platform`.
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as EffectHttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import type { TransportError } from "../AssociationExecutionsError.js"
import * as BoundedBody from "../internal/boundedBody.js"
import { type AttemptContext, bodyCut, notSent, transportFailure } from "../internal/response.js"
import { redactedHeaderNames } from "../internal/signing.js"
import type { ResponseTooLarge } from "../internal/transport.js"
import { contentType, defaultMaxResponseBytes, millisLeft, timedOut, type Transport } from "../internal/transport.js"

/** The `HttpClient` service of this line (`effect/http`'s), as a type and as its tag. */
export type HttpClient = EffectHttpClient.HttpClient
export const HttpClient: Context.Service<HttpClient, HttpClient> = EffectHttpClient.HttpClient

/**
 * The bound an `HttpClient` of this library (the Node one) applies to the response it reads, for
 * callers that cannot say it in the request (the credentials endpoints lower it).
 */
export const currentMaxResponseBytes: Context.Reference<number> = Context.Reference<number>(
  "ssm-association-executions/maxResponseBytes",
  { defaultValue: () => defaultMaxResponseBytes }
)

/** Runs `effect` with `currentMaxResponseBytes` set to `limitBytes`. */
export const withMaxResponseBytes = (limitBytes: number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, currentMaxResponseBytes, limitBytes)

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

const isEmptyBody = (error: HttpClientError.HttpClientError | ResponseTooLarge): boolean =>
  error._tag === "HttpClientError" && error.reason._tag === "EmptyBodyError"

/** The body as text, given up past `limitBytes` (`internal/boundedBody.ts`). */
export const readBoundedText = (
  response: HttpClientResponse.HttpClientResponse,
  limitBytes: number
): Effect.Effect<string, HttpClientError.HttpClientError | ResponseTooLarge> =>
  BoundedBody.readBoundedText(response, limitBytes, isEmptyBody)

/** A transport over any `HttpClient`: the exchange races a timer for the time left. */
export const fromHttpClient = (client: HttpClient): Transport => (request, deadline) =>
  Effect.flatMap(millisLeft(deadline), (left) => {
    const limitBytes = request.maxResponseBytes ?? defaultMaxResponseBytes
    return client.execute(
      HttpClientRequest.post(request.url).pipe(
        HttpClientRequest.setHeaders(request.headers),
        HttpClientRequest.bodyText(request.body, contentType)
      )
    ).pipe(
      Effect.flatMap((response) =>
        BoundedBody.exchangeOf(response, new URL(request.url).host, limitBytes, deadline, isEmptyBody)
      ),
      Effect.mapError((error) => error._tag === "ResponseDecodeError" ? error : fromHttpClientError(error, deadline)),
      withoutRedirects,
      Effect.timeoutOrElse({ duration: Duration.millis(left), orElse: () => Effect.fail(timedOut(deadline)) }),
      // Our call span already carries the exchange; the client's span per request would double the
      // tracing cost, and its trace headers mean nothing to AWS.
      Effect.provideService(EffectHttpClient.TracerDisabledWhen, () => true),
      Effect.updateService(Headers.CurrentRedactedNames, (names) => [...names, ...redactedHeaderNames])
    )
  })

const detailOf = (reason: HttpClientError.HttpClientErrorReason): string | undefined =>
  reason.description ?? (reason.cause instanceof Error ? reason.cause.message : undefined)

const failureReason = (reason: HttpClientError.HttpClientErrorReason): string => {
  const detail = detailOf(reason)
  const withDetail = (text: string) => detail === undefined ? text : `${text}: ${detail}`
  switch (reason._tag) {
    case "TransportError":
      return withDetail("the request could not be sent")
    case "EncodeError":
      return withDetail("the request body could not be encoded")
    case "InvalidUrlError":
      return withDetail("the endpoint URL is not valid")
    case "DecodeError":
      return "connection dropped while reading the response body"
    case "EmptyBodyError":
      return "the response had no body"
    case "StatusCodeError":
      return `unexpected HTTP status ${reason.response.status}`
  }
}

/**
 * The one place the client's errors become ours. Only the underlying cause is kept, never the
 * client's error itself: that carries the request, and with it the signed headers.
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  attempt: AttemptContext
): TransportError => {
  const reason = error.reason
  switch (reason._tag) {
    case "TransportError":
      return notSent(detailOf(reason), reason.cause, attempt)
    case "DecodeError":
      return bodyCut(reason.cause, reason.response, attempt)
    case "EncodeError":
    case "InvalidUrlError":
      return transportFailure(failureReason(reason), reason.cause, attempt)
    case "EmptyBodyError":
    case "StatusCodeError":
      return transportFailure(failureReason(reason), reason.cause, attempt, reason.response)
  }
}
