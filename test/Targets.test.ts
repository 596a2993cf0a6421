/**
 * The drill-down: DescribeAssociationExecutionTargets through the real client over the in-memory
 * SSM, and `failures`, the failed targets of the failed executions as one resumable stream.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import { AssociationExecutions, type Service } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import { DescribeAssociationExecutionTargetsOutput } from "ssm-association-executions/DescribeAssociationExecutionTargets"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { describeTargets } from "ssm-association-executions/internal/operation"
import { interpretResponse } from "ssm-association-executions/internal/response"
import { collect } from "ssm-association-executions/line/stream"
import type { Failure } from "ssm-association-executions/Pagination"

const model = { seed: 5, associations: 2, executionsPerAssociation: 120 }

const withService = <A, E>(
  use: (service: Service, ssm: InMemorySsm.InMemorySsm) => Effect.Effect<A, E>,
  options: AssociationExecutionsTest.TestLayerOptions = { model }
) =>
  Effect.gen(function*() {
    const service = yield* AssociationExecutions
    const ssm = yield* AssociationExecutionsTest.Model
    return yield* use(service, ssm)
  }).pipe(Effect.provide(AssociationExecutionsTest.layer(options)), AssociationExecutionsTest.runWithTestClock)

const identity = (record: Pick<Failure, "execution" | "target">) =>
  `${record.execution.ExecutionId}/${record.target.ResourceId}`

/** The ground truth of `failures`: every failed target of every failed execution, in service order. */
const failedTargetsOf = (ssm: InMemorySsm.InMemorySsm, associationId: string) =>
  ssm.executions(associationId).filter((execution) => execution.Status === "Failed").flatMap((execution) =>
    ssm.targets(associationId, execution.ExecutionId).filter((target) => target.Status === "Failed").map((target) =>
      `${execution.ExecutionId}/${target.ResourceId}`
    )
  )

describe("DescribeAssociationExecutionTargets", () => {
  it("decodes the spec's fixture page as the AWS SDK does", () => {
    const fixture = JSON.parse(
      readFileSync(
        new URL("./fixtures/describe-association-execution-targets.page.json", import.meta.url),
        "utf8"
      )
    )
    const result = interpretResponse(
      describeTargets,
      { status: 200, headers: {}, body: fixture.response.body },
      { attempt: 1, operation: describeTargets.name },
      0
    )
    assert.isTrue(result.ok)
    if (!result.ok) return
    const expected = Schema.decodeUnknownSync(DescribeAssociationExecutionTargetsOutput)(
      JSON.parse(fixture.response.body)
    )
    assert.deepStrictEqual(result.value, expected)
    assert.strictEqual(
      result.value.AssociationExecutionTargets[0]?.LastExecutionDate?.toISOString(),
      fixture.expected.AssociationExecutionTargets[0].LastExecutionDate
    )
    assert.strictEqual(result.value.AssociationExecutionTargets[1]?.OutputSource?.OutputSourceType, "RunCommand")
  })

  it.effect("lists an execution's targets exactly as the model holds them, over several pages", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const associationId = ssm.associationIds[0] ?? ""
        const execution = ssm.executions(associationId).find((candidate) =>
          ssm.targets(associationId, candidate.ExecutionId).length >= 3
        )
        assert.isDefined(execution)
        if (execution === undefined) return
        const listed = yield* collect(
          service.targets({ AssociationId: associationId, ExecutionId: execution.ExecutionId }, { pageSize: 2 })
        )
        assert.deepStrictEqual(
          listed.map((target) => [target.ResourceId, target.Status]),
          ssm.targets(associationId, execution.ExecutionId).map((target) => [target.ResourceId, target.Status])
        )
      })
    ))

  it.effect("names an unknown execution of a known association AssociationExecutionDoesNotExist", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(service.describeTargets({
          AssociationId: ssm.associationIds[0] ?? "",
          ExecutionId: "00000000-0000-4000-8000-000000000000"
        }))
        assert.strictEqual(error._tag, "AssociationExecutionDoesNotExist")
        if (error._tag === "AssociationExecutionDoesNotExist") {
          assert.strictEqual(error.operation, "DescribeAssociationExecutionTargets")
        }
      })
    ))

  it.effect("checks the input against the model before anything is sent", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(service.describeTargets({
          AssociationId: ssm.associationIds[0] ?? "",
          ExecutionId: "not-an-id",
          Filters: [{ Key: "Status", Value: "" }]
        }))
        assert.strictEqual(error._tag, "InvalidInput")
        if (error._tag === "InvalidInput") {
          assert.strictEqual(error.field, "ExecutionId")
          assert.include(error.message, "DescribeAssociationExecutionTargets")
        }
        assert.strictEqual((yield* ssm.requests).length, 0)
      })
    ))
})

describe("failures: what failed, where", () => {
  it.effect("lists exactly the failed targets of the failed executions, in execution order", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const associationId = ssm.associationIds[0] ?? ""
        const records = yield* collect(service.failures(associationId, { concurrency: 3, pageSize: 7 }))
        const expected = failedTargetsOf(ssm, associationId)
        assert.isAbove(expected.length, 10)
        assert.deepStrictEqual(records.map(identity), expected)
        for (const record of records) {
          assert.strictEqual(record.execution.Status, "Failed")
          assert.strictEqual(record.target.Status, "Failed")
        }
      })
    ))

  it.effect("resumes from any record's token with exactly the rest, inside an execution or between two", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const associationId = ssm.associationIds[0] ?? ""
        const all = yield* collect(service.failures(associationId))
        for (const cut of [0, 1, 2, 5, all.length - 2]) {
          const token = all[cut]?.resumeToken
          const rest = yield* collect(service.failures(associationId, { startingToken: token }))
          assert.deepStrictEqual(
            rest.map(identity),
            all.slice(cut + 1).map(identity),
            `after ${cut}`
          )
        }
      })
    ))

  const pastTheBudget = (operation: InMemorySsm.OperationName, page: number): InMemorySsm.ScriptedFault => ({
    operation,
    page,
    times: 3,
    answer: InMemorySsm.Fault.internalServerError()
  })

  for (
    const [level, faults] of [
      // Page 2 of some execution's targets, or page 2 of the failed executions (pages of 50 by default).
      ["targets", [pastTheBudget("DescribeAssociationExecutionTargets", 1)]],
      ["executions", [pastTheBudget("DescribeAssociationExecutions", 2)]]
    ] as const
  ) {
    it.effect(`a failure listing ${level} ends with a resume point that continues exactly`, () =>
      withService((service, ssm) =>
        Effect.gen(function*() {
          const associationId = ssm.associationIds[0] ?? ""
          const expected = failedTargetsOf(ssm, associationId)
          const delivered: Array<string> = []
          const failure = yield* service.failures(associationId, { concurrency: 1, pageSize: 10 }).pipe(
            Stream.runForEach((record) => Effect.sync(() => delivered.push(identity(record)))),
            Effect.flip
          )
          assert.strictEqual(failure.error._tag, "InternalServerError")
          assert.strictEqual(failure.resume.itemsDelivered, delivered.length)
          yield* ssm.clearFaults
          const rest = yield* collect(
            service.failures(associationId, { startingToken: failure.resume.startingToken })
          )
          assert.deepStrictEqual([...delivered, ...rest.map(identity)], expected)
        }), { model: { ...model, executionsPerAssociation: 400 }, faults, retry: { maxAttempts: 3 } }))
  }

  it.effect("a resume token continues only the listing it came from", () =>
    withService((service, ssm) =>
      Effect.gen(function*() {
        const [first = "", second = ""] = ssm.associationIds
        const token = (yield* Stream.runHead(service.failures(first))).pipe((record) =>
          record._tag === "Some" ? record.value.resumeToken : ""
        )
        const requestsBefore = (yield* ssm.requests).length
        const otherAssociation = yield* Effect.flip(Stream.runDrain(service.failures(second, { startingToken: token })))
        assert.strictEqual(otherAssociation.error._tag, "InvalidInput")
        const otherWindow = yield* Effect.flip(
          Stream.runDrain(service.failures(first, { startingToken: token, createdAfter: new Date(0) }))
        )
        assert.strictEqual(otherWindow.error._tag, "InvalidInput")
        const edited = yield* Effect.flip(
          Stream.runDrain(service.failures(first, { startingToken: `${token.slice(0, -1)}x` }))
        )
        assert.strictEqual(edited.error._tag, "InvalidInput")
        assert.strictEqual((yield* ssm.requests).length, requestsBefore)
      })
    ))
})
