/**
 * What the test layer's engine (`internal/testLayer.ts`) needs that the two Effect lines spell
 * differently, the Effect 3 way: the service's layer with `@effect/platform`'s `HttpClient`
 * answered by the model, and `TestClock`'s time.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as AssociationExecutions from "../AssociationExecutions.js"
import type { ConfigurationError } from "../AssociationExecutionsError.js"
import type { InMemorySsm } from "../internal/inMemory/api.js"
import * as InMemoryHttpClient from "./inMemoryHttpClient.js"

/**
 * The service `make` builds, as a layer. Static credentials never reach a credentials endpoint; the
 * model's client stands in for one. A configuration error is a defect: the test layer's settings are fixed.
 */
export const serviceLayer = (
  model: InMemorySsm,
  make: Effect.Effect<AssociationExecutions.Service, ConfigurationError, HttpClient.HttpClient | Scope.Scope>
): Layer.Layer<AssociationExecutions.AssociationExecutions> =>
  Layer.scoped(AssociationExecutions.AssociationExecutions, make).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, InMemoryHttpClient.make(model))),
    Layer.orDie
  )

/** `TestClock`'s time. */
export const testClockMillis: Effect.Effect<number> = TestClock.currentTimeMillis

/** `TestClock` set to `millis`. */
export const setTestClock: (millis: number) => Effect.Effect<void> = TestClock.setTime
