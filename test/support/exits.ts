/**
 * The typed failure of an exit, failing the test when it succeeded or died instead. Shared by both
 * lines: an `Exit` is an `Effect` on each, and flipping it reads its typed failure without the
 * `Cause` functions the lines name differently.
 */
import { assert } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"

export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a failure")
  const failure = Effect.runSyncExit(Effect.flip(exit))
  if (Exit.isFailure(failure)) return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return failure.value
}
