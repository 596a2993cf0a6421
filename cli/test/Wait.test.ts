import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as YAML from "yaml"
import { startAndWait } from "../src/commands/start.js"
import { type CliFailure, ExitCode, exitCodeOf, exitCodeTable, type Exited, failureLine } from "../src/exitCodes.js"
import { outputFormats } from "../src/flags.js"
import { follow, waitInputOf } from "../src/follow.js"
import { CliOutput, makeMemory } from "../src/output.js"
import { runMain } from "./support/runMain.js"

const now = Date.parse("2025-06-02T00:00:00.000Z")

// Runs of 20 s on 4 nodes, visible 2 s after the start; `failureRate` 0 or 1 fixes the outcome.
const runLayer = (failureRate: number) =>
  AssociationExecutionsTest.layer({
    model: { seed: 3, associations: 1, executionsPerAssociation: 0, runs: { targets: 4, failureRate } }
  })

/** `start --wait`'s engine on the model, in virtual time: how it ended, what it printed, what the model ran. */
const startWaitOnModel = (failureRate: number, deadlineMillis = 600_000) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(now)
    const memory = yield* makeMemory()
    const model = yield* AssociationExecutionsTest.Model
    const associationId = model.associationIds[0] ?? ""
    const exit = yield* AssociationExecutionsTest.runWithTestClock(Effect.exit(
      startAndWait({
        associationIds: [associationId],
        confirmWithinMillis: undefined,
        quiet: false,
        wait: { deadlineMillis, format: "json" }
      }).pipe(Effect.provide(Layer.succeed(CliOutput, memory.output)))
    ))
    const [run] = yield* model.started
    return { associationId, exit, run, stdout: yield* memory.stdout, stderr: yield* memory.stderr }
  }).pipe(Effect.provide(runLayer(failureRate)))

/** The exit code the CLI gives an outcome (the cause printed, for a defect). */
const exitCodeOfExit = (exit: Exit.Exit<unknown, CliFailure | Exited>): number | string => {
  if (Exit.isSuccess(exit)) return ExitCode.success
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure)) return Cause.pretty(exit.cause)
  return failure.value._tag === "Exited" ? failure.value.code : exitCodeOf(failure.value)
}

describe("wait and start --wait", () => {
  it.effect("a run that succeeds: a line per change on stderr, the execution on stdout, exit 0", () =>
    Effect.gen(function*() {
      const { associationId, exit, run, stderr, stdout } = yield* startWaitOnModel(0)
      assert.strictEqual(exitCodeOfExit(exit), ExitCode.success)
      const lines = stderr.trimEnd().split("\n")
      assert.match(lines[0] ?? "", /^Started .*; following its new execution/)
      // Every target's end is told exactly once, and the last line says how it ended.
      const finished = lines.flatMap((line) => [...line.matchAll(/(i-[0-9a-f]+) Success/g)].map((match) => match[1]))
      assert.deepStrictEqual([...finished].sort(), (run?.targets.map((target) => target.ResourceId) ?? []).sort())
      assert.include(lines.at(-2) ?? "", `${run?.ExecutionId} Success`)
      assert.strictEqual(
        lines.at(-1),
        `Execution ${run?.ExecutionId} of association ${associationId} ended Success: 0 of 4 targets failed`
      )
      const document = JSON.parse(stdout)
      assert.strictEqual(document.AssociationExecution.ExecutionId, run?.ExecutionId)
      assert.strictEqual(document.AssociationExecution.Status, "Success")
      assert.deepStrictEqual(document.FailedTargets, [])
    }))

  it.effect("a run that fails: its failed targets on stdout, exit 10", () =>
    Effect.gen(function*() {
      const { exit, run, stdout } = yield* startWaitOnModel(1)
      assert.strictEqual(exitCodeOfExit(exit), ExitCode.executionFailed)
      assert.strictEqual(ExitCode.executionFailed, 10)
      const document = JSON.parse(stdout)
      assert.strictEqual(document.AssociationExecution.Status, "Failed")
      assert.deepStrictEqual(
        document.FailedTargets.map((target: { ResourceId: string }) => target.ResourceId).sort(),
        (run?.targets.filter((target) => target.failed).map((target) => target.ResourceId) ?? []).sort()
      )
      // Each names the command whose output says why.
      for (const target of document.FailedTargets) {
        const truth = run?.targets.find((t) => t.ResourceId === target.ResourceId)
        assert.strictEqual(target.OutputSource?.OutputSourceId, truth?.CommandId)
      }
    }))

  it.effect("a deadline before the end: exit 12, the last state and the command that keeps waiting", () =>
    Effect.gen(function*() {
      const { associationId, exit, run, stdout } = yield* startWaitOnModel(0, 8_000)
      assert.strictEqual(exitCodeOfExit(exit), ExitCode.waitDeadline)
      assert.strictEqual(stdout, "")
      const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      assert.isTrue(Option.isSome(failure) && failure.value._tag === "WatchTimeout")
      if (Option.isNone(failure) || failure.value._tag !== "WatchTimeout") return
      assert.strictEqual(exitCodeOf(failure.value), 12)
      const line = failureLine(failure.value)
      assert.include(line, `Execution ${run?.ExecutionId} of association ${associationId} was still`)
      assert.include(
        line,
        `keep waiting with: wait --association-id ${associationId} --execution-id ${run?.ExecutionId}`
      )
    }))

  it.effect("no execution appears: exit 11, saying what was looked for", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const memory = yield* makeMemory()
      const model = yield* AssociationExecutionsTest.Model
      const associationId = model.associationIds[0] ?? ""
      const input = yield* waitInputOf(associationId, undefined)
      // An association without executions: the first one to appear.
      assert.deepStrictEqual(input, { AssociationId: associationId, createdAfter: new Date(now) })
      const exit = yield* AssociationExecutionsTest.runWithTestClock(Effect.exit(
        follow({ input, deadlineMillis: 600_000, quiet: false }).pipe(
          Effect.provide(Layer.succeed(CliOutput, memory.output))
        )
      ))
      assert.strictEqual(exitCodeOfExit(exit), ExitCode.executionNotFound)
      const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      if (Option.isNone(failure) || failure.value._tag !== "ExecutionNotFound") return assert.fail("ExecutionNotFound")
      assert.include(failureLine(failure.value), `No execution of association ${associationId} created after`)
      assert.strictEqual(yield* memory.stdout, "")
      for (const code of [10, 11, 12]) assert.isTrue(exitCodeTable.some(([known]) => known === code))
    }).pipe(Effect.provide(runLayer(0))))

  it.effect("every output format prints the end: the execution and its failed targets", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const model = yield* AssociationExecutionsTest.Model
      const associationId = model.associationIds[0] ?? ""
      const service = yield* AssociationExecutions
      yield* service.startOnce({ AssociationIds: [associationId] })
      // Long after the run ended: the newest execution is done, printed after one poll.
      yield* TestClock.adjust("1 minute")
      const input = yield* waitInputOf(associationId, undefined)
      assert.isTrue("ExecutionId" in input)
      const [run] = yield* model.started
      const failed = run?.targets.filter((target) => target.failed).map((target) => target.ResourceId ?? "") ?? []
      assert.isAbove(failed.length, 0)
      for (const format of outputFormats) {
        const memory = yield* makeMemory()
        const exit = yield* AssociationExecutionsTest.runWithTestClock(Effect.exit(
          follow({ input, deadlineMillis: 600_000, format, quiet: true }).pipe(
            Effect.provide(Layer.succeed(CliOutput, memory.output))
          )
        ))
        assert.strictEqual(exitCodeOfExit(exit), ExitCode.executionFailed, format)
        const stdout = yield* memory.stdout
        assert.strictEqual(yield* memory.stderr, "", format)
        const parsed = format === "json" || format === "ndjson"
          ? JSON.parse(stdout)
          : format === "yaml"
          ? YAML.parse(stdout)
          : undefined
        if (parsed !== undefined) {
          assert.strictEqual(parsed.AssociationExecution.ExecutionId, run?.ExecutionId, format)
          assert.deepStrictEqual(parsed.FailedTargets.map((t: { ResourceId: string }) => t.ResourceId), failed, format)
        } else {
          // text, table and csv: every failed node named, and for text and table the execution too.
          for (const resourceId of failed) assert.include(stdout, resourceId, format)
          if (format !== "csv") assert.include(stdout, run?.ExecutionId ?? "?", format)
          if (format === "csv") assert.strictEqual(stdout.trimEnd().split("\n").length, failed.length + 1)
        }
        if (format === "ndjson") assert.strictEqual(stdout.split("\n").length, 2)
      }
    }).pipe(Effect.provide(runLayer(0.5))))

  it.live(
    "from the command line: start --local --wait follows the run live; wait --local; refusals; help",
    () =>
      Effect.gen(function*() {
        // A real 8-second run on the local endpoint, followed on the wall clock.
        const run = yield* runMain(["start", "--local", "--wait", "--output", "json"])
        const ran = JSON.parse(run.stdout)
        const status = ran.AssociationExecution.Status
        assert.include(["Success", "Failed"], status)
        assert.strictEqual(run.code, status === "Success" ? ExitCode.success : ExitCode.executionFailed, run.stderr)
        const progress = run.stderr.trimEnd().split("\n")
        assert.match(progress[0] ?? "", /^Started [0-9a-f-]{36}; following its new execution/)
        assert.isAbove(progress.filter((line) => line.includes(ran.AssociationExecution.ExecutionId)).length, 1)
        assert.match(
          progress.at(-1) ?? "",
          new RegExp(
            `^Execution ${ran.AssociationExecution.ExecutionId} of association [0-9a-f-]{36} ended ${status}: ` +
              `${ran.FailedTargets.length} of \\d+ targets failed$`
          )
        )
        assert.strictEqual(
          ran.FailedTargets.length,
          Number(/Failed=(\d+)/.exec(ran.AssociationExecution.ResourceCountByStatus)?.[1] ?? 0)
        )

        const done = yield* runMain(["wait", "--local", "--output", "json"])
        const document = JSON.parse(done.stdout)
        const finalStatus = document.AssociationExecution.Status
        assert.strictEqual(done.code, finalStatus === "Success" ? 0 : ExitCode.executionFailed, done.stderr)
        assert.include(done.stderr, `ended ${finalStatus}`)
        const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
          [["wait"], "Give --association-id ID"],
          [["wait", "--local", "--deadline", "soon"], "--deadline"],
          [["wait", "--local", "--execution-id", "x", "--created-after", "5m"], "--created-after cannot"],
          [["wait", "--local", "--created-after", "yesterday"], "--created-after"],
          [["start", "--local", "--deadline", "5m"], "--deadline applies only with --wait"],
          [["start", "--local", "--output", "json"], "--output applies only with --wait"]
        ]
        for (const [argv, text] of cases) {
          const result = yield* runMain(argv)
          assert.strictEqual(result.code, ExitCode.usage, argv.join(" "))
          assert.include(result.stderr, text)
          assert.strictEqual(result.stdout, "")
        }
        const help = yield* runMain(["wait", "--help"])
        assert.include(help.stdout, "--execution-id ID")
        assert.include(help.stdout, "10  wait, start --wait")
        const startHelp = yield* runMain(["start", "--help"])
        assert.include(startHelp.stdout, "--wait")
      }),
    60_000
  )
})
