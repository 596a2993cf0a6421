/** The typed failure of an exit, failing the test when it succeeded or died instead (both lines). */
import { assert } from "@effect/vitest"
import { causeFailure } from "@line/testing"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"

export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a failure")
  const failure = causeFailure(exit.cause)
  if (failure._tag === "None") return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return failure.value
}
