/**
 * The limiter and the retries on real time (issue 20): listings over loopback HTTP against the
 * local endpoint in this process (`test/support/loopback.ts`), through `NodeAssociationExecutions`
 * with default settings, judged against the model's ground truth. `realtimeReport` prints every
 * run as it ends and returns a markdown section with a PASS/FAIL line per scenario; `bench/run.ts`
 * adds it to `bench/RESULTS.md`, and `npm run bench:realtime` runs it alone (then the section
 * replaces its earlier copy in `bench/RESULTS.md`).
 *
 * Environment: `BENCH_REALTIME_RUNS` (default 10); `BENCH_REALTIME_SCENARIOS`, a comma list of
 * `8x100`, `50x10`, `400` (default all three); `BENCH_REALTIME_LATENCIES`, a comma list of
 * milliseconds (default `0,50`); `BENCH_REALTIME_SDK_MODES`, the SDK's retry modes beside the
 * 400-page stream (default `standard,adaptive`; adaptive alone took about 3 minutes a run);
 * `BENCH_REALTIME_FIRST_RUN` (default 1: each run's number is its fault seed), so several processes
 * can share a scenario's runs; `BENCH_REALTIME_OUT`, a file to write the section to instead of
 * `bench/RESULTS.md`.
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import {
  allExact,
  listWithModule,
  type LoopbackRun,
  type LoopbackScenario,
  startServer
} from "../test/support/loopback.js"
import { listWithSdk, type SdkRetryMode } from "./realtimeSdk.js"

const runs = Number(process.env["BENCH_REALTIME_RUNS"] ?? "10")
// The first run's number (its fault seed), so that several processes can share the runs of a scenario.
const firstRun = Number(process.env["BENCH_REALTIME_FIRST_RUN"] ?? "1")
const selected = (process.env["BENCH_REALTIME_SCENARIOS"] ?? "8x100,50x10,400").split(",").map((name) => name.trim())
const latencies = (process.env["BENCH_REALTIME_LATENCIES"] ?? "0,50").split(",").map((millis) => Number(millis))

/** A real limit: 20 requests per second, a bucket of 20, as in issue 20. */
const limit = { requestsPerSecond: 20, burst: 20 }

interface LimitScenario {
  readonly name: string
  readonly associations: number
  readonly pagesEach: number
  /** How far above the floor a run may end. */
  readonly bound: number
}

const limitScenarios: ReadonlyArray<LimitScenario> = [
  { name: "8x100", associations: 8, pagesEach: 100, bound: 1.1 },
  { name: "50x10", associations: 50, pagesEach: 10, bound: 1.15 }
]

/**
 * The least time a server limit allows: the bucket's first `burst` requests go at once, every
 * other one waits for a token at `requestsPerSecond`. 8 x 100 pages: (800 - 20) / 20 = 39 s.
 */
const floorMillis = (requests: number) => (requests - limit.burst) / limit.requestsPerSecond * 1000

const seconds = (millis: number) => (millis / 1000).toFixed(1)

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle] ?? Number.NaN
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const verdict = (pass: boolean) => pass ? "PASS" : "FAIL"

const exactCount = (run: LoopbackRun) =>
  `${run.listings.filter((listing) => listing.exact).length}/${run.listings.length}`

const resumes = (run: LoopbackRun) => run.listings.reduce((total, listing) => total + listing.resumes, 0)

const oneLine = (text: string, length: number) => text.replace(/\s+/g, " ").slice(0, length)

/**
 * Why listings were lost, each (their texts carry resume tokens: one line each, cut); then what the
 * resuming clients recovered from, counted by error.
 */
const failureLines = (results: ReadonlyArray<{ readonly run: number; readonly result: LoopbackRun }>) => {
  const lost = results.flatMap(({ result, run }) =>
    result.failures.map((text) => `  - run ${run}, ${result.client}: ${oneLine(text, 400)}`)
  )
  const shown = lost.slice(0, 20)
  const recovered = new Map<string, number>()
  for (const { result } of results) {
    for (const text of result.recovered) {
      const key = `${result.client}: ${oneLine(text, 120)}`
      recovered.set(key, (recovered.get(key) ?? 0) + 1)
    }
  }
  return [
    ...(lost.length === 0 ? [] : [
      "",
      "Listings lost:",
      ...shown,
      ...(lost.length > shown.length ? [`  - and ${lost.length - shown.length} more`] : [])
    ]),
    ...(recovered.size === 0 ? [] : [
      "",
      "Resumed after (all runs):",
      ...[...recovered].map(([text, count]) => `  - ${count} x ${text}`)
    ])
  ]
}

const tableHeader = [
  "| run | client | exact | elapsed s | ratio to floor | busiest second (after the first) | requests | throttles | resumes | lost |",
  "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
]

const tableRow = (run: number, result: LoopbackRun, floor: number | undefined) =>
  `| ${run} | ${result.client} | ${exactCount(result)} | ${seconds(result.elapsedMillis)} | ${
    floor === undefined ? "—" : (result.elapsedMillis / floor).toFixed(3)
  } | ${result.busiestSecond} (${result.busiestSecondOnceFound}) | ${result.requests} | ${result.throttles} | ${
    resumes(result)
  } | ${result.failures.length} |`

const progress = (label: string, run: number, result: LoopbackRun, floor: number | undefined) =>
  process.stdout.write(
    `${label} run ${run} ${result.client}: ${allExact(result) ? "complete and exact" : "NOT EXACT"} (${
      exactCount(result)
    }), ${seconds(result.elapsedMillis)} s${
      floor === undefined ? "" : `, ${(result.elapsedMillis / floor).toFixed(3)}x the floor`
    }, busiest second ${result.busiestSecond} (${result.busiestSecondOnceFound} after the first), ${result.requests} requests, ${result.throttles} throttles${
      resumes(result) > 0 ? `, ${resumes(result)} resumes` : ""
    }${result.failures.length > 0 ? `, lost: ${oneLine(result.failures.join(" | "), 600)}` : ""}\n`
  )

/** A rate-limited scenario: this module alone, `runs` times, each run against a fresh bucket. */
const limitSection = (scenario: LimitScenario, latencyMillis: number) =>
  Effect.scoped(Effect.gen(function*() {
    const label = `${scenario.name} latency ${latencyMillis} ms`
    const server = yield* startServer({ ...scenario, rateLimit: limit, latencyMillis })
    const floor = floorMillis(scenario.associations * scenario.pagesEach)
    const results: Array<{ readonly run: number; readonly result: LoopbackRun }> = []
    for (let run = firstRun; run < firstRun + runs; run++) {
      const result = yield* listWithModule(server)
      progress(label, run, result, floor)
      results.push({ run, result })
    }
    const exactRuns = results.filter(({ result }) => allExact(result)).length
    const worst = Math.max(...results.map(({ result }) => result.elapsedMillis / floor))
    const busiest = Math.max(...results.map(({ result }) => result.busiestSecond))
    const busiestOnceFound = Math.max(...results.map(({ result }) => result.busiestSecondOnceFound))
    const pass = exactRuns === results.length && worst <= scenario.bound &&
      busiestOnceFound <= limit.requestsPerSecond + limit.burst
    const line = `${verdict(pass)}: ${scenario.associations} associations x ${scenario.pagesEach} pages at ` +
      `${limit.requestsPerSecond} req/s, latency ${latencyMillis} ms: every listing complete and exact in ` +
      `${exactRuns}/${results.length} runs; each within ${Math.round((scenario.bound - 1) * 100)}% of the ` +
      `${seconds(floor)} s floor: worst ${worst.toFixed(3)}x (median ` +
      `${seconds(median(results.map(({ result }) => result.elapsedMillis)))} s; a run that lost listings ends ` +
      `early); busiest second ${busiest}, after the first ${busiestOnceFound} (limit + burst ${
        limit.requestsPerSecond + limit.burst
      })`
    process.stdout.write(`${line}\n`)
    return {
      verdict: `- ${line}`,
      lines: [
        `### ${scenario.associations} associations x ${scenario.pagesEach} pages, ${limit.requestsPerSecond} req/s (burst ${limit.burst}), latency ${latencyMillis} ms`,
        "",
        ...tableHeader,
        ...results.map(({ result, run }) => tableRow(run, result, floor)),
        ...failureLines(results),
        "",
        `- ${line}`,
        ""
      ]
    }
  }))

const sdkRetryModes: ReadonlyArray<SdkRetryMode> = ["standard", "adaptive"]

const faultySdkModes = (process.env["BENCH_REALTIME_SDK_MODES"] ?? "standard,adaptive").split(",").flatMap((name) =>
  sdkRetryModes.filter((mode) => mode === name.trim())
)

/**
 * One stream of 400 pages, 20% throttled, 5% 500 and 3% dropped connections at random, no limit:
 * this module and the SDK's paginator in both retry modes against the same server in each run,
 * each client meeting the same fault sequence (the run's seed, from its start).
 */
const faultySection = (latencyMillis: number) =>
  Effect.gen(function*() {
    const label = `400 pages with random faults, latency ${latencyMillis} ms`
    const results: Array<{ readonly run: number; readonly result: LoopbackRun }> = []
    for (let run = firstRun; run < firstRun + runs; run++) {
      const scenario: LoopbackScenario = {
        associations: 1,
        pagesEach: 400,
        latencyMillis,
        randomFaults: { seed: run, throttling: 0.2, internalServerError: 0.05, drop: 0.03 }
      }
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* startServer(scenario)
        const clients: ReadonlyArray<Effect.Effect<LoopbackRun>> = [
          listWithModule(server, { resume: true }),
          ...faultySdkModes.map((mode) => Effect.promise(() => listWithSdk(server, mode)))
        ]
        // Rotated each run, so no client always goes first.
        for (let index = 0; index < clients.length; index++) {
          const client = clients[(index + run) % clients.length]
          if (client === undefined) continue
          const result = yield* client
          progress(label, run, result, undefined)
          results.push({ run, result })
        }
      }))
    }
    const of = (client: string) => results.filter(({ result }) => result.client === client).map(({ result }) => result)
    const ours = of("this module")
    const ourMedian = median(ours.map((result) => result.elapsedMillis))
    const sdkMedians = faultySdkModes.map((mode) => {
      const sdk = of(`AWS SDK v3 ${mode}`)
      return {
        mode,
        median: median(sdk.map((result) => result.elapsedMillis)),
        resumes: sdk.reduce((total, result) => total + resumes(result), 0),
        exact: sdk.filter(allExact).length
      }
    })
    const exact = ours.every(allExact)
    const noSlower = sdkMedians.every((sdk) => ourMedian <= sdk.median)
    const line = `${
      verdict(exact && noSlower)
    }: one stream of 400 pages (20% throttled, 5% 500, 3% dropped), latency ${latencyMillis} ms: this module exact in ${
      ours.filter(allExact).length
    }/${ours.length} runs, median ${seconds(ourMedian)} s; ${
      sdkMedians.map((sdk) =>
        `SDK ${sdk.mode} median ${seconds(sdk.median)} s (${
          (ourMedian / sdk.median).toFixed(2)
        }x ours/SDK), exact in ${sdk.exact}/${runs} runs after ${sdk.resumes} resumes`
      ).join("; ")
    }`
    process.stdout.write(`${line}\n`)
    return {
      verdict: `- ${line}`,
      lines: [
        `### One stream of 400 pages, 20% throttled, 5% 500, 3% dropped connections, latency ${latencyMillis} ms`,
        "",
        ...tableHeader,
        ...results.map(({ result, run }) => tableRow(run, result, undefined)),
        ...failureLines(results),
        "",
        `- ${line}`,
        ""
      ]
    }
  })

/** Heading of the section, also how a standalone run finds its earlier copy in RESULTS.md. */
export const realtimeHeading = "## Real time over loopback (issue 20)"

/** Runs the selected scenarios and returns the section. */
export const realtimeReport = (): Promise<string> =>
  Effect.runPromise(Effect.gen(function*() {
    const started = performance.now()
    const sections: Array<{ readonly verdict: string; readonly lines: ReadonlyArray<string> }> = []
    for (const latencyMillis of latencies) {
      for (const scenario of limitScenarios) {
        if (selected.includes(scenario.name)) sections.push(yield* limitSection(scenario, latencyMillis))
      }
      if (selected.includes("400")) sections.push(yield* faultySection(latencyMillis))
    }
    return [
      realtimeHeading,
      "",
      `Real time, over loopback HTTP against the local endpoint in the bench's own process (SigV4 checked), ` +
      "through `NodeAssociationExecutions.layer` with default settings: one layer shared by every listing of " +
      "a run, a page size of 50. Each listing is judged against the model's ground truth: exact means every " +
      "execution once, in the service's order. The busiest second is the most requests the server received " +
      "in any 1,000 ms (a sliding window), throttled ones included. The floor of a rate-limited scenario is " +
      `(pages - burst) / rate: the first ${limit.burst} requests go at once, every other waits for a token ` +
      `(8 x 100: 39 s; 50 x 10: 24 s; the issue's rounder 40 s and 25 s are pages / rate). Latency delays ` +
      "every answer (throttles too) after the server has judged the request. Against the SDK, every client " +
      "meets the same fault sequence (the run's seed, from its start); the SDK's paginator is resumed from its " +
      "last NextToken when it fails, and each resume is counted.",
      "",
      `- Date: ${new Date().toISOString()}; ${runs} runs per scenario; latencies ${latencies.join(", ")} ms; ` +
      `scenarios ${selected.join(", ")}; ${seconds(performance.now() - started)} s of real time in all.`,
      "",
      ...sections.flatMap((section) => section.lines),
      "### Verdicts (real time)",
      "",
      ...sections.map((section) => section.verdict),
      ""
    ].join("\n")
  }))

/** The section in place of its earlier copy in RESULTS.md (up to the next `## ` heading), or appended. */
const withSection = (results: string, section: string): string => {
  const start = results.indexOf(realtimeHeading)
  if (start === -1) return `${results.trimEnd()}\n\n${section}`
  const next = results.indexOf("\n## ", start + realtimeHeading.length)
  return `${results.slice(0, start)}${section}${next === -1 ? "" : results.slice(next + 1)}`
}

// Run alone (`npm run bench:realtime`) it prints the section and puts it in RESULTS.md; bench/run.ts
// bundles it and calls realtimeReport.
if (/[/\\]realtime\.[jt]s$/.test(process.argv[1] ?? "")) {
  realtimeReport().then((section) => {
    process.stdout.write(`\n${section}`)
    // npm runs scripts from the repository root.
    const out = process.env["BENCH_REALTIME_OUT"]
    if (out !== undefined) {
      Fs.writeFileSync(out, section)
      return
    }
    const file = Path.join(process.cwd(), "bench", "RESULTS.md")
    if (Fs.existsSync(file)) {
      Fs.writeFileSync(file, withSection(Fs.readFileSync(file, "utf8"), section))
      process.stdout.write("wrote the section into bench/RESULTS.md\n")
    }
  }, (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  })
}
