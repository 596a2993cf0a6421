import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as YAML from "yaml"
import { outputMembers } from "../src/failureRecords.js"
import * as Local from "../src/local.js"
import { runMain } from "./support/runMain.js"

/**
 * The model's own answer for the newest failures of the local endpoint's first association (its
 * data, ending now): each failed target of a failed execution, newest first, and the invocation
 * its wire handler answers for it.
 */
const truth = (count: number) =>
  Effect.gen(function*() {
    const model = yield* InMemorySsm.generate({ ...Local.defaultDataset, now: new Date() })
    const associationId = model.associationIds[0] ?? ""
    const failed = model.executions(associationId).filter((execution) => execution.Status === "Failed")
      .flatMap((execution) =>
        model.targets(associationId, execution.ExecutionId).filter((target) => target.Status === "Failed")
      )
      .slice(0, count)
    return yield* Effect.forEach(failed, (target) =>
      Effect.map(
        model.handle({
          method: "POST",
          path: "/",
          headers: {
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": "AmazonSSM.GetCommandInvocation"
          },
          body: JSON.stringify({ CommandId: target.OutputSource?.OutputSourceId, InstanceId: target.ResourceId })
        }),
        (wire) => {
          const invocation: Record<string, unknown> = wire._tag === "Response" ? JSON.parse(wire.body) : {}
          return { target, invocation }
        }
      ))
  })

/** The failed targets of one execution of the local endpoint's first association, as the model holds them. */
const truthOf = (executionId: string) =>
  Effect.map(
    InMemorySsm.generate({ ...Local.defaultDataset, now: new Date() }),
    (model) => model.targets(model.associationIds[0] ?? "", executionId).filter((target) => target.Status === "Failed")
  )

interface Printed {
  readonly ExecutionId: string
  readonly ResourceId: string
  readonly OutputSourceId?: string
  readonly Output?: string
  readonly InvocationStatus?: string
  readonly ResponseCode?: number
  readonly StandardErrorContent?: string
}

// What does not move with the history's end (each run's local endpoint ends its history when it starts).
const timeless = (records: ReadonlyArray<Printed>) =>
  records.map((record) => [
    record.ExecutionId,
    record.ResourceId,
    record.OutputSourceId,
    record.Output,
    record.InvocationStatus,
    record.ResponseCode,
    record.StandardErrorContent
  ])

describe("failures --with-output", () => {
  it.live(
    "each failure with its invocation, equal to the model's answers, in every format",
    () =>
      Effect.gen(function*() {
        const expected = yield* truth(4)
        assert.strictEqual(expected.length, 4)
        const run = (...extra: ReadonlyArray<string>) =>
          runMain(["failures", "--local", "--with-output", "--max-items", "4", "--quiet", ...extra])
        const json = yield* run("--output", "json")
        assert.strictEqual(json.code, 0, json.stderr)
        const printed: ReadonlyArray<Printed> = JSON.parse(json.stdout).Failures
        assert.deepStrictEqual(
          printed.map((record) => [record.ExecutionId, record.ResourceId, record.OutputSourceId]),
          expected.map(({ target }) => [target.ExecutionId, target.ResourceId, target.OutputSource?.OutputSourceId])
        )
        assert.deepStrictEqual(
          printed.map((
            record
          ) => [record.Output, record.InvocationStatus, record.ResponseCode, record.StandardErrorContent]),
          expected.map(({ invocation }) => [
            "Invocation",
            invocation["Status"],
            invocation["ResponseCode"],
            invocation["StandardErrorContent"]
          ])
        )
        // A failure is a non-zero exit code, and its stderr says so.
        assert.isTrue(printed.every((record) => (record.ResponseCode ?? 0) !== 0 && record.StandardErrorContent !== ""))

        const yaml = yield* run("--output", "yaml")
        assert.deepStrictEqual(timeless(YAML.parse(yaml.stdout).Failures), timeless(printed))
        const ndjson = yield* run("--output", "ndjson")
        assert.deepStrictEqual(
          timeless(ndjson.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))),
          timeless(printed)
        )
        const csv = yield* run("--output", "csv")
        const [header, ...rows] = csv.stdout.trimEnd().split("\n")
        for (const member of outputMembers) assert.include(header, member)
        assert.isAtLeast(rows.length, printed.length)
        const text = yield* run("--output", "text")
        assert.strictEqual(text.stdout.split("\n").filter((line) => line.startsWith("FAILURES\t")).length, 4)
        // One execution (--execution-id): its failed targets only, all of them.
        const executionId = expected[0]?.target.ExecutionId ?? ""
        const one = yield* runMain([
          "failures",
          "--local",
          "--execution-id",
          executionId,
          "--with-output",
          "--quiet",
          "--output",
          "json"
        ])
        const ofOne: ReadonlyArray<Printed> = JSON.parse(one.stdout).Failures
        assert.deepStrictEqual(
          ofOne.map((record) => record.ResourceId),
          (yield* truthOf(executionId)).map((target) => target.ResourceId)
        )
        assert.isTrue(ofOne.every((record) => record.ExecutionId === executionId && record.Output === "Invocation"))
        // The table's "why" is the last line the command wrote to stderr.
        const table = yield* run("--output", "table")
        const lastLines = printed.map((record) => record.StandardErrorContent?.trimEnd().split("\n").at(-1) ?? "?")
        const tableRows = table.stdout.trimEnd().split("\n").slice(2)
        assert.strictEqual(tableRows.length, 4)
        tableRows.forEach((row, at) => assert.include(row, lastLines[at]?.slice(0, 20) ?? "?"))
      }),
    60_000
  )

  it.live("a failure older than SSM's 30 days is marked Expired, not an error", () =>
    Effect.gen(function*() {
      const old = yield* runMain([
        "failures",
        "--local",
        "--with-output",
        "--created-before",
        "40d",
        "--max-items",
        "2",
        "--quiet",
        "--output",
        "json"
      ])
      assert.strictEqual(old.code, 0, old.stderr)
      const printed: ReadonlyArray<Printed> = JSON.parse(old.stdout).Failures
      assert.strictEqual(printed.length, 2)
      assert.isTrue(printed.every((record) => record.Output === "Expired" && record.InvocationStatus === undefined))
    }), 60_000)
})
