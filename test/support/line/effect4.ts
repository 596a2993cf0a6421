/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const
