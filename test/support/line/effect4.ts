/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
export * as TestClock from "effect/testing/TestClock"
/** Which Effect line this run is (typed as either, so code that reads it type-checks the same on both). */
export const line: 3 | 4 = 4
/** A cause's first typed failure, if it has one (Effect 3: `Cause.failureOption`). */
export { findErrorOption as causeFailure } from "effect/Cause"
