/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const

/** A record with string keys and `value`'s values (fixtures read by shared tests). */
export const recordOf = <Value extends Schema.Top>(value: Value) => Schema.Record(Schema.String, value)

/** What a line's `Either` (Effect 3) or `Result` (Effect 4) holds, as a plain union shared tests compare. */
export type Settled<A, E> = { readonly _tag: "Success"; readonly value: A } | {
  readonly _tag: "Failure"
  readonly error: E
}

/** This line's `Result` as {@link Settled}. */
export const settled = <A, E>(result: Result.Result<A, E>): Settled<A, E> =>
  Result.isSuccess(result) ? { _tag: "Success", value: result.success } : { _tag: "Failure", error: result.failure }
