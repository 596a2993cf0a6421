/**
 * The Effect 3 line's effect resumed by a callback (`Effect.async`; Effect 4 names it
 * `Effect.callback`): the Node transport waits on `node:http` events with it. Effect 4's sibling
 * has the same export.
 */
import * as Effect from "effect/Effect"

/**
 * An effect resumed by a callback, once: `register` starts the work and returns what undoes it
 * when the fiber is interrupted.
 */
export const callback = <A, E>(
  register: (resume: (effect: Effect.Effect<A, E>) => void) => Effect.Effect<void>
): Effect.Effect<A, E> => Effect.async<A, E>((resume) => register(resume))
