/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

export * as TestClock from "effect/TestClock"
export const line = 3 as const

/** `effect` on a fiber of its own, a child of the one that starts it. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.fork(effect)

/** `effect` with its `Random` seeded by `seed`, so its draws are the same every run (of this line). */
export const withRandomSeed = (seed: string | number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.withRandom(effect, Random.make(seed))
