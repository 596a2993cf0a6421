/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
export * as TestClock from "effect/TestClock"
export const line = 3 as const

/** A record with string keys and `value`'s values (fixtures read by shared tests). */
export const recordOf = <Value extends Schema.Schema.Any>(value: Value) => Schema.Record({ key: Schema.String, value })

/** What a line's `Either` (Effect 3) or `Result` (Effect 4) holds, as a plain union shared tests compare. */
export type Settled<A, E> = { readonly _tag: "Success"; readonly value: A } | {
  readonly _tag: "Failure"
  readonly error: E
}

/** This line's `Either` as {@link Settled}. */
export const settled = <A, E>(result: Either.Either<A, E>): Settled<A, E> =>
  Either.isRight(result) ? { _tag: "Success", value: result.right } : { _tag: "Failure", error: result.left }
