import { assert, describe, it } from "@effect/vitest"
import { encodedSamples, objectsReached } from "@line/testing"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import {
  AssociationExecution,
  DescribeAssociationExecutionsOutput
} from "ssm-association-executions/DescribeAssociationExecutions"
import {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsOutput
} from "ssm-association-executions/DescribeAssociationExecutionTargets"
import { type Decoded, decoded } from "ssm-association-executions/internal/decoded"
import {
  decodeOutput,
  decodeTargetsOutput,
  decodeUsualPage,
  decodeUsualTargetsPage,
  shapes,
  targetShapes
} from "ssm-association-executions/internal/outputDecoder"
import { type Reader, structReader, unusual } from "ssm-association-executions/internal/pageReader"
import { schemaDecoder, shapeOf } from "ssm-association-executions/line/outputDecoder"
import { optionalMember } from "ssm-association-executions/line/schemaParts"

const decodeWithSchema = schemaDecoder(DescribeAssociationExecutionsOutput)
const decodeTargetsWithSchema = schemaDecoder(DescribeAssociationExecutionTargetsOutput)

const fixtureBody = (name: string): unknown =>
  JSON.parse(
    JSON.parse(
      readFileSync(new URL(`./fixtures/describe-association-executions.${name}.json`, import.meta.url), "utf8")
    ).response.body
  )

// Pages come from the Schema itself: its members (nested ones included), present or absent, with
// values of their types, encoded as the wire has them (epoch seconds). A member added to the Schema
// is in them the moment it is added, so the fast path cannot miss it unnoticed.
const runs = 300

/** A seeded generator of whole numbers below a bound (mulberry32), so every run sees the same pages. */
const seededChoices = (seed: number) => {
  let state = seed >>> 0
  return (below: number): number => {
    state = (state + 0x6D2B79F5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return (((mixed ^ (mixed >>> 14)) >>> 0) % below)
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Every object and list in the value, outermost first: the places a change can go. */
const containersIn = (value: unknown): Array<Record<string, unknown> | Array<unknown>> => {
  const found: Array<Record<string, unknown> | Array<unknown>> = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      found.push(node)
      node.forEach(visit)
    } else if (isObject(node)) {
      found.push(node)
      Object.values(node).forEach(visit)
    }
  }
  visit(value)
  return found
}

// Then, sometimes, what AWS should not send or sends in another form: a member or element dropped,
// replaced (wrong types, timestamps as text or out of range), added (an unknown member) or null, which
// the Schema reads as absent and the fast path leaves to the Schema.
const kinds = ["drop", "replace", "add", "null"] as const
// JSON text, parsed where it goes, so no two places share one value.
const jsonValues = [
  "null",
  "7",
  "true",
  "\"text\"",
  "\"\"",
  "[]",
  "{}",
  "{\"Name\":\"n\"}",
  "\"2024-02-29T12:00:00.5Z\"",
  "\"1.529008678885E9\"",
  "\" 17 \"",
  "\"not a date\"",
  "1e400",
  "1550505827.119"
] as const

interface Change {
  readonly kind: typeof kinds[number]
  readonly container: number
  readonly position: number
  readonly json: string
}

const changeFrom = (choose: (below: number) => number): Change => ({
  kind: kinds[choose(kinds.length)] ?? "drop",
  container: choose(1000),
  position: choose(1000),
  json: jsonValues[choose(jsonValues.length)] ?? "null"
})

const applyChange = (page: unknown, change: Change): void => {
  const containers = containersIn(page)
  const container = containers[change.container % containers.length]
  if (container === undefined) return
  const value: unknown = change.kind === "null" ? null : JSON.parse(change.json)
  if (Array.isArray(container)) {
    const index = change.position % Math.max(container.length, 1)
    if (change.kind === "add") container.splice(index, 0, value)
    else if (index < container.length) {
      if (change.kind === "drop") container.splice(index, 1)
      else container[index] = value
    }
    return
  }
  const names = Object.keys(container)
  const name = names[change.position % Math.max(names.length, 1)]
  if (change.kind === "add") container["SomeFutureMember"] = value
  else if (name !== undefined) {
    if (change.kind === "drop") delete container[name]
    else container[name] = value
  }
}

/** The Schema's pages as JSON text makes them, each with up to three changes, the same on every run. */
const wirePages = (samples: ReadonlyArray<unknown>, seed: number): ReadonlyArray<unknown> => {
  const choose = seededChoices(seed)
  return samples.map((page) => {
    // JSON text in between, as on the wire; lists cut to three elements, which is all a case needs
    // and keeps the run short.
    const wire: unknown = JSON.parse(
      JSON.stringify(page),
      (_, value: unknown) => Array.isArray(value) ? value.slice(0, 3) : value
    )
    const changes = Array.from({ length: choose(4) }, () => changeFrom(choose))
    for (const change of changes) applyChange(wire, change)
    return wire
  })
}

/** Each operation's decoder, its fast path alone, its Schema and the objects the fast path reads. */
const operations = [
  {
    name: "DescribeAssociationExecutions",
    output: DescribeAssociationExecutionsOutput,
    wirePages: wirePages(encodedSamples(DescribeAssociationExecutionsOutput.to, runs, 20221), 7),
    decode: (body: unknown): Decoded<unknown> => decodeOutput(body),
    decodeUsual: (body: unknown): unknown => decodeUsualPage(body),
    decodeWithSchema: (body: unknown): Decoded<unknown> => decodeWithSchema(body),
    shapes: Object.values(shapes)
  },
  {
    name: "DescribeAssociationExecutionTargets",
    output: DescribeAssociationExecutionTargetsOutput,
    wirePages: wirePages(encodedSamples(DescribeAssociationExecutionTargetsOutput.to, runs, 20222), 8),
    decode: (body: unknown): Decoded<unknown> => decodeTargetsOutput(body),
    decodeUsual: (body: unknown): unknown => decodeUsualTargetsPage(body),
    decodeWithSchema: (body: unknown): Decoded<unknown> => decodeTargetsWithSchema(body),
    shapes: Object.values(targetShapes)
  }
]

describe.each(operations)("outputDecoder, $name", ({ decode, decodeUsual, decodeWithSchema, wirePages }) => {
  it("decodes every page exactly as the Schema does, successes and failures alike", () => {
    let fast = 0
    let failed = 0
    let schemaOnly = 0
    for (const wire of wirePages) {
      const expected = decodeWithSchema(wire)
      assert.deepStrictEqual(decode(wire), expected, JSON.stringify(wire))
      // Same members in the same order, so printed pages look the same whichever path ran.
      if (expected._tag === "Decoded") assert.strictEqual(JSON.stringify(decode(wire)), JSON.stringify(expected))
      if (decodeUsual(wire) !== undefined) fast++
      else if (expected._tag === "Mismatch") failed++
      else schemaOnly++
    }
    // Each way a page can go came up often enough for the comparison to mean something.
    assert.isAbove(fast, runs / 5, "pages read by the fast path")
    assert.isAbove(failed, runs / 10, "pages the Schema refuses")
    assert.isAbove(schemaOnly, 0, "pages only the Schema reads (a null in them)")
  })
})

describe("outputDecoder", () => {
  it("takes the fast path for the pages AWS sends, and leaves anything with a null to the Schema", () => {
    for (const name of ["page1", "page2", "filtered-empty"]) {
      const body = fixtureBody(name)
      const fast = decodeUsualPage(body)
      assert.isDefined(fast)
      assert.deepStrictEqual(decoded(fast), decodeWithSchema(body))
    }
    assert.isUndefined(decodeUsualPage({ AssociationExecutions: [{ ExecutionId: null }] }))
    assert.isUndefined(decodeUsualPage({ AssociationExecutions: [], NextToken: null }))
    assert.deepStrictEqual(
      decodeOutput({ AssociationExecutions: [{ ExecutionId: null, Status: "Success" }], NextToken: null }),
      decoded({ AssociationExecutions: [{ Status: "Success" }] })
    )
  })

  it("words a refused page by its first mismatch: the member's path and what was expected", () => {
    assert.deepStrictEqual(
      decodeOutput({ AssociationExecutions: [{ Status: "Failed" }, { CreatedTime: "yesterday" }] }),
      {
        _tag: "Mismatch",
        first: {
          path: ["AssociationExecutions", 1, "CreatedTime"],
          message: "expected epoch seconds or an ISO-8601 date-time"
        }
      }
    )
    const notAnObject = decodeOutput([])
    assert.strictEqual(notAnObject._tag, "Mismatch")
    if (notAnObject._tag === "Mismatch") assert.deepStrictEqual(notAnObject.first?.path, [])
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

  it("reads each item's own value of a member that usually repeats, across items and pages", () => {
    const execution = (AssociationId: string, Status: string) => ({ AssociationId, ExecutionId: `e-${Status}`, Status })
    const first = decodeUsualPage({
      AssociationExecutions: [execution("a-1", "Success"), execution("a-2", "Failed"), execution("a-1", "Success")]
    })
    assert.deepStrictEqual(first?.AssociationExecutions.map((item) => [item.AssociationId, item.Status]), [
      ["a-1", "Success"],
      ["a-2", "Failed"],
      ["a-1", "Success"]
    ])
    // The next page starts with another value than the last one read, then an empty one.
    const second = decodeUsualPage({ AssociationExecutions: [execution("a-3", ""), execution("a-3", "")] })
    assert.deepStrictEqual(second?.AssociationExecutions.map((item) => [item.AssociationId, item.Status]), [
      ["a-3", ""],
      ["a-3", ""]
    ])
    assert.isUndefined(decodeUsualPage({ AssociationExecutions: [execution("a-3", "Success"), { AssociationId: 3 }] }))
    const targets = decodeUsualTargetsPage({
      AssociationExecutionTargets: [{ ExecutionId: "e-1", ResourceId: "i-1" }, {
        ExecutionId: "e-2",
        ResourceId: "i-2"
      }]
    })
    assert.deepStrictEqual(targets?.AssociationExecutionTargets.map((item) => item.ExecutionId), ["e-1", "e-2"])
  })

  // A targets page as AWS sends it (the shape of the API reference's example, epoch seconds).
  const targetsPage = {
    AssociationExecutionTargets: [
      {
        AssociationId: "c336d2ab-09de-44ba-8f6a-6136cEXAMPLE",
        AssociationVersion: "1",
        ExecutionId: "76a5a04f-caf6-490c-b057-be281EXAMPLE",
        ResourceId: "i-1234567890abcdef0",
        ResourceType: "ManagedInstance",
        Status: "Success",
        DetailedStatus: "Success",
        LastExecutionDate: 1550505827.119,
        OutputSource: { OutputSourceId: "97fff367-fc5a-4299-aed8-0123456789ab", OutputSourceType: "RunCommand" }
      },
      { ResourceId: "mi-0123456789abcdef0", ResourceType: "ManagedInstance", Status: "Pending" }
    ],
    NextToken: "AAEAAb..."
  }

  it("takes the fast path for the targets pages AWS sends, and leaves anything with a null to the Schema", () => {
    for (const body of [targetsPage, { AssociationExecutionTargets: [] }, {}]) {
      const fast = decodeUsualTargetsPage(body)
      assert.isDefined(fast)
      assert.deepStrictEqual(decoded(fast), decodeTargetsWithSchema(body))
    }
    const withSource = (OutputSource: unknown) => ({
      AssociationExecutionTargets: [{ Status: "Failed", OutputSource }]
    })
    assert.isUndefined(decodeUsualTargetsPage(withSource(null)))
    assert.isUndefined(decodeUsualTargetsPage(withSource({ OutputSourceId: null, OutputSourceType: "RunCommand" })))
    assert.isUndefined(decodeUsualTargetsPage({ AssociationExecutionTargets: null }))
    assert.deepStrictEqual(
      decodeTargetsOutput({ ...withSource({ OutputSourceId: null, OutputSourceType: "RunCommand" }), NextToken: null }),
      decoded({
        AssociationExecutionTargets: [{ Status: "Failed", OutputSource: { OutputSourceType: "RunCommand" } }]
      })
    )
    assert.deepStrictEqual(
      decodeTargetsOutput({ AssociationExecutionTargets: null, NextToken: "" }),
      decoded({ AssociationExecutionTargets: [] })
    )
  })

  it("drops target members the model does not have, and reads an absent targets list as empty", () => {
    assert.deepStrictEqual(
      decodeUsualTargetsPage({ NextToken: "t", Extra: 1 }),
      { AssociationExecutionTargets: [], NextToken: "t" }
    )
    assert.deepStrictEqual(
      decodeUsualTargetsPage({
        AssociationExecutionTargets: [{ Status: "Failed", OutputSource: { OutputSourceType: "RunCommand", Extra: 1 } }],
        NextToken: ""
      }),
      { AssociationExecutionTargets: [{ Status: "Failed", OutputSource: { OutputSourceType: "RunCommand" } }] }
    )
  })

  it("words a targets page it refuses exactly as the Schema does", () => {
    for (
      const body of [
        [],
        { AssociationExecutionTargets: [{ LastExecutionDate: "not a date" }] },
        { AssociationExecutionTargets: [{ OutputSource: "RunCommand" }] }
      ]
    ) {
      const refused = decodeTargetsOutput(body)
      assert.strictEqual(refused._tag, "Mismatch")
      assert.deepStrictEqual(refused, decodeTargetsWithSchema(body))
    }
  })
})

describe.each(operations)("outputDecoder and the Schema, one contract: $name", ({ output, shapes }) => {
  it("reads every member of every object, in the Schema's order, under the Schema's wire names", () => {
    for (const { schema, shape } of shapes) {
      const level = String(schema.ast)
      assert.deepStrictEqual(shape.members.map((member) => member.name), Object.keys(schema.fields), level)
      assert.deepStrictEqual(shape.members.map((member) => member.wireName), Object.keys(schema.fields), level)
      assert.deepStrictEqual(shape.unread, [], level)
      assert.isFalse(shape.unreadable, level)
    }
  })

  it("has a shape for every object the output Schema reaches, at every depth", () => {
    const shaped = new Set(shapes.map(({ schema }) => Object.keys(schema.fields).join(",")))
    const reached = new Set(objectsReached(output).map((members) => members.join(",")))
    for (const members of reached) {
      assert.isTrue(shaped.has(members), `an object the fast path has no shape for: ${members}`)
    }
    assert.strictEqual(reached.size, shaped.size, "every shape belongs to an object the Schema has")
  })
})

describe("outputDecoder and the Schema, one contract", () => {
  // What a member added to the Schema looks like to a decoder not told about it: the same static
  // type, one more field at run time (the compiler would refuse the readers table; a test run does
  // not compile).
  const extraMember = optionalMember(Schema.String)
  const text: Reader<string> = (wire) => typeof wire === "string" ? wire : unusual

  it("sends an object with a member the readers lack to the Schema rather than drop the member", () => {
    const withExtra = { ...AssociationExecution.fields, Extra: extraMember }
    const fields: typeof AssociationExecution.fields = withExtra
    const read = structReader(shapeOf(Schema.Struct(fields), shapes.execution.readers))
    assert.strictEqual(read({ Status: "Success", Extra: "kept" }), unusual)
    assert.deepStrictEqual(read({ Status: "Success" }), { Status: "Success" })
    // A required one: the fast path could never give it, so it reads nothing.
    const withRequired = { ...AssociationExecution.fields, Extra: Schema.String }
    const requiredFields: typeof AssociationExecution.fields = withRequired
    const readNone = structReader(shapeOf(Schema.Struct(requiredFields), shapes.execution.readers))
    assert.strictEqual(readNone({ Status: "Success" }), unusual)
  })

  it("sends a target with a member the readers lack to the Schema rather than drop the member", () => {
    const withExtra = { ...AssociationExecutionTarget.fields, Extra: extraMember }
    const fields: typeof AssociationExecutionTarget.fields = withExtra
    const read = structReader(shapeOf(Schema.Struct(fields), targetShapes.target.readers))
    assert.strictEqual(read({ ResourceId: "i-1", Extra: "kept" }), unusual)
    assert.deepStrictEqual(read({ ResourceId: "i-1" }), { ResourceId: "i-1" })
  })

  it("reads a member the Schema gains once it has a reader, where the Schema puts it", () => {
    const { AssociationId, ...rest } = AssociationExecution.fields
    const Extended = Schema.Struct({ AssociationId, Extra: extraMember, ...rest })
    const read = structReader(shapeOf(Extended, { ...shapes.execution.readers, Extra: text }))
    const wire = { ExecutionId: "e", Extra: "kept", AssociationId: "a", CreatedTime: 1550505827.119 }
    const fast = read(wire)
    if (fast === unusual) return assert.fail("the fast path left a page it can read to the Schema")
    assert.deepStrictEqual(fast, Schema.decodeUnknownSync(Extended)(wire))
    assert.deepStrictEqual(Object.keys(fast), ["AssociationId", "Extra", "ExecutionId", "CreatedTime"])
  })
})
