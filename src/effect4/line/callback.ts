/**
 * The Effect 4 line's effect resumed by a callback (`Effect.callback`; Effect 3 names it
 * `Effect.async`): the Node transport waits on `node:http` events with it. The same export as the
 * Effect 3 line's `src/line/callback.ts`.
 */
import * as Effect from "effect/Effect"

/**
 * An effect resumed by a callback, once: `register` starts the work and returns what undoes it
 * when the fiber is interrupted.
 */
export const callback = <A, E>(
  register: (resume: (effect: Effect.Effect<A, E>) => void) => Effect.Effect<void>
): Effect.Effect<A, E> => Effect.callback<A, E>((resume) => register(resume))
