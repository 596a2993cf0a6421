/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
export * as TestClock from "effect/TestClock"
export const line = 3 as const

import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"

/** Runs `effect` with `entries` as the whole environment Effect's `ConfigProvider` reads. */
export const withEnvironment =
  (entries: Readonly<Record<string, string>>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withConfigProvider(effect, ConfigProvider.fromMap(new Map(Object.entries(entries))))
