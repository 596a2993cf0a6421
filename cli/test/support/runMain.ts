/** The CLI run in-process, its two streams kept in memory, for the CLI's tests. */
import * as NodeContext from "@effect/platform-node/NodeContext"
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "../../src/Cli.js"
import { CliOutput, makeMemory, type MemoryOutput } from "../../src/output.js"

/**
 * The console @effect/cli prints to (help on stdout, command-line mistakes on stderr), writing into
 * `memory` as the process's console writes to the real streams.
 */
export const memoryConsole = (memory: MemoryOutput) =>
  Effect.map(Effect.console, (current): Console.Console => ({
    ...current,
    log: (...args) => Effect.ignore(memory.output.write(`${args.join(" ")}\n`)),
    error: (...args) => memory.output.writeError(`${args.join(" ")}\n`),
    // What loggers write through: the same two streams.
    unsafe: {
      ...current.unsafe,
      log: (...args) => Effect.runSync(Effect.ignore(memory.output.write(`${args.join(" ")}\n`))),
      error: (...args) => Effect.runSync(memory.output.writeError(`${args.join(" ")}\n`))
    }
  }))

/** Runs the CLI in-process on `argv` (after the program name): its exit code, stdout and stderr. */
export const runMain = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const memory = yield* makeMemory()
    const code = yield* Cli.main(["node", "ssm-association-executions", ...argv]).pipe(
      Effect.provide(Layer.merge(NodeContext.layer, Layer.succeed(CliOutput, memory.output))),
      Effect.withConsole(yield* memoryConsole(memory))
    )
    return { code, stdout: yield* memory.stdout, stderr: yield* memory.stderr }
  })
