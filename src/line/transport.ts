/**
 * The Effect 3 line's HTTP: the transport over an `@effect/platform` `HttpClient` (the exchange
 * raced against the attempt's time left), the bounded body read and the redirect switch the
 * credentials endpoints share, and the one place the platform's client errors become ours. Effect
 * 4's sibling (`src/effect4/line/transport.ts`) does the same over `effect/http`, with the same names.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as PlatformHttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import type { TransportError } from "../AssociationExecutionsError.js"
import * as BoundedBody from "../internal/boundedBody.js"
import { type AttemptContext, bodyCut, notSent, transportFailure } from "../internal/response.js"
import { redactedHeaderNames } from "../internal/signing.js"
import type { ResponseTooLarge } from "../internal/transport.js"
import { contentType, defaultMaxResponseBytes, millisLeft, timedOut, type Transport } from "../internal/transport.js"

/** The `HttpClient` service of this line (`@effect/platform`'s): its tag and its type, under one name. */
export const HttpClient: typeof PlatformHttpClient.HttpClient = PlatformHttpClient.HttpClient
export type HttpClient = PlatformHttpClient.HttpClient

/**
 * The bound an `HttpClient` of this library (the Node one) applies to the response it reads, for
 * callers that cannot say it in the request (the credentials endpoints lower it).
 */
export const currentMaxResponseBytes: FiberRef.FiberRef<number> = FiberRef.unsafeMake(defaultMaxResponseBytes)

/** Runs `effect` with `currentMaxResponseBytes` set to `limitBytes`. */
export const withMaxResponseBytes = (limitBytes: number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.locally(effect, currentMaxResponseBytes, limitBytes)

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

/** The body as text, given up past `limitBytes` (`internal/boundedBody.ts`). */
export const readBoundedText = (
  response: HttpClientResponse.HttpClientResponse,
  limitBytes: number
): Effect.Effect<string, HttpClientError.ResponseError | ResponseTooLarge> =>
  BoundedBody.readBoundedText(response, limitBytes, isEmptyResponseBody)

const isEmptyResponseBody = (error: HttpClientError.ResponseError | ResponseTooLarge): boolean =>
  error._tag === "ResponseError" && error.reason === "EmptyBody"

/** A transport over any `HttpClient`: the exchange races a timer for the time left. */
export const fromHttpClient = (client: PlatformHttpClient.HttpClient): Transport => {
  // Our call span already carries the exchange; the platform's span per request would double the
  // tracing cost, and its trace headers mean nothing to AWS.
  const untraced = PlatformHttpClient.withTracerDisabledWhen(client, () => true)
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
          BoundedBody.exchangeOf(response, new URL(request.url).host, limitBytes, deadline, isEmptyResponseBody)
        ),
        Effect.mapError((error) => error._tag === "ResponseDecodeError" ? error : fromHttpClientError(error, deadline)),
        withoutRedirects,
        Effect.timeoutFail({ duration: Duration.millis(left), onTimeout: () => timedOut(deadline) }),
        Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...redactedHeaderNames])
      )
    })
}

const detailOf = (error: HttpClientError.RequestError): string | undefined =>
  error.description ?? (error.cause instanceof Error ? error.cause.message : undefined)

const requestFailureReason = (error: HttpClientError.RequestError): string => {
  const detail = detailOf(error)
  const withDetail = (text: string) => detail === undefined ? text : `${text}: ${detail}`
  switch (error.reason) {
    case "Transport":
      return withDetail("the request could not be sent")
    case "Encode":
      return withDetail("the request body could not be encoded")
    case "InvalidUrl":
      return withDetail("the endpoint URL is not valid")
  }
}

const responseFailureReason = (error: HttpClientError.ResponseError): string => {
  switch (error.reason) {
    case "Decode":
      return "connection dropped while reading the response body"
    case "EmptyBody":
      return "the response had no body"
    case "StatusCode":
      return `unexpected HTTP status ${error.response.status}`
  }
}

/**
 * The one place platform errors become ours. Only the underlying cause is kept, never the
 * platform error itself: that carries the request, and with it the signed headers.
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  attempt: AttemptContext
): TransportError =>
  error._tag === "RequestError"
    ? error.reason === "Transport"
      ? notSent(detailOf(error), error.cause, attempt)
      : transportFailure(requestFailureReason(error), error.cause, attempt)
    : error.reason === "Decode"
    ? bodyCut(error.cause, error.response, attempt)
    : transportFailure(responseFailureReason(error), error.cause, attempt, error.response)
