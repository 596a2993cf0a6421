import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as YAML from "yaml"
import { ExitCode } from "../src/exitCodes.js"
import * as Local from "../src/local.js"
import { runMain } from "./support/runMain.js"

// GetCommandInvocation's members in the order AWS sends them and aws-cli prints them (the spec's table).
const awsMembers = [
  "CommandId",
  "InstanceId",
  "Comment",
  "DocumentName",
  "DocumentVersion",
  "PluginName",
  "ResponseCode",
  "ExecutionStartDateTime",
  "ExecutionElapsedTime",
  "ExecutionEndDateTime",
  "Status",
  "StatusDetails",
  "StandardOutputContent",
  "StandardOutputUrl",
  "StandardErrorContent",
  "StandardErrorUrl",
  "CloudWatchOutputConfig"
]

// What does not move with the history's end: the local endpoint's history ends when it starts.
const timeless = [
  "CommandId",
  "InstanceId",
  "DocumentName",
  "PluginName",
  "ResponseCode",
  "Status",
  "StatusDetails",
  "StandardErrorContent"
] as const

/**
 * The model's own answer for the newest failed Run Command target of the local endpoint's second
 * association (the endpoint's data, ending now), through its wire handler.
 */
const truth = Effect.gen(function*() {
  const model = yield* InMemorySsm.generate({ ...Local.defaultDataset, now: new Date() })
  const associationId = model.associationIds[1] ?? ""
  const target = model.executions(associationId).filter((execution) => execution.Status === "Failed")
    .flatMap((execution) => model.targets(associationId, execution.ExecutionId))
    .find((target) => target.Status === "Failed" && target.OutputSource?.OutputSourceType === "RunCommand")
  const commandId = target?.OutputSource?.OutputSourceId ?? ""
  const instanceId = target?.ResourceId ?? ""
  const wire = yield* model.handle({
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetCommandInvocation" },
    body: JSON.stringify({ CommandId: commandId, InstanceId: instanceId })
  })
  const answer: Record<string, unknown> = wire._tag === "Response" ? JSON.parse(wire.body) : {}
  return { commandId, instanceId, answer }
})

const pick = (document: Readonly<Record<string, unknown>>) =>
  Object.fromEntries(timeless.map((member) => [member, document[member]]))

describe("invocation", () => {
  it.live(
    "prints aws-cli's get-command-invocation document: the model's answer, its members in AWS's order",
    () =>
      Effect.gen(function*() {
        const { answer, commandId, instanceId } = yield* truth
        // A failed target's command failed or ran out of time.
        assert.include(["Failed", "TimedOut"], answer["Status"])
        assert.isAbove(Number(answer["ResponseCode"]), 0)
        const { code, stderr, stdout } = yield* runMain([
          "invocation",
          "--local",
          "--command-id",
          commandId,
          "--instance-id",
          instanceId,
          "--output",
          "json"
        ])
        assert.strictEqual(code, 0, stderr)
        assert.strictEqual(stderr, "")
        const document: Record<string, unknown> = JSON.parse(stdout)
        assert.deepStrictEqual(Object.keys(document), awsMembers)
        assert.deepStrictEqual(pick(document), pick(answer))
        // aws-cli's json: 4-space indent.
        assert.strictEqual(stdout, `${JSON.stringify(document, null, 4)}\n`)
      }),
    30_000
  )

  it.live("yaml and ndjson print the same invocation; piped, ndjson is the default", () =>
    Effect.gen(function*() {
      const { answer, commandId, instanceId } = yield* truth
      const ids = ["--local", "--command-id", commandId, "--instance-id", instanceId]
      const run = (...extra: ReadonlyArray<string>) => runMain(["invocation", ...ids, ...extra])
      const yaml = yield* run("--output", "yaml")
      assert.deepStrictEqual(pick(YAML.parse(yaml.stdout)), pick(answer))
      const ndjson = yield* run("--output", "ndjson")
      assert.strictEqual(ndjson.stdout.trimEnd().split("\n").length, 1)
      assert.deepStrictEqual(pick(JSON.parse(ndjson.stdout)), pick(answer))
      // Piped, without --output: ndjson, as the listing commands.
      const piped = yield* run()
      assert.strictEqual(piped.stdout.trimEnd().split("\n").length, 1)
      assert.deepStrictEqual(pick(JSON.parse(piped.stdout)), pick(answer))
    }), 30_000)

  it.live("text, table and csv carry the members; --query prints the part asked for", () =>
    Effect.gen(function*() {
      const { answer, commandId, instanceId } = yield* truth
      const ids = ["--local", "--command-id", commandId, "--instance-id", instanceId]
      const run = (...extra: ReadonlyArray<string>) => runMain(["invocation", ...ids, ...extra])
      const text = yield* run("--output", "text")
      const [scalars, cloudWatch] = text.stdout.trimEnd().split("\n")
      // aws-cli's text: the scalar members sorted by name on one line, nested ones after.
      assert.strictEqual(scalars?.split("\t")[0], commandId)
      assert.isTrue(scalars?.endsWith(`\t${String(answer["Status"])}\t${String(answer["StatusDetails"])}`), scalars)
      assert.strictEqual(cloudWatch, "CLOUDWATCHOUTPUTCONFIG\t\tFalse")
      const table = yield* run("--output", "table")
      const rows = table.stdout.trimEnd().split("\n")
      assert.match(rows[0] ?? "", /^Member\s+Value$/)
      assert.strictEqual(rows.length, 2 + awsMembers.length)
      assert.match(
        rows.find((row) => row.startsWith("Status ")) ?? "",
        new RegExp(`^Status\\s+${String(answer["Status"])}$`)
      )
      const csv = yield* run("--output", "csv")
      assert.strictEqual(csv.stdout.split("\n")[0], awsMembers.join(","))
      const queried = yield* run("--query", "[Status,ResponseCode]", "--output", "json")
      assert.deepStrictEqual(JSON.parse(queried.stdout), [answer["Status"], answer["ResponseCode"]])
      const stderrJson = yield* run("--query", "StandardErrorContent", "--output", "json")
      assert.strictEqual(JSON.parse(stderrJson.stdout), answer["StandardErrorContent"])
      // One string in text: as it is, newlines kept, so the command's own output reads back whole.
      const stdoutText = yield* run("--query", "StandardOutputContent", "--output", "text")
      const content = String(answer["StandardOutputContent"])
      assert.include(content, "\n")
      // Its lines carry times, which move with the history's end.
      const withoutTimes = (text: string) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
      assert.strictEqual(
        withoutTimes(stdoutText.stdout),
        withoutTimes(content.endsWith("\n") ? content : `${content}\n`)
      )
    }), 30_000)

  it.live("--local without ids shows a failed target's invocation, and says whose", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* runMain(["invocation", "--local", "--output", "json"])
      assert.strictEqual(code, 0)
      const document: Record<string, unknown> = JSON.parse(stdout)
      assert.strictEqual(document["Status"], "Failed")
      assert.include(
        stderr,
        `The invocation of command ${String(document["CommandId"])} on ${String(document["InstanceId"])}`
      )
    }), 30_000)

  it.live(
    "errors read as aws-cli's, exit as the other commands do, and write nothing to stdout",
    () =>
      Effect.gen(function*() {
        const { commandId, instanceId } = yield* truth
        const cases: ReadonlyArray<readonly [ReadonlyArray<string>, number, string]> = [
          [
            ["--command-id", "0a1b2c3d-4e5f-4a6b-8c7d-0123456789ab", "--instance-id", instanceId],
            ExitCode.associationNotFound,
            "An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation: "
          ],
          [
            ["--command-id", commandId, "--instance-id", instanceId, "--plugin-name", "aws:runPowerShellScript"],
            ExitCode.usage,
            "An error occurred (InvalidPluginName) when calling the GetCommandInvocation operation"
          ],
          [
            ["--command-id", commandId, "--instance-id", "i-083e1601960282cd"],
            ExitCode.usage,
            "--instance-id must be an instance id"
          ],
          [["--command-id", "short", "--instance-id", instanceId], ExitCode.usage, "--command-id must be exactly 36"],
          [["--command-id", commandId, "--instance-id", instanceId, "--query", "[Status"], ExitCode.usage, "--query"],
          [
            ["--command-id", commandId, "--instance-id", instanceId, "--Command-Id", "x"],
            ExitCode.usage,
            "--Command-Id"
          ]
        ]
        for (const [args, expected, text] of cases) {
          const { code, stderr, stdout } = yield* runMain(["invocation", "--local", ...args])
          assert.strictEqual(code, expected, args.join(" "))
          assert.include(stderr, text)
          assert.strictEqual(stdout, "")
          assert.strictEqual(stderr.trimEnd().split("\n").length, 1, stderr)
        }
        const missing = yield* runMain(["invocation", "--command-id", commandId])
        assert.strictEqual(missing.code, ExitCode.usage)
        assert.include(missing.stderr, "Give --command-id and --instance-id")
      }),
    30_000
  )

  it.live("--help lists its flags", () =>
    Effect.gen(function*() {
      const { code, stdout } = yield* runMain(["invocation", "--help"])
      assert.strictEqual(code, 0)
      for (const flag of ["--command-id ID", "--instance-id ID", "--plugin-name NAME", "get-command-invocation"]) {
        assert.include(stdout, flag)
      }
      const root = yield* runMain(["--help"])
      assert.match(root.stdout, /\n {2}invocation +A Run Command's result/)
    }))
})
