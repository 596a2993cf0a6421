/**
 * *Node-only*: the host seam from `node:fs`, `node:child_process` and `node:path`. A command's
 * output is bounded (a credentials document is a few hundred bytes), and an interrupted command is
 * killed.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs/promises"
import * as NodePath from "node:path"
import { type Host, HostSystem, type ShellResult } from "./hostSystem.js"

// Far above any credentials document; past it the command is stopped rather than buffered further.
const outputLimitBytes = 1024 * 1024

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

const reasonOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

const readTextFile = (path: string): Effect.Effect<Option.Option<string>, string> =>
  Effect.tryPromise({
    try: (signal) => Fs.readFile(path, { encoding: "utf8", signal }),
    catch: (error) => error
  }).pipe(
    Effect.map(Option.some),
    Effect.catchAll((error) =>
      errorCode(error) === "ENOENT" ? Effect.succeed(Option.none()) : Effect.fail(reasonOf(error))
    )
  )

const runShell = (commandLine: string): Effect.Effect<ShellResult, string> =>
  Effect.async<ShellResult, string>((resume) => {
    const child = ChildProcess.spawn(commandLine, { shell: true, stdio: ["ignore", "pipe", "pipe"] })
    const stdout: Array<Buffer> = []
    const stderr: Array<Buffer> = []
    let bytes = 0
    let failed = false
    const fail = (reason: string) => {
      if (failed) return
      failed = true
      child.kill()
      resume(Effect.fail(reason))
    }
    const collect = (into: Array<Buffer>) => (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes > outputLimitBytes) return fail(`printed more than ${outputLimitBytes} bytes`)
      into.push(chunk)
    }
    child.stdout.on("data", collect(stdout))
    child.stderr.on("data", collect(stderr))
    child.on("error", (error) => fail(reasonOf(error)))
    child.on("close", (code, signal) => {
      if (failed) return
      if (code === null) return fail(`stopped by ${signal ?? "a signal"}`)
      resume(Effect.succeed({
        exitCode: code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8")
      }))
    })
    return Effect.sync(() => {
      failed = true
      child.kill()
    })
  })

const host: Host = {
  readTextFile,
  runShell,
  joinPath: (...segments) => NodePath.join(...segments)
}

/** The host seam on Node. */
export const layer: Layer.Layer<HostSystem> = Layer.succeed(HostSystem, host)
