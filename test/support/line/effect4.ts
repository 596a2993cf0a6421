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
