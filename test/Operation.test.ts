import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import type { Decoded } from "ssm-association-executions/internal/decoded"
import {
  describeExecutions,
  describeTargets,
  getCommandInvocation,
  startAssociationsOnce
} from "ssm-association-executions/internal/operation"

/** A fixture's request body, answer body and the values a client decodes it to (JSON-printed). */
const readFixture = (name: string) => {
  const json: unknown = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8"))
  const at = (value: unknown, key: string): unknown =>
    typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined
  const text = (value: unknown): string => typeof value === "string" ? value : assert.fail(`${name}: not text`)
  const expected = at(json, "expected")
  return {
    requestBody: text(at(at(json, "request"), "body")),
    responseBody: text(at(at(json, "response"), "body")),
    // What our decoding looks like after JSON: dates as ISO strings, no SDK metadata, no null token.
    expected: Object.fromEntries(
      Object.entries(typeof expected === "object" && expected !== null ? expected : {}).filter(([key, value]) =>
        key !== "$metadata" && !(key === "NextToken" && value === null)
      )
    )
  }
}

/** The decoded value, or the test fails with the Schema's words. */
const decodedValue = <A>(decoded: Decoded<A>): A =>
  decoded._tag === "Decoded" ? decoded.value : assert.fail(JSON.stringify(decoded.first))

const violationOf =
  <A>(validate: (input: unknown) => Effect.Effect<A, { field: string; rule: string; operation: string }>) =>
  (input: unknown) =>
    Effect.flip(validate(input)).pipe(
      Effect.map((error) => ({ field: error.field, rule: error.rule, operation: error.operation }))
    )

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"
const executionId = "7abb6378-a4a5-4f10-8312-0123456789ab"
const uuidRule = "must match the id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)"
const associationIdRule =
  "must match the association id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)"

describe("DescribeAssociationExecutionTargets", () => {
  const violation = violationOf(describeTargets.validate)
  const operation = "DescribeAssociationExecutionTargets"

  it.effect("checks every input constraint of the model, naming the member and its rule", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [unknown, string, string]> = [
        [{ ExecutionId: executionId }, "AssociationId", "is required"],
        [{ AssociationId: associationId, ExecutionId: "e-1" }, "ExecutionId", uuidRule],
        [
          { AssociationId: associationId, ExecutionId: executionId, Filters: [] },
          "Filters",
          "must be a non-empty list of filters"
        ],
        [
          {
            AssociationId: associationId,
            ExecutionId: executionId,
            Filters: [{ Key: "Status", Value: "Failed", Type: "EQUAL" }, { Key: "InstanceId", Value: "i-1" }]
          },
          "Filters[1].Key",
          "must be one of Status, ResourceId, ResourceType"
        ],
        [
          { AssociationId: associationId, ExecutionId: executionId, Filters: [{ Key: "Status", Value: "" }] },
          "Filters[0].Value",
          "must be a non-empty string"
        ],
        [
          { AssociationId: associationId, ExecutionId: executionId, MaxResults: 51 },
          "MaxResults",
          "must be an integer from 1 to 50"
        ],
        [{ AssociationId: associationId, ExecutionId: executionId, NextToken: 1 }, "NextToken", "must be a string"],
        ["text", "input", "must be an object"]
      ]
      for (const [input, field, rule] of cases) {
        assert.deepStrictEqual(yield* violation(input), { field, rule, operation }, JSON.stringify(input))
      }
    }))

  it.effect("sends the fixture's exact body and decodes its answer (a filter's Type is not the model's here)", () =>
    Effect.gen(function*() {
      const fixture = readFixture("describe-association-execution-targets.page")
      const input = yield* describeTargets.validate(JSON.parse(fixture.requestBody))
      assert.strictEqual(describeTargets.encodeBody(input), fixture.requestBody)
      const filtered = yield* describeTargets.validate({
        AssociationId: associationId,
        ExecutionId: executionId,
        Filters: [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
      })
      assert.strictEqual(
        describeTargets.encodeBody(filtered),
        `{"AssociationId":"${associationId}","ExecutionId":"${executionId}","Filters":[{"Key":"Status","Value":"Failed"}]}`
      )
      const page = decodedValue(describeTargets.decodeOutput(JSON.parse(fixture.responseBody)))
      assert.deepStrictEqual(JSON.parse(JSON.stringify(page)), fixture.expected)
    }))
})

describe("StartAssociationsOnce", () => {
  const violation = violationOf(startAssociationsOnce.validate)
  const operation = "StartAssociationsOnce"

  it.effect("takes 1 to 10 association ids, each of the pattern", () =>
    Effect.gen(function*() {
      const ids = (count: number) => Array.from({ length: count }, () => associationId)
      const listRule = "must be a list of 1 to 10 association ids"
      assert.deepStrictEqual(yield* violation({ AssociationIds: [] }), {
        field: "AssociationIds",
        rule: listRule,
        operation
      })
      assert.deepStrictEqual(yield* violation({ AssociationIds: ids(11) }), {
        field: "AssociationIds",
        rule: listRule,
        operation
      })
      assert.deepStrictEqual(yield* violation({ AssociationIds: [associationId, "nope"] }), {
        field: "AssociationIds[1]",
        rule: associationIdRule,
        operation
      })
      assert.deepStrictEqual(yield* violation({}), { field: "AssociationIds", rule: "is required", operation })
      assert.deepStrictEqual(
        (yield* startAssociationsOnce.validate({ AssociationIds: ids(10) })).AssociationIds,
        ids(10)
      )
    }))

  it.effect("sends the fixture's exact body; its answer has no members, whatever AWS adds", () =>
    Effect.gen(function*() {
      const fixture = readFixture("start-associations-once")
      const input = yield* startAssociationsOnce.validate(JSON.parse(fixture.requestBody))
      assert.strictEqual(startAssociationsOnce.encodeBody(input), fixture.requestBody)
      assert.deepStrictEqual(decodedValue(startAssociationsOnce.decodeOutput(JSON.parse(fixture.responseBody))), {})
      assert.deepStrictEqual(decodedValue(startAssociationsOnce.decodeOutput({ Unexpected: [1] })), {})
      assert.strictEqual(startAssociationsOnce.decodeOutput([])._tag, "Mismatch")
    }))
})

describe("GetCommandInvocation", () => {
  const violation = violationOf(getCommandInvocation.validate)
  const operation = "GetCommandInvocation"
  const commandId = "0a1b2c3d-4e5f-4a6b-8c7d-0123456789ab"

  it.effect("checks every input constraint of the model, naming the member and its rule", () =>
    Effect.gen(function*() {
      const instanceRule =
        "must be an instance id (i- and 8 or 17 characters) or a managed node id (mi- and 17 characters)"
      const cases: ReadonlyArray<readonly [unknown, string, string]> = [
        [{ CommandId: "too-short", InstanceId: "i-0123abcd" }, "CommandId", "must be exactly 36 characters"],
        [{ CommandId: `${commandId}x`, InstanceId: "i-0123abcd" }, "CommandId", "must be exactly 36 characters"],
        [{ CommandId: commandId, InstanceId: "i-083e1601960282cd" }, "InstanceId", instanceRule],
        [{ CommandId: commandId, InstanceId: "mi-0123456789abcdef" }, "InstanceId", instanceRule],
        [
          { CommandId: commandId, InstanceId: "i-0123abcd", PluginName: "aws" },
          "PluginName",
          "must be at least 4 characters"
        ],
        [{ InstanceId: "i-0123abcd" }, "CommandId", "is required"]
      ]
      for (const [input, field, rule] of cases) {
        assert.deepStrictEqual(yield* violation(input), { field, rule, operation }, JSON.stringify(input))
      }
      for (const InstanceId of ["i-0123abcd", "i-0123456789abcdef0", "mi-0123456789abcdef0"]) {
        assert.strictEqual(
          (yield* getCommandInvocation.validate({ CommandId: commandId, InstanceId })).InstanceId,
          InstanceId
        )
      }
    }))

  it.effect("sends each fixture's exact body and decodes its answer as the AWS SDK does, time strings kept", () =>
    Effect.gen(function*() {
      for (const name of ["get-command-invocation.success", "get-command-invocation.failed"]) {
        const fixture = readFixture(name)
        const input = yield* getCommandInvocation.validate(JSON.parse(fixture.requestBody))
        assert.strictEqual(getCommandInvocation.encodeBody(input), fixture.requestBody)
        assert.deepStrictEqual(
          decodedValue(getCommandInvocation.decodeOutput(JSON.parse(fixture.responseBody))),
          fixture.expected
        )
      }
    }))

  it("tolerates unknown members and nulls, and does not enforce output constraints", () => {
    const answer = decodedValue(getCommandInvocation.decodeOutput({
      Status: "SUCCESS",
      DocumentVersion: "",
      ResponseCode: -1,
      StandardErrorUrl: null,
      CloudWatchOutputConfig: { CloudWatchLogGroupName: null, CloudWatchOutputEnabled: true },
      SomethingNew: { nested: [1] }
    }))
    assert.deepStrictEqual(answer, {
      Status: "SUCCESS",
      DocumentVersion: "",
      ResponseCode: -1,
      CloudWatchOutputConfig: { CloudWatchOutputEnabled: true }
    })
  })
})

describe("DescribeAssociationExecutions", () => {
  it("lists a page's items and reads its token", () => {
    const page = decodedValue(
      describeExecutions.decodeOutput({ AssociationExecutions: [{ ExecutionId: "e" }], NextToken: "t" })
    )
    assert.deepStrictEqual(describeExecutions.itemsOf(page), [{ ExecutionId: "e" }])
    assert.strictEqual(describeExecutions.nextTokenOf(page), "t")
  })
})
