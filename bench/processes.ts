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

/** Where a measured process writes its stdout. */
export type StdoutTarget =
  /** A pipe to this process, kept (the clients' JSON report). */
  | { readonly kind: "pipe" }
  /** A file, as `> file` in a shell: what a listing to disk costs, its first byte seen by inotify. */
  | { readonly kind: "file"; readonly path: string }

/** Runs `node args...` under GNU time; stdout goes to a pipe (counted and kept here) or to a file. */
export const measureProcess = (
  args: ReadonlyArray<string>,
  environment: Record<string, string>,
  stdoutTarget: StdoutTarget,
  stderr: "inherit" | "ignore" = "inherit"
): Promise<ProcessMeasure> =>
  new Promise((resolve, reject) => {
    const timeFile = Path.join(Os.tmpdir(), `bench-time-${process.pid}-${Math.random()}`)
    const filePath = stdoutTarget.kind === "file" ? stdoutTarget.path : undefined
    const file = filePath === undefined ? undefined : Fs.openSync(filePath, "w")
    let firstOutputMillis = Number.NaN
    let startedAt = performance.now()
    const sawOutput = () => {
      if (Number.isNaN(firstOutputMillis)) firstOutputMillis = performance.now() - startedAt
    }
    // The file's first write: inotify reports it at once; a coarse poll covers a missed event.
    const watcher = filePath === undefined ? undefined : Fs.watch(filePath, sawOutput)
    const poll = file === undefined ? undefined : setInterval(() => {
      if (Fs.fstatSync(file).size > 0) {
        sawOutput()
        clearInterval(poll)
      }
    }, 20)
    startedAt = performance.now()
    const child = ChildProcess.spawn(
      "/usr/bin/time",
      ["-f", "%U %S %M", "-o", timeFile, process.execPath, ...args],
      { cwd: root, env: { ...process.env, ...environment }, stdio: ["ignore", file ?? "pipe", stderr] }
    )
    let lines = 0
    const kept: Array<Buffer> = []
    child.stdout?.on("data", (chunk: Buffer) => {
      sawOutput()
      for (const byte of chunk) if (byte === 10) lines++
      kept.push(chunk)
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const wallMillis = performance.now() - startedAt
      watcher?.close()
      clearInterval(poll)
      if (file !== undefined && filePath !== undefined) {
        Fs.closeSync(file)
        for (const byte of Fs.readFileSync(filePath)) if (byte === 10) lines++
      }
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

export const inProcessClients = [
  "module",
  "module-node-http",
  "sdk",
  "floor",
  "fetch-floor",
  "module-targets",
  "sdk-targets"
] as const
/**
 * The Effect 4 line's clients (bench/effect4), measured by bench/lines.ts beside the Effect 3 ones.
 * They are built into effect4-dev/bench-out, so that their bare `effect` import finds effect4-dev's
 * Effect 4 (Node looks from the file upwards) and aws4fetch the root's.
 */
export const effect4Clients = ["module-effect4", "module-node-http-effect4"] as const
export type Effect4Client = typeof effect4Clients[number]
export type InProcessClient = typeof inProcessClients[number] | Effect4Client
/** Measured as whole processes that write ndjson to a file: the CLI and the same listing with the SDK. */
export const wholeProcessClients = ["cli", "sdk-process"] as const
export type WholeProcessClient = typeof wholeProcessClients[number]
export type ClientName = InProcessClient | WholeProcessClient

/** Where the Effect 4 line's bench files are built (`npm run bench:lines`). */
export const effect4OutDirectory = Path.join(root, "effect4-dev", "bench-out")

const clients = (file: string) => Path.join(outDirectory, "clients", file)

const clientEntries: Record<InProcessClient, string> = {
  module: clients("module.js"),
  "module-node-http": clients("moduleNodeHttp.js"),
  sdk: clients("sdk.js"),
  floor: clients("floor.js"),
  "fetch-floor": clients("fetchFloor.js"),
  "module-targets": clients("moduleTargets.js"),
  "sdk-targets": clients("sdkTargets.js"),
  "module-effect4": Path.join(effect4OutDirectory, "module.js"),
  "module-node-http-effect4": Path.join(effect4OutDirectory, "moduleNodeHttp.js")
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
  /** user + sys of the whole process. */
  readonly processCpuMillis: number
  readonly maxRssKilobytes: number
  /** With `BENCH_WARM_ITEMS`: CPU per page up to that many items, and per page after them. */
  readonly phases?: { readonly warmingCpuPerPageMillis: number; readonly warmCpuPerPageMillis: number }
}

const clientEnvironment = (ready: Ready, extra: Record<string, string> = {}): Record<string, string> => ({
  BENCH_ENDPOINT_URL: ready.url,
  BENCH_ASSOCIATION_ID: ready.associationId,
  BENCH_TARGETS_ASSOCIATION_ID: ready.targetsAssociationId,
  BENCH_TARGETS_EXECUTION_ID: ready.targetsExecutionId,
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
  client: InProcessClient,
  run: number,
  extra: Record<string, string> = {},
  nodeOptions: ReadonlyArray<string> = []
): Promise<Run> => {
  const measured = await measureProcess(
    [...nodeOptions, clientEntries[client]],
    clientEnvironment(endpoint.ready, extra),
    { kind: "pipe" }
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
    processCpuMillis: measured.cpuMillis,
    maxRssKilobytes: measured.maxRssKilobytes,
    ...(report.warm === undefined || report.items <= report.warm.items ? {} : {
      phases: {
        warmingCpuPerPageMillis: report.warm.cpuMillis / (report.warm.items / pageSize),
        warmCpuPerPageMillis: (report.cpuMillis - report.warm.cpuMillis) /
          ((report.items - report.warm.items) / pageSize)
      }
    })
  }
}

export const cliPath = Path.join(root, "cli", "dist", "bin.js")

/** Where the whole-process listings write their ndjson (one file, rewritten by each run). */
const listingFile = Path.join(Os.tmpdir(), `bench-listing-${process.pid}.ndjson`)

const wholeProcessArgs = (client: WholeProcessClient, ready: Ready): ReadonlyArray<string> =>
  client === "cli"
    ? [
      cliPath,
      "list",
      "--endpoint-url",
      ready.url,
      "--association-id",
      ready.associationId,
      "--output",
      "ndjson"
    ]
    : [Path.join(outDirectory, "clients", "sdkProcess.js")]

/**
 * A whole process listing every execution to a file as ndjson, start-up included; its time to first
 * item is from spawn to the file's first byte.
 */
export const runWholeProcess = async (endpoint: Endpoint, client: WholeProcessClient, run: number): Promise<Run> => {
  const measured = await measureProcess(
    wholeProcessArgs(client, endpoint.ready),
    clientEnvironment(endpoint.ready),
    { kind: "file", path: listingFile },
    // The CLI's summary goes to stderr.
    "ignore"
  )
  Fs.rmSync(listingFile, { force: true })
  const requests = await endpoint.takeRequestCount()
  return {
    client,
    run,
    items: measured.lines,
    requests,
    wallMillis: measured.wallMillis,
    cpuPerPageMillis: measured.cpuMillis / pages,
    firstItemMillis: measured.firstOutputMillis,
    processWallMillis: measured.wallMillis,
    processCpuPerPageMillis: measured.cpuMillis / pages,
    processCpuMillis: measured.cpuMillis,
    maxRssKilobytes: measured.maxRssKilobytes
  }
}
