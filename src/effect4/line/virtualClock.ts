/**
 * What the one model of virtual time (`internal/virtualClock.ts`) needs that the two Effect lines
 * spell differently, in the Effect 4 spelling: the same names as `src/line/virtualClock.ts`.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"

/** A clock whose time is `nowMillis()` and whose sleeps are `sleep`. */
export const clockOf = (
  nowMillis: () => number,
  sleep: (millis: number) => Effect.Effect<void>
): Clock.Clock => {
  const nowNanos = () => BigInt(nowMillis()) * 1_000_000n
  return {
    currentTimeMillisUnsafe: nowMillis,
    currentTimeMillis: Effect.sync(nowMillis),
    currentTimeNanosUnsafe: nowNanos,
    currentTimeNanos: Effect.sync(nowNanos),
    // Virtual time only moves forward, so it serves as the monotonic time too.
    monotonicTimeNanosUnsafe: nowNanos,
    monotonicTimeNanos: Effect.sync(nowNanos),
    sleep: (duration) => sleep(Duration.toMillis(duration))
  }
}

/** `effect` with `clock` as its `Clock`. */
export const withClock = <A, E, R>(effect: Effect.Effect<A, E, R>, clock: Clock.Clock): Effect.Effect<A, E, R> =>
  Effect.provideService(effect, Clock.Clock, clock)

/** A signal to wait on, made outside any fiber. */
export const makeSignal = (): Deferred.Deferred<void> => Deferred.makeUnsafe<void>()

/** Completes `signal` from plain code (no fiber at hand). */
export const completeSignal = (signal: Deferred.Deferred<void>): void => {
  Deferred.doneUnsafe(signal, Exit.void)
}

/** `effect` on a fiber of its own, interrupted when the one that started it ends. */
export const forkChild = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.Fiber<A, E>, never, R> =>
  Effect.forkChild(effect)

/** One scheduler turn: every other fiber ready to run goes first. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow
