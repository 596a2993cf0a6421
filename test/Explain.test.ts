/**
 * `failures(…, { output: true })`: each failed target explained by its Run Command invocation,
 * checked against the model's ground truth (the runs' plans and the commands' whole output);
 * invocations AWS no longer keeps marked `Expired`; resumable exactly, as `failures` is.
 */
import { assert, describe, it } from "@effect/vitest"
import { TestClock } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { failureOf, fullOutput, retentionMillis } from "ssm-association-executions/internal/inMemory/invocations"
import { invocationPlanOf } from "ssm-association-executions/internal/inMemory/runs"
import * as LineStream from "ssm-association-executions/line/stream"
import type { Failure } from "ssm-association-executions/Pagination"

// The generated history ends 2025-06-01; a run starts the next day.
const start = Date.parse("2025-06-02T00:00:00.000Z")
const runs: InMemorySsm.RunOptions = { durationMillis: 20_000, targets: 6, failureRate: 0.5 }

const testLayer = (executionsPerAssociation: number) =>
  AssociationExecutionsTest.layer({ model: { seed: 21, associations: 1, executionsPerAssociation, runs } })

/** Starts one run at `start` and moves past its end. */
const finishedRun = Effect.gen(function*() {
  yield* TestClock.setTime(start)
  const model = yield* AssociationExecutionsTest.Model
  const service = yield* AssociationExecutions
  const associationId = model.associationIds[0] ?? ""
  yield* service.startOnce({ AssociationIds: [associationId] })
  const [run] = yield* model.started
  if (run === undefined) return yield* Effect.die(new Error("no run started"))
  yield* TestClock.setTime(run.finishedAt + 1000)
  return { model, service, associationId, run }
})

const collect = <E>(stream: Stream.Stream<Failure, E>) =>
  AssociationExecutionsTest.runWithTestClock(LineStream.collect(stream))

describe("failures with output", () => {
  it.effect("one execution: every failed target with its invocation, as the command ran it", () =>
    Effect.gen(function*() {
      const { associationId, run, service } = yield* finishedRun
      const records = yield* collect(
        service.failures(associationId, { executionId: run.ExecutionId, output: true, outputConcurrency: 3 })
      )
      const failed = run.targets.filter((target) => target.failed)
      assert.isAbove(failed.length, 0)
      assert.deepStrictEqual(records.map((record) => record.target.ResourceId), failed.map((t) => t.ResourceId))
      for (const [index, target] of failed.entries()) {
        const output = records[index]?.output
        if (output?._tag !== "Invocation") return assert.fail(`expected an invocation, got ${output?._tag}`)
        const plan = invocationPlanOf(run, target, runs)
        const truth = fullOutput(plan)
        assert.strictEqual(output.invocation.CommandId, target.CommandId)
        assert.strictEqual(output.invocation.InstanceId, target.ResourceId)
        assert.strictEqual(output.invocation.Status, "Failed")
        assert.strictEqual(output.invocation.StatusDetails, "Failed")
        assert.strictEqual(output.invocation.ResponseCode, failureOf(plan.seed)[0])
        assert.strictEqual(output.invocation.StandardErrorContent, truth.stderr.slice(0, 8000))
        assert.strictEqual(output.invocation.StandardOutputContent, truth.stdout.slice(0, 24_000))
        assert.strictEqual(output.invocation.StandardOutputUrl, "")
      }
    }).pipe(Effect.provide(testLayer(0))))

  it.effect("a whole association: old invocations Expired, recent ones explained, none an error", () =>
    Effect.gen(function*() {
      const { associationId, model, run, service } = yield* finishedRun
      const now = yield* Clock.currentTimeMillis
      const records = yield* collect(service.failures(associationId, { output: true }))
      // The same records as without output, in the same order.
      const plain = yield* collect(service.failures(associationId))
      assert.deepStrictEqual(
        records.map((record) => [record.target.ResourceId, record.resumeToken]),
        plain.map((record) => [record.target.ResourceId, record.resumeToken])
      )
      assert.isTrue(plain.every((record) => record.output === undefined))
      let expired = 0
      let explained = 0
      for (const record of records) {
        const source = record.target.OutputSource
        const finishedAt = record.target.LastExecutionDate?.getTime() ?? 0
        if (source?.OutputSourceType !== "RunCommand") {
          assert.strictEqual(record.output?._tag, "NotRunCommand")
        } else if (now - finishedAt > retentionMillis) {
          assert.deepStrictEqual(record.output, {
            _tag: "Expired",
            CommandId: source.OutputSourceId ?? "",
            InstanceId: record.target.ResourceId ?? ""
          })
          expired++
        } else {
          if (record.output?._tag !== "Invocation") {
            return assert.fail(`expected an invocation, got ${record.output?._tag}`)
          }
          assert.strictEqual(record.output.invocation.CommandId, source.OutputSourceId)
          // The history's timed-out targets ran out of time: killed, no error of their own.
          if (record.target.DetailedStatus === "TimedOut") {
            assert.strictEqual(record.output.invocation.StatusDetails, "ExecutionTimedOut")
          } else {
            assert.strictEqual(record.output.invocation.Status, "Failed")
            assert.include(record.output.invocation.StandardErrorContent ?? "", "failed to run commands: exit status")
          }
          explained++
        }
      }
      assert.isAbove(expired, 0)
      assert.isAtLeast(explained, run.targets.filter((target) => target.failed).length)
      // The ground truth: the model's failed targets of failed executions, the run's among them.
      const truth = model.executions(associationId).filter((execution) => execution.Status === "Failed")
        .flatMap((execution) => model.targets(associationId, execution.ExecutionId))
        .filter((target) => target.Status === "Failed")
      assert.strictEqual(records.length, truth.length + run.targets.filter((target) => target.failed).length)
    }).pipe(Effect.provide(testLayer(80))))

  it.effect("a request that fails mid-stream ends it at its record; resuming delivers the rest exactly once", () =>
    Effect.gen(function*() {
      const { associationId, model, run, service } = yield* finishedRun
      const options = { executionId: run.ExecutionId, output: true, outputConcurrency: 1 } as const
      const clean = yield* collect(service.failures(associationId, options))
      assert.isAtLeast(clean.length, 2)
      const [first] = yield* collect(Stream.take(service.failures(associationId, options), 1))
      // Every attempt (5, the default) at the next invocation answers 500.
      yield* model.addFaults([{
        operation: "GetCommandInvocation",
        times: 5,
        answer: InMemorySsm.Fault.internalServerError()
      }])
      const error = yield* Effect.flip(
        collect(service.failures(associationId, { ...options, startingToken: first?.resumeToken }))
      )
      if (error._tag !== "PaginationError") return assert.fail(`expected PaginationError, got ${String(error)}`)
      assert.strictEqual(error.error._tag, "InternalServerError")
      assert.strictEqual(error.resume.itemsDelivered, 0)
      const rest = yield* collect(
        service.failures(associationId, { ...options, startingToken: error.resume.startingToken })
      )
      assert.deepStrictEqual(
        [first, ...rest].map((record) => [record?.target.ResourceId, record?.output?._tag]),
        clean.map((record) => [record.target.ResourceId, record.output?._tag])
      )
    }).pipe(Effect.provide(testLayer(0))))

  it.effect("an invocation not visible yet is asked for again, then Unavailable, never an error", () =>
    Effect.gen(function*() {
      const { associationId, model, run, service } = yield* finishedRun
      // The first two answers for every invocation: unknown (eventual consistency).
      yield* model.addFaults([{
        operation: "GetCommandInvocation",
        attempts: [1, 2],
        answer: InMemorySsm.Fault.error("InvocationDoesNotExist", 400)
      }])
      const records = yield* collect(service.failures(associationId, { executionId: run.ExecutionId, output: true }))
      const failed = run.targets.filter((target) => target.failed).length
      assert.strictEqual(records.length, failed)
      assert.isTrue(records.every((record) => record.output?._tag === "Invocation"))
      // Never known: asked at 0, 2 and 5 s within a 5-second grace, then Unavailable.
      yield* model.clearFaults
      yield* model.addFaults([{
        operation: "GetCommandInvocation",
        answer: InMemorySsm.Fault.error("InvocationDoesNotExist", 400)
      }])
      yield* model.clearRequests
      const unknown = yield* collect(service.failures(associationId, {
        executionId: run.ExecutionId,
        output: true,
        outputGraceMillis: 5000
      }))
      assert.deepStrictEqual(
        unknown.map((record): string | undefined => record.output?._tag),
        records.map((): string => "Unavailable")
      )
      const asked = (yield* model.requests).filter((request) => request.operation === "GetCommandInvocation")
      assert.strictEqual(asked.length, failed * 3)
    }).pipe(Effect.provide(testLayer(0))))

  it.effect("an Automation document's failures are NotRunCommand: nothing is asked", () =>
    Effect.gen(function*() {
      const { associationId, model, run, service } = yield* finishedRun
      yield* model.clearRequests
      const records = yield* collect(service.failures(associationId, { executionId: run.ExecutionId, output: true }))
      assert.isAbove(records.length, 0)
      assert.isTrue(records.every((record) => record.output?._tag === "NotRunCommand"))
      const asked = (yield* model.requests).filter((request) => request.operation === "GetCommandInvocation")
      assert.strictEqual(asked.length, 0)
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({
      model: {
        seed: 21,
        associations: 1,
        executionsPerAssociation: 0,
        runs: { ...runs, document: { name: "AWS-RestartEC2Instance", type: "Automation" } }
      }
    }))))

  it.effect("output options are checked before anything is sent", () =>
    Effect.gen(function*() {
      const { associationId, service } = yield* finishedRun
      for (const options of [{ outputConcurrency: 0 }, { outputConcurrency: 1.5 }, { outputGraceMillis: -1 }]) {
        const error = yield* Effect.flip(collect(service.failures(associationId, { output: true, ...options })))
        if (error._tag !== "PaginationError") return assert.fail("expected PaginationError")
        assert.strictEqual(error.error._tag, "InvalidInput")
      }
    }).pipe(Effect.provide(testLayer(0))))
})
