/**
 * The benchmark's measuring: the local endpoint in its own process, each client in its own process
 * under GNU time (CPU, peak RSS), its report parsed, and the requests the endpoint counted.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import type { ClientReport } from "./clients/harness.js"
import type { EndpointMessage, EndpointQuestion } from "./endpoint.js"

/** Where the bundled bench runs from (bench/out) and the repository root. */
export const outDirectory = Path.dirname(fileURLToPath(import.meta.url))
export const root = Path.resolve(outDirectory, "../..")
export const executions = 50_000
export const pageSize = 50
export const pages = executions / pageSize

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

export type Ready = Extract<EndpointMessage, { type: "ready" }>

export interface Endpoint {
  readonly ready: Ready
  readonly takeRequestCount: () => Promise<number>
  readonly stop: () => void
}

export const startEndpoint = (): Promise<Endpoint> =>
  new Promise((resolve, reject) => {
    const child = ChildProcess.fork(Path.join(outDirectory, "endpoint.js"), [String(executions)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    const waiting: Array<(count: number) => void> = []
    child.on("message", (message: EndpointMessage) => {
      if (message.type === "ready") {
        resolve({
          ready: message,
          takeRequestCount: () =>
            new Promise((answer) => {
              waiting.push(answer)
              const question: EndpointQuestion = { type: "takeRequestCount" }
              child.send(question)
            }),
          stop: () => child.disconnect()
        })
      } else {
        waiting.shift()?.(message.count)
      }
    })
    child.on("exit", (code) => reject(new Error(`the endpoint exited with ${code}`)))
  })

export interface ProcessMeasure {
  /** From spawn to exit, measured by this process. */
  readonly wallMillis: number
  /** user + sys of the whole child process, from GNU time. */
  readonly cpuMillis: number
  /** Peak RSS of the whole child process, from GNU time. */
  readonly maxRssKilobytes: number
  /** From spawn to the first byte on stdout. */
  readonly firstOutputMillis: number
  readonly stdout: string
  readonly lines: number
}

/** Runs `node args...` under GNU time; stdout is counted here (the CLI writes ndjson into the pipe). */
export const measureProcess = (
  args: ReadonlyArray<string>,
  environment: Record<string, string>,
  keepStdout: boolean,
  stderr: "inherit" | "ignore" = "inherit"
): Promise<ProcessMeasure> =>
  new Promise((resolve, reject) => {
    const timeFile = Path.join(Os.tmpdir(), `bench-time-${process.pid}-${Math.random()}`)
    const startedAt = performance.now()
    const child = ChildProcess.spawn(
      "/usr/bin/time",
      ["-f", "%U %S %M", "-o", timeFile, process.execPath, ...args],
      { cwd: root, env: { ...process.env, ...environment }, stdio: ["ignore", "pipe", stderr] }
    )
    let firstOutputMillis = Number.NaN
    let lines = 0
    const kept: Array<Buffer> = []
    child.stdout.on("data", (chunk: Buffer) => {
      if (Number.isNaN(firstOutputMillis)) firstOutputMillis = performance.now() - startedAt
      for (const byte of chunk) if (byte === 10) lines++
      if (keepStdout) kept.push(chunk)
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const wallMillis = performance.now() - startedAt
      const [user = "NaN", system = "NaN", rss = "NaN"] = Fs.readFileSync(timeFile, "utf8").trim().split("\n").at(-1)
        ?.split(" ") ?? []
      Fs.rmSync(timeFile, { force: true })
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited with ${code}`))
      resolve({
        wallMillis,
        cpuMillis: (Number(user) + Number(system)) * 1000,
        maxRssKilobytes: Number(rss),
        firstOutputMillis,
        stdout: Buffer.concat(kept).toString("utf8"),
        lines
      })
    })
  })

// ---------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------

export const inProcessClients = ["module", "module-node-http", "sdk", "floor"] as const
export type ClientName = typeof inProcessClients[number] | "cli"

const clientEntries: Record<typeof inProcessClients[number], string> = {
  module: "module.js",
  "module-node-http": "moduleNodeHttp.js",
  sdk: "sdk.js",
  floor: "floor.js"
}

export interface Run {
  readonly client: ClientName
  readonly run: number
  readonly items: number
  readonly requests: number
  /** The pull alone (in-process clients); the whole process for the CLI. */
  readonly wallMillis: number
  readonly cpuPerPageMillis: number
  readonly firstItemMillis: number
  readonly processWallMillis: number
  readonly processCpuPerPageMillis: number
  readonly maxRssKilobytes: number
}

const clientEnvironment = (ready: Ready, extra: Record<string, string> = {}): Record<string, string> => ({
  BENCH_ENDPOINT_URL: ready.url,
  BENCH_ASSOCIATION_ID: ready.associationId,
  AWS_REGION: ready.region,
  AWS_ACCESS_KEY_ID: ready.accessKeyId,
  AWS_SECRET_ACCESS_KEY: ready.secretAccessKey,
  // The SDK warns about Node 20 on stderr; the bench output stays readable without it.
  NODE_NO_WARNINGS: "1",
  // Nothing on this machine may change how the clients resolve their settings.
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  ...extra
})

const parseReport = (stdout: string): ClientReport => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")

export const runInProcessClient = async (
  endpoint: Endpoint,
  client: typeof inProcessClients[number],
  run: number,
  extra: Record<string, string> = {},
  nodeOptions: ReadonlyArray<string> = []
): Promise<Run> => {
  const measured = await measureProcess(
    [...nodeOptions, Path.join(outDirectory, "clients", clientEntries[client])],
    clientEnvironment(endpoint.ready, extra),
    true
  )
  const report = parseReport(measured.stdout)
  const requests = await endpoint.takeRequestCount()
  const pagesPulled = Math.max(1, Math.ceil(report.items / pageSize))
  return {
    client,
    run,
    items: report.items,
    requests,
    wallMillis: report.pullMillis,
    cpuPerPageMillis: report.cpuMillis / pagesPulled,
    firstItemMillis: report.firstItemMillis,
    processWallMillis: measured.wallMillis,
    processCpuPerPageMillis: measured.cpuMillis / pagesPulled,
    maxRssKilobytes: measured.maxRssKilobytes
  }
}

export const cliPath = Path.join(root, "cli", "dist", "bin.js")

export const runCli = async (endpoint: Endpoint, run: number): Promise<Run> => {
  const measured = await measureProcess(
    [
      cliPath,
      "list",
      "--endpoint-url",
      endpoint.ready.url,
      "--association-id",
      endpoint.ready.associationId,
      "--format",
      "ndjson"
    ],
    clientEnvironment(endpoint.ready),
    false,
    // The CLI's summary goes to stderr.
    "ignore"
  )
  const requests = await endpoint.takeRequestCount()
  return {
    client: "cli",
    run,
    items: measured.lines,
    requests,
    wallMillis: measured.wallMillis,
    cpuPerPageMillis: measured.cpuMillis / pages,
    firstItemMillis: measured.firstOutputMillis,
    processWallMillis: measured.wallMillis,
    processCpuPerPageMillis: measured.cpuMillis / pages,
    maxRssKilobytes: measured.maxRssKilobytes
  }
}
