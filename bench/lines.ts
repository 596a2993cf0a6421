/**
 * `npm run bench:lines` (issue 22): both Effect lines measured in one run, on the same Node, against
 * the SDK and the floor. The local endpoint in its own process; interleaved, rotated runs of each
 * line's Node entry and fetch entry, the SDK and the floor (CPU per page, first item, peak RSS,
 * wall); the import time of each line's root and Node entries from dist (a fresh `node` per import);
 * each line's own code bundled beside that line's Effect baseline. Writes its section into
 * bench/RESULTS.md in place; bench/run.ts calls `linesReport` as it calls `realtimeReport`.
 * Environment: `BENCH_LINES_RUNS` (default 5).
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { type BundleSize, bundleSize, type EffectLine } from "./bundles.js"
import {
  effect4OutDirectory,
  executions,
  type InProcessClient,
  pages,
  root,
  type Run,
  runInProcessClient,
  startEndpoint
} from "./processes.js"

const heading = "## Both Effect lines (issue 22)"

const clients: ReadonlyArray<InProcessClient> = [
  "module-node-http",
  "module-node-http-effect4",
  "module",
  "module-effect4",
  "sdk",
  "floor"
]

const labels: Partial<Record<InProcessClient, string>> = {
  "module-node-http": "Effect 3, Node entry (NodeAssociationExecutions: node:http + node:crypto)",
  "module-node-http-effect4": "Effect 4, Node entry (effect4 NodeAssociationExecutions: node:http + node:crypto)",
  module: "Effect 3, fetch entry (AssociationExecutions.layer + @effect/platform FetchHttpClient)",
  "module-effect4": "Effect 4, fetch entry (AssociationExecutions.layer + effect/http FetchHttpClient)",
  sdk: "@aws-sdk/client-ssm paginateDescribeAssociationExecutions",
  floor: "floor: keep-alive node:http + node:crypto SigV4 + JSON.parse"
}

// ---------------------------------------------------------------------------------------------
// Numbers
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
const row = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`
const load = () => Os.loadavg().map((value) => fixed(value, 2)).join(", ")

// ---------------------------------------------------------------------------------------------
// Import time
// ---------------------------------------------------------------------------------------------

/**
 * The Effect 4 line's dist seen from inside effect4-dev: a link, so that (with Node's
 * --preserve-symlinks) its bare `effect` imports find effect4-dev's Effect 4, as an Effect 4 app's
 * would find its own. From dist itself they would find the root's Effect 3.
 */
const effect4Dist = Path.join(effect4OutDirectory, "dist")

interface Entry {
  readonly line: EffectLine
  readonly name: string
  /** The file imported, or a bare name imported from `cwd`. */
  readonly specifier: string
  readonly cwd: string
}

const entries: ReadonlyArray<Entry> = [
  { line: 3, name: "`effect` (its index: every module)", specifier: "effect", cwd: root },
  {
    line: 3,
    name: "root entry (`ssm-association-executions`)",
    specifier: Path.join(root, "dist/index.js"),
    cwd: root
  },
  {
    line: 3,
    name: "Node entry (`/NodeAssociationExecutions`)",
    specifier: Path.join(root, "dist/NodeAssociationExecutions.js"),
    cwd: root
  },
  { line: 4, name: "`effect` (its index: every module)", specifier: "effect", cwd: Path.dirname(effect4OutDirectory) },
  {
    line: 4,
    name: "root entry (`/effect4`)",
    specifier: Path.join(effect4Dist, "effect4/index.js"),
    cwd: Path.dirname(effect4OutDirectory)
  },
  {
    line: 4,
    name: "Node entry (`/effect4/NodeAssociationExecutions`)",
    specifier: Path.join(effect4Dist, "effect4/NodeAssociationExecutions.js"),
    cwd: Path.dirname(effect4OutDirectory)
  }
]

interface ImportRun {
  readonly millis: number
  /** The `effect` this import's modules resolve to, and its version. */
  readonly effect: string
  readonly effectVersion: string
}

/** A fresh `node` that imports one entry and says how long the import took and which `effect` it found. */
const importOnce = (entry: Entry): ImportRun => {
  const specifier = JSON.stringify(entry.specifier)
  const from = JSON.stringify(entry.specifier === "effect" ? Path.join(entry.cwd, "x.js") : entry.specifier)
  const script = [
    "const startedAt = performance.now()",
    `await import(${specifier})`,
    "const millis = performance.now() - startedAt",
    "const { createRequire } = await import(\"node:module\")",
    `const effect = createRequire(${from}).resolve("effect")`,
    "process.stdout.write(JSON.stringify({ millis, effect }))"
  ].join("\n")
  const output = ChildProcess.execFileSync(
    process.execPath,
    ["--preserve-symlinks", "--input-type=module", "-e", script],
    { cwd: entry.cwd, encoding: "utf8" }
  )
  const parsed: { readonly millis: number; readonly effect: string } = JSON.parse(output)
  const packageRoot = parsed.effect.slice(0, parsed.effect.lastIndexOf("/node_modules/effect/") + 21)
  const version = String(JSON.parse(Fs.readFileSync(Path.join(packageRoot, "package.json"), "utf8")).version)
  return { millis: parsed.millis, effect: Path.relative(root, packageRoot), effectVersion: version }
}

const measureImports = (runs: number) => {
  if (!Fs.existsSync(Path.join(root, "dist", "effect4", "index.js"))) {
    throw new Error("dist/effect4 is missing: run `npm run build:library` first (npm run bench:lines does)")
  }
  Fs.mkdirSync(effect4OutDirectory, { recursive: true })
  if (!Fs.existsSync(effect4Dist)) {
    Fs.symlinkSync(Path.relative(effect4OutDirectory, Path.join(root, "dist")), effect4Dist)
  }
  const measured: ReadonlyArray<{ readonly entry: Entry; readonly runs: Array<ImportRun> }> = entries.map((
    entry
  ) => ({ entry, runs: [] }))
  // Interleaved, as the pulls are: a busy moment falls on every entry alike.
  for (let run = 0; run < runs; run++) {
    for (const each of measured) each.runs.push(importOnce(each.entry))
  }
  return measured.map(({ entry, runs: done }) => {
    const first = done[0]
    // Each line must load its own Effect, or the comparison means nothing.
    if (first === undefined || !first.effectVersion.startsWith(`${entry.line}.`)) {
      throw new Error(
        `${entry.specifier} found effect ${first?.effectVersion} (${first?.effect}), not Effect ${entry.line}`
      )
    }
    return { entry, millis: median(done.map((each) => each.millis)), effect: first }
  })
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

/** What a package's own code leaves out: its peer dependencies and its one dependency. */
const ownCodeExternals = ["effect", "@effect/platform", "aws4fetch"]

export const linesReport = async (): Promise<string> => {
  const runs = Number(process.env["BENCH_LINES_RUNS"] ?? "5")
  const loadBefore = load()
  process.stdout.write(`both lines: starting the local endpoint with ${executions} executions...\n`)
  const endpoint = await startEndpoint()
  const results: Array<Run> = []
  try {
    await endpoint.takeRequestCount()
    // One warm-up pull each, so the endpoint's JIT is warm for every measured run.
    for (const client of clients) await runInProcessClient(endpoint, client, 0)
    for (let run = 1; run <= runs; run++) {
      // Interleaved, and rotated each run so no client always goes first.
      const order = clients.map((_, index) => clients[(index + run) % clients.length] ?? "module")
      for (const client of order) {
        const result = await runInProcessClient(endpoint, client, run)
        // Every item and every page, or the run measured something else.
        if (result.items !== executions || result.requests !== pages) {
          throw new Error(`${client} run ${run}: ${result.items} items in ${result.requests} requests`)
        }
        process.stdout.write(
          `both lines: run ${run} ${client}: ${fixed(result.cpuPerPageMillis, 2)} ms CPU/page, first item ${
            fixed(result.firstItemMillis, 0)
          } ms, ${megabytes(result.maxRssKilobytes)} MB\n`
        )
        results.push(result)
      }
    }
  } finally {
    endpoint.stop()
  }

  process.stdout.write("both lines: import times...\n")
  const imports = measureImports(runs)

  process.stdout.write("both lines: bundles...\n")
  const bundles: ReadonlyArray<readonly [EffectLine, BundleSize, BundleSize, BundleSize]> = [
    [
      3,
      await bundleSize("module", "browser", ownCodeExternals, 3),
      await bundleSize("effectBaseline", "browser", [], 3),
      await bundleSize("module", "browser", [], 3)
    ],
    [
      4,
      await bundleSize("module", "browser", ownCodeExternals, 4),
      await bundleSize("effectBaseline", "browser", [], 4),
      await bundleSize("module", "browser", [], 4)
    ]
  ]
  const loadAfter = load()

  const medianOf = (client: InProcessClient, pick: (run: Run) => number) =>
    median(results.filter((result) => result.client === client).map(pick))
  const cpu = (client: InProcessClient) => medianOf(client, (run) => run.cpuPerPageMillis)
  const firstItem = (client: InProcessClient) => medianOf(client, (run) => run.firstItemMillis)
  const rss = (client: InProcessClient) => medianOf(client, (run) => run.maxRssKilobytes)
  const versionOf = (line: EffectLine) => imports.find((each) => each.entry.line === line)?.effect.effectVersion ?? "?"

  // The CLI's question: which line's Node entry (what the CLI runs on) measures better.
  const three: InProcessClient = "module-node-http"
  const four: InProcessClient = "module-node-http-effect4"
  const compare = (name: string, unit: string, pick: (client: InProcessClient) => number, digits: number) => {
    const [a, b] = [pick(three), pick(four)]
    const better = a === b ? "neither" : a < b ? "Effect 3" : "Effect 4"
    return `- ${name}: Effect 3 ${fixed(a, digits)} ${unit}, Effect 4 ${fixed(b, digits)} ${unit} ` +
      `(Effect 4 / Effect 3 = ${fixed(b / a, 2)}x): ${better} lower`
  }

  const lines = [
    heading,
    "",
    "Generated by `npm run bench:lines` (bench/lines.ts), or by `npm run bench` with the rest; numbers from this run.",
    "",
    `- Date: ${
      new Date().toISOString()
    }; load average (1, 5, 15 min) ${loadBefore} at the start, ${loadAfter} at the end ` +
    `(${Os.cpus().length} CPUs)`,
    `- Both lines on the same Node, ${process.version}: Effect 3 is effect ${versionOf(3)} (the root's), Effect 4 ` +
    `is effect ${versionOf(4)} (effect4-dev's); the Effect 4 clients completed every run on this Node.`,
    `- Workload: the local endpoint (own process, SigV4 checked) on 127.0.0.1, ${executions} executions at ` +
    `MaxResults 50 (${pages} pages) per pull, each client in its own process, ${runs} run(s) interleaved and rotated ` +
    "after a warm-up pull of each; CPU and wall of the pull alone, peak RSS of the whole process (GNU time). " +
    "Each line's clients are bundled the same way (esbuild, packages external): the Effect 4 ones into " +
    "effect4-dev/bench-out, where `effect` is Effect 4.",
    "",
    `### Pulls, medians of ${runs} run(s)`,
    "",
    row(["client", "CPU ms/page", "x SDK", "x floor", "first item ms", "peak RSS MB", "wall ms"]),
    row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...clients.map((client) =>
      row([
        labels[client] ?? client,
        fixed(cpu(client), 2),
        fixed(cpu(client) / cpu("sdk"), 2),
        fixed(cpu(client) / cpu("floor"), 2),
        fixed(firstItem(client), 1),
        megabytes(rss(client)),
        fixed(medianOf(client, (run) => run.wallMillis), 0)
      ])
    ),
    "",
    "### Import time, medians of a fresh `node --preserve-symlinks` per import",
    "",
    "From dist (`npm run build:library`), as the package ships; the time of the `import()` alone, Node's own " +
    "start-up not included. The Effect 4 entries are imported through effect4-dev/bench-out/dist (a link to dist), " +
    "so that their `effect` is effect4-dev's; the `effect` column is what each import resolved.",
    "",
    row(["line", "import", "ms", "effect"]),
    row(["---", "---", "---:", "---"]),
    ...imports.map(({ effect, entry, millis }) =>
      row([`Effect ${entry.line}`, entry.name, fixed(millis, 0), `${effect.effectVersion} (${effect.effect})`])
    ),
    "",
    "### Own code beside that line's Effect baseline (esbuild, minified, ESM, browser; gzip level 9)",
    "",
    "Own code: bench/bundle/module.ts (Effect 3) or bench/effect4/bundle/module.ts (Effect 4) without " +
    `${ownCodeExternals.join(", ")}. Baseline: the same listing with that line's Effect alone ` +
    "(bench/bundle/effectBaseline.ts, bench/effect4/bundle/effectBaseline.ts: request, Schema, Stream).",
    "",
    row(["line", "own code KB gz", "Effect baseline KB gz", "the probe with its Effect KB gz", "own code KB min"]),
    row(["---", "---:", "---:", "---:", "---:"]),
    ...bundles.map(([line, own, baseline, together]) =>
      row([
        `Effect ${line}`,
        kilobytes(own.gzippedBytes),
        kilobytes(baseline.gzippedBytes),
        kilobytes(together.gzippedBytes),
        kilobytes(own.minifiedBytes)
      ])
    ),
    "",
    "### For the CLI (it runs on the Node entry)",
    "",
    compare("CPU per page", "ms", cpu, 2),
    compare("first item", "ms", firstItem, 1),
    compare("peak RSS", "MB", (client) => rss(client) / 1024, 0),
    "- The CLI stays on Effect 3 (@effect/cli 0.77) this session; porting it to effect/cli is not in scope. " +
    "bench/ANALYSIS.md says what these numbers mean for it.",
    ""
  ]
  return `${lines.join("\n")}\n`
}

/** RESULTS.md with this section put in place of the last one, or added at the end. */
export const withLinesSection = (results: string, section: string): string => {
  const start = results.indexOf(heading)
  if (start === -1) return `${results.trimEnd()}\n\n${section}`
  const next = results.indexOf("\n## ", start + heading.length)
  return `${results.slice(0, start)}${section}${next === -1 ? "" : results.slice(next + 1)}`
}

// Run alone (`npm run bench:lines`) it writes its section into RESULTS.md; bench/run.ts bundles it
// and calls linesReport.
if (/[/\\]lines\.[jt]s$/.test(process.argv[1] ?? "")) {
  linesReport().then((section) => {
    process.stdout.write(`\n${section}`)
    const file = Path.join(root, "bench", "RESULTS.md")
    const results = Fs.existsSync(file) ? Fs.readFileSync(file, "utf8") : "# Benchmark results\n"
    Fs.writeFileSync(file, withLinesSection(results, section))
    process.stdout.write("wrote the section into bench/RESULTS.md\n")
  }, (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
    process.exitCode = 1
  })
}
