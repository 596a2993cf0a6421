import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { InvalidInput } from "ssm-association-executions/AssociationExecutionsError"
import {
  DescribeAssociationExecutionsOutput,
  parseResourceCountByStatus
} from "ssm-association-executions/DescribeAssociationExecutions"
import type {
  AssociationExecutionFilter,
  DescribeAssociationExecutionsInput
} from "ssm-association-executions/DescribeAssociationExecutions"
import { encodeRequestBody, validateInput } from "ssm-association-executions/internal/describeRequest"
import { EpochSeconds } from "ssm-association-executions/line/schemaParts"

const PageFixture = Schema.Struct({
  request: Schema.Struct({ body: Schema.String }),
  response: Schema.Struct({ body: Schema.String }),
  expected: Schema.Unknown
})

const readPageFixture = (name: string) =>
  Schema.decodeUnknownSync(PageFixture)(
    JSON.parse(
      readFileSync(new URL(`./fixtures/describe-association-executions.${name}.json`, import.meta.url), "utf8")
    )
  )

const pageNames = ["page1", "page2", "filtered-empty"] as const

/** The fixture's `expected` block as our output looks after JSON (dates as ISO strings, no NextToken when null). */
const expectedOutput = (expected: unknown) =>
  Object.fromEntries(
    Object.entries(typeof expected === "object" && expected !== null ? expected : {}).filter(([name, value]) =>
      name !== "requestId" && name !== "timestampsNote" && !(name === "NextToken" && value === null)
    )
  )

const decodesOutput = (body: unknown) =>
  Option.isSome(Schema.decodeUnknownOption(DescribeAssociationExecutionsOutput)(body))
const decodeOutputSync = Schema.decodeUnknownSync(DescribeAssociationExecutionsOutput)
const decodeEpochSeconds = Schema.decodeUnknownOption(EpochSeconds)

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"

const invalidInputOf = (input: unknown) =>
  Effect.flip(validateInput(input)).pipe(Effect.map((error) => ({ field: error.field, rule: error.rule })))

describe("validateInput", () => {
  it.effect("accepts the smallest and the fullest valid input", () =>
    Effect.gen(function*() {
      const minimal = yield* validateInput({ AssociationId: associationId })
      assert.deepStrictEqual(minimal, { AssociationId: associationId })
      const full: DescribeAssociationExecutionsInput = {
        AssociationId: associationId.toUpperCase(),
        Filters: [
          { Key: "CreatedTime", Value: "2018-04-10T19:15:38.372Z", Type: "GREATER_THAN" },
          { Key: "ExecutionId", Value: "474925ef-1249-45a2-b93d-0123456789ab", Type: "EQUAL" }
        ],
        MaxResults: 50,
        NextToken: "opaque"
      }
      assert.deepStrictEqual(yield* validateInput(full), full)
    }))

  it.effect("accepts MaxResults at both ends of 1..50 and leaves Key/Type pairing to the service", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* validateInput({ AssociationId: associationId, MaxResults: 1 })).MaxResults, 1)
      assert.strictEqual((yield* validateInput({ AssociationId: associationId, MaxResults: 50 })).MaxResults, 50)
      const unusualPair: AssociationExecutionFilter = { Key: "Status", Value: "Failed", Type: "GREATER_THAN" }
      const decoded = yield* validateInput({ AssociationId: associationId, Filters: [unusualPair] })
      assert.deepStrictEqual(decoded.Filters, [unusualPair])
    }))

  it.effect("drops members it does not know", () =>
    Effect.gen(function*() {
      const decoded = yield* validateInput({ AssociationId: associationId, Surprise: true })
      assert.deepStrictEqual(decoded, { AssociationId: associationId })
    }))

  const idRule = "must match the association id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)"
  const maxRule = "must be an integer from 1 to 50"
  const filter = { Key: "Status", Value: "Failed", Type: "EQUAL" }
  const badInputs: ReadonlyArray<readonly [name: string, input: unknown, field: string, rule: string]> = [
    ["a missing AssociationId", {}, "AssociationId", "is required"],
    ["an AssociationId that is not a string", { AssociationId: 42 }, "AssociationId", idRule],
    ["an empty AssociationId", { AssociationId: "" }, "AssociationId", idRule],
    [
      "an AssociationId with a non-hex digit",
      { AssociationId: "8dfe3659-4309-493a-8755-0123456789ag" },
      "AssociationId",
      idRule
    ],
    [
      "an AssociationId that only contains a UUID (the pattern is a full match)",
      { AssociationId: `aws.ssm.${associationId}.i-0123` },
      "AssociationId",
      idRule
    ],
    ["MaxResults 0", { AssociationId: associationId, MaxResults: 0 }, "MaxResults", maxRule],
    ["MaxResults 51", { AssociationId: associationId, MaxResults: 51 }, "MaxResults", maxRule],
    ["a fractional MaxResults", { AssociationId: associationId, MaxResults: 1.5 }, "MaxResults", maxRule],
    ["MaxResults as a string", { AssociationId: associationId, MaxResults: "10" }, "MaxResults", maxRule],
    ["MaxResults NaN", { AssociationId: associationId, MaxResults: Number.NaN }, "MaxResults", maxRule],
    [
      "an empty Filters list",
      { AssociationId: associationId, Filters: [] },
      "Filters",
      "must be a non-empty list of filters"
    ],
    [
      "Filters that is not a list",
      { AssociationId: associationId, Filters: filter },
      "Filters",
      "must be a non-empty list of filters"
    ],
    [
      "a filter that is not an object",
      { AssociationId: associationId, Filters: [null] },
      "Filters[0]",
      "must be an object"
    ],
    [
      "an unknown filter Key",
      { AssociationId: associationId, Filters: [{ ...filter, Key: "InstanceId" }] },
      "Filters[0].Key",
      "must be one of ExecutionId, Status, CreatedTime"
    ],
    [
      "an empty filter Value",
      { AssociationId: associationId, Filters: [{ ...filter, Value: "" }] },
      "Filters[0].Value",
      "must be a non-empty string"
    ],
    [
      "a missing filter Value",
      { AssociationId: associationId, Filters: [{ Key: "Status", Type: "EQUAL" }] },
      "Filters[0].Value",
      "is required"
    ],
    [
      "an unknown filter Type in the second filter",
      { AssociationId: associationId, Filters: [filter, { ...filter, Type: "NOT_EQUAL" }] },
      "Filters[1].Type",
      "must be one of EQUAL, LESS_THAN, GREATER_THAN"
    ],
    [
      "a NextToken that is not a string",
      { AssociationId: associationId, NextToken: 7 },
      "NextToken",
      "must be a string"
    ],
    ["an input that is not an object", null, "input", "must be an object"],
    [
      "two bad members (the first in model order is named)",
      { MaxResults: 0, AssociationId: "nope" },
      "AssociationId",
      idRule
    ]
  ]

  for (const [name, input, field, rule] of badInputs) {
    it.effect(`rejects ${name}: ${field} ${rule}`, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* invalidInputOf(input), { field, rule })
      }))
  }

  it.effect("fails with the InvalidInput class, whose message says nothing was sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(validateInput({ AssociationId: associationId, MaxResults: 100 }))
      assert.instanceOf(error, InvalidInput)
      assert.strictEqual(
        error.message,
        "Invalid input for DescribeAssociationExecutions: MaxResults must be an integer from 1 to 50 (nothing was sent)"
      )
    }))
})

describe("encodeRequestBody", () => {
  it("gives the exact body of the SigV4 test vector", () => {
    assert.strictEqual(
      encodeRequestBody({ AssociationId: associationId }),
      "{\"AssociationId\":\"8dfe3659-4309-493a-8755-0123456789ab\"}"
    )
  })

  it("writes members in model order whatever order the input has, and omits undefined ones", () => {
    const body = encodeRequestBody({
      NextToken: "token",
      MaxResults: 2,
      Filters: [{ Type: "EQUAL", Value: "Failed", Key: "Status" }],
      AssociationId: associationId
    })
    assert.strictEqual(
      body,
      `{"AssociationId":"${associationId}","Filters":[{"Key":"Status","Value":"Failed","Type":"EQUAL"}],"MaxResults":2,"NextToken":"token"}`
    )
    assert.strictEqual(
      encodeRequestBody({ AssociationId: associationId, MaxResults: undefined, NextToken: undefined }),
      `{"AssociationId":"${associationId}"}`
    )
  })

  for (const name of pageNames) {
    it.effect(`reproduces the request body of the ${name} fixture byte for byte`, () =>
      Effect.gen(function*() {
        const fixture = readPageFixture(name)
        const input = yield* validateInput(JSON.parse(fixture.request.body))
        assert.strictEqual(encodeRequestBody(input), fixture.request.body)
      }))
  }
})

describe("DescribeAssociationExecutionsOutput", () => {
  for (const name of pageNames) {
    it(`decodes the ${name} fixture to its expected values`, () => {
      const fixture = readPageFixture(name)
      const decoded = decodeOutputSync(JSON.parse(fixture.response.body))
      assert.deepStrictEqual(JSON.parse(JSON.stringify(decoded)), expectedOutput(fixture.expected))
    })

    it(`encodes the decoded ${name} fixture back to the exact wire body`, () => {
      const fixture = readPageFixture(name)
      const decoded = decodeOutputSync(JSON.parse(fixture.response.body))
      const encoded = Schema.encodeSync(DescribeAssociationExecutionsOutput)(decoded)
      assert.strictEqual(JSON.stringify(encoded), fixture.response.body)
    })
  }

  it("decodes real Date values", () => {
    const decoded = decodeOutputSync(JSON.parse(readPageFixture("page1").response.body))
    const created = decoded.AssociationExecutions[0]?.CreatedTime
    assert.instanceOf(created, Date)
    assert.strictEqual(created.getTime(), 1550505827119)
  })

  it("treats an absent or null list as empty and an absent, null or empty NextToken as absent", () => {
    for (const body of [{}, { AssociationExecutions: null }, { NextToken: null }, { NextToken: "" }]) {
      const decoded = decodeOutputSync(body)
      assert.deepStrictEqual(decoded.AssociationExecutions, [])
      assert.isFalse("NextToken" in decoded, JSON.stringify(body))
    }
  })

  it("ignores unknown members at every level and keeps an unknown alarm State as it is", () => {
    const decoded = decodeOutputSync({
      AssociationExecutions: [{
        ExecutionId: "474925ef-1249-45a2-b93d-0123456789ab",
        NewMemberFrom2030: { anything: 1 },
        AlarmConfiguration: { Alarms: [{ Name: "cpu", Region: "us-east-1" }], Extra: true },
        TriggeredAlarms: [{ Name: "cpu", State: "INSUFFICIENT_DATA", Since: 1 }]
      }],
      NextToken: "t",
      ResponseMetadata: {}
    })
    assert.deepStrictEqual(decoded, {
      AssociationExecutions: [{
        ExecutionId: "474925ef-1249-45a2-b93d-0123456789ab",
        AlarmConfiguration: { Alarms: [{ Name: "cpu" }] },
        TriggeredAlarms: [{ Name: "cpu", State: "INSUFFICIENT_DATA" }]
      }],
      NextToken: "t"
    })
  })

  it("does not enforce output constraints: empty alarm lists, odd ids and versions pass", () => {
    const execution = {
      AssociationId: "not-a-uuid",
      AssociationVersion: "$LATEST-ish",
      AlarmConfiguration: { Alarms: [] },
      TriggeredAlarms: [{ Name: "a", State: "ALARM" }, { Name: "b", State: "UNKNOWN" }]
    }
    assert.deepStrictEqual(decodeOutputSync({ AssociationExecutions: [execution] }).AssociationExecutions, [execution])
  })

  it("ignores an unknown member however deeply it nests", () => {
    const deep = "{\"x\":".repeat(5_000) + "null" + "}".repeat(5_000)
    const decoded = decodeOutputSync(JSON.parse(`{"AssociationExecutions":[{"Status":"Success","Unknown":${deep}}]}`))
    assert.strictEqual(decoded.AssociationExecutions[0]?.Status, "Success")
  })

  it("reads null members as absent at every level of the model", () => {
    const decoded = decodeOutputSync({
      NextToken: null,
      AssociationExecutions: [{
        Status: null,
        AlarmConfiguration: { IgnorePollAlarmFailure: null, Alarms: [{ Name: "cpu" }] },
        TriggeredAlarms: [{ Name: "cpu", State: "ALARM" }]
      }]
    })
    assert.deepStrictEqual(decoded, {
      AssociationExecutions: [{
        AlarmConfiguration: { Alarms: [{ Name: "cpu" }] },
        TriggeredAlarms: [{ Name: "cpu", State: "ALARM" }]
      }]
    })
  })

  it("reads a null member as absent", () => {
    const decoded = decodeOutputSync({ AssociationExecutions: [{ Status: "Success", LastExecutionDate: null }] })
    assert.deepStrictEqual(decoded.AssociationExecutions, [{ Status: "Success" }])
  })

  it("rejects a body whose members have the wrong JSON type", () => {
    assert.isFalse(decodesOutput({ AssociationExecutions: "none" }))
    assert.isFalse(decodesOutput({ AssociationExecutions: [{ CreatedTime: "yesterday" }] }))
    assert.isFalse(decodesOutput({ AssociationExecutions: [{ CreatedTime: true }] }))
    assert.isFalse(decodesOutput([]))
  })
})

describe("EpochSeconds", () => {
  const decodesTo: ReadonlyArray<readonly [name: string, wire: unknown, iso: string]> = [
    ["fractional seconds", 1550505827.119, "2019-02-18T16:03:47.119Z"],
    ["whole seconds", 1550505536, "2019-02-18T15:58:56.000Z"],
    ["Java's exponent form", JSON.parse("1.529008678885E9"), "2018-06-14T20:37:58.885Z"],
    ["a numeric string", "1550505827.119", "2019-02-18T16:03:47.119Z"],
    ["a numeric string in exponent form", "1.529008678885E9", "2018-06-14T20:37:58.885Z"],
    ["an ISO-8601 string in UTC", "2019-02-18T16:03:47.119Z", "2019-02-18T16:03:47.119Z"],
    ["an ISO-8601 string with an offset", "2019-02-18T17:03:47.119+01:00", "2019-02-18T16:03:47.119Z"],
    [
      "an ISO-8601 string with a negative offset and no fraction",
      "2019-02-18T15:03:47-01:00",
      "2019-02-18T16:03:47.000Z"
    ],
    [
      "an ISO-8601 string with more than three fraction digits",
      "2019-02-18T16:03:47.1194999Z",
      "2019-02-18T16:03:47.119Z"
    ],
    ["sub-millisecond digits, rounded like the JS SDK", 1550505827.9996, "2019-02-18T16:03:48.000Z"]
  ]
  for (const [name, wire, iso] of decodesTo) {
    it(`decodes ${name}`, () => {
      const decoded = decodeEpochSeconds(wire)
      assert.isTrue(Option.isSome(decoded))
      if (Option.isSome(decoded)) assert.strictEqual(decoded.value.toISOString(), iso)
    })
  }

  for (const wire of ["yesterday", "", "2019-02-18", "2019-13-45T99:00:00Z", Number.POSITIVE_INFINITY, null]) {
    it(`rejects ${JSON.stringify(wire) ?? String(wire)}`, () => {
      assert.isTrue(Option.isNone(decodeEpochSeconds(wire)))
    })
  }

  it("encodes a Date to epoch seconds with millisecond precision", () => {
    assert.strictEqual(Schema.encodeSync(EpochSeconds)(new Date(1550505827119)), 1550505827.119)
    assert.strictEqual(Schema.encodeSync(EpochSeconds)(new Date(Date.UTC(2019, 1, 18, 16, 3, 49, 500))), 1550505829.5)
  })
})

describe("parseResourceCountByStatus", () => {
  const cases: ReadonlyArray<readonly [text: string, counts: Record<string, number>]> = [
    ["{Failed=2, Success=5}", { Failed: 2, Success: 5 }],
    ["{Success=1}", { Success: 1 }],
    ["{}", {}],
    ["", {}],
    ["  { Failed = 2 ,Success=5 , Pending=0 }  ", { Failed: 2, Success: 5, Pending: 0 }],
    ["{Failed=2, garbage, Success=x, =3, Pending=1}", { Failed: 2, Pending: 1 }],
    ["{Timed Out=4}", { "Timed Out": 4 }],
    ["not a map at all", {}]
  ]
  for (const [text, counts] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepStrictEqual(parseResourceCountByStatus(text), counts)
    })
  }
})
