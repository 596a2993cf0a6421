/**
 * Where the CLI writes: stdout for records, stderr for progress, hints and errors. Writing to a
 * stdout whose reader went away (`| head`) fails with {@link StdoutClosed} instead of crashing on
 * EPIPE, so the caller can stop pulling pages and exit cleanly.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { identifier } from "./identifier.js"

/** The reader of stdout is gone (EPIPE): nothing more can be written, and that is not an error. */
export class StdoutClosed extends Schema.TaggedError<StdoutClosed>(identifier("StdoutClosed"))(
  "StdoutClosed",
  {}
) {}

/** The two output streams of the process and whether each is a terminal. */
export interface Output {
  readonly stdoutIsTerminal: boolean
  readonly stderrIsTerminal: boolean
  /** The terminal's width when stdout is one (tables fit it); `undefined` when piped. */
  readonly stdoutColumns?: number | undefined
  /** Writes to stdout and waits until the text is handed over, so a slow reader slows the listing. */
  readonly write: (text: string) => Effect.Effect<void, StdoutClosed>
  /** Writes to stderr; never fails. */
  readonly writeError: (text: string) => Effect.Effect<void>
}

/** The CLI's output streams. */
export class CliOutput extends Context.Tag(identifier("CliOutput"))<CliOutput, Output>() {}

/** The process's stdout and stderr, for the life of the scope. */
export const layerNode: Layer.Layer<CliOutput> = Layer.scoped(
  CliOutput,
  Effect.gen(function*() {
    // Set from the stream's own `error` event, which Node emits outside any fiber.
    let stdoutClosed = false
    const onStdoutError = () => {
      stdoutClosed = true
    }
    const ignore = () => {}
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        process.stdout.on("error", onStdoutError)
        process.stderr.on("error", ignore)
      }),
      () =>
        Effect.sync(() => {
          process.stdout.off("error", onStdoutError)
          process.stderr.off("error", ignore)
        })
    )
    const write = (text: string) =>
      text === "" ? Effect.void : Effect.async<void, StdoutClosed>((resume) => {
        if (stdoutClosed || process.stdout.destroyed) {
          resume(Effect.fail(new StdoutClosed()))
          return
        }
        process.stdout.write(text, (error) => {
          if (error === null || error === undefined) {
            resume(Effect.void)
          } else {
            stdoutClosed = true
            resume(Effect.fail(new StdoutClosed()))
          }
        })
      })
    return {
      stdoutIsTerminal: process.stdout.isTTY === true,
      stderrIsTerminal: process.stderr.isTTY === true,
      stdoutColumns: process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : undefined,
      write,
      writeError: (text) =>
        text === "" ? Effect.void : Effect.sync(() => {
          process.stderr.write(text)
        })
    }
  })
)

/** Output kept in memory, for tests. */
export interface MemoryOutput {
  readonly output: Output
  /** Everything written to stdout so far. */
  readonly stdout: Effect.Effect<string>
  /** Everything written to stderr so far. */
  readonly stderr: Effect.Effect<string>
}

/**
 * In-memory output. With `closeStdoutAfterWrites`, stdout accepts that many writes and then behaves
 * like a pipe whose reader went away.
 */
export const makeMemory = (options: {
  readonly stdoutIsTerminal?: boolean | undefined
  readonly stderrIsTerminal?: boolean | undefined
  readonly stdoutColumns?: number | undefined
  readonly closeStdoutAfterWrites?: number | undefined
} = {}): Effect.Effect<MemoryOutput> =>
  Effect.gen(function*() {
    const stdout = yield* Ref.make<ReadonlyArray<string>>([])
    const stderr = yield* Ref.make<ReadonlyArray<string>>([])
    const limit = options.closeStdoutAfterWrites ?? Number.POSITIVE_INFINITY
    return {
      output: {
        stdoutIsTerminal: options.stdoutIsTerminal ?? false,
        stderrIsTerminal: options.stderrIsTerminal ?? false,
        stdoutColumns: options.stdoutColumns,
        write: (text) =>
          text === "" ? Effect.void : Effect.flatMap(Ref.get(stdout), (written) =>
            written.length >= limit
              ? Effect.fail(new StdoutClosed())
              : Ref.set(stdout, [...written, text])),
        writeError: (text) => Ref.update(stderr, (written) => [...written, text])
      },
      stdout: Effect.map(Ref.get(stdout), (parts) => parts.join("")),
      stderr: Effect.map(Ref.get(stderr), (parts) => parts.join(""))
    }
  })
