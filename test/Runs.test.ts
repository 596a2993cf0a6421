/**
 * The in-memory SSM's runs: StartAssociationsOnce creates an execution that becomes visible after a
 * delay and goes Pending -> InProgress -> Success/Failed as its targets finish one by one, on
 * `TestClock`; each finished target's RunCommand output source leads to an invocation.
 */
import { assert, describe, it } from "@effect/vitest"
import { TestClock } from "@line/testing"
import * as Effect from "effect/Effect"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import { parseResourceCountByStatus } from "ssm-association-executions/DescribeAssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { mergeSorted, onDemand } from "ssm-association-executions/internal/inMemory/sequence"

// After the generated history, so a new run is the newest execution.
const start = Date.parse("2025-06-02T00:00:00.000Z")

const testLayer = (runs: InMemorySsm.RunOptions, executionsPerAssociation = 5) =>
  AssociationExecutionsTest.layer({
    model: { seed: 11, associations: 2, executionsPerAssociation, runs }
  })

/** Starts a run of the model's first association at `start` and returns it with the service. */
const startRun = Effect.gen(function*() {
  yield* TestClock.setTime(start)
  const model = yield* AssociationExecutionsTest.Model
  const service = yield* AssociationExecutions
  const associationId = model.associationIds[0] ?? ""
  yield* service.startOnce({ AssociationIds: [associationId] })
  const [run] = yield* model.started
  if (run === undefined) return assert.fail("no run started")
  return { model, service, associationId, run }
})

describe("InMemorySsm runs", () => {
  it.effect("a run is invisible at first, then Pending, InProgress as targets finish one by one, then done", () =>
    Effect.gen(function*() {
      const { associationId, run, service } = yield* startRun
      const newest = () =>
        Effect.map(
          service.describe({ AssociationId: associationId, MaxResults: 1 }),
          (page) => page.AssociationExecutions[0]
        )
      const targets = () =>
        Effect.map(
          service.describeTargets({ AssociationId: associationId, ExecutionId: run.ExecutionId }),
          (page) => page.AssociationExecutionTargets
        )
      assert.isAbove(run.targets.length, 0)
      assert.strictEqual(run.createdAt, start)
      assert.strictEqual(run.visibleAt, start + 2000)

      // Not visible yet: neither listed nor known to the drill-down.
      assert.notStrictEqual((yield* newest())?.ExecutionId, run.ExecutionId)
      const early = yield* Effect.flip(
        service.describeTargets({ AssociationId: associationId, ExecutionId: run.ExecutionId })
      )
      assert.strictEqual(early._tag, "AssociationExecutionDoesNotExist")

      yield* TestClock.setTime(run.visibleAt)
      const pending = yield* newest()
      assert.strictEqual(pending?.ExecutionId, run.ExecutionId)
      assert.strictEqual(pending?.Status, "Pending")
      assert.strictEqual(pending?.CreatedTime?.getTime(), start)
      assert.deepStrictEqual(parseResourceCountByStatus(pending?.ResourceCountByStatus ?? ""), {
        Pending: run.targets.length
      })
      assert.isTrue((yield* targets()).every((target) => target.Status === "Pending" && !target.OutputSource))

      // Each target finishes at its own time; the execution is InProgress until the last one.
      for (const [index, target] of run.targets.entries()) {
        yield* TestClock.setTime(target.finishedAt)
        const execution = yield* newest()
        const listed = yield* targets()
        const finished = run.targets.slice(0, index + 1)
        const last = index === run.targets.length - 1
        assert.strictEqual(
          execution?.Status,
          last ? (run.targets.some((candidate) => candidate.failed) ? "Failed" : "Success") : "InProgress"
        )
        const failed = finished.filter((candidate) => candidate.failed).length
        const counts = parseResourceCountByStatus(execution?.ResourceCountByStatus ?? "")
        assert.strictEqual(counts?.["Failed"] ?? 0, failed)
        assert.strictEqual(counts?.["Success"] ?? 0, finished.length - failed)
        assert.strictEqual(counts?.["InProgress"] ?? 0, run.targets.length - finished.length)
        for (const [position, shown] of listed.entries()) {
          const planned = run.targets[position]
          if (position <= index) {
            assert.strictEqual(shown.Status, planned?.failed ? "Failed" : "Success")
            assert.strictEqual(shown.OutputSource?.OutputSourceId, planned?.CommandId)
            assert.strictEqual(shown.OutputSource?.OutputSourceType, "RunCommand")
            assert.isDefined(planned?.CommandId)
            assert.strictEqual(shown.LastExecutionDate?.getTime(), planned?.finishedAt)
          } else {
            assert.strictEqual(shown.Status, "InProgress")
            assert.isUndefined(shown.OutputSource)
          }
        }
      }
      assert.strictEqual(run.finishedAt, start + 10_000)
      assert.strictEqual((yield* newest())?.LastExecutionDate?.getTime(), run.finishedAt)
    }).pipe(Effect.provide(testLayer({ durationMillis: 10_000 }))))

  it.effect("every finished target's command has an invocation: exit code, output, stderr of a failure", () =>
    Effect.gen(function*() {
      const { run, service } = yield* startRun
      const [target] = run.targets
      if (target?.CommandId === undefined) return assert.fail("a Command document's target has a command")
      const input = { CommandId: target.CommandId, InstanceId: target.ResourceId }

      // Not sent yet: AWS does not know it (and says so without a message).
      const unknown = yield* Effect.flip(service.getCommandInvocation(input))
      assert.strictEqual(unknown._tag, "InvocationDoesNotExist")

      yield* TestClock.setTime(run.startedAt)
      const running = yield* service.getCommandInvocation(input)
      assert.strictEqual(running.Status, "InProgress")
      assert.strictEqual(running.ResponseCode, -1)
      assert.strictEqual(running.ExecutionEndDateTime, "")
      assert.strictEqual(running.StandardOutputContent, "")

      yield* TestClock.setTime(target.finishedAt)
      const done = yield* service.getCommandInvocation({ ...input, PluginName: "aws:runShellScript" })
      assert.strictEqual(done.Status, "Failed")
      assert.strictEqual(done.StatusDetails, "Failed")
      assert.isAbove(done.ResponseCode ?? 0, 0)
      assert.match(
        done.StandardErrorContent ?? "",
        new RegExp(`\\nfailed to run commands: exit status ${done.ResponseCode}$`)
      )
      assert.isAbove(done.StandardOutputContent?.length ?? 0, 0)
      assert.strictEqual(done.ExecutionStartDateTime, new Date(run.startedAt).toISOString())
      assert.strictEqual(done.ExecutionEndDateTime, new Date(target.finishedAt).toISOString())
      assert.strictEqual(done.DocumentName, "AWS-RunShellScript")
      assert.strictEqual(done.StandardOutputUrl, "")

      const wrongStep = yield* Effect.flip(service.getCommandInvocation({ ...input, PluginName: "deploy" }))
      assert.strictEqual(wrongStep._tag, "InvalidPluginName")

      // AWS keeps a command's history for 30 days.
      yield* TestClock.setTime(target.finishedAt + 30 * 24 * 3600_000)
      assert.strictEqual((yield* service.getCommandInvocation(input)).Status, "Failed")
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* Effect.flip(service.getCommandInvocation(input)))._tag, "InvocationDoesNotExist")
    }).pipe(Effect.provide(testLayer({ failureRate: 1 }))))

  it.effect("output is cut at 24,000 characters as AWS cuts it, and S3 URLs name the whole output", () =>
    Effect.gen(function*() {
      const { run, service } = yield* startRun
      yield* TestClock.setTime(run.finishedAt)
      for (const target of run.targets) {
        const invocation = yield* service.getCommandInvocation({
          CommandId: target.CommandId ?? "",
          InstanceId: target.ResourceId
        })
        assert.strictEqual(invocation.Status, "Success")
        assert.strictEqual(invocation.ResponseCode, 0)
        assert.strictEqual(invocation.StandardOutputContent?.length, 24_000)
        assert.strictEqual(invocation.StandardErrorContent, "")
        assert.strictEqual(
          invocation.StandardOutputUrl,
          `https://s3.eu-west-1.amazonaws.com/run-logs/ssm/${target.CommandId}/${target.ResourceId}/awsrunShellScript/0.awsrunShellScript/stdout`
        )
      }
    }).pipe(Effect.provide(testLayer({
      failureRate: 0,
      outputLines: 1000,
      outputBucket: { bucket: "run-logs", keyPrefix: "ssm", region: "eu-west-1" }
    }))))

  it.effect("an Automation document's targets have no RunCommand output source", () =>
    Effect.gen(function*() {
      const { associationId, run, service } = yield* startRun
      yield* TestClock.setTime(run.finishedAt)
      const page = yield* service.describeTargets({ AssociationId: associationId, ExecutionId: run.ExecutionId })
      assert.isAbove(page.AssociationExecutionTargets.length, 0)
      assert.isTrue(page.AssociationExecutionTargets.every((target) => target.OutputSource === undefined))
      assert.isTrue(run.targets.every((target) => target.CommandId === undefined))
    }).pipe(Effect.provide(testLayer({ document: { name: "AWS-RestartEC2Instance", type: "Automation" } }))))

  it.effect("the history's failed targets have invocations too, which agree with the target", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const service = yield* AssociationExecutions
      yield* TestClock.setTime(Date.parse("2025-06-01T12:00:00.000Z"))
      let checked = 0
      for (const associationId of model.associationIds) {
        for (const execution of model.executions(associationId)) {
          for (const target of model.targets(associationId, execution.ExecutionId)) {
            if (target.OutputSource === undefined) continue
            const invocation = yield* service.getCommandInvocation({
              CommandId: target.OutputSource.OutputSourceId,
              InstanceId: target.ResourceId
            })
            const timedOut = target.Status === "Failed" && target.DetailedStatus === "TimedOut"
            assert.strictEqual(invocation.Status, timedOut ? "TimedOut" : target.Status)
            assert.strictEqual(invocation.ExecutionEndDateTime, target.LastExecutionDate?.toISOString())
            if (invocation.Status === "Failed") {
              assert.include(invocation.StandardErrorContent ?? "", "failed to run commands: exit status")
            }
            if (timedOut) assert.strictEqual(invocation.StatusDetails, "ExecutionTimedOut")
            checked++
          }
        }
      }
      assert.isAbove(checked, 20)
      // A command id of the right form that no target ran.
      const other = yield* Effect.flip(
        service.getCommandInvocation({ CommandId: "00000000-0000-4000-8000-000000000000", InstanceId: "i-0123abcd" })
      )
      assert.strictEqual(other._tag, "InvocationDoesNotExist")
    }).pipe(Effect.provide(testLayer({}, 30))))

  it.effect("the history's invocations answer whatever the test clock says (it starts in 1970)", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const service = yield* AssociationExecutions
      const associationId = model.associationIds[0] ?? ""
      const target = model.executions(associationId)
        .flatMap((execution) => model.targets(associationId, execution.ExecutionId))
        .find((candidate) => candidate.OutputSource !== undefined)
      if (target?.OutputSource === undefined) return assert.fail("the history has a command")
      const invocation = yield* service.getCommandInvocation({
        CommandId: target.OutputSource.OutputSourceId,
        InstanceId: target.ResourceId
      })
      assert.strictEqual(invocation.ExecutionEndDateTime, target.LastExecutionDate?.toISOString())
    }).pipe(Effect.provide(testLayer({}, 10))))

  it.effect("a run with no earlier execution targets the configured number of resources", () =>
    Effect.gen(function*() {
      const { run } = yield* startRun
      assert.strictEqual(run.targets.length, 4)
      assert.isTrue(run.targets.every((target) => /^i-0[0-9a-f]{16}$/.test(target.ResourceId)))
    }).pipe(Effect.provide(testLayer({ targets: 4 }, 0))))

  it.effect("scripted faults reach both new operations: an answered error starts nothing, a throttle is retried", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const service = yield* AssociationExecutions
      yield* TestClock.setTime(start)
      const associationId = model.associationIds[0] ?? ""
      yield* model.addFaults([
        {
          operation: "StartAssociationsOnce",
          associationId,
          attempts: 1,
          answer: InMemorySsm.Fault.error("InvalidAssociation", 400)
        },
        { operation: "GetCommandInvocation", attempts: 1, answer: InMemorySsm.Fault.throttling() }
      ])
      const refused = yield* Effect.flip(service.startOnce({ AssociationIds: [associationId] }))
      assert.strictEqual(refused._tag, "InvalidAssociation")
      assert.strictEqual((yield* model.started).length, 0)
      yield* service.startOnce({ AssociationIds: [associationId] })
      const [run] = yield* model.started
      const target = run?.targets[0]
      if (run === undefined || target === undefined) return assert.fail("no run started")
      yield* TestClock.setTime(run.finishedAt)
      const invocation = yield* AssociationExecutionsTest.runWithTestClock(
        service.getCommandInvocation({ CommandId: target.CommandId ?? "", InstanceId: target.ResourceId })
      )
      assert.strictEqual(invocation.CommandId, target.CommandId)
      const log = (yield* model.requests).filter((entry) => entry.operation !== "DescribeAssociationExecutions")
      assert.deepStrictEqual(log.map((entry) => [entry.operation, entry.attempt, entry.code]), [
        ["StartAssociationsOnce", 1, "InvalidAssociation"],
        ["StartAssociationsOnce", 2, undefined],
        ["GetCommandInvocation", 1, "ThrottlingException"],
        ["GetCommandInvocation", 2, undefined]
      ])
      assert.strictEqual(log[3]?.associationId, associationId)
    }).pipe(Effect.provide(testLayer({}))))

  it.effect("starting an unknown association is AssociationDoesNotExist and starts nothing", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const service = yield* AssociationExecutions
      const error = yield* Effect.flip(service.startOnce({
        AssociationIds: [model.associationIds[0] ?? "", "00000000-0000-4000-8000-000000000000"]
      }))
      assert.strictEqual(error._tag, "AssociationDoesNotExist")
      assert.strictEqual((yield* model.started).length, 0)
      yield* service.startOnce({ AssociationIds: [...model.associationIds] })
      assert.deepStrictEqual((yield* model.started).map((run) => run.AssociationId), model.associationIds)
    }).pipe(Effect.provide(testLayer({}))))
})

describe("mergeSorted", () => {
  it("reads a sorted sequence with a few items placed among it exactly as the sorted concatenation", () => {
    const byNumber = (left: number, right: number) => left - right
    for (let round = 0; round < 200; round++) {
      const base = Array.from({ length: round % 23 }, (_, index) => index * 3 + (round % 3)).sort(byNumber)
      const extra = Array.from({ length: 1 + (round % 5) }, (_, index) => (index * 7 + round * 5) % 80)
      const merged = mergeSorted(onDemand(base.length, (from, to) => base.slice(from, to)), extra, byNumber)
      const expected = [...base, ...extra].sort(byNumber)
      assert.strictEqual(merged.length, expected.length)
      assert.deepStrictEqual(merged.slice(), expected)
      for (let from = 0; from <= expected.length; from++) {
        assert.deepStrictEqual(merged.slice(from, from + 4), expected.slice(from, from + 4))
        assert.strictEqual(merged.at(from), expected[from])
      }
    }
  })
})
