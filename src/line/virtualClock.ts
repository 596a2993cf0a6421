/**
 * What the one model of virtual time (`internal/virtualClock.ts`) needs that the two Effect lines
 * spell differently, in the Effect 3 spelling: a `Clock` made of the model's time and sleep, running
 * an effect on it, a wake-up signal completed from plain code, and the driver's fiber.
 * `src/effect4/line/virtualClock.ts` exports the same names.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"

/** A clock whose time is `nowMillis()` and whose sleeps are `sleep`. */
export const clockOf = (
  nowMillis: () => number,
  sleep: (millis: number) => Effect.Effect<void>
): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: nowMillis,
  currentTimeMillis: Effect.sync(nowMillis),
  unsafeCurrentTimeNanos: () => BigInt(nowMillis()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(nowMillis()) * 1_000_000n),
  sleep: (duration) => sleep(Duration.toMillis(duration))
})

/** `effect` with `clock` as its `Clock`. */
export const withClock = <A, E, R>(effect: Effect.Effect<A, E, R>, clock: Clock.Clock): Effect.Effect<A, E, R> =>
  Effect.withClock(effect, clock)

/** A signal to wait on, made outside any fiber. */
export const makeSignal = (): Deferred.Deferred<void> => Deferred.unsafeMake<void>(FiberId.none)

/** Completes `signal` from plain code (no fiber at hand). */
export const completeSignal = (signal: Deferred.Deferred<void>): void => {
  Deferred.unsafeDone(signal, Exit.void)
}

/** `effect` on a fiber of its own, interrupted when the one that started it ends. */
export const forkChild = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Fiber.RuntimeFiber<A, E>, never, R> =>
  Effect.fork(effect)

/** One scheduler turn: every other fiber ready to run goes first. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow()
