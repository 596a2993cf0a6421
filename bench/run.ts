/**
 * `npm run bench`: this module against the AWS SDK v3 and a hand-written floor, each client in its
 * own process against the local endpoint in another, interleaved runs, medians; peak RSS over 10,000
 * and 1,000,000 items; bundle sizes; a CPU profile of this module. Writes `bench/RESULTS.md`.
 * Environment: `BENCH_RUNS` (default 5), `BENCH_SKIP_MILLION=1` to skip the long memory run.
 */
import { build } from "esbuild"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"
import type { ClientReport } from "./clients/harness.js"
import type { EndpointMessage, EndpointQuestion } from "./endpoint.js"

const outDirectory = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(outDirectory, "../..")
const runs = Number(process.env["BENCH_RUNS"] ?? "5")
const executions = 50_000
const pageSize = 50
const pages = executions / pageSize

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

type Ready = Extract<EndpointMessage, { type: "ready" }>

interface Endpoint {
  readonly ready: Ready
  readonly takeRequestCount: () => Promise<number>
  readonly stop: () => void
}

const startEndpoint = (): Promise<Endpoint> =>
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

interface ProcessMeasure {
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
const measureProcess = (
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

const inProcessClients = ["module", "module-node-http", "sdk", "floor"] as const
type ClientName = typeof inProcessClients[number] | "cli"

const clientEntries: Record<typeof inProcessClients[number], string> = {
  module: "module.js",
  "module-node-http": "moduleNodeHttp.js",
  sdk: "sdk.js",
  floor: "floor.js"
}

interface Run {
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

const runInProcessClient = async (
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

const cliPath = Path.join(root, "dist", "bin.js")

const runCli = async (endpoint: Endpoint, run: number): Promise<Run> => {
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

// ---------------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------------

interface BundleSize {
  readonly script: string
  readonly platform: "node" | "browser"
  readonly minifiedBytes: number
  readonly gzippedBytes: number
}

const bundleSize = async (script: string, platform: "node" | "browser"): Promise<BundleSize> => {
  const result = await build({
    entryPoints: [Path.join(root, "bench", "bundle", `${script}.ts`)],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    write: false,
    logLevel: "error"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    script,
    platform,
    minifiedBytes: code.byteLength,
    gzippedBytes: Zlib.gzipSync(code, { level: 9 }).byteLength
  }
}

// ---------------------------------------------------------------------------------------------
// Profile
// ---------------------------------------------------------------------------------------------

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly endTime: number
  readonly samples: ReadonlyArray<number>
}

interface ProfileSummary {
  readonly totalMillis: number
  readonly byFunction: ReadonlyArray<readonly [string, number]>
  readonly byPackage: ReadonlyArray<readonly [string, number]>
}

const packageOf = (url: string): string => {
  if (url === "") return "(native / GC / idle)"
  if (url.startsWith("node:")) return "node internals"
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match?.[1] !== undefined) return match[1]
  return url.includes("/bench/out/") ? "this module (bundled src) and bench" : url
}

const summarizeProfile = (profile: CpuProfile): ProfileSummary => {
  const sampleMillis = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    if (hits === 0) continue
    const { functionName, lineNumber, url } = node.callFrame
    const name = `${functionName === "" ? "(anonymous)" : functionName} ${
      url === ""
        ? ""
        : `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/bench\/out\//, "")}:${lineNumber + 1}`
    }`
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits * sampleMillis)
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + hits * sampleMillis)
  }
  const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
  return {
    totalMillis: (profile.endTime - profile.startTime) / 1000,
    byFunction: top(byFunction, 15),
    byPackage: top(byPackage, 12)
  }
}

const profileClient = async (endpoint: Endpoint, client: typeof inProcessClients[number]) => {
  const directory = Path.join(outDirectory, "profile", client)
  Fs.rmSync(directory, { recursive: true, force: true })
  await runInProcessClient(endpoint, client, 0, {}, ["--cpu-prof", `--cpu-prof-dir=${directory}`])
  const [file] = Fs.readdirSync(directory).filter((name) => name.endsWith(".cpuprofile"))
  if (file === undefined) throw new Error("no CPU profile was written")
  const profile: CpuProfile = JSON.parse(Fs.readFileSync(Path.join(directory, file), "utf8"))
  return summarizeProfile(profile)
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle] ?? Number.NaN
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const fixed = (value: number, digits = 1) => Number.isFinite(value) ? value.toFixed(digits) : "n/a"
const megabytes = (kilobytes: number) => fixed(kilobytes / 1024, 0)
const kilobytes = (bytes: number) => fixed(bytes / 1024, 1)

const versionOf = (name: string): string => {
  const file = Path.join(root, "node_modules", name, "package.json")
  return Fs.existsSync(file) ? String(JSON.parse(Fs.readFileSync(file, "utf8")).version) : "missing"
}

const cpuModel = () => Os.cpus()[0]?.model ?? "unknown"

const clientLabels: Record<ClientName, string> = {
  module: "this module, stream (FetchHttpClient, the default)",
  "module-node-http": "this module on Node (NodeHttpClient + node:crypto signer, as the CLI)",
  cli: "this module's CLI, whole process, ndjson",
  sdk: "@aws-sdk/client-ssm paginateDescribeAssociationExecutions",
  floor: "floor: keep-alive node:http + node:crypto SigV4 + JSON.parse"
}

interface Target {
  readonly name: string
  readonly measured: string
  readonly pass: boolean
}

const row = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`

const main = async () => {
  const cliReady = Fs.existsSync(cliPath)
  const clients: ReadonlyArray<ClientName> = cliReady ? [...inProcessClients, "cli"] : inProcessClients
  process.stdout.write(`starting the local endpoint with ${executions} executions...\n`)
  const endpoint = await startEndpoint()
  await endpoint.takeRequestCount()

  // One warm-up pull each, so the endpoint's JIT is warm for every measured run.
  for (const client of inProcessClients) await runInProcessClient(endpoint, client, 0)

  const results: Array<Run> = []
  for (let run = 1; run <= runs; run++) {
    // Interleaved, and rotated each run so no client always goes first.
    const order = clients.map((_, index) => clients[(index + run) % clients.length] ?? "module")
    for (const client of order) {
      const result = client === "cli" ? await runCli(endpoint, run) : await runInProcessClient(endpoint, client, run)
      process.stdout.write(
        `run ${run} ${client}: ${fixed(result.wallMillis, 0)} ms, ${fixed(result.cpuPerPageMillis, 2)} ms CPU/page, ` +
          `first item ${fixed(result.firstItemMillis, 0)} ms, ${
            megabytes(result.maxRssKilobytes)
          } MB, ${result.requests} requests, ${result.items} items\n`
      )
      results.push(result)
    }
  }

  process.stdout.write("memory: 10,000 items and 1,000,000 items through one stream...\n")
  const memoryRuns = [
    { label: "10,000 items (maxItems 10000, 200 pages)", extra: { BENCH_MAX_ITEMS: "10000" } },
    ...(process.env["BENCH_SKIP_MILLION"] === "1" ? [] : [{
      label: "1,000,000 items (the 50,000 concatenated 20 times in one stream, 20,000 pages)",
      extra: { BENCH_REPEAT: "20" }
    }])
  ]
  const memory: Array<{ readonly label: string; readonly run: Run }> = []
  for (const { extra, label } of memoryRuns) {
    // The Node configuration, on which the targets are judged (as for CPU and first item).
    memory.push({ label, run: await runInProcessClient(endpoint, "module-node-http", 0, extra) })
  }

  process.stdout.write("profiles...\n")
  const profiles = {
    module: await profileClient(endpoint, "module"),
    "module-node-http": await profileClient(endpoint, "module-node-http")
  }
  endpoint.stop()

  process.stdout.write("bundles...\n")
  const bundles = [
    await bundleSize("module", "node"),
    await bundleSize("module", "browser"),
    await bundleSize("sdk", "node"),
    await bundleSize("sdk", "browser")
  ]

  const medianOf = (client: ClientName, pick: (run: Run) => number) =>
    median(results.filter((result) => result.client === client).map(pick))
  const cpu = (client: ClientName) => medianOf(client, (run) => run.cpuPerPageMillis)
  const firstItem = (client: ClientName) => medianOf(client, (run) => run.firstItemMillis)
  const rss = (client: ClientName) => medianOf(client, (run) => run.maxRssKilobytes)
  const gzipped = (script: string, platform: string) =>
    bundles.find((bundle) => bundle.script === script && bundle.platform === platform)?.gzippedBytes ?? Number.NaN
  const [small, large] = memory
  const rssGrowth = small !== undefined && large !== undefined
    ? large.run.maxRssKilobytes / small.run.maxRssKilobytes
    : Number.NaN

  // Targets are judged on what Node users get by default (NodeAssociationExecutions, the CLI):
  // NodeHttpClient and the node:crypto signer. The core default (fetch + WebCrypto) is in the table.
  const nodeClient: ClientName = "module-node-http"
  const targets: ReadonlyArray<Target> = [
    {
      name: "CPU per page at most half of the SDK's",
      measured: `${fixed(cpu(nodeClient), 2)} / ${fixed(cpu("sdk"), 2)} ms = ${
        fixed(cpu(nodeClient) / cpu("sdk"), 2)
      }x`,
      pass: cpu(nodeClient) <= cpu("sdk") / 2
    },
    {
      name: "CPU per page within 1.5x of the floor",
      measured: `${fixed(cpu(nodeClient), 2)} / ${fixed(cpu("floor"), 2)} ms = ${
        fixed(cpu(nodeClient) / cpu("floor"), 2)
      }x`,
      pass: cpu(nodeClient) <= cpu("floor") * 1.5
    },
    {
      name: "time to first item no worse than the SDK's",
      measured: `${fixed(firstItem(nodeClient), 1)} / ${fixed(firstItem("sdk"), 1)} ms = ${
        fixed(firstItem(nodeClient) / firstItem("sdk"), 2)
      }x`,
      pass: firstItem(nodeClient) <= firstItem("sdk")
    },
    {
      name: "peak RSS no more than the SDK's",
      measured: `${megabytes(rss(nodeClient))} / ${megabytes(rss("sdk"))} MB = ${
        fixed(rss(nodeClient) / rss("sdk"), 2)
      }x`,
      pass: rss(nodeClient) <= rss("sdk")
    },
    {
      name: "peak RSS flat from 10,000 to 1,000,000 items (within 10%)",
      measured: small !== undefined && large !== undefined
        ? `${megabytes(large.run.maxRssKilobytes)} / ${megabytes(small.run.maxRssKilobytes)} MB = ${
          fixed(rssGrowth, 2)
        }x`
        : "not run",
      pass: rssGrowth <= 1.1
    },
    {
      name: "node bundle at most a third of the SDK's",
      measured: `${kilobytes(gzipped("module", "node"))} / ${kilobytes(gzipped("sdk", "node"))} KB gzipped = ${
        fixed(gzipped("module", "node") / gzipped("sdk", "node"), 2)
      }x`,
      pass: gzipped("module", "node") <= gzipped("sdk", "node") / 3
    }
  ]

  const profileSection = (title: string, summary: ProfileSummary) => [
    `### ${title} (one pull of ${pages} pages, ${fixed(summary.totalMillis, 0)} ms profiled)`,
    "",
    row(["self time by package", "ms", "share"]),
    row(["---", "---:", "---:"]),
    ...summary.byPackage.map(([name, millis]) =>
      row([name, fixed(millis, 0), `${fixed(millis / summary.totalMillis * 100, 1)}%`])
    ),
    "",
    row(["top self time by function", "ms"]),
    row(["---", "---:"]),
    ...summary.byFunction.map(([name, millis]) => row([`\`${name}\``, fixed(millis, 0)])),
    ""
  ]

  const lines = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench` (bench/run.ts); numbers are from the run below, not edited by hand.",
    "Why targets are missed and what would close them: `bench/ANALYSIS.md` (written by hand).",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${Os.cpus().length} CPUs (nproc), ${cpuModel()}, ${
      fixed(Os.totalmem() / 2 ** 30, 1)
    } GiB, ${Os.type()} ${Os.release()}`,
    `- Node ${process.version}; effect ${versionOf("effect")}, @effect/platform ${versionOf("@effect/platform")}, ` +
    `@effect/platform-node ${versionOf("@effect/platform-node")}, aws4fetch ${versionOf("aws4fetch")}, ` +
    `@aws-sdk/client-ssm ${versionOf("@aws-sdk/client-ssm")}, esbuild ${versionOf("esbuild")}`,
    `- Workload: the local endpoint (own process, SigV4 checked, no faults, no latency) on 127.0.0.1; one association of ` +
    `${executions} executions at MaxResults ${pageSize} (${pages} pages); each client in its own process; ${runs} runs, ` +
    "interleaved and rotated; a warm-up pull of each in-process client first.",
    "- Wall and CPU of in-process clients cover the pull alone (after module loading); process wall, process CPU " +
    "(GNU time user+sys) and peak RSS cover the whole process. The CLI is measured as a whole process only " +
    "(its time to first item is from spawn to the first ndjson byte).",
    ...(cliReady ? [] : ["- The CLI (dist/bin.js) was not built when this ran, so it is missing from the table."]),
    "",
    "## Targets (issue 7), medians of this run",
    "",
    row(["target", "measured", "result"]),
    row(["---", "---", "---"]),
    ...targets.map((target) => row([target.name, target.measured, target.pass ? "PASS" : "FAIL"])),
    "",
    "## Medians",
    "",
    row([
      "client",
      "wall ms",
      "CPU ms/page",
      "first item ms",
      "process wall ms",
      "process CPU ms/page",
      "peak RSS MB",
      "requests"
    ]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...clients.map((client) =>
      row([
        clientLabels[client],
        fixed(medianOf(client, (run) => run.wallMillis), 0),
        fixed(cpu(client), 2),
        fixed(firstItem(client), 1),
        fixed(medianOf(client, (run) => run.processWallMillis), 0),
        fixed(medianOf(client, (run) => run.processCpuPerPageMillis), 2),
        megabytes(rss(client)),
        fixed(medianOf(client, (run) => run.requests), 0)
      ])
    ),
    "",
    "## Every run",
    "",
    row([
      "run",
      "client",
      "wall ms",
      "CPU ms/page",
      "first item ms",
      "process CPU ms/page",
      "peak RSS MB",
      "requests",
      "items"
    ]),
    row(["---:", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...results.map((result) =>
      row([
        String(result.run),
        result.client,
        fixed(result.wallMillis, 0),
        fixed(result.cpuPerPageMillis, 2),
        fixed(result.firstItemMillis, 1),
        fixed(result.processCpuPerPageMillis, 2),
        megabytes(result.maxRssKilobytes),
        String(result.requests),
        String(result.items)
      ])
    ),
    "",
    "## Memory: this module's stream on Node (NodeHttpClient + node:crypto signer), count-only consumer",
    "",
    "The endpoint cannot hold a million generated executions, so the million-item run streams the same 50,000 " +
    "twenty times, concatenated into one `Stream`.",
    "",
    row(["items", "pages requested", "wall ms", "peak RSS MB"]),
    row(["---", "---:", "---:", "---:"]),
    ...memory.map(({ label, run }) =>
      row([label, String(run.requests), fixed(run.wallMillis, 0), megabytes(run.maxRssKilobytes)])
    ),
    "",
    "## Bundle size (esbuild, minified, ESM; gzip level 9)",
    "",
    row(["script", "platform", "minified KB", "gzipped KB"]),
    row(["---", "---", "---:", "---:"]),
    ...bundles.map((bundle) =>
      row([
        bundle.script === "module" ? "this module (bench/bundle/module.ts)" : "AWS SDK v3 (bench/bundle/sdk.ts)",
        bundle.platform,
        kilobytes(bundle.minifiedBytes),
        kilobytes(bundle.gzippedBytes)
      ])
    ),
    "",
    "## Where this module's CPU goes (`node --cpu-prof`, self time)",
    "",
    ...profileSection("FetchHttpClient (the default)", profiles.module),
    ...profileSection("NodeHttpClient", profiles["module-node-http"])
  ]
  Fs.writeFileSync(Path.join(root, "bench", "RESULTS.md"), `${lines.join("\n")}\n`)
  process.stdout.write(
    `${targets.map((target) => `${target.pass ? "PASS" : "FAIL"} ${target.name}: ${target.measured}`).join("\n")}\n`
  )
  process.stdout.write("wrote bench/RESULTS.md\n")
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  process.exit(1)
})
