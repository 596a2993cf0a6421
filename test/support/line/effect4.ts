/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const

/** `effect` on a fiber of its own, a child of the one that starts it. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.forkChild(effect)

/** `effect` with its `Random` seeded by `seed`, so its draws are the same every run (of this line). */
export const withRandomSeed = (seed: string | number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Random.withSeed(effect, seed)
