/**
 * The limiter's targets (issue 16) on virtual time: the test layer's path (synchronous signer, the
 * in-memory model as the server, a virtual clock moved from wake-up to wake-up), so a run takes no
 * real waiting and the same seeds give the same numbers. `limiterReport` returns a markdown
 * section with a table and a PASS/FAIL line per target; `npx tsx bench/limiter.ts` prints it.
 */
import * as Effect from "effect/Effect"
import * as TestContext from "effect/TestContext"
import type * as InMemorySsm from "../src/InMemorySsm.js"
import type { RateLimitOptions } from "../src/RateLimit.js"
import type { RetryOptions } from "../src/RetryPolicy.js"
import { sdkStandard, sdkStandardClassic } from "../test/support/sdkStandardMode.js"
import { busiestSecond, pull, type PullResult } from "../test/support/virtualClock.js"

/** Rate-independent throttling: every answer has the same odds whatever the rate. */
export const randomThrottling = (seed: number): InMemorySsm.BehaviourOptions => ({
  randomFaults: { seed, throttling: 0.2, internalServerError: 0.05 }
})

/** A real limit: the server's token bucket, 20 requests per second with a burst of 20. */
export const serverLimit: InMemorySsm.BehaviourOptions = { rateLimit: { requestsPerSecond: 20, burst: 20 } }

export const randomSeeds: ReadonlyArray<number> = [1, 2, 3, 4, 5, 6, 7, 8]

/** The fault soak's seed and two more. */
export const singleStreamSeeds: ReadonlyArray<number> = [2024, 1, 2]

interface Client {
  readonly name: string
  readonly rateLimit?: RateLimitOptions
  readonly retry?: RetryOptions
  readonly resumeAfterFailure?: boolean
}

const clients: ReadonlyArray<Client> = [
  { name: "default (adaptive limiter)" },
  { name: "AWS SDK v3 standard mode (model)", ...sdkStandard },
  { name: "AWS SDK v3 standard mode, 2026 switch off (model)", ...sdkStandardClassic },
  { name: "this client, `adaptive: false`", rateLimit: { adaptive: false } }
]

const seconds = (millis: number) => (millis / 1000).toFixed(1)

const verdict = (pass: boolean) => pass ? "PASS" : "FAIL"

const throttles = (result: PullResult) => result.answers.filter((answer) => answer.status === 400).length

/** Runs every scenario and writes the section. */
export const limiterReport = (): Promise<string> =>
  Effect.runPromise(Effect.provide(
    Effect.gen(function*() {
      const lines: Array<string> = []
      const verdicts: Array<string> = []
      lines.push("## The limiter (issue 16), on virtual time")
      lines.push("")
      lines.push(
        "The test layer's path on virtual time (`pull` in test/support/virtualClock.ts): the in-memory " +
          "model as the server (no latency), 5 items a page, the backoff jitter seeded, so every number " +
          "is exact and repeatable. Times are virtual seconds."
      )
      lines.push("")

      // Rate-independent throttling: 4 streams x 50 pages, 20% throttled, 5% 500s, several fault seeds.
      lines.push("### Rate-independent throttling: 4 streams x 50 pages, 20% of answers throttled and 5% 500 at random")
      lines.push("")
      lines.push(
        "Each seed gives every client the same sequence of answers (the n-th request gets the n-th). A " +
          "page out of attempts is asked for again from the stream's resume point (count in brackets)."
      )
      lines.push("")
      lines.push(`| fault seed | ${clients.map((client) => client.name).join(" | ")} |`)
      lines.push(`| ---: | ${clients.map(() => "---:").join(" | ")} |`)
      const totals = clients.map(() => 0)
      let slowerSeeds = 0
      for (const seed of randomSeeds) {
        const cells: Array<string> = []
        const times: Array<number> = []
        for (const client of clients) {
          const result = yield* pull({
            associations: 4,
            pagesEach: 50,
            pageSize: 5,
            server: randomThrottling(seed),
            // 1 page in 256 fails 4 attempts at these odds, 1 in 1,024 fails 5: every client carries on.
            resumeAfterFailure: true,
            ...client
          })
          times.push(result.elapsedMillis)
          cells.push(
            `${seconds(result.elapsedMillis)} (${result.resumes})` + (result.mismatched.length > 0 ? " WRONG DATA" : "")
          )
        }
        times.forEach((time, index) => totals[index] = (totals[index] ?? 0) + time)
        if ((times[0] ?? Infinity) > (times[1] ?? 0)) slowerSeeds++
        lines.push(`| ${seed} | ${cells.join(" | ")} |`)
      }
      lines.push(`| total | ${totals.map((total) => `**${seconds(total)}**`).join(" | ")} |`)
      lines.push("")
      const defaultTotal = totals[0] ?? Infinity
      const sdkTotal = totals[1] ?? 0
      verdicts.push(
        `- ${verdict(defaultTotal <= sdkTotal)}: under random throttling the default finishes no slower than ` +
          `the SDK v3 standard model on the same fault sequences: ${seconds(defaultTotal)} s against ` +
          `${seconds(sdkTotal)} s over ${randomSeeds.length} seeds (${(defaultTotal / sdkTotal).toFixed(2)}x; ` +
          `slower on ${slowerSeeds} of them, by the luck of the draw; \`adaptive: false\` ${seconds(totals[3] ?? 0)} s)`
      )

      // The issue's own scenario: one stream of 400 pages, with dropped connections too.
      lines.push(
        "### One stream of 400 pages: 20% throttled, 5% 500, 3% dropped connections at random (issue 16's scenario)"
      )
      lines.push("")
      lines.push(`| fault seed | ${clients.map((client) => client.name).join(" | ")} |`)
      lines.push(`| ---: | ${clients.map(() => "---:").join(" | ")} |`)
      const singleTotals = clients.map(() => 0)
      for (const seed of singleStreamSeeds) {
        const cells: Array<string> = []
        for (const [index, client] of clients.entries()) {
          const result = yield* pull({
            associations: 1,
            pagesEach: 400,
            pageSize: 5,
            server: { randomFaults: { seed, throttling: 0.2, internalServerError: 0.05, drop: 0.03 } },
            resumeAfterFailure: true,
            ...client
          })
          singleTotals[index] = (singleTotals[index] ?? 0) + result.elapsedMillis
          cells.push(
            `${seconds(result.elapsedMillis)} (${result.resumes})` + (result.mismatched.length > 0 ? " WRONG DATA" : "")
          )
        }
        lines.push(`| ${seed} | ${cells.join(" | ")} |`)
      }
      lines.push(`| total | ${singleTotals.map((total) => `**${seconds(total)}**`).join(" | ")} |`)
      lines.push("")
      const singleDefault = singleTotals[0] ?? Infinity
      const singleSdk = singleTotals[1] ?? 0
      verdicts.push(
        `- ${verdict(singleDefault <= singleSdk)}: and on one stream of 400 pages: ${seconds(singleDefault)} s ` +
          `against ${seconds(singleSdk)} s over ${singleStreamSeeds.length} seeds (${
            (singleDefault / singleSdk).toFixed(2)
          }x; \`adaptive: false\` ${seconds(singleTotals[3] ?? 0)} s)`
      )

      // A real limit.
      lines.push("### A real limit: the server allows 20 requests per second (burst 20)")
      lines.push("")
      lines.push("| scenario | pages | virtual s | floor s | ratio | throttles |")
      lines.push("| --- | ---: | ---: | ---: | ---: | ---: |")
      const realLimit = [
        { name: "8 associations x 100 pages", associations: 8, pagesEach: 100, bound: 1.05 },
        { name: "50 associations x 10 pages", associations: 50, pagesEach: 10, bound: 1.15 }
      ]
      for (const scenario of realLimit) {
        const result = yield* pull({ ...scenario, pageSize: 5, server: serverLimit })
        const pages = scenario.associations * scenario.pagesEach
        const floorMillis = pages / 20 * 1000
        const ratio = result.elapsedMillis / floorMillis
        lines.push(
          `| ${scenario.name} | ${pages} | ${seconds(result.elapsedMillis)} | ${seconds(floorMillis)} | ` +
            `${ratio.toFixed(3)} | ${throttles(result)} |`
        )
        verdicts.push(
          `- ${verdict(ratio <= scenario.bound && result.mismatched.length === 0)}: ${scenario.name} at 20 req/s ` +
            `within ${Math.round((scenario.bound - 1) * 100)}% of the ${seconds(floorMillis)} s floor: ` +
            `${seconds(result.elapsedMillis)} s (${ratio.toFixed(3)}x)`
        )
      }
      lines.push("")

      // A stated limit.
      const requestsPerSecond = 10
      const stated = yield* pull({ associations: 4, pagesEach: 50, pageSize: 5, rateLimit: { requestsPerSecond } })
      const idealMillis = (200 - requestsPerSecond) / requestsPerSecond * 1000
      const busiest = busiestSecond(stated.answers)
      // After the first second (burst plus one second's rate), never more than the rate.
      const afterBurst = stated.answers.filter((answer) => answer.atMillis >= 1000)
      const steadyBusiest = busiestSecond(afterBurst)
      lines.push(`### A stated limit: \`rateLimit: { requestsPerSecond: ${requestsPerSecond} }\`, 4 streams x 50 pages`)
      lines.push("")
      lines.push("| virtual s | ideal s | ratio | busiest second | busiest second after the first |")
      lines.push("| ---: | ---: | ---: | ---: | ---: |")
      lines.push(
        `| ${seconds(stated.elapsedMillis)} | ${seconds(idealMillis)} | ${
          (stated.elapsedMillis / idealMillis).toFixed(3)
        } | ${busiest} | ${steadyBusiest} |`
      )
      lines.push("")
      verdicts.push(
        `- ${verdict(busiest <= 2 * requestsPerSecond && steadyBusiest <= requestsPerSecond)}: a stated ` +
          `${requestsPerSecond} req/s is never exceeded: busiest second ${busiest} (the burst of ` +
          `${requestsPerSecond} plus a second's rate), ${steadyBusiest} after the first second`
      )
      verdicts.push(
        `- ${verdict(stated.elapsedMillis <= idealMillis * 1.05)}: and never under-used by more than 5%: ` +
          `${seconds(stated.elapsedMillis)} s against the ideal ${seconds(idealMillis)} s`
      )
      return [...lines, "### Verdicts", "", ...verdicts, ""].join("\n")
    }),
    TestContext.TestContext
  ))

// Run alone (`npx tsx bench/limiter.ts`) it prints the section; bench/run.ts bundles it and calls limiterReport.
if (/[/\\]limiter\.[jt]s$/.test(process.argv[1] ?? "")) {
  const started = performance.now()
  limiterReport().then((section) => {
    process.stdout.write(section)
    process.stdout.write(`\n(${((performance.now() - started) / 1000).toFixed(1)} s of real time)\n`)
  }, (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  })
}
