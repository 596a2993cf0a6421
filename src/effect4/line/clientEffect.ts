/**
 * The Effect 4 line's spelling of the few `Effect` functions the call path needs that the two
 * lines name differently; the same exports as the Effect 3 line's `src/line/clientEffect.ts`.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** `effect`, or the error `onTimeout` makes when it has not finished within `millis`. */
export const timeoutFail = <A, E, R, E2>(
  effect: Effect.Effect<A, E, R>,
  millis: number,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> =>
  Effect.timeoutOrElse(effect, { duration: Duration.millis(millis), orElse: () => Effect.fail(onTimeout()) })

/**
 * An effect resumed by a callback, once: `register` starts the work and returns what undoes it
 * when the fiber is interrupted.
 */
export const callback = <A, E>(
  register: (resume: (effect: Effect.Effect<A, E>) => void) => Effect.Effect<void>
): Effect.Effect<A, E> => Effect.callback<A, E>((resume) => register(resume))
