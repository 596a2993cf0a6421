import { assert, describe, it } from "@effect/vitest"
import { TestClock } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { signatureVerification } from "ssm-association-executions/internal/inMemory/localSignatures"
import type { WireRequest, WireResponse } from "ssm-association-executions/internal/inMemory/wire"
import { computeSignature, parseAuthorization, verify } from "ssm-association-executions/internal/sigv4Verify"
import { errorBody, type ExecutionsPage, executionsPage, targetsPage } from "./support/wireJson.js"

type Operation = "DescribeAssociationExecutions" | "DescribeAssociationExecutionTargets"

const request = (
  body: unknown,
  operation: Operation = "DescribeAssociationExecutions",
  headers: Record<string, string> = {}
): WireRequest => ({
  method: "POST",
  path: "/",
  headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonSSM.${operation}`, ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body)
})

const responseOf = (
  response: WireResponse
): { readonly status: number; readonly body: string; readonly headers: Readonly<Record<string, string>> } => {
  assert.strictEqual(response._tag, "Response")
  return response._tag === "Response" ? response : { status: 0, body: "", headers: {} }
}

const page = (model: InMemorySsm.InMemorySsm, body: unknown) =>
  Effect.map(model.handle(request(body)), (response) => {
    const { body: text, status } = responseOf(response)
    assert.strictEqual(status, 200, text)
    return executionsPage(text)
  })

const failure = (model: InMemorySsm.InMemorySsm, body: unknown, operation?: Operation) =>
  Effect.map(model.handle(request(body, operation)), (response) => {
    const { body: text, status } = responseOf(response)
    return { status, ...errorBody(text) }
  })

/** Follows NextToken to the end, returning every page. */
const allPages = (model: InMemorySsm.InMemorySsm, input: Record<string, unknown>) =>
  Effect.gen(function*() {
    const pages: Array<ExecutionsPage> = []
    let token: string | undefined
    do {
      const next = yield* page(model, token === undefined ? input : { ...input, NextToken: token })
      pages.push(next)
      token = next.NextToken
    } while (token !== undefined)
    return pages
  })

const idA = "8dfe3659-4309-493a-8755-0123456789ab"
const iso = (date: Date) => date.toISOString()

// A small hand-written dataset with a CreatedTime tie, to pin ordering and boundaries exactly.
const handWritten: ReadonlyArray<InMemorySsm.AssociationInput> = [{
  AssociationId: idA,
  executions: [
    {
      ExecutionId: "00000000-0000-4000-8000-000000000001",
      Status: "Success",
      CreatedTime: new Date("2019-02-18T16:00:00.500Z")
    },
    {
      ExecutionId: "00000000-0000-4000-8000-000000000003",
      Status: "Failed",
      CreatedTime: new Date("2019-02-18T17:00:00.119Z")
    },
    {
      ExecutionId: "00000000-0000-4000-8000-000000000002",
      Status: "Failed",
      CreatedTime: new Date("2019-02-18T17:00:00.119Z"),
      targets: [
        { ResourceId: "i-0000000000000000a", ResourceType: "ManagedInstance", Status: "Failed" },
        { ResourceId: "i-0000000000000000b", ResourceType: "ManagedInstance", Status: "Success" }
      ]
    },
    {
      ExecutionId: "00000000-0000-4000-8000-000000000004",
      Status: "Pending",
      CreatedTime: new Date("2019-02-18T18:30:00.001Z")
    }
  ]
}]

describe("InMemorySsm data", () => {
  it.effect("generates the same data from the same seed, and other data from another", () =>
    Effect.gen(function*() {
      const first = yield* InMemorySsm.generate({ seed: 42, associations: 2, executionsPerAssociation: 30 })
      const second = yield* InMemorySsm.generate({ seed: 42, associations: 2, executionsPerAssociation: 30 })
      const other = yield* InMemorySsm.generate({ seed: 43, associations: 2, executionsPerAssociation: 30 })
      const everything = (model: InMemorySsm.InMemorySsm) =>
        model.associationIds.map((id) => ({
          id,
          executions: model.executions(id).map((execution) => ({
            execution,
            targets: model.targets(id, execution.ExecutionId)
          }))
        }))
      assert.deepStrictEqual(everything(first), everything(second))
      assert.notDeepEqual(first.associationIds, other.associationIds)
      assert.strictEqual(first.associationIds.length, 2)
      assert.strictEqual(first.executions(first.associationIds[0] ?? "").length, 30)
      assert.isTrue(
        first.executions(first.associationIds[0] ?? "").every((execution) =>
          first.targets(first.associationIds[0] ?? "", execution.ExecutionId).length >= 1
        )
      )
    }))

  // Alarms belong to an association (about a third have them): many small associations, so that
  // every kind of execution shows up whatever the seed.
  it.effect("generates realistic executions with targets matching their resource counts", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: "realistic", associations: 24, executionsPerAssociation: 20 })
      const executions = model.associationIds.flatMap((id) => model.executions(id))
      const statuses = new Set(executions.map((execution) => execution.Status))
      assert.deepStrictEqual([...statuses].sort(), ["Failed", "Pending", "Success"])
      assert.isTrue(
        executions.every((execution) => /^\{(\w+=\d+)(, \w+=\d+)*\}$/.test(execution.ResourceCountByStatus ?? ""))
      )
      assert.isTrue(executions.some((execution) => execution.ResourceCountByStatus?.includes(", ") === true))
      assert.isTrue(executions.some((execution) => execution.AlarmConfiguration !== undefined))
      assert.isTrue(executions.some((execution) => execution.TriggeredAlarms?.[0]?.State === "ALARM"))
      assert.isTrue(executions.filter((execution) => execution.CreatedTime.getTime() % 1000 !== 0).length > 400)
      const withLastExecution = executions.filter((execution) => execution.LastExecutionDate !== undefined).length
      assert.isTrue(withLastExecution > executions.length / 2 && withLastExecution < executions.length)
      assert.isTrue(executions.every((execution) => /^[1-9]\d*$/.test(execution.AssociationVersion ?? "")))
      for (const association of model.associations) {
        for (const execution of association.executions.slice()) {
          const targets = model.targets(association.AssociationId, execution.ExecutionId)
          const counts = new Map<string, number>()
          for (const target of targets) counts.set(target.Status ?? "", (counts.get(target.Status ?? "") ?? 0) + 1)
          const rendered = `{${
            [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}=${n}`).join(", ")
          }}`
          assert.strictEqual(rendered, execution.ResourceCountByStatus)
        }
      }
    }))

  it.effect("generates realistic targets: EC2 instances and hybrid nodes, both ManagedInstance", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: "realistic", associations: 24, executionsPerAssociation: 20 })
      const pairs = model.associations.flatMap((association) =>
        association.executions.slice().flatMap((execution) =>
          model.targets(association.AssociationId, execution.ExecutionId).map((target) => ({ execution, target }))
        )
      )
      const targets = pairs.map(({ target }) => target)
      assert.isTrue(targets.every((target) => /^m?i-[0-9a-f]{17}$/.test(target.ResourceId)))
      assert.isTrue(targets.every((target) => target.ResourceType === "ManagedInstance"))
      const hybrid = targets.filter((target) => target.ResourceId.startsWith("mi-")).length
      // About a quarter: the first of the 17 digits decides, 4 of 16 values.
      assert.isTrue(hybrid > targets.length / 6 && hybrid < targets.length / 3, `${hybrid} of ${targets.length}`)
      const detailed = new Set(targets.map((target) => target.DetailedStatus))
      assert.deepStrictEqual([...detailed].sort(), ["Failed", "Pending", "Success", "TimedOut"])
      for (const { execution, target } of pairs) {
        // A failed target carries its execution's reason; the others their status.
        assert.strictEqual(target.DetailedStatus, target.Status === "Failed" ? execution.DetailedStatus : target.Status)
        // Output exactly where the execution ran: a Run Command id for each target.
        assert.strictEqual(target.OutputSource === undefined, execution.LastExecutionDate === undefined)
        assert.strictEqual(target.LastExecutionDate?.getTime(), execution.LastExecutionDate?.getTime())
        if (target.OutputSource !== undefined) {
          assert.strictEqual(target.OutputSource.OutputSourceType, "RunCommand")
          assert.match(
            target.OutputSource.OutputSourceId,
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
          )
        }
      }
      assert.isTrue(targets.some((target) => target.OutputSource === undefined))
      assert.isTrue(targets.some((target) => target.OutputSource !== undefined))
    }))

  it.effect("keeps the generated data of a seed fixed: the id's kind is read from its digits, not drawn", () =>
    Effect.gen(function*() {
      // Pinned values: another draw for this association, this execution or its targets would move them.
      const model = yield* InMemorySsm.generate({ seed: "realistic", associations: 24, executionsPerAssociation: 20 })
      const association = model.associations[5]
      const execution = association?.executions.at(19)
      assert.isDefined(association)
      assert.isDefined(execution)
      if (association === undefined || execution === undefined) return
      const ids = model.targets(association.AssociationId, execution.ExecutionId).map((target) => target.ResourceId)
      assert.deepStrictEqual({ association: association.AssociationId, execution: execution.ExecutionId, ids }, {
        association: "4790c923-fecd-45f4-ab55-db7773f53032",
        execution: "0ae23a5f-9c87-4346-9576-6d455f3da356",
        ids: ["mi-2f09f2844c40d1432", "i-f4872144636f32efe", "i-4a564a04c7c7283f8"]
      })
    }))
})

describe("InMemorySsm generated on demand", () => {
  // Running quantities (CreatedTime, AssociationVersion) are kept every 1024 executions.
  const size = 5000
  const generated = InMemorySsm.generate({ seed: "on demand", associations: 2, executionsPerAssociation: size })

  it.effect("reads any execution by position as a walk from the newest reaches it, across checkpoints", () =>
    Effect.gen(function*() {
      const model = yield* generated
      const [association] = model.associations
      assert.isDefined(association)
      if (association === undefined) return
      const walk = association.executions.slice()
      assert.strictEqual(walk.length, size)
      assert.deepStrictEqual(model.executions(association.AssociationId), walk)
      const sample = [0, 1, 1022, 1023, 1024, 1025, 2047, 2048, 2049, 3071, 3072, 4095, 4096, 4097, size - 1]
      for (let index = 0; index < size; index += 97) sample.push(index)
      for (const index of sample) assert.deepStrictEqual(association.executions.at(index), walk[index], `at(${index})`)
      assert.deepStrictEqual(association.executions.at(-1), walk[size - 1])
      assert.isUndefined(association.executions.at(size))
      for (const [start, end] of [[1000, 1100], [1024, 2048], [4090, size + 10], [-7, undefined], [3000, 2000]]) {
        assert.deepStrictEqual(
          association.executions.slice(start, end),
          walk.slice(start, end),
          `slice(${start}, ${end})`
        )
      }
    }))

  it.effect("keeps the service's order, versions growing with time, and ids unique", () =>
    Effect.gen(function*() {
      const model = yield* generated
      const walk = model.executions(model.associationIds[0] ?? "")
      let ties = 0
      for (let index = 1; index < walk.length; index++) {
        const [newer, older] = [walk[index - 1], walk[index]]
        if (newer === undefined || older === undefined) continue
        const tied = newer.CreatedTime.getTime() === older.CreatedTime.getTime()
        assert.isTrue(
          newer.CreatedTime > older.CreatedTime || (tied && newer.ExecutionId < older.ExecutionId),
          `positions ${index - 1} and ${index}`
        )
        if (tied) ties++
        assert.isAtLeast(Number(newer.AssociationVersion), Number(older.AssociationVersion))
      }
      // About 3% start in the same millisecond as the one before.
      assert.isTrue(ties > size / 100 && ties < size / 20, `${ties} ties`)
      assert.strictEqual(walk.at(-1)?.AssociationVersion, "1")
      assert.isAbove(Number(walk[0]?.AssociationVersion), 100)
      assert.strictEqual(new Set(walk.map((execution) => execution.ExecutionId)).size, size)
    }))

  it.effect("finds an execution's targets from its id alone, and no targets for an id it did not make", () =>
    Effect.gen(function*() {
      const model = yield* generated
      const [first, second] = model.associations
      assert.isDefined(first)
      assert.isDefined(second)
      if (first === undefined || second === undefined) return
      for (const index of [0, 1023, 1024, 2500, size - 1]) {
        const execution = first.executions.at(index)
        const targets = first.targets(execution?.ExecutionId ?? "")?.slice() ?? []
        assert.isAbove(targets.length, 0)
        assert.isTrue(targets.every((target) => target.ExecutionId === execution?.ExecutionId))
        assert.deepStrictEqual(targets, model.targets(first.AssociationId, execution?.ExecutionId ?? ""))
      }
      const id = first.executions.at(42)?.ExecutionId ?? ""
      // Another association's id, the same position's first group with another tail, and upper case.
      assert.isUndefined(first.targets(second.executions.at(42)?.ExecutionId ?? ""))
      assert.isUndefined(first.targets(`${id.slice(0, 9)}0000-4000-8000-000000000000`))
      assert.isUndefined(first.targets(id.toUpperCase()))
      assert.deepStrictEqual(model.targets(first.AssociationId, "not-an-id"), [])
    }))
})

describe("InMemorySsm DescribeAssociationExecutions", () => {
  it.effect("pages newest CreatedTime first, ties by ExecutionId, with 50 items by default", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: 1, associations: 1, executionsPerAssociation: 120 })
      const associationId = model.associationIds[0] ?? ""
      const pages = yield* allPages(model, { AssociationId: associationId })
      assert.deepStrictEqual(pages.map((p) => p.AssociationExecutions.length), [50, 50, 20])
      const received = pages.flatMap((p) => p.AssociationExecutions)
      assert.deepStrictEqual(
        received.map((e) => e.ExecutionId),
        model.executions(associationId).map((e) => e.ExecutionId)
      )
      for (let index = 1; index < received.length; index++) {
        const [previous, current] = [received[index - 1], received[index]]
        if (previous === undefined || current === undefined) continue
        assert.isTrue(
          previous.CreatedTime > current.CreatedTime ||
            (previous.CreatedTime === current.CreatedTime && previous.ExecutionId < current.ExecutionId)
        )
      }
    }))

  it.effect("writes epoch seconds with at most three decimals and ties in ExecutionId order", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const { AssociationExecutions, NextToken } = yield* page(model, { AssociationId: idA })
      assert.strictEqual(NextToken, undefined)
      assert.deepStrictEqual(AssociationExecutions.map((e) => [e.ExecutionId.slice(-1), e.CreatedTime]), [
        ["4", 1550514600.001],
        ["2", 1550509200.119],
        ["3", 1550509200.119],
        ["1", 1550505600.5]
      ])
      const raw = responseOf(yield* model.handle(request({ AssociationId: idA }))).body
      assert.include(raw, "\"CreatedTime\":1550509200.119")
      assert.notInclude(raw, "null")
    }))

  it.effect("honours MaxResults from 1 to 50 and ends without a NextToken", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: 2, associations: 1, executionsPerAssociation: 23 })
      const associationId = model.associationIds[0] ?? ""
      const sevens = yield* allPages(model, { AssociationId: associationId, MaxResults: 7 })
      assert.deepStrictEqual(sevens.map((p) => p.AssociationExecutions.length), [7, 7, 7, 2])
      const ones = yield* allPages(model, { AssociationId: associationId, MaxResults: 1 })
      assert.strictEqual(ones.length, 23)
      const fifty = yield* allPages(model, { AssociationId: associationId, MaxResults: 50 })
      assert.strictEqual(fifty.length, 1)
    }))

  it.effect("filters by ExecutionId, Status and CreatedTime with strict bounds", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const ids = (body: Record<string, unknown>) =>
        Effect.map(
          page(model, { AssociationId: idA, ...body }),
          (p) => p.AssociationExecutions.map((e) => e.ExecutionId.slice(-1))
        )
      const filter = (Key: string, Type: string, Value: string) => ({ Filters: [{ Key, Type, Value }] })
      assert.deepStrictEqual(yield* ids(filter("ExecutionId", "EQUAL", "00000000-0000-4000-8000-000000000003")), ["3"])
      assert.deepStrictEqual(yield* ids(filter("Status", "EQUAL", "Failed")), ["2", "3"])
      assert.deepStrictEqual(yield* ids(filter("Status", "EQUAL", "Cancelled")), [])
      const tie = "2019-02-18T17:00:00.119Z"
      assert.deepStrictEqual(yield* ids(filter("CreatedTime", "EQUAL", tie)), ["2", "3"])
      assert.deepStrictEqual(yield* ids(filter("CreatedTime", "GREATER_THAN", tie)), ["4"])
      assert.deepStrictEqual(yield* ids(filter("CreatedTime", "LESS_THAN", tie)), ["1"])
      assert.deepStrictEqual(yield* ids(filter("CreatedTime", "LESS_THAN", "2019-02-18T18:00:00+01:00")), ["1"])
      assert.deepStrictEqual(
        yield* ids({
          Filters: [
            { Key: "CreatedTime", Type: "GREATER_THAN", Value: "2019-02-18T16:00:00Z" },
            { Key: "Status", Type: "EQUAL", Value: "Failed" }
          ]
        }),
        ["2", "3"]
      )
    }))

  it.effect("matches the generated ground truth for every filter across pages", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: 5, associations: 1, executionsPerAssociation: 90 })
      const associationId = model.associationIds[0] ?? ""
      const truth = model.executions(associationId)
      const middle = truth[45]?.CreatedTime ?? new Date(0)
      const received = (Filters: ReadonlyArray<Record<string, string>>) =>
        Effect.map(
          allPages(model, { AssociationId: associationId, Filters, MaxResults: 10 }),
          (pages) => pages.flatMap((p) => p.AssociationExecutions.map((e) => e.ExecutionId))
        )
      assert.deepStrictEqual(
        yield* received([{ Key: "Status", Type: "EQUAL", Value: "Success" }]),
        truth.filter((e) => e.Status === "Success").map((e) => e.ExecutionId)
      )
      assert.deepStrictEqual(
        yield* received([{ Key: "CreatedTime", Type: "LESS_THAN", Value: iso(middle) }]),
        truth.filter((e) => e.CreatedTime < middle).map((e) => e.ExecutionId)
      )
      assert.deepStrictEqual(
        yield* received([{ Key: "CreatedTime", Type: "GREATER_THAN", Value: iso(middle) }]),
        truth.filter((e) => e.CreatedTime > middle).map((e) => e.ExecutionId)
      )
    }))

  it.effect("with filters applied after paging, pages may be short or empty and still carry a NextToken", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({
        seed: 6,
        associations: 1,
        executionsPerAssociation: 40,
        filterMode: "afterPaging"
      })
      const associationId = model.associationIds[0] ?? ""
      const pages = yield* allPages(model, {
        AssociationId: associationId,
        MaxResults: 5,
        Filters: [{ Key: "Status", Type: "EQUAL", Value: "Pending" }]
      })
      assert.strictEqual(pages.length, 8)
      assert.isTrue(pages.some((p) => p.AssociationExecutions.length === 0 && p.NextToken !== undefined))
      assert.deepStrictEqual(
        pages.flatMap((p) => p.AssociationExecutions.map((e) => e.ExecutionId)),
        model.executions(associationId).filter((e) => e.Status === "Pending").map((e) => e.ExecutionId)
      )
    }))

  it.effect("answers an unknown association with AssociationDoesNotExist (400)", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const unknown = "11111111-2222-4333-8444-555555555555"
      assert.deepStrictEqual(yield* failure(model, { AssociationId: unknown }), {
        status: 400,
        __type: "AssociationDoesNotExist",
        message: `Association ${unknown} does not exist.`
      })
    }))
})

describe("InMemorySsm validation", () => {
  const validation = (body: unknown) =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      return yield* failure(model, body)
    })

  it.effect("reports a range violation the way SSM does", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* validation({ AssociationId: idA, MaxResults: 100 }), {
        status: 400,
        __type: "ValidationException",
        message:
          "1 validation error detected: Value '100' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"
      })
      assert.strictEqual(
        (yield* validation({ AssociationId: idA, MaxResults: 0 })).message,
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"
      )
    }))

  it.effect("counts several violations with lowerCamelCase paths and full-match patterns", () =>
    Effect.gen(function*() {
      const notAnId = `aws.ssm.${idA}-i-0123`
      const result = yield* validation({
        AssociationId: notAnId,
        Filters: [{ Key: "Colour", Type: "EQUAL", Value: "" }],
        MaxResults: 51
      })
      assert.strictEqual(result.__type, "ValidationException")
      assert.strictEqual(
        result.message,
        "4 validation errors detected: " + [
          `Value '${notAnId}' at 'associationId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
          "Value 'Colour' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [ExecutionId, Status, CreatedTime]",
          "Value '' at 'filters.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
          "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"
        ].join("; ")
      )
    }))

  it.effect("requires AssociationId and a non-empty filter list", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        (yield* validation({})).message,
        "1 validation error detected: Value null at 'associationId' failed to satisfy constraint: Member must not be null"
      )
      assert.strictEqual(
        (yield* validation({ AssociationId: idA, Filters: [] })).message,
        "1 validation error detected: Value '[]' at 'filters' failed to satisfy constraint: Member must have length greater than or equal to 1"
      )
      assert.strictEqual(
        (yield* validation({ AssociationId: idA, Filters: [{ Key: "Status", Value: "Failed" }] })).message,
        "1 validation error detected: Value null at 'filters.1.member.type' failed to satisfy constraint: Member must not be null"
      )
    }))

  it.effect("refuses disallowed Key/Type pairs and unparseable timestamps", () =>
    Effect.gen(function*() {
      const pair = yield* validation({
        AssociationId: idA,
        Filters: [{ Key: "Status", Type: "LESS_THAN", Value: "Failed" }]
      })
      assert.strictEqual(pair.__type, "ValidationException")
      assert.include(pair.message ?? "", "LESS_THAN")
      for (const value of ["yesterday", "2019-02-18", "2019-02-30T00:00:00Z", "2019-02-18T16:00:00"]) {
        const bad = yield* validation({
          AssociationId: idA,
          Filters: [{ Key: "CreatedTime", Type: "GREATER_THAN", Value: value }]
        })
        assert.strictEqual(bad.__type, "ValidationException", value)
        assert.include(bad.message ?? "", value)
      }
    }))

  it.effect("answers malformed JSON and wrong JSON types with a bare SerializationException", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      for (
        const body of [
          "{\"AssociationId\":",
          "[]",
          { AssociationId: 42 },
          { AssociationId: idA, MaxResults: { n: 1 } },
          { AssociationId: idA, MaxResults: 2.5 },
          { AssociationId: idA, Filters: "Status" },
          { AssociationId: idA, Filters: [{ Key: 1, Type: "EQUAL", Value: "x" }] }
        ]
      ) {
        const response = responseOf(yield* model.handle(request(body)))
        assert.strictEqual(response.status, 400)
        assert.strictEqual(response.body, "{\"__type\":\"SerializationException\"}")
      }
      // JSON null for an optional member means absent; unknown members are ignored.
      const tolerated = yield* page(model, { AssociationId: idA, MaxResults: null, Filters: null, Extra: true })
      assert.strictEqual(tolerated.AssociationExecutions.length, 4)
    }))
})

describe("InMemorySsm NextToken", () => {
  const setup = Effect.gen(function*() {
    const model = yield* InMemorySsm.generate({ seed: 9, associations: 2, executionsPerAssociation: 30 })
    const [first = "", second = ""] = model.associationIds
    const firstPage = yield* page(model, { AssociationId: first, MaxResults: 10 })
    return { model, first, second, token: firstPage.NextToken ?? "" }
  })
  const invalidToken = { status: 400, __type: "InvalidNextToken", message: "The specified token isn't valid." }

  it.effect("accepts the same token again with the same parameters", () =>
    Effect.gen(function*() {
      const { first, model, token } = yield* setup
      const once = yield* page(model, { AssociationId: first, MaxResults: 10, NextToken: token })
      const twice = yield* page(model, { AssociationId: first, MaxResults: 10, NextToken: token })
      assert.deepStrictEqual(once, twice)
      assert.deepStrictEqual(
        once.AssociationExecutions.map((e) => e.ExecutionId),
        model.executions(first).slice(10, 20).map((e) => e.ExecutionId)
      )
    }))

  it.effect("refuses an edited token", () =>
    Effect.gen(function*() {
      const { first, model, token } = yield* setup
      for (const index of [0, 3, 12, token.length - 1]) {
        const char = token[index] === "A" ? "B" : "A"
        const edited = `${token.slice(0, index)}${char}${token.slice(index + 1)}`
        assert.deepStrictEqual(
          yield* failure(model, { AssociationId: first, MaxResults: 10, NextToken: edited }),
          invalidToken
        )
      }
      assert.deepStrictEqual(
        yield* failure(model, { AssociationId: first, MaxResults: 10, NextToken: `${token}A` }),
        invalidToken
      )
      assert.deepStrictEqual(
        yield* failure(model, { AssociationId: first, MaxResults: 10, NextToken: "not a token!" }),
        invalidToken
      )
    }))

  it.effect("refuses a token from another model", () =>
    Effect.gen(function*() {
      const { first, token } = yield* setup
      const twin = yield* InMemorySsm.generate({ seed: 9, associations: 2, executionsPerAssociation: 30 })
      assert.deepStrictEqual(
        yield* failure(twin, { AssociationId: first, MaxResults: 10, NextToken: token }),
        invalidToken
      )
    }))

  it.effect("refuses a token reused with another association, page size, filter or operation", () =>
    Effect.gen(function*() {
      const { first, model, second, token } = yield* setup
      const reused = [
        { AssociationId: second, MaxResults: 10, NextToken: token },
        { AssociationId: first, MaxResults: 9, NextToken: token },
        { AssociationId: first, NextToken: token },
        {
          AssociationId: first,
          MaxResults: 10,
          NextToken: token,
          Filters: [{ Key: "Status", Type: "EQUAL", Value: "Success" }]
        }
      ]
      for (const body of reused) assert.deepStrictEqual(yield* failure(model, body), invalidToken)
      const executionId = model.executions(first)[0]?.ExecutionId ?? ""
      assert.deepStrictEqual(
        yield* failure(
          model,
          { AssociationId: first, ExecutionId: executionId, NextToken: token },
          "DescribeAssociationExecutionTargets"
        ),
        invalidToken
      )
    }))
})

describe("InMemorySsm wire handler", () => {
  it.effect("routes by X-Amz-Target, tolerates content-type parameters, and stamps every response", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const withCharset = responseOf(
        yield* model.handle(request({ AssociationId: idA }, "DescribeAssociationExecutions", {
          "content-type": "application/x-amz-json-1.1; charset=utf-8"
        }))
      )
      assert.strictEqual(withCharset.status, 200)
      assert.strictEqual(withCharset.headers["Content-Type"], "application/x-amz-json-1.1")
      const unknown = responseOf(
        yield* model.handle(request({ AssociationId: idA }, "DescribeAssociationExecutions", {
          "x-amz-target": "AmazonSSM.DeleteAssociation"
        }))
      )
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(unknown.body, "{\"__type\":\"UnknownOperationException\"}")
      for (const response of [withCharset, unknown]) {
        assert.match(
          response.headers["x-amzn-RequestId"] ?? "",
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        )
        assert.strictEqual(response.headers["Date"], new Date(0).toUTCString())
        assert.strictEqual(response.headers["Content-Length"], String(new TextEncoder().encode(response.body).length))
      }
    }))

  it.effect("serves DescribeAssociationExecutionTargets with filters, pages and its own errors", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const executionId = "00000000-0000-4000-8000-000000000002"
      const targets = (body: Record<string, unknown>) =>
        Effect.map(
          model.handle(
            request({ AssociationId: idA, ExecutionId: executionId, ...body }, "DescribeAssociationExecutionTargets")
          ),
          (response) => targetsPage(responseOf(response).body)
        )
      const all = yield* targets({})
      assert.deepStrictEqual(all.AssociationExecutionTargets.map((t) => t.ResourceId), [
        "i-0000000000000000a",
        "i-0000000000000000b"
      ])
      const first = yield* targets({ MaxResults: 1 })
      assert.strictEqual(first.AssociationExecutionTargets.length, 1)
      const second = yield* targets({ MaxResults: 1, NextToken: first.NextToken })
      assert.deepStrictEqual(second.AssociationExecutionTargets.map((t) => t.ResourceId), ["i-0000000000000000b"])
      assert.strictEqual(second.NextToken, undefined)
      const failed = yield* targets({ Filters: [{ Key: "Status", Value: "Failed" }] })
      assert.deepStrictEqual(failed.AssociationExecutionTargets.map((t) => t.ResourceId), ["i-0000000000000000a"])
      const missing = yield* failure(
        model,
        { AssociationId: idA, ExecutionId: "99999999-0000-4000-8000-000000000002" },
        "DescribeAssociationExecutionTargets"
      )
      assert.strictEqual(missing.__type, "AssociationExecutionDoesNotExist")
      const invalid = yield* failure(model, { AssociationId: idA }, "DescribeAssociationExecutionTargets")
      assert.strictEqual(
        invalid.message,
        "1 validation error detected: Value null at 'executionId' failed to satisfy constraint: Member must not be null"
      )
    }))

  it.effect("records every request in the log", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({ seed: 3, associations: 1, executionsPerAssociation: 5 })
      const associationId = model.associationIds[0] ?? ""
      yield* allPages(model, { AssociationId: associationId, MaxResults: 2 })
      yield* model.handle(request({ AssociationId: associationId, MaxResults: 500 }))
      const log = yield* model.requests
      assert.deepStrictEqual(
        log.map((entry) => [entry.page, entry.attempt, entry.hasNextToken, entry.status, entry.code]),
        [
          [1, 1, false, 200, undefined],
          [2, 1, true, 200, undefined],
          [3, 1, true, 200, undefined],
          [undefined, undefined, false, 400, "ValidationException"]
        ]
      )
      assert.isTrue(log.every((entry) => entry.operation === "DescribeAssociationExecutions"))
      assert.strictEqual(log[0]?.associationId, associationId)
      yield* model.clearRequests
      assert.deepStrictEqual(yield* model.requests, [])
    }))

  it.effect("keeps the most recent requestLogLimit requests and counts them all", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({
        seed: 3,
        associations: 1,
        executionsPerAssociation: 5,
        requestLogLimit: 10
      })
      const associationId = model.associationIds[0] ?? ""
      for (let sent = 0; sent < 25; sent++) yield* page(model, { AssociationId: associationId })
      const log = yield* model.requests
      assert.strictEqual(log.length, 10)
      // The log wraps, the page's attempt count does not: it was asked for within the bound.
      assert.deepStrictEqual(log.map((entry) => entry.attempt), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25])
      assert.strictEqual(yield* model.requestCount, 25)
      yield* model.clearRequests
      assert.deepStrictEqual(yield* model.requests, [])
      assert.strictEqual(yield* model.requestCount, 0)
    }))

  it.effect("forgets the attempt count of a page not asked for within requestLogLimit requests", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({
        seed: 3,
        associations: 1,
        executionsPerAssociation: 5,
        requestLogLimit: 2
      })
      const associationId = model.associationIds[0] ?? ""
      const input = { AssociationId: associationId, MaxResults: 2 }
      yield* page(model, input)
      const first = yield* page(model, input)
      const second = yield* page(model, { ...input, NextToken: first.NextToken })
      yield* page(model, { ...input, NextToken: second.NextToken })
      yield* page(model, input)
      // Pages 2 and 3 came between: page 1 counts from 1 again.
      assert.deepStrictEqual((yield* model.requests).map((entry) => [entry.page, entry.attempt]), [[3, 1], [1, 1]])
      assert.strictEqual(yield* model.requestCount, 5)
    }))
})

describe("InMemorySsm faults", () => {
  it.effect("throttles scripted attempts of one page, counting attempts per page", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({
        seed: 11,
        associations: 1,
        executionsPerAssociation: 50,
        faults: [{ page: 3, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
      })
      const associationId = model.associationIds[0] ?? ""
      let token: string | undefined
      const statuses: Array<number> = []
      for (let pageNumber = 1; pageNumber <= 4;) {
        const response = responseOf(
          yield* model.handle(request({ AssociationId: associationId, MaxResults: 10, NextToken: token }))
        )
        statuses.push(response.status)
        if (response.status !== 200) {
          assert.deepStrictEqual(errorBody(response.body), {
            __type: "ThrottlingException",
            message: "Rate exceeded"
          })
          continue
        }
        token = executionsPage(response.body).NextToken
        pageNumber++
      }
      assert.deepStrictEqual(statuses, [200, 200, 400, 400, 200, 200])
      const log = yield* model.requests
      assert.deepStrictEqual(log.map((entry) => [entry.page, entry.attempt]), [[1, 1], [2, 1], [3, 1], [3, 2], [3, 3], [
        4,
        1
      ]])
    }))

  it.effect("answers a scripted 500 only as often as told", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({
        associations: handWritten,
        faults: [{ times: 1, answer: InMemorySsm.Fault.internalServerError() }]
      })
      const first = responseOf(yield* model.handle(request({ AssociationId: idA })))
      assert.strictEqual(first.status, 500)
      assert.strictEqual(
        first.body,
        "{\"__type\":\"InternalServerError\",\"message\":\"An error occurred on the server side.\"}"
      )
      assert.strictEqual(responseOf(yield* model.handle(request({ AssociationId: idA }))).status, 200)
      yield* model.addFaults([{ associationId: idA, answer: InMemorySsm.Fault.error("AccessDeniedException", 400) }])
      const denied = responseOf(yield* model.handle(request({ AssociationId: idA })))
      assert.strictEqual(denied.body, "{\"__type\":\"AccessDeniedException\"}")
      yield* model.clearFaults
      assert.strictEqual(responseOf(yield* model.handle(request({ AssociationId: idA }))).status, 200)
    }))

  it.effect("delays scripted latency on Effect's clock", () =>
    Effect.scoped(Effect.gen(function*() {
      const model = yield* InMemorySsm.make({
        associations: handWritten,
        faults: [{ page: 1, answer: InMemorySsm.Fault.latency(2_000) }]
      })
      let answered = false
      const fiber = yield* Effect.forkScoped(
        Effect.tap(model.handle(request({ AssociationId: idA })), () => Effect.sync(() => (answered = true)))
      )
      yield* TestClock.adjust(1_999)
      assert.isFalse(answered)
      yield* TestClock.adjust(1)
      const response = responseOf(yield* Fiber.join(fiber))
      assert.strictEqual(answered, true)
      assert.strictEqual(response.status, 200)
    })))

  it.effect("draws random faults from a seed, reproducibly", () =>
    Effect.gen(function*() {
      const outcomes = (seed: number) =>
        Effect.gen(function*() {
          const model = yield* InMemorySsm.make({
            associations: handWritten,
            randomFaults: {
              seed,
              throttling: 0.2,
              internalServerError: 0.1,
              serviceUnavailable: 0.1,
              drop: 0.1,
              malformedBody: 0.1
            }
          })
          const results: Array<string> = []
          for (let index = 0; index < 60; index++) {
            const response = yield* model.handle(request({ AssociationId: idA }))
            results.push(
              response._tag === "Drop"
                ? "drop"
                : `${response.status}:${response.entry.outcome}:${response.entry.code ?? ""}`
            )
          }
          return results
        })
      const first = yield* outcomes(7)
      assert.deepStrictEqual(yield* outcomes(7), first)
      assert.notDeepEqual(yield* outcomes(8), first)
      for (
        const expected of [
          "200:Response:",
          "400:Response:ThrottlingException",
          "500:Response:InternalServerError",
          "503:Response:ServiceUnavailable",
          "drop",
          "200:CutBody:"
        ]
      ) assert.include(first, expected)
    }))

  it.effect("answers ThrottlingException beyond the server rate limit, refilling on the clock", () =>
    Effect.gen(function*() {
      const model = yield* InMemorySsm.make({
        associations: handWritten,
        rateLimit: { requestsPerSecond: 2, burst: 3 }
      })
      const status = Effect.map(
        model.handle(request({ AssociationId: idA })),
        (response) => responseOf(response).status
      )
      assert.deepStrictEqual(yield* Effect.all([status, status, status, status]), [200, 200, 200, 400])
      const throttled = yield* failure(model, { AssociationId: idA })
      assert.strictEqual(throttled.__type, "ThrottlingException")
      assert.strictEqual(throttled.message, "Rate exceeded")
      yield* TestClock.adjust(499)
      assert.strictEqual(yield* status, 400)
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(yield* Effect.all([status, status]), [200, 400])
      yield* TestClock.adjust(10_000)
      assert.deepStrictEqual(yield* Effect.all([status, status, status, status]), [200, 200, 200, 400])
    }))
})

// Vectors A-E of the spec's fixtures/sigv4-vectors.json (inputs and expected results).
const vectorInputs = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  amzDate: "20150830T123600Z",
  time: Date.UTC(2015, 7, 30, 12, 36, 0)
}
const compactBody = "{\"AssociationId\":\"8dfe3659-4309-493a-8755-0123456789ab\"}"
const baseHeaders = {
  "content-type": "application/x-amz-json-1.1",
  host: "ssm.us-east-1.amazonaws.com",
  "x-amz-date": "20150830T123600Z",
  "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
}
interface Vector {
  readonly id: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly stringToSignHash: string
  readonly signature: string
}

const vectors: readonly [Vector, Vector, Vector, Vector, Vector] = [
  {
    id: "A",
    headers: baseHeaders,
    body: compactBody,
    stringToSignHash: "ccf438b292d551d3197e40433e641b1b56d95328ae089fe1178b75341cb215ed",
    signature: "6363c2d066b334a379b08f36dcb261e1618e7eb5912635c87701d4548388b5b4"
  },
  {
    id: "B",
    headers: { ...baseHeaders, "x-amz-security-token": "AQoDYXdzEXAMPLEsessiontoken" },
    body: compactBody,
    stringToSignHash: "ec55fd30b8a7460be8e453cb7326fe362e5ab7b4df4866d37d89c36311f747ef",
    signature: "02a4177b6ddabe07c4d653e0ddc66cc7d636774b84e49e4e43fc2f27ed1ac2da"
  },
  {
    id: "C",
    headers: { ...baseHeaders, "content-length": "56" },
    body: compactBody,
    stringToSignHash: "6a5cbac148f078bfa5aa45fd81020e341205312733286aea9a042faf3ba8b1c1",
    signature: "05b984ba9ac54f4b67f29ba2cf600f756dd47bbf5ff13a75a92eaa5f3d8f383f"
  },
  {
    id: "D",
    headers: {
      ...baseHeaders,
      "x-amz-content-sha256": "bf3c09c27be90755086685596d83224f444e112802df56c1f2e77828a1bab993"
    },
    body: compactBody,
    stringToSignHash: "cc8a5d39a99b381a0b8a79489f67c03bd7093a180f4bf359da40d9c15fa08165",
    signature: "1429811007fda7f64660df1787ec65725457e353ad42a5eb77dc5c70917ffd6b"
  },
  {
    id: "E",
    headers: baseHeaders,
    body: "{\"AssociationId\": \"8dfe3659-4309-493a-8755-0123456789ab\"}",
    stringToSignHash: "8e83fd12d05822ea3c1170db93d84600e1990a10fe0180a132a38a7bbbcc6ba4",
    signature: "a6f53276df94333e60cbcfb81e2eae27885a3e11d4f148914a6da83c99f6803a"
  }
]

const authorizationFor = (headers: Record<string, string>, signature: string, accessKeyId = vectorInputs.accessKeyId) =>
  `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20150830/us-east-1/ssm/aws4_request, SignedHeaders=${
    Object.keys(headers).sort().join(";")
  }, Signature=${signature}`

const signedRequest = (vector: Vector, overrides: Record<string, string> = {}): WireRequest => ({
  method: "POST",
  path: "/",
  headers: {
    ...vector.headers,
    authorization: authorizationFor(vector.headers, vector.signature),
    ...overrides
  },
  body: vector.body
})

describe("SigV4 verification", () => {
  const vectorCredentials = signatureVerification({
    credentials: [
      { accessKeyId: vectorInputs.accessKeyId, secretAccessKey: Redacted.make(vectorInputs.secretAccessKey) }
    ],
    regions: ["us-east-1"]
  })
  const withToken = signatureVerification({
    credentials: [{
      accessKeyId: vectorInputs.accessKeyId,
      secretAccessKey: Redacted.make(vectorInputs.secretAccessKey),
      sessionToken: Redacted.make("AQoDYXdzEXAMPLEsessiontoken")
    }]
  })
  const rejection = (received: ReturnType<typeof signedRequest>, options = vectorCredentials) =>
    Effect.flip(verify(received, options)).pipe(
      Effect.map((error) => error._tag === "SignatureRejected" ? [error.code, error.message] : [error._tag, ""])
    )

  it.effect("computes the canonical request, string to sign and signature of vectors A-E", () =>
    Effect.gen(function*() {
      for (const vector of vectors) {
        const received = signedRequest(vector)
        const authorization = yield* parseAuthorization(received.headers["authorization"] ?? "")
        const computed = yield* computeSignature(
          received,
          authorization,
          vectorInputs.amzDate,
          Redacted.make(vectorInputs.secretAccessKey)
        )
        assert.strictEqual(computed.signature, vector.signature, vector.id)
        assert.strictEqual(computed.stringToSign.split("\n")[3], vector.stringToSignHash, vector.id)
      }
      const a = yield* computeSignature(
        signedRequest(vectors[0]),
        yield* parseAuthorization(signedRequest(vectors[0]).headers["authorization"] ?? ""),
        vectorInputs.amzDate,
        Redacted.make(vectorInputs.secretAccessKey)
      )
      assert.strictEqual(
        a.canonicalRequest,
        "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:ssm.us-east-1.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-target:AmazonSSM.DescribeAssociationExecutions\n\ncontent-type;host;x-amz-date;x-amz-target\nbf3c09c27be90755086685596d83224f444e112802df56c1f2e77828a1bab993"
      )
    }))

  it.effect("accepts vectors A, C, D, E with the key pair and B with its session token", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorInputs.time + 60_000)
      for (const vector of [vectors[0], vectors[2], vectors[3], vectors[4]]) {
        const accepted = yield* verify(signedRequest(vector), vectorCredentials)
        assert.strictEqual(accepted.accessKeyId, vectorInputs.accessKeyId, vector.id)
      }
      yield* verify(signedRequest(vectors[1]), withToken)
    }))

  it.effect("rejects what AWS rejects, with AWS's codes", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorInputs.time)
      const [a, b, , d] = vectors
      const mismatch = yield* rejection(
        signedRequest(a, { "x-amz-target": "AmazonSSM.DescribeAssociationExecutionTargets" })
      )
      assert.strictEqual(mismatch[0], "InvalidSignatureException")
      assert.include(mismatch[1], "does not match the signature you provided")
      const wrongSecret = yield* rejection(
        signedRequest(a),
        signatureVerification({
          credentials: [{ accessKeyId: vectorInputs.accessKeyId, secretAccessKey: Redacted.make("not-the-secret") }]
        })
      )
      assert.strictEqual(wrongSecret[0], "InvalidSignatureException")
      const unknownKey = yield* rejection(signedRequest(a, {
        authorization: authorizationFor(a.headers, a.signature, "AKIDUNKNOWN")
      }))
      assert.deepStrictEqual(unknownKey, [
        "UnrecognizedClientException",
        "The security token included in the request is invalid."
      ])
      const noSignature = yield* rejection(signedRequest(a, {
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date"
      }))
      assert.strictEqual(noSignature[0], "IncompleteSignatureException")
      assert.include(noSignature[1], "Authorization header requires 'Signature' parameter.")
      const otherRegion = yield* rejection(signedRequest(a, {
        authorization: authorizationFor(a.headers, a.signature).replace("us-east-1", "eu-west-1")
      }))
      assert.deepStrictEqual(otherRegion, [
        "InvalidSignatureException",
        "Credential should be scoped to a valid region, not 'eu-west-1'."
      ])
      const noAuthorization = yield* rejection({ ...signedRequest(a), headers: baseHeaders })
      assert.strictEqual(noAuthorization[0], "MissingAuthenticationTokenException")
      const tamperedBody = yield* rejection({ ...signedRequest(d), body: compactBody.replace("ab\"", "ac\"") })
      assert.strictEqual(tamperedBody[0], "InvalidSignatureException")
      const tokenMissing = yield* rejection(signedRequest(a), withToken)
      assert.strictEqual(tokenMissing[0], "UnrecognizedClientException")
      const unexpectedToken = yield* rejection(signedRequest(b))
      assert.strictEqual(unexpectedToken[0], "UnrecognizedClientException")
    }))

  it.effect("rejects requests outside the 5-minute window measured on Effect's clock", () =>
    Effect.gen(function*() {
      const [a] = vectors
      yield* TestClock.setTime(vectorInputs.time + 5 * 60_000)
      yield* verify(signedRequest(a), vectorCredentials)
      yield* TestClock.setTime(vectorInputs.time + 6 * 60_000)
      assert.deepStrictEqual(yield* rejection(signedRequest(a)), [
        "InvalidSignatureException",
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)"
      ])
      yield* TestClock.setTime(vectorInputs.time - 6 * 60_000)
      const early = yield* rejection(signedRequest(a))
      assert.strictEqual(early[0], "InvalidSignatureException")
      assert.include(early[1], "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z")
    }))

  it.effect("is an option of the handler, answering rejections as 400 error bodies", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorInputs.time)
      const model = yield* InMemorySsm.make({ associations: handWritten })
      const [a] = vectors
      const accepted = responseOf(yield* model.handle(signedRequest(a), { signature: vectorCredentials }))
      assert.strictEqual(accepted.status, 200)
      const unsigned = responseOf(
        yield* model.handle(request({ AssociationId: idA }), { signature: vectorCredentials })
      )
      assert.strictEqual(unsigned.status, 400)
      assert.strictEqual(
        errorBody(unsigned.body).__type,
        "MissingAuthenticationTokenException"
      )
      const rejected = responseOf(
        yield* model.handle(signedRequest(a), {
          signature: signatureVerification({ regions: ["us-east-1"] })
        })
      )
      assert.deepStrictEqual(errorBody(rejected.body), {
        __type: "UnrecognizedClientException",
        message: "The security token included in the request is invalid."
      })
      assert.strictEqual((yield* model.requests).at(-1)?.code, "UnrecognizedClientException")
    }))
})
