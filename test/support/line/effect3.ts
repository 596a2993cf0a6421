/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
export * as TestClock from "effect/TestClock"
export const line = 3 as const

/** A record with string keys and `value`'s values (fixtures read by shared tests). */
export const recordOf = <Value extends Schema.Schema.Any>(value: Value) => Schema.Record({ key: Schema.String, value })

/** What a line's `Either` (Effect 3) or `Result` (Effect 4) holds, as the plain union the shared engines use. */
export type Settled<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }

/** This line's `Either` as {@link Settled}. */
export const settled = <A, E>(result: Either.Either<A, E>): Settled<A, E> =>
  Either.isRight(result) ? { ok: true, value: result.right } : { ok: false, error: result.left }

/** Runs `effect` and gives what it ended with as {@link Settled}, never failing. */
export const settle = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Settled<A, E>, never, R> =>
  Effect.map(Effect.either(effect), settled)

/** Starts `effect` in a fiber of the current one (interrupted with it). */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> =>
  Effect.fork(effect)

/** Runs `effect` with a `Random` whose `next` answers `values` in turn, over and over. */
export const withRandomValues =
  (values: readonly [number, ...Array<number>]) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withRandom(effect, Random.fixed([...values]))

/** Runs `effect` with a `Random` seeded with `seed` (the same seed, the same numbers). */
export const withRandomSeed = (seed: string) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withRandom(effect, Random.make(seed))

/** A schedule that goes on while both do, waiting the longer of their delays. */
export const bothSchedules = <A, B>(
  left: Schedule.Schedule<A, unknown>,
  right: Schedule.Schedule<B, unknown>
): Schedule.Schedule<unknown, unknown> => Schedule.intersect(left, right)
