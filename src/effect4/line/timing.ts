/**
 * The timeouts and random waits the shared engines need that the two Effect lines spell differently, in the
 * Effect 4 spelling: the same names as `src/line/timing.ts`.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/** `effect`, or `onTimeout()` as its error if it has not ended `millis` from now (it is interrupted). */
export const timeoutFail = <A, E, R, E1>(
  effect: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> =>
  Effect.timeoutOrElse(effect, { duration: Duration.millis(millis), orElse: () => Effect.fail(onTimeout()) })

/** A whole number from `min` (included) to `max` (excluded), from the fiber's `Random`. */
export const nextIntBelow = (min: number, max: number): Effect.Effect<number> =>
  Random.nextIntBetween(min, max, { halfOpen: true })
