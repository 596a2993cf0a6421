/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const

import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"

/** Runs `effect` with `entries` as the whole environment Effect's `ConfigProvider` reads. */
export const withEnvironment =
  (entries: Readonly<Record<string, string>>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: { ...entries } }))

import type * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"

/** One request as an HTTP double sees it. */
export interface SeenRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
}

/** This line's `HttpClient` answering with `answer`: a web `Response`, or `"refused"` (a transport error). */
export const httpClientLayer = (
  answer: (request: SeenRequest) => Effect.Effect<Response | "refused">
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request, url) =>
      Effect.flatMap(answer({ method: request.method, url, headers: request.headers }), (response) =>
        response === "refused"
          ? Effect.fail(
            new HttpClientError.HttpClientError({
              reason: new HttpClientError.TransportError({ request, cause: "ECONNREFUSED" })
            })
          )
          : Effect.succeed(HttpClientResponse.fromWeb(request, response)))
    )
  )

/** This line's fetch-based `HttpClient`. */
export const fetchHttpClientLayer: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer

/** Runs `effect` in a child fiber of the current one. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> =>
  Effect.forkChild(effect)

/** Whether the fiber has finished, without waiting for it. */
export const isDone = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<boolean> =>
  Effect.sync(() => fiber.pollUnsafe() !== undefined)

/** Lets other fibers run before going on. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow

/** Runs `effect` with its resources owned by `scope`. */
export const extendScope = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  scope: Scope.Scope
): Effect.Effect<A, E, Exclude<R, Scope.Scope>> => Scope.provide(effect, scope)
