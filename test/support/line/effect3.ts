/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
export * as TestClock from "effect/TestClock"
export const line = 3 as const
