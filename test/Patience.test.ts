/**
 * A stream's patience (issue 20): a page whose attempts all ran out on throttling is asked for again,
 * with fresh attempts, for up to `patienceMillis`; past it, or without it, the stream fails with its
 * resume point and an error that says what ran out. On virtual time (`runWithTestClock`).
 */
import { assert, describe, it } from "@effect/vitest"
import { settle } from "@line/testing"
import * as Effect from "effect/Effect"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { collect } from "ssm-association-executions/line/stream"

const model = { seed: 5, associations: 1, executionsPerAssociation: 30 }

/** Page 2 throttled on attempts 1 to `through` (the model counts every request for the page). */
const throttledThrough = (through: number) =>
  AssociationExecutionsTest.layer({
    model,
    faults: [{ page: 2, attempts: [1, through], answer: InMemorySsm.Fault.throttling() }]
  })

const listing = (options: { readonly patienceMillis?: number } = {}) =>
  Effect.gen(function*() {
    const executions = yield* AssociationExecutions
    const testModel = yield* AssociationExecutionsTest.Model
    const associationId = testModel.associationIds[0] ?? ""
    const items = yield* AssociationExecutionsTest.runWithTestClock(
      settle(
        collect(executions.stream({ AssociationId: associationId }, { pageSize: 10, ...options }))
      )
    )
    const page2 = (yield* testModel.requests).filter((request) => request.page === 2)
    return {
      items,
      page2,
      truth: testModel.executions(associationId).map((execution) => execution.ExecutionId),
      associationId,
      executions,
      testModel
    }
  })

describe("patience", () => {
  it.effect("a page throttled past every attempt is asked for again, and the listing completes exactly", () =>
    Effect.gen(function*() {
      const { items, page2, truth } = yield* listing()
      assert.isTrue(items.ok)
      if (items.ok) {
        assert.deepStrictEqual(items.value.map((item) => item.ExecutionId), truth)
      }
      // Twelve throttles, then the page: more than the 5 attempts one request may make.
      assert.strictEqual(page2.length, 13)
      assert.strictEqual(page2.filter((request) => request.status === 200).length, 1)
    }).pipe(Effect.provide(throttledThrough(12))))

  it.effect("without patience the stream fails at once, saying every attempt was used", () =>
    Effect.gen(function*() {
      const { items, page2 } = yield* listing({ patienceMillis: 0 })
      assert.isTrue(!items.ok)
      if (!items.ok) {
        const error = items.error.error
        assert.strictEqual(error._tag, "ThrottlingError")
        assert.strictEqual("retryStop" in error ? error.retryStop : undefined, "attempts")
        assert.include(items.error.message, "gave up after 5 attempts, the most maxAttempts allows")
        assert.strictEqual(items.error.resume.itemsDelivered, 10)
      }
      assert.strictEqual(page2.length, 5)
    }).pipe(Effect.provide(throttledThrough(12))))

  it.effect("throttled for longer than the patience: fails saying so, and its resume point continues exactly", () =>
    Effect.gen(function*() {
      const { associationId, executions, items, page2, testModel, truth } = yield* listing({ patienceMillis: 60_000 })
      assert.isTrue(!items.ok)
      if (items.ok) return
      const error = items.error.error
      assert.strictEqual("retryStop" in error ? error.retryStop : undefined, "patience")
      assert.include(items.error.message, "the stream's patience (patienceMillis) ran out")
      assert.include(items.error.message, "raise patienceMillis")
      assert.isAbove(page2.length, 5)
      // Once the throttling stops, the rest comes exactly.
      yield* testModel.clearFaults
      const rest = yield* AssociationExecutionsTest.runWithTestClock(
        collect(
          executions.stream({ AssociationId: associationId }, {
            pageSize: 10,
            startingToken: items.error.resume.startingToken
          })
        )
      )
      assert.deepStrictEqual(
        rest.map((item) => item.ExecutionId),
        truth.slice(items.error.resume.itemsDelivered)
      )
    }).pipe(Effect.provide(throttledThrough(100))))

  it.effect("a patience that is not a number of milliseconds is refused before anything is sent", () =>
    Effect.gen(function*() {
      const { items, page2 } = yield* listing({ patienceMillis: -1 })
      assert.isTrue(!items.ok)
      if (!items.ok) assert.strictEqual(items.error.error._tag, "InvalidInput")
      assert.strictEqual(page2.length, 0)
    }).pipe(Effect.provide(throttledThrough(12))))
})
