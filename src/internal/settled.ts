/**
 * What a check or an effect ended with, as a plain union: the shared engines' answer where one Effect
 * line would hold an `Either` and the other a `Result`, read alike on both.
 */
import * as Effect from "effect/Effect"

export type Settled<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }

const succeeded = <A>(value: A): { readonly ok: true; readonly value: A } => ({ ok: true, value })
const failed = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error })

/** Runs `effect` and gives what it ended with, never failing (its defects and interruption stay). */
export const settle = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Settled<A, E>, never, R> =>
  Effect.match(effect, { onSuccess: succeeded, onFailure: failed })
