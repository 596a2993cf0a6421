/**
 * Many streams through one layer, on virtual time (the harness's `pull`: the test layer's path,
 * the model and the client on one TestClock moved from one wake-up to the next). Against a server
 * that allows 20 requests per second, every stream completes with its ground truth, the shared
 * adaptive limiter keeps the server's accepted rate at its limit, and the whole pull takes about
 * the time that limit allows. Against throttling the rate does not cause, the limiter lets go, so
 * the default finishes no slower than the AWS SDK v3 in standard mode. A cap the user states is
 * never exceeded and is used in full.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { sdkStandard } from "./support/sdkStandardMode.js"
import { busiestSecond, pull } from "./support/virtualClock.js"

// The limiter sees requests, not items: small pages measure the same rates for less CPU.
const pageSize = 5
const serverRate = 20
const burst = 20
const server: InMemorySsm.BehaviourOptions = { rateLimit: { requestsPerSecond: serverRate, burst } }

const successes = (answers: ReadonlyArray<{ readonly status: number }>) =>
  answers.filter((answer) => answer.status === 200).length

describe("Concurrency", () => {
  it.effect("8 streams of 25 pages share one layer's budget against a 20 requests/s server", () =>
    Effect.gen(function*() {
      const { answers, elapsedMillis, mismatched } = yield* pull({ associations: 8, pagesEach: 25, pageSize, server })
      assert.deepStrictEqual(mismatched, [])
      assert.strictEqual(successes(answers), 200)
      assert.isAtMost(busiestSecond(answers, 200), serverRate + burst)
      // How close a pull comes to the limit is judged on the long pulls below.
      // What the limit allows: the first `burst` requests at once, then one every 1/rate seconds.
      assert.isAtLeast(elapsedMillis, (200 - burst) / serverRate * 1000)
    }))

  it.effect("8 streams of 100 pages finish without an error within 5% of the 40 s a 20 requests/s server allows", () =>
    Effect.gen(function*() {
      const { answers, elapsedMillis, mismatched } = yield* pull({ associations: 8, pagesEach: 100, pageSize, server })
      assert.deepStrictEqual(mismatched, [])
      assert.strictEqual(successes(answers), 800)
      assert.isAtLeast(elapsedMillis, (800 - burst) / serverRate * 1000)
      // Issue 16's bound: within 5% of every request at the server's rate (800 / 20 per second).
      assert.isAtMost(elapsedMillis, 800 / serverRate * 1000 * 1.05)
    }))

  it.effect("50 streams of 10 pages finish without an error within 15% of the 25 s a 20 requests/s server allows", () =>
    Effect.gen(function*() {
      const { answers, elapsedMillis, mismatched } = yield* pull({ associations: 50, pagesEach: 10, pageSize, server })
      assert.deepStrictEqual(mismatched, [])
      assert.strictEqual(successes(answers), 500)
      assert.isAtLeast(elapsedMillis, (500 - burst) / serverRate * 1000)
      assert.isAtMost(elapsedMillis, 500 / serverRate * 1000 * 1.15)
    }))

  it.effect("with a fifth of the answers throttled at random, the default is no slower than the AWS SDK v3's standard mode", () =>
    Effect.gen(function*() {
      // 4 streams x 50 pages, 20% throttled and 5% 500 whatever the rate; three fault seeds. Each
      // seed gives both clients the same sequence of answers (the n-th request gets the n-th).
      let defaultTotal = 0
      let sdkTotal = 0
      for (const seed of [1, 2, 3]) {
        const scenario = {
          associations: 4,
          pagesEach: 50,
          pageSize,
          server: { randomFaults: { seed, throttling: 0.2, internalServerError: 0.05 } },
          // 1 page in 256 fails 4 attempts at these odds: both clients carry on from where they stopped.
          resumeAfterFailure: true
        }
        const withDefaults = yield* pull(scenario)
        const sdk = yield* pull({ ...scenario, ...sdkStandard })
        assert.deepStrictEqual(withDefaults.mismatched, [])
        assert.deepStrictEqual(sdk.mismatched, [])
        assert.isAtMost(withDefaults.elapsedMillis, sdk.elapsedMillis, `seed ${seed}`)
        defaultTotal += withDefaults.elapsedMillis
        sdkTotal += sdk.elapsedMillis
      }
      // Not by a hair: the SDKs' own adaptive mode took about 8 times as long as their standard.
      assert.isAtMost(defaultTotal, sdkTotal * 0.8)
    }))

  it.effect("a stated requestsPerSecond is never exceeded and used in full", () =>
    Effect.gen(function*() {
      const requestsPerSecond = 10
      const { answers, elapsedMillis } = yield* pull({
        associations: 4,
        pagesEach: 50,
        pageSize,
        rateLimit: { requestsPerSecond }
      })
      // The burst (the rate, by default) at once, then one request every 1/rate seconds.
      const idealMillis = (4 * 50 - requestsPerSecond) / requestsPerSecond * 1000
      assert.strictEqual(answers.length, 200)
      assert.isAtMost(busiestSecond(answers), 2 * requestsPerSecond)
      assert.isAtMost(busiestSecond(answers.filter((answer) => answer.atMillis >= 1000)), requestsPerSecond)
      assert.isAtLeast(elapsedMillis, idealMillis)
      assert.isAtMost(elapsedMillis, idealMillis * 1.05)
    }))
})
