/**
 * The timeouts and random waits the shared engines need that the two Effect lines spell differently, in the
 * Effect 3 spelling. `src/effect4/line/timing.ts` exports the same names.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"

/** `effect`, or `onTimeout()` as its error if it has not ended `millis` from now (it is interrupted). */
export const timeoutFail = <A, E, R, E1>(
  effect: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> => Effect.timeoutFail(effect, { duration: Duration.millis(millis), onTimeout })

/** A whole number from `min` (included) to `max` (excluded), from the fiber's `Random`. */
export const nextIntBelow = (min: number, max: number): Effect.Effect<number> => Random.nextIntBetween(min, max)
