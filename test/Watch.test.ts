/**
 * `watch` and `awaitExecution` over the in-memory SSM's runs, on virtual time: an execution not
 * visible yet, each transition, throttled polls, the deadline, interruption and resume, and no
 * execution appearing. The runs' plans (`model.started`) are the ground truth.
 */
import { assert, describe, it } from "@effect/vitest"
import { TestClock, withRandomSeed } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import { parseResourceCountByStatus } from "ssm-association-executions/DescribeAssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { executionAt, type StartedRun } from "ssm-association-executions/internal/inMemory/runs"
import { collect } from "ssm-association-executions/line/stream"
import type { ExecutionState, WatchOptions } from "ssm-association-executions/Watch"

// After the generated history (which ends 2025-06-01), so a run is the newest execution.
const start = Date.parse("2025-06-02T00:00:00.000Z")

// A 20-second run of 3 targets: visible at 2 s, InProgress at 5 s, targets finish at 10, 15, 20 s.
const runs: InMemorySsm.RunOptions = { durationMillis: 20_000, targets: 3, failureRate: 0.5 }

const testLayer = (options: {
  readonly runs?: InMemorySsm.RunOptions
  readonly faults?: ReadonlyArray<InMemorySsm.ScriptedFault>
} = {}) =>
  AssociationExecutionsTest.layer({
    model: { seed: 5, associations: 1, executionsPerAssociation: 0, runs: options.runs ?? runs },
    faults: options.faults
  })

// Polls at most a second apart, so every transition of the run (2.5 s or more apart) is seen.
const quick: WatchOptions = { deadlineMillis: 60_000, minDelayMillis: 500, maxDelayMillis: 1000 }

/** Starts one run at `start` and returns what a watch of it needs. */
const started = Effect.gen(function*() {
  yield* TestClock.setTime(start)
  const model = yield* AssociationExecutionsTest.Model
  const service = yield* AssociationExecutions
  const associationId = model.associationIds[0] ?? ""
  yield* service.startOnce({ AssociationIds: [associationId] })
  const [run] = yield* model.started
  if (run === undefined) return yield* Effect.die(new Error("no run started"))
  return {
    model,
    service,
    associationId,
    run,
    input: { AssociationId: associationId, createdAfter: new Date(start - 1) }
  }
})

/** The distinct states the run goes through, as (status, counts), from its plan. */
const plannedStates = (run: StartedRun) => {
  const times = [run.visibleAt, run.startedAt, ...run.targets.map((target) => target.finishedAt)]
  const states = times.flatMap((time) => {
    const execution = executionAt(run, time)
    return execution === undefined ? [] : [[execution.Status, execution.ResourceCountByStatus] as const]
  })
  return states.filter((state, index) => index === 0 || JSON.stringify(state) !== JSON.stringify(states[index - 1]))
}

const statesOf = (states: ReadonlyArray<ExecutionState>) =>
  states.map((state) => [state.Status, state.execution.ResourceCountByStatus] as const)

describe("watch", () => {
  it.effect("follows a run from not visible yet through each transition to its end, each target once", () =>
    Effect.gen(function*() {
      const { input, model, run, service } = yield* started
      // Not visible yet: the first polls find nothing, the first state comes once it is visible.
      yield* model.clearRequests
      const [first] = yield* AssociationExecutionsTest.runWithTestClock(
        collect(Stream.take(service.watch(input, quick), 1))
      )
      assert.isAtLeast(first?.observedAt.getTime() ?? 0, run.visibleAt)
      assert.strictEqual(first?.Status, "Pending")
      assert.isAtLeast(yield* model.requestCount, 3)
      yield* TestClock.setTime(start)
      const states = yield* AssociationExecutionsTest.runWithTestClock(collect(service.watch(input, quick)))
      // Every transition, in order, none twice; the last one terminal.
      assert.deepStrictEqual(statesOf(states), plannedStates(run))
      assert.deepStrictEqual(
        states.map((state) => state.terminal),
        states.map((_, index) => index === states.length - 1)
      )
      const last = states.at(-1)
      assert.strictEqual(last?.Status, run.targets.some((target) => target.failed) ? "Failed" : "Success")
      assert.isTrue(states.every((state) => state.ExecutionId === run.ExecutionId))
      assert.isAtLeast(states[0]?.observedAt.getTime() ?? 0, run.visibleAt)
      // Counts read from ResourceCountByStatus.
      assert.deepStrictEqual(states[0]?.resourceCounts, parseResourceCountByStatus(`{Pending=${run.targets.length}}`))
      // Every target reported finished exactly once, with its outcome, when it finished.
      const finished = states.flatMap((state) =>
        state.finishedTargets.map((target) => ({ id: target.ResourceId, status: target.Status, at: state.observedAt }))
      )
      assert.deepStrictEqual(
        finished.map(({ id, status }) => [id, status]),
        run.targets.map((target) => [target.ResourceId, target.failed ? "Failed" : "Success"])
      )
      for (const [index, target] of run.targets.entries()) {
        assert.isAtLeast(finished[index]?.at.getTime() ?? 0, target.finishedAt)
        assert.isAtMost(finished[index]?.at.getTime() ?? 0, target.finishedAt + 1000)
      }
      assert.strictEqual(last?.targets.length, run.targets.length)
    }).pipe(Effect.provide(testLayer())))

  it.effect("awaitExecution by id of a finished execution: one poll, its terminal state with every target", () =>
    Effect.gen(function*() {
      const { associationId, run, service } = yield* started
      yield* TestClock.setTime(run.finishedAt + 60_000)
      const final = yield* AssociationExecutionsTest.runWithTestClock(
        service.awaitExecution({ AssociationId: associationId, ExecutionId: run.ExecutionId }, quick)
      )
      assert.isTrue(final.terminal)
      assert.strictEqual(final.ExecutionId, run.ExecutionId)
      assert.deepStrictEqual(
        final.finishedTargets.map((target) => target.ResourceId),
        run.targets.map((target) => target.ResourceId)
      )
      assert.strictEqual(yield* Clock.currentTimeMillis, run.finishedAt + 60_000)
    }).pipe(Effect.provide(testLayer())))

  it.effect("throttled polls are retried and patient: the same states, the throttles answered", () =>
    Effect.gen(function*() {
      const { input, model, run, service } = yield* started
      const states = yield* AssociationExecutionsTest.runWithTestClock(collect(service.watch(input, {
        ...quick,
        deadlineMillis: 300_000
      })))
      assert.strictEqual(states.at(-1)?.terminal, true)
      assert.strictEqual(states.at(-1)?.Status, plannedStates(run).at(-1)?.[0])
      const throttled = (yield* model.requests).filter((request) => request.code === "ThrottlingException")
      assert.isAtLeast(throttled.length, 8)
    }).pipe(Effect.provide(testLayer({
      // Every attempt of a whole poll and more (maxAttempts is 3): the listing's patience asks again.
      faults: [
        { operation: "DescribeAssociationExecutions", attempts: [4, 9], answer: InMemorySsm.Fault.throttling() },
        { operation: "DescribeAssociationExecutionTargets", attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }
      ]
    }))))

  it.effect("past the deadline: WatchTimeout with the last state seen, and not a moment later", () =>
    Effect.gen(function*() {
      const { input, run, service } = yield* started
      const error = yield* Effect.flip(
        AssociationExecutionsTest.runWithTestClock(Stream.runDrain(service.watch(input, {
          ...quick,
          deadlineMillis: 12_000
        })))
      )
      if (error._tag !== "WatchTimeout") return assert.fail(`expected WatchTimeout, got ${error._tag}`)
      assert.strictEqual(error.executionId, run.ExecutionId)
      assert.strictEqual(error.lastSeen.Status, "InProgress")
      // At 12 s the first target (10 s) had finished.
      assert.strictEqual(error.lastSeen.resourceCounts["InProgress"], run.targets.length - 1)
      assert.include(error.message, "watch again to continue")
      const ended = yield* Clock.currentTimeMillis
      assert.isAtMost(ended, start + 12_000)
      assert.isAtLeast(ended, start + 11_000)
    }).pipe(Effect.provide(testLayer())))

  it.effect("interrupted and watched again with the same input: the same execution, to its end", () =>
    Effect.gen(function*() {
      const { associationId, input, model, run, service } = yield* started
      const firstTwo = yield* AssociationExecutionsTest.runWithTestClock(
        collect(Stream.take(service.watch(input, quick), 2))
      )
      assert.deepStrictEqual(statesOf(firstTwo), plannedStates(run).slice(0, 2))
      // Another run starts meanwhile: "the first created after" still names the first one.
      yield* service.startOnce({ AssociationIds: [associationId] })
      assert.strictEqual((yield* model.started).length, 2)
      const rest = yield* AssociationExecutionsTest.runWithTestClock(collect(service.watch(input, quick)))
      assert.isTrue(rest.every((state) => state.ExecutionId === run.ExecutionId))
      // It continues where it stood: the state it was in, then the transitions it had not seen.
      assert.deepStrictEqual(statesOf(rest), plannedStates(run).slice(1))
      assert.isTrue(rest.at(-1)?.terminal)
    }).pipe(Effect.provide(testLayer())))

  it.effect("no execution appears: ExecutionNotFound after the grace period, having polled throughout", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const model = yield* AssociationExecutionsTest.Model
      const service = yield* AssociationExecutions
      const associationId = model.associationIds[0] ?? ""
      const error = yield* Effect.flip(
        AssociationExecutionsTest.runWithTestClock(
          service.awaitExecution({ AssociationId: associationId, createdAfter: new Date(start) }, {
            deadlineMillis: 600_000,
            visibilityGraceMillis: 30_000
          })
        )
      )
      if (error._tag !== "ExecutionNotFound") return assert.fail(`expected ExecutionNotFound, got ${error._tag}`)
      assert.isAtLeast(error.waitedMillis, 30_000)
      // The default backoff (5 s doubling, jittered: the draws are seeded below, so the polls are
      // the same every run): polls at 0, about 5, 15, 35 s at the latest.
      assert.isAtMost(error.waitedMillis, 30_000 + 40_000)
      assert.isAtLeast(error.polls, 3)
      assert.strictEqual(yield* model.requestCount, error.polls)
      const byId = yield* Effect.flip(
        AssociationExecutionsTest.runWithTestClock(
          service.awaitExecution(
            { AssociationId: associationId, ExecutionId: "00000000-0000-4000-8000-000000000000" },
            {
              deadlineMillis: 10_000
            }
          )
        )
      )
      assert.strictEqual(byId._tag, "ExecutionNotFound")
      assert.include(byId.message, "00000000-0000-4000-8000-000000000000")
    }).pipe(withRandomSeed("no execution appears"), Effect.provide(testLayer())))

  it.effect("options are checked before anything is sent", () =>
    Effect.gen(function*() {
      const { input, model, service } = yield* started
      yield* model.clearRequests
      for (
        const options of [
          { deadlineMillis: 0 },
          { deadlineMillis: Number.NaN },
          { deadlineMillis: 1000, minDelayMillis: 0 },
          { deadlineMillis: 1000, minDelayMillis: 500, maxDelayMillis: 100 },
          { deadlineMillis: 1000, visibilityGraceMillis: -1 }
        ]
      ) {
        const error = yield* Effect.flip(service.awaitExecution(input, options))
        assert.strictEqual(error._tag, "InvalidInput")
      }
      assert.strictEqual(yield* model.requestCount, 0)
    }).pipe(Effect.provide(testLayer())))
})
