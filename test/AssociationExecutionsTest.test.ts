import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import { AssociationDoesNotExist } from "ssm-association-executions/AssociationExecutionsError"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"

// A collected stream as an array (a Chunk on Effect 3, an array on Effect 4).
const collected = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), (items) => Array.from(items))

describe("AssociationExecutionsTest.layer", () => {
  it.effect("streams the model's ground truth through the real client, signatures checked", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const executions = yield* AssociationExecutions
      const associationId = model.associationIds[0] ?? ""
      const items = yield* collected(executions.stream({ AssociationId: associationId }, { pageSize: 7 }))
      assert.deepStrictEqual(
        items.map((item) => item.ExecutionId),
        model.executions(associationId).map((item) => item.ExecutionId)
      )
      const requests = yield* model.requests
      assert.strictEqual(requests.length, Math.ceil(model.executions(associationId).length / 7))
      assert.isTrue(requests.every((request) => request.status === 200))
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({ model: { seed: 3, executionsPerAssociation: 40 } }))))

  it.effect("scripted throttles are retried on the same page, deterministically under TestClock", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const executions = yield* AssociationExecutions
      const associationId = model.associationIds[0] ?? ""
      const items = yield* AssociationExecutionsTest.runWithTestClock(
        collected(executions.stream({ AssociationId: associationId }, { pageSize: 10 }))
      )
      assert.strictEqual(items.length, 30)
      const requests = yield* model.requests
      assert.deepStrictEqual(
        requests.map((request) => [request.page, request.attempt, request.status]),
        [[1, 1, 200], [2, 1, 400], [2, 2, 400], [2, 3, 200], [3, 1, 200]]
      )
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({
      model: { seed: 4, associations: 1, executionsPerAssociation: 30 },
      faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
    }))))

  it.effect("runWithTestClock: an hour of server latency passes on virtual time, and TestClock ends where it ended", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const executions = yield* AssociationExecutions
      // Outside runWithTestClock the test's Clock is TestClock (on both lines).
      const before = yield* Clock.currentTimeMillis
      const [items, endedAt] = yield* AssociationExecutionsTest.runWithTestClock(
        Effect.zip(
          collected(executions.stream({ AssociationId: model.associationIds[0] ?? "" }, { pageSize: 10 })),
          Clock.currentTimeMillis
        )
      )
      assert.strictEqual(items.length, 20)
      assert.isAtLeast(endedAt - before, 3_600_000)
      assert.strictEqual(yield* Clock.currentTimeMillis, endedAt)
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({
      model: { seed: 4, associations: 1, executionsPerAssociation: 20 },
      timeoutMillis: 7_200_000,
      faults: [{ page: 2, attempts: 1, answer: InMemorySsm.Fault.latency(3_600_000) }]
    }))))

  it.effect("unknown associations fail with the modeled error", () =>
    Effect.gen(function*() {
      const executions = yield* AssociationExecutions
      const error = yield* Effect.flip(executions.describe({ AssociationId: "00000000-0000-4000-8000-000000000000" }))
      assert.strictEqual(error._tag, "AssociationDoesNotExist")
      if (error._tag === "AssociationDoesNotExist") assert.strictEqual(error.httpStatus, 400)
    }).pipe(Effect.provide(AssociationExecutionsTest.layer())))

  it.effect("takes user data and applies the service's filters", () =>
    Effect.gen(function*() {
      const executions = yield* AssociationExecutions
      const output = yield* executions.describe({
        AssociationId: "8dfe3659-4309-493a-8755-0123456789ab",
        Filters: [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
      })
      assert.deepStrictEqual(output.AssociationExecutions.map((item) => item.ExecutionId), [
        "474925ef-1249-45a2-b93d-0123456789ab"
      ])
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({
      model: {
        associations: [{
          AssociationId: "8dfe3659-4309-493a-8755-0123456789ab",
          executions: [
            {
              ExecutionId: "474925ef-1249-45a2-b93d-0123456789ab",
              Status: "Failed",
              CreatedTime: new Date("2019-02-18T16:03:47.119Z")
            },
            {
              ExecutionId: "7abb6378-a4a5-4f10-8312-0123456789ab",
              Status: "Success",
              CreatedTime: new Date("2019-02-18T15:58:56.843Z")
            }
          ]
        }]
      }
    }))))
})

describe("AssociationExecutionsTest.layerFromDescribe", () => {
  it.effect("stubs single responses and errors while pages keep the real pagination", () =>
    Effect.gen(function*() {
      const executions = yield* AssociationExecutions
      const failure = yield* Effect.flip(Stream.runDrain(
        executions.stream({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" })
      ))
      assert.strictEqual(failure.error._tag, "AssociationDoesNotExist")
      assert.strictEqual(failure.error.message, "stubbed")
    }).pipe(Effect.provide(AssociationExecutionsTest.layerFromDescribe(() =>
      Effect.fail(new AssociationDoesNotExist({ message: "stubbed" }))
    ))))
})
