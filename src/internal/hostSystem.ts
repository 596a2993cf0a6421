/**
 * What the file- and process-based credentials need from the host: read a text file, run a
 * command line through the shell, join paths. The Node entry provides it from `node:` builtins
 * (`nodeHostSystem.ts`), so the library needs no platform package; the core never provides it.
 * The service's tag is spelled per Effect line: `line/hostSystem.ts`.
 */
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"

/** What a finished command printed and how it exited. */
export interface ShellResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export interface Host {
  /** The file's text; `None` when there is no such file. Fails with the reason it could not be read. */
  readonly readTextFile: (path: string) => Effect.Effect<Option.Option<string>, string>
  /** Runs the command line through the system shell. Fails with the reason it could not be run. */
  readonly runShell: (commandLine: string) => Effect.Effect<ShellResult, string>
  readonly joinPath: (...segments: ReadonlyArray<string>) => string
}
