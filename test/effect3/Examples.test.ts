import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { failureReport, targetsOf } from "../../examples/drill-down.js"
import { program } from "../../examples/effect-app.js"
import { lastWeek } from "../../examples/local-endpoint.js"
import { runScript } from "../../examples/run-watch-explain-script.js"
import { runWatchExplain } from "../../examples/run-watch-explain.js"
import { firstPage, layerWithSdkCredentials } from "../../examples/sdk-credentials.js"
import { report, script } from "../../examples/stream-script.js"
import { awsConfigured, local, runExample, target } from "../../examples/support/runExample.js"
import { AssociationExecutions } from "../../src/AssociationExecutions.js"

// The examples run here exactly as `npx tsx examples/<name>.ts` runs them without an AWS account:
// against the embedded local endpoint, over loopback HTTP with SigV4.
// Short polls: the local endpoint's runs last 4 s. Real time, so only outcomes are asserted.
const quickWatch = { deadlineMillis: 60_000, minDelayMillis: 250, maxDelayMillis: 1000 }

describe("examples", () => {
  it.live("run-watch-explain starts a run, follows it to its end and explains each failed target", () =>
    Effect.gen(function*() {
      const target = yield* local
      const result = yield* runWatchExplain(target.associationId, quickWatch).pipe(Effect.provide(target.layer))
      const [run] = yield* target.endpoint.model.started
      const failed = run?.targets.filter((planned) => planned.failed) ?? []
      assert.strictEqual(result.executionId, run?.ExecutionId)
      assert.strictEqual(result.status, failed.length > 0 ? "Failed" : "Success")
      assert.deepStrictEqual(result.failed.map((failure) => failure.resourceId), failed.map((t) => t.ResourceId))
      assert.isTrue(result.failed.every((failure) => /^exit [1-9]\d*: /.test(failure.why)))
    }).pipe(Effect.scoped))

  it.live("run-watch-explain-script awaits the run as a promise and lists each failure's exit code", () =>
    Effect.gen(function*() {
      const target = yield* local
      const result = yield* Effect.tryPromise(() => runScript(target.layer, target.associationId, quickWatch))
      const [run] = yield* target.endpoint.model.started
      const failed = run?.targets.filter((planned) => planned.failed) ?? []
      assert.strictEqual(result.executionId, run?.ExecutionId)
      assert.strictEqual(result.status, failed.length > 0 ? "Failed" : "Success")
      assert.deepStrictEqual(result.lines.map((line) => line.split(" ")[0]), failed.map((t) => t.ResourceId))
      assert.isTrue(result.lines.every((line) => / exit [1-9]\d* /.test(line)))
    }).pipe(Effect.scoped))

  it.live("effect-app reports the association's executions by status", () =>
    Effect.gen(function*() {
      const target = yield* local
      const report = yield* program(target.associationId).pipe(Effect.provide(target.layer))
      const truth = target.endpoint.model.executions(target.associationId)
      assert.strictEqual(report.executions, truth.length)
      assert.strictEqual(report.byStatus["Failed"], truth.filter((execution) => execution.Status === "Failed").length)
      assert.strictEqual(
        report.latestFailure?.getTime(),
        truth.find((execution) => execution.Status === "Failed")?.CreatedTime.getTime()
      )
    }).pipe(Effect.scoped))

  it.live("effect-app turns an unknown association into a message", () =>
    Effect.gen(function*() {
      const target = yield* local
      const error = yield* Effect.flip(
        program("00000000-0000-4000-8000-000000000000").pipe(Effect.provide(target.layer))
      )
      assert.include(error, "No association 00000000-0000-4000-8000-000000000000")
    }).pipe(Effect.scoped))

  it.live("sdk-credentials signs with what the AWS SDK's provider chain returns", () =>
    Effect.gen(function*() {
      const target = yield* local
      // The SDK's chain reads process.env itself; point it at the local endpoint's key pair.
      const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          const saved = names.map((name) => process.env[name])
          process.env["AWS_ACCESS_KEY_ID"] = target.endpoint.credentials.accessKeyId
          process.env["AWS_SECRET_ACCESS_KEY"] = Redacted.value(target.endpoint.credentials.secretAccessKey)
          return saved
        }),
        (saved) =>
          Effect.sync(() =>
            names.forEach((name, index) => {
              const value = saved[index]
              if (value === undefined) delete process.env[name]
              else process.env[name] = value
            })
          )
      )
      const layer = layerWithSdkCredentials({ region: target.endpoint.region, endpoint: target.endpoint.url })
      const output = yield* Effect.flatMap(AssociationExecutions, (service) =>
        service.describe({ AssociationId: target.associationId })).pipe(Effect.provide(layer))
      assert.strictEqual(output.AssociationExecutions.length, 50)
      // What the example prints when run.
      const line = yield* firstPage(target.associationId).pipe(Effect.provide(layer))
      assert.strictEqual(
        line,
        `50 executions on the first page of ${target.associationId} (more follow), signed with credentials from fromNodeProviderChain()`
      )
    }).pipe(Effect.scoped))

  it.live("stream-script takes ten recent failures and resumes a listing exactly", () =>
    Effect.gen(function*() {
      const target = yield* local
      const now = new Date()
      const result = yield* Effect.tryPromise(() => script(target.layer, target.associationId, now))
      const truth = target.endpoint.model.executions(target.associationId)
      const since = now.getTime() - 30 * 24 * 3_600_000
      const expectedFailures = truth
        .filter((execution) => execution.Status === "Failed" && execution.CreatedTime.getTime() > since)
        .slice(0, 10)
      assert.deepStrictEqual(
        result.failures.map((execution) => execution.ExecutionId),
        expectedFailures.map((execution) => execution.ExecutionId)
      )
      assert.strictEqual(result.firstCount, 100)
      assert.strictEqual(result.firstCount + result.restCount, truth.length)
      const printed = report(result).split("\n")
      assert.strictEqual(printed[0], "10 failed executions in the last 30 days (at most 10):")
      assert.strictEqual(printed.at(-1), `second sitting: ${result.restCount} items`)
    }).pipe(Effect.scoped))

  it.live("local-endpoint lists the last 7 days of the endpoint's history, which ends now", () =>
    Effect.gen(function*() {
      const since = Date.now() - 7 * 24 * 3_600_000
      const { associationId, endpoint, executions } = yield* lastWeek
      const truth = endpoint.model.executions(associationId).filter((execution) =>
        execution.CreatedTime.getTime() > since
      )
      assert.isAbove(truth.length, 0)
      // The example's cut-off is taken a moment after `since`: at most the oldest may differ.
      const ids = executions.map((execution) => execution.ExecutionId)
      assert.deepStrictEqual(ids, truth.slice(0, ids.length).map((execution) => execution.ExecutionId))
      assert.isAtLeast(ids.length, truth.length - 1)
    }).pipe(Effect.scoped))

  it.live("examples list the association they are given, and say where they listed from", () =>
    Effect.gen(function*() {
      // With an AWS account configured the examples would list from AWS: not what this test is about.
      if (yield* awsConfigured) return
      const given = "00000000-0000-4000-8000-000000000000"
      const chosen = yield* target(given)
      assert.strictEqual(chosen.associationId, given)
      assert.include(chosen.description, `the local endpoint ${chosen.endpoint?.url}`)
      assert.include(chosen.description, `association ${given}`)
      const fallback = yield* target(undefined)
      assert.strictEqual(fallback.associationId, fallback.endpoint?.model.associationIds[0])
      assert.include(fallback.description, "its first")
      // effect-app's program runs for the given id: an unknown one is reported, not replaced.
      const error = yield* Effect.flip(runExample(program, given))
      assert.include(error, `No association ${given}`)
      const listed = yield* runExample((associationId) => Effect.succeed(associationId), given)
      assert.strictEqual(listed, given)
    }).pipe(Effect.scoped))
})

describe("drill-down example", () => {
  it.live("failureReport counts the failed targets of the failed executions by resource", () =>
    Effect.gen(function*() {
      const target = yield* local
      const report = yield* failureReport(target.associationId).pipe(Effect.provide(target.layer))
      const model = target.endpoint.model
      const since = Date.now() - 30 * 24 * 3_600_000
      const failed = model.executions(target.associationId)
        .filter((execution) => execution.Status === "Failed" && execution.CreatedTime.getTime() > since)
        .flatMap((execution) =>
          model.targets(target.associationId, execution.ExecutionId).filter((each) => each.Status === "Failed")
        )
      assert.strictEqual(report.failedTargets, failed.length)
      assert.strictEqual(Object.values(report.byResource).reduce((sum, count) => sum + count, 0), failed.length)
      const newest = failed[0]
      if (newest !== undefined) {
        assert.strictEqual(report.newestOutput[newest.ResourceId], newest.OutputSource?.OutputSourceId)
      }
    }).pipe(Effect.scoped))

  it.live("targetsOf streams one execution's targets in the service's order", () =>
    Effect.gen(function*() {
      const target = yield* local
      const execution = target.endpoint.model.executions(target.associationId)[0]
      assert.isDefined(execution)
      const executionId = execution?.ExecutionId ?? ""
      const lines = yield* Effect.tryPromise(() => targetsOf(target.layer, target.associationId, executionId))
      assert.deepStrictEqual(
        lines.map((line) => line.split("  ")[0]),
        target.endpoint.model.targets(target.associationId, executionId).map((each) => each.ResourceId)
      )
    }).pipe(Effect.scoped))
})
