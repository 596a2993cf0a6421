import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { DescribeAssociationExecutionsOutput } from "../src/DescribeAssociationExecutions.js"
import { decodeOutput, decodeUsualPage } from "../src/internal/outputDecoder.js"

const decodeWithSchema = Schema.decodeUnknownEither(DescribeAssociationExecutionsOutput)

const fixtureBody = (name: string): unknown =>
  JSON.parse(
    JSON.parse(
      readFileSync(new URL(`./fixtures/describe-association-executions.${name}.json`, import.meta.url), "utf8")
    ).response.body
  )

// Mostly what AWS sends, sometimes something it should not: nulls, wrong types, odd timestamps.
const sometimes = <A>(usual: FastCheck.Arbitrary<A>) =>
  FastCheck.oneof(
    { weight: 8, arbitrary: usual },
    { weight: 1, arbitrary: FastCheck.constantFrom(null, 7, true, "text", [], {}) }
  )

const timestamp = FastCheck.oneof(
  FastCheck.double({ min: 0, max: 4e9, noNaN: true }),
  FastCheck.integer({ min: 0, max: 4_000_000_000 }).map((seconds) => `${seconds}.25`),
  FastCheck.constantFrom("2024-02-29T12:00:00.5Z", "1.529008678885E9", "not a date", "1e400", " 17 ", "")
)

const member = <A>(arbitrary: FastCheck.Arbitrary<A>) => FastCheck.option(sometimes(arbitrary), { nil: undefined })

const withoutUndefined = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined))

const alarm = FastCheck.record({ Name: sometimes(FastCheck.string()) })
const execution = FastCheck.record({
  AssociationId: member(FastCheck.string()),
  AssociationVersion: member(FastCheck.string()),
  ExecutionId: member(FastCheck.uuid()),
  Status: member(FastCheck.constantFrom("Success", "Failed", "Pending")),
  DetailedStatus: member(FastCheck.string()),
  CreatedTime: member(timestamp),
  LastExecutionDate: member(timestamp),
  ResourceCountByStatus: member(FastCheck.constant("{Success=1}")),
  AlarmConfiguration: member(
    FastCheck.record({
      IgnorePollAlarmFailure: member(FastCheck.boolean()),
      Alarms: member(FastCheck.array(sometimes(alarm), { maxLength: 2 }))
    }).map(withoutUndefined)
  ),
  TriggeredAlarms: member(
    FastCheck.array(sometimes(FastCheck.record({ Name: FastCheck.string(), State: sometimes(FastCheck.string()) })), {
      maxLength: 2
    })
  ),
  SomeFutureMember: member(FastCheck.string())
}).map(withoutUndefined)

const page = FastCheck.record({
  AssociationExecutions: member(FastCheck.array(sometimes(execution), { maxLength: 4 })),
  NextToken: member(FastCheck.constantFrom("", "token")),
  SomeFutureMember: member(FastCheck.integer())
}).map(withoutUndefined)

const wordsOf = <A>(result: Either.Either<A, ParseResult.ParseError>) =>
  Either.mapLeft(result, (error) => ParseResult.TreeFormatter.formatErrorSync(error))

describe("outputDecoder", () => {
  it("decodes every page exactly as the Schema does, successes and failures alike", () => {
    FastCheck.assert(
      FastCheck.property(page, (body) => {
        // JSON text in between, as on the wire (the generated values are plain JSON).
        const wire: unknown = JSON.parse(JSON.stringify(body))
        const expected = wordsOf(decodeWithSchema(wire))
        assert.deepStrictEqual(wordsOf(decodeOutput(wire)), expected)
        // Same members in the same order, so printed pages look the same whichever path ran.
        if (Either.isRight(expected)) assert.strictEqual(JSON.stringify(decodeOutput(wire)), JSON.stringify(expected))
      }),
      { numRuns: 2000 }
    )
  })

  it("takes the fast path for the pages AWS sends, and leaves anything with a null to the Schema", () => {
    for (const name of ["page1", "page2", "filtered-empty"]) {
      const body = fixtureBody(name)
      const fast = decodeUsualPage(body)
      assert.isDefined(fast)
      assert.deepStrictEqual(Either.right(fast), decodeWithSchema(body))
    }
    assert.isUndefined(decodeUsualPage({ AssociationExecutions: [{ ExecutionId: null }] }))
    assert.isUndefined(decodeUsualPage({ AssociationExecutions: [], NextToken: null }))
    assert.deepStrictEqual(
      decodeOutput({ AssociationExecutions: [{ ExecutionId: null, Status: "Success" }], NextToken: null }),
      Either.right({ AssociationExecutions: [{ Status: "Success" }] })
    )
  })

  it("drops members the model does not have, and reads an absent list as empty", () => {
    assert.deepStrictEqual(
      decodeUsualPage({ NextToken: "t", Extra: 1 }),
      { AssociationExecutions: [], NextToken: "t" }
    )
    assert.deepStrictEqual(
      decodeUsualPage({ AssociationExecutions: [{ Status: "Failed", Extra: { deep: [1] } }], NextToken: "" }),
      { AssociationExecutions: [{ Status: "Failed" }] }
    )
  })
})
