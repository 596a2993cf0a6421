/**
 * *Node-only*: the `ssm-association-executions` command (`list`, `targets`, `failures`, `start`,
 * `wait`, `invocation`, `local`, `demo`), each declared once in its own module of `commands/` (its
 * flags, help, @effect/cli options and handler). {@link main} returns the exit code. Around
 * @effect/cli, a thin layer: the command line is normalized first and checked (`argv.ts`:
 * `--flag=value`, `--filters A B`, `--format`; unknown, valueless or repeated flags refused by name,
 * flag names case-sensitive as in aws-cli), `--help` is answered from the same data (`help.ts`),
 * values are parsed by `commands/options.ts` so every mistake names its flag, and what @effect/cli
 * prints itself loses its escape codes when stderr is not a terminal or `NO_COLOR` is set. `--debug`
 * is taken out first, wherever it is, and turns on the request lines of `debug.ts` for any command.
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import type { Teardown } from "@effect/platform/Runtime"
import * as Cause from "effect/Cause"
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import { normalizeArgv } from "./argv.js"
import { demoCommand } from "./commands/demo.js"
import { failuresCommand } from "./commands/failures.js"
import { invocationCommand } from "./commands/invocation.js"
import { listCommand } from "./commands/list.js"
import { localCommand } from "./commands/local.js"
import { startCommand } from "./commands/start.js"
import { targetsCommand } from "./commands/targets.js"
import { waitCommand } from "./commands/wait.js"
import * as Debug from "./debug.js"
import { ExitCode, exitCodeOf, exitCodeTable, failureLine, UsageError } from "./exitCodes.js"
import { commandHelp, helpRequest, programHelp, wrap } from "./help.js"
import { CliOutput } from "./output.js"
import { program } from "./program.js"

export { ExitCode } from "./exitCodes.js"

const rootCommand = Command.make(program.name).pipe(
  Command.withSubcommands([
    listCommand,
    targetsCommand,
    failuresCommand,
    startCommand,
    waitCommand,
    invocationCommand,
    localCommand,
    demoCommand
  ])
)

const exitCodeHelp = (width: number) =>
  [
    "EXIT CODES",
    ...exitCodeTable.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${wrap(meaning, width, 7).trimStart()}`)
  ].join("\n")

// stdout carries only the records, so log lines (`--log-level debug`, and Effect's own debug lines
// about fibers that failed) go where the progress line and the errors go.
const logToStderr = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.stringLogger))

const run = Command.run(rootCommand, { name: program.name, version: program.version })

// The escape sequences of @effect/cli's styled messages.
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]/g

/** The console with escape codes removed from what is printed: for a pipe, a file, or `NO_COLOR`. */
const plainConsole = (console: Console.Console): Console.Console => {
  // Without the blank line @effect/cli leaves after a message, so a mistake stays one line.
  const plain = (args: ReadonlyArray<unknown>) =>
    args.map((arg) => typeof arg === "string" ? arg.replace(ansi, "").replace(/\n+$/, "") : arg)
  return {
    ...console,
    log: (...args) => console.log(...plain(args)),
    error: (...args) => console.error(...plain(args))
  }
}

/** Whether `NO_COLOR` asks for no colour (set and not empty, as no-color.org says). */
const noColor = (): boolean => (process.env["NO_COLOR"] ?? "") !== ""

/**
 * Runs the command line `argv` (as `process.argv`: runtime and script first) and returns the exit
 * code. Expected failures end with one line on stderr and their code; only bugs give code 1.
 */
export const main = (
  argv: ReadonlyArray<string>
): Effect.Effect<number, never, CliOutput | CliApp.CliApp.Environment> =>
  Effect.gen(function*() {
    const output = yield* CliOutput
    const help = helpRequest(argv.slice(2))
    if (help !== undefined) {
      // Help is read in a terminal or a pager: wrapped to the terminal, else to 80 columns.
      const width = Math.min(output.stdoutColumns ?? 80, 100)
      const text = help.command === undefined
        ? programHelp({ width, footer: exitCodeHelp(width) })
        : commandHelp(help.command, { width, footer: exitCodeHelp(width) })
      yield* Effect.ignore(output.write(text))
      return ExitCode.success
    }
    const console = yield* Effect.console
    const colorless = !output.stderrIsTerminal || noColor()
    const { argv: rest, debug } = Debug.extractDebug(argv)
    // The lines are written as the tracer hears of them: synchronously, each one whole.
    const tracer = Debug.tracer(yield* Effect.tracer, (line) => Effect.runSync(output.writeError(line)))
    const debugging = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      debug ? effect.pipe(Effect.withTracer(tracer), Effect.locally(Debug.enabled, true)) : effect
    const normalized = normalizeArgv(rest, program.commands)
    // Refused before anything runs: a usage error writes nothing to stdout.
    if (Either.isLeft(normalized)) {
      yield* output.writeError(`${failureLine(new UsageError({ message: normalized.left }))}\n`)
      return ExitCode.usage
    }
    return yield* run(normalized.right).pipe(
      debugging,
      // Flag names are matched as typed, as aws-cli matches them.
      Effect.provide(CliConfig.layer({ isCaseSensitive: true })),
      Effect.provide(logToStderr),
      colorless ? Effect.withConsole(plainConsole(console)) : (effect) => effect,
      Effect.as<number>(ExitCode.success),
      Effect.catchAll((failure) => {
        // @effect/cli has already printed what is wrong with the command line.
        if (ValidationError.isValidationError(failure)) return Effect.succeed(ExitCode.usage)
        if (failure._tag === "Exited") return Effect.succeed(failure.code)
        return Effect.as(output.writeError(`${failureLine(failure)}\n`), exitCodeOf(failure))
      }),
      Effect.catchAllCause((cause) =>
        Effect.as(
          output.writeError(`Unexpected error (please report it):\n${Cause.pretty(cause)}\n`),
          ExitCode.unexpected
        )
      )
    )
  })

/** The signals that stop the CLI early: Ctrl-C, and SIGTERM from `kill`, a supervisor or a container stopping. */
export type StopSignal = "SIGINT" | "SIGTERM"

/**
 * Remembers the first stop signal `target` (the process) receives, for {@link makeTeardown}:
 * `NodeRuntime.runMain` interrupts the program on both, so the interruption alone cannot tell which
 * one it was. Install it before `runMain`, so it hears the signal before the interruption it causes.
 */
export const recordStopSignal = (
  target: { readonly once: (signal: StopSignal, listener: () => void) => unknown }
): () => StopSignal | undefined => {
  let received: StopSignal | undefined
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    target.once(signal, () => {
      received ??= signal
    })
  }
  return () => received
}

/**
 * For `NodeRuntime.runMain`: exits with the code {@link main} returned; when interrupted, 143 after
 * SIGTERM and 130 otherwise (Ctrl-C); 1 on a bug.
 */
export const makeTeardown = (stopSignal: () => StopSignal | undefined): Teardown => (exit, onExit) => {
  if (Exit.isSuccess(exit)) {
    onExit(typeof exit.value === "number" ? exit.value : ExitCode.success)
  } else if (Cause.isInterruptedOnly(exit.cause)) {
    onExit(stopSignal() === "SIGTERM" ? ExitCode.terminated : ExitCode.interrupted)
  } else {
    onExit(ExitCode.unexpected)
  }
}

/** {@link makeTeardown} when no signal is recorded: an interruption is taken for Ctrl-C. */
export const teardown: Teardown = makeTeardown(() => undefined)
