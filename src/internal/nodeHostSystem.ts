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
import { HostSystem } from "../line/hostSystem.js"
import type { Host, ShellResult } from "./hostSystem.js"

// Far above any credentials document; past it the command is stopped rather than buffered further.
const outputLimitBytes = 1024 * 1024

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

const reasonOf = (error: unknown): string => error instanceof Error ? error.message : String(error)

/** Why a command did not finish, in words ready for the caller. */
class ShellFailure extends Error {}

const readTextFile = (path: string): Effect.Effect<Option.Option<string>, string> =>
  Effect.tryPromise({
    try: async (signal) => {
      try {
        return Option.some(await Fs.readFile(path, { encoding: "utf8", signal }))
      } catch (error) {
        if (errorCode(error) === "ENOENT") return Option.none()
        throw error
      }
    },
    catch: reasonOf
  })

// A promise so that both Effect lines run it alike; interruption aborts `signal`, which kills the command.
const runShell = (commandLine: string): Effect.Effect<ShellResult, string> =>
  Effect.tryPromise({
    try: (signal) =>
      new Promise<ShellResult>((resolve, reject) => {
        const child = ChildProcess.spawn(commandLine, { shell: true, stdio: ["ignore", "pipe", "pipe"] })
        const stdout: Array<Buffer> = []
        const stderr: Array<Buffer> = []
        let bytes = 0
        let failed = false
        const fail = (reason: string) => {
          if (failed) return
          failed = true
          child.kill()
          reject(new ShellFailure(reason))
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
          resolve({
            exitCode: code,
            stdout: Buffer.concat(stdout).toString("utf8"),
            stderr: Buffer.concat(stderr).toString("utf8")
          })
        })
        signal.addEventListener("abort", () => fail("interrupted"), { once: true })
      }),
    catch: reasonOf
  })

const host: Host = {
  readTextFile,
  runShell,
  joinPath: (...segments) => NodePath.join(...segments)
}

/** The host seam on Node. */
export const layer: Layer.Layer<HostSystem> = Layer.succeed(HostSystem, host)
