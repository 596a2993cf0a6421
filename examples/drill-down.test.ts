/**
 * Drill down in a unit test: `failures` over the test layer's in-memory SSM, asserted against the
 * model's ground truth (its executions and each one's targets), with a throttled target request.
 *
 *   npx vitest run examples/drill-down.test.ts
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"

/** The code under test: the resources that failed, newest execution first. */
const failedResources = (associationId: string) =>
  Effect.flatMap(AssociationExecutions, (executions) =>
    executions.failures(associationId).pipe(
      Stream.map(({ execution, target }) => `${execution.ExecutionId}/${target.ResourceId}`),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    ))

const DrillDownLayer = AssociationExecutionsTest.layer({
  model: { seed: 42, associations: 1, executionsPerAssociation: 100 },
  faults: [{
    operation: "DescribeAssociationExecutionTargets",
    attempts: 1,
    times: 1,
    answer: InMemorySsm.Fault.throttling()
  }]
})

describe("failedResources", () => {
  it.effect("lists exactly the failed targets of the failed executions", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const associationId = model.associationIds[0] ?? ""
      const failed = yield* AssociationExecutionsTest.runWithTestClock(failedResources(associationId))

      const expected = model.executions(associationId)
        .filter((execution) => execution.Status === "Failed")
        .flatMap((execution) =>
          model.targets(associationId, execution.ExecutionId)
            .filter((target) => target.Status === "Failed")
            .map((target) => `${execution.ExecutionId}/${target.ResourceId}`)
        )
      assert.deepStrictEqual(failed, expected)
      const requests = yield* model.requests
      assert.strictEqual(requests.filter((request) => request.code === "ThrottlingException").length, 1)
    }).pipe(Effect.provide(DrillDownLayer)))
})
