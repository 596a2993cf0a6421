/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
export * as TestClock from "effect/TestClock"
/** Which Effect line this run is (typed as either, so code that reads it type-checks the same on both). */
export const line: 3 | 4 = 3
/** A cause's first typed failure, if it has one (Effect 4: `Cause.findErrorOption`). */
export { failureOption as causeFailure } from "effect/Cause"
