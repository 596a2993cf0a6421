import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { startAssociations } from "../src/commands/start.js"
import { ExitCode, exitCodeOf, exitCodeTable, failureLine } from "../src/exitCodes.js"
import { CliOutput, makeMemory } from "../src/output.js"
import { runMain } from "./support/runMain.js"

/** `start`'s engine against the model, a start's answer lost as `faults` say; what it did and printed. */
const startOnModel = (faults: ReadonlyArray<InMemorySsm.ScriptedFault>, confirmWithinMillis?: number) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(Date.parse("2025-06-02T00:00:00.000Z"))
    const memory = yield* makeMemory()
    const model = yield* AssociationExecutionsTest.Model
    const associationId = model.associationIds[0] ?? ""
    const exit = yield* AssociationExecutionsTest.runWithTestClock(
      Effect.exit(
        startAssociations({ associationIds: [associationId], confirmWithinMillis, quiet: false }).pipe(
          Effect.provide(Layer.succeed(CliOutput, memory.output))
        )
      )
    )
    const operations = (yield* model.requests).map((request) => request.operation)
    return {
      associationId,
      exit,
      started: yield* model.started,
      starts: operations.filter((operation) => operation === "StartAssociationsOnce").length,
      stdout: yield* memory.stdout,
      stderr: yield* memory.stderr
    }
  }).pipe(Effect.provide(AssociationExecutionsTest.layer({
    model: { seed: 5, associations: 1, executionsPerAssociation: 3, runs: { visibleAfterMillis: 3000 } },
    faults
  })))

const lostAnswer: ReadonlyArray<InMemorySsm.ScriptedFault> = [
  { operation: "StartAssociationsOnce", attempts: 1, answer: InMemorySsm.Fault.drop("beforeHeaders") }
]

describe("start", () => {
  it.effect("starts the association once: nothing on stdout (as aws-cli), what started on stderr", () =>
    Effect.gen(function*() {
      const { associationId, exit, started, starts, stderr, stdout } = yield* startOnModel([])
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(started.length, 1)
      assert.strictEqual(starts, 1)
      assert.strictEqual(stdout, "")
      assert.strictEqual(
        stderr,
        `Started ${associationId}; a new execution shows within seconds: list -a ${associationId} --max-items 1\n`
      )
    }))

  it.effect("an answer lost after SSM acted: the new execution is found, the start is not sent again", () =>
    Effect.gen(function*() {
      const { exit, started, starts } = yield* startOnModel(lostAnswer)
      assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
      assert.strictEqual(started.length, 1)
      assert.strictEqual(starts, 1)
    }))

  it.effect("--confirm-within 0 and a lost answer: exit 9, saying the start may have happened and how to look", () =>
    Effect.gen(function*() {
      const { exit, started, starts, stdout } = yield* startOnModel(lostAnswer, 0)
      assert.strictEqual(started.length, 1)
      assert.strictEqual(starts, 1)
      assert.strictEqual(stdout, "")
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isSuccess(exit)) return
      const failure = Cause.failureOption(exit.cause)
      assert.isTrue(failure._tag === "Some" && failure.value._tag === "StartOutcomeUnknown")
      if (failure._tag === "None") return
      assert.strictEqual(exitCodeOf(failure.value), ExitCode.startOutcomeUnknown)
      assert.strictEqual(ExitCode.startOutcomeUnknown, 9)
      const line = failureLine(failure.value)
      assert.include(line, "may have started")
      assert.include(line, "list --created-after 2025-06-02T00:00:00.000Z")
      assert.notInclude(line, "\n")
      assert.isTrue(exitCodeTable.some(([code]) => code === 9))
    }))

  it.live("from the command line: local start, refusals by flag, aws-cli's error line", () =>
    Effect.gen(function*() {
      const ok = yield* runMain(["start", "--local"])
      assert.strictEqual(ok.code, 0, ok.stderr)
      assert.strictEqual(ok.stdout, "")
      assert.match(ok.stderr, /^Started [0-9a-f-]{36}; /)
      const unknown = "8dfe3659-4309-493a-8755-0123456789ab"
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, number, string]> = [
        [["start"], ExitCode.usage, "Give --association-id ID"],
        [
          ["start", "--local", "--association-ids", ...Array.from({ length: 11 }, () => unknown)],
          ExitCode.usage,
          "11 given, and one start takes at most 10"
        ],
        [["start", "--local", "--confirm-within", "soon"], ExitCode.usage, "--confirm-within"],
        [["start", "--local", "-a", "not-an-id"], ExitCode.usage, "--association-id must match"],
        [
          ["start", "--local", "-a", unknown],
          ExitCode.associationNotFound,
          "An error occurred (AssociationDoesNotExist) when calling the StartAssociationsOnce operation"
        ]
      ]
      for (const [argv, code, text] of cases) {
        const result = yield* runMain(argv)
        assert.strictEqual(result.code, code, argv.join(" "))
        assert.include(result.stderr, text)
        assert.strictEqual(result.stderr.trimEnd().split("\n").length, 1, result.stderr)
        assert.strictEqual(result.stdout, "")
      }
      const help = yield* runMain(["start", "--help"])
      assert.include(help.stdout, "--association-id, --association-ids ID...")
      assert.include(help.stdout, "start-associations-once")
    }), 30_000)
})
