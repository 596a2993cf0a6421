/**
 * Run, watch, explain in a unit test: the real client over the in-memory SSM, whose runs progress
 * on the clock, so a 20-second run and its polls pass in virtual time, deterministically.
 *
 *   npx vitest run examples/run-watch-explain.test.ts
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import { runWatchExplain } from "./run-watch-explain.js"

// Runs of 20 s on 4 resources, half of which fail; visible 2 s after the start.
const RunLayer = AssociationExecutionsTest.layer({
  model: { seed: 3, associations: 1, executionsPerAssociation: 0, runs: { targets: 4, failureRate: 0.5 } }
})

describe("runWatchExplain", () => {
  it.effect("reports the run's outcome and each failed target's exit code", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2025-06-02T00:00:00Z"))
      const model = yield* AssociationExecutionsTest.Model
      const associationId = model.associationIds[0] ?? ""
      const result = yield* AssociationExecutionsTest.runWithTestClock(runWatchExplain(associationId))

      const [run] = yield* model.started
      const failed = run?.targets.filter((target) => target.failed) ?? []
      assert.strictEqual(result.executionId, run?.ExecutionId)
      assert.strictEqual(result.status, failed.length > 0 ? "Failed" : "Success")
      assert.deepStrictEqual(result.failed.map((failure) => failure.resourceId), failed.map((t) => t.ResourceId))
      assert.isTrue(result.failed.every((failure) => /^exit [1-9]\d*: /.test(failure.why)))
    }).pipe(Effect.provide(RunLayer)))
})
