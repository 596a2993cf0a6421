/**
 * An effect's failure or success as a value, in the shape of Effect 3's `Either` (`Left`/`Right`),
 * built from `Effect.match`, which both Effect lines spell alike: shared tests keep reading outcomes
 * as they did before Effect 4 renamed `Either` to `Result`.
 */
import * as Effect from "effect/Effect"

export type Outcome<A, E> =
  | { readonly _tag: "Left"; readonly left: E }
  | { readonly _tag: "Right"; readonly right: A }

/** `effect`'s typed failure as `Left`, its success as `Right` (defects and interruption stay so). */
export const either = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Outcome<A, E>, never, R> =>
  Effect.match(effect, {
    onFailure: (left): Outcome<A, E> => ({ _tag: "Left", left }),
    onSuccess: (right): Outcome<A, E> => ({ _tag: "Right", right })
  })
