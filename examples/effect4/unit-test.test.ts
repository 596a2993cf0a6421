/**
 * The Effect 4 line swapped for the test layer in a unit test: your code runs against the real client
 * (validation, signing, retries, rate limiting, pagination) over an in-memory SSM, with a scripted
 * throttle, deterministically under TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { AssociationExecutions } from "ssm-association-executions/effect4/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/effect4/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/effect4/InMemorySsm"

/** The code under test: how many executions of an association failed. */
const countFailures = (associationId: string) =>
  Effect.flatMap(
    AssociationExecutions,
    (executions) =>
      executions.stream({ AssociationId: associationId }, { pageSize: 25 }).pipe(
        Stream.filter((execution) => execution.Status === "Failed"),
        Stream.runCount
      )
  )

// The test layer: a seeded in-memory SSM whose second page is throttled twice before it answers.
const TestLayer = AssociationExecutionsTest.layer({
  model: { seed: 42, associations: 1, executionsPerAssociation: 100 },
  faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
})

describe("countFailures (Effect 4)", () => {
  it.effect("counts every failed execution once, through two throttles", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const associationId = model.associationIds[0] ?? ""
      // The retries' backoff passes in virtual time: same delays as production, no real waiting.
      const failures = yield* AssociationExecutionsTest.runWithTestClock(countFailures(associationId))

      const expected = model.executions(associationId).filter((execution) => execution.Status === "Failed").length
      assert.strictEqual(failures, expected)
      const requests = yield* model.requests
      assert.strictEqual(requests.filter((request) => request.code === "ThrottlingException").length, 2)
    }).pipe(Effect.provide(TestLayer)))
})
