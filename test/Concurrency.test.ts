/**
 * Many streams through one layer, on virtual time: against a server that allows 20 requests per
 * second, every stream completes with its ground truth, the shared adaptive limiter keeps the
 * server's accepted rate at its limit, and the whole pull takes about the time that limit allows;
 * a cap the user states is never exceeded and is used in full. (Against rate-independent random
 * throttling the adaptive mode still slows down: issue 16's open part.) The model and the client
 * share one TestClock, moved by a driver from one wake-up to the next.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type { AssociationExecution } from "../src/DescribeAssociationExecutions.js"
import * as InMemorySsm from "../src/InMemorySsm.js"
import { makeWith } from "../src/internal/client.js"
import * as InMemoryTransport from "../src/internal/inMemory/transport.js"
import { signRequestSync } from "../src/internal/syncSigning.js"
import type { Transport } from "../src/internal/transport.js"
import type { RateLimitOptions } from "../src/RateLimit.js"
import { driveVirtualClock, watchedClock } from "./support/virtualClock.js"

const pageSize = 50
const attemptTimeoutMillis = 20_000

interface Answer {
  readonly atMillis: number
  readonly status: number
}

interface Scenario {
  readonly associations: number
  readonly pagesEach: number
  readonly server?: InMemorySsm.BehaviourOptions
  readonly rateLimit?: RateLimitOptions
}

/** The most answers (of `status`, or all) the server sent within any one second. */
const busiestSecond = (answers: ReadonlyArray<Answer>, status?: number): number => {
  const times = answers.filter((answer) => status === undefined || answer.status === status).map((answer) =>
    answer.atMillis
  )
  let most = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 1000) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

const idsOf = (executions: Iterable<Pick<AssociationExecution, "ExecutionId">>) =>
  Array.from(executions, (execution) => execution.ExecutionId)

/** Streams every association at once through one layer; checks the ground truth, returns the answers and the time. */
const pull = (scenario: Scenario) =>
  Effect.gen(function*() {
    const model = yield* InMemorySsm.generate({
      seed: 3,
      associations: scenario.associations,
      executionsPerAssociation: scenario.pagesEach * pageSize,
      ...scenario.server
    })
    const testClock = yield* TestClock.testClock()
    const watched = watchedClock(testClock, attemptTimeoutMillis)
    const driver = yield* Effect.fork(driveVirtualClock(testClock, watched))
    const answers: Array<Answer> = []
    const modelTransport = InMemoryTransport.transport(model)
    const recording: Transport = (request, deadline) =>
      Effect.tap(modelTransport(request, deadline), (exchange) =>
        Effect.sync(() =>
          answers.push({ atMillis: testClock.unsafeCurrentTimeMillis(), status: exchange.status })
        ))
    const run = Effect.gen(function*() {
      // The test layer's path: a synchronous signer and the model as the transport, so nothing
      // awaits a promise and the clock moves only when every fiber waits on it.
      const service = yield* makeWith({
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
        credentials: InMemorySsm.localCredentials,
        signer: signRequestSync,
        timeoutMillis: attemptTimeoutMillis,
        ...(scenario.rateLimit === undefined ? {} : { rateLimit: scenario.rateLimit })
      }, recording).pipe(Effect.provideService(HttpClient.HttpClient, InMemorySsm.httpClient(model)))
      const startedAt = yield* Clock.currentTimeMillis
      const delivered = yield* Effect.forEach(
        model.associationIds,
        (id) => Stream.runCollect(service.stream({ AssociationId: id }, { pageSize })),
        { concurrency: "unbounded" }
      )
      return { delivered, elapsedMillis: (yield* Clock.currentTimeMillis) - startedAt }
    }).pipe(
      Effect.scoped,
      Effect.withClock(watched.clock),
      // A fixed seed for the backoff jitter makes every run take the same path.
      Effect.withRandom(Random.make(5))
    )
    const { delivered, elapsedMillis } = yield* run
    yield* Fiber.interrupt(driver)
    model.associationIds.forEach((id, index) =>
      assert.deepStrictEqual(idsOf(delivered[index] ?? []), idsOf(model.executions(id)), `association ${index}`)
    )
    return { answers, elapsedMillis }
  })

const serverRate = 20
const burst = 20
const server: InMemorySsm.BehaviourOptions = { rateLimit: { requestsPerSecond: serverRate, burst } }

describe("Concurrency", () => {
  it.scoped("8 streams of 25 pages share one layer's budget against a 20 requests/s server", () =>
    Effect.gen(function*() {
      const { answers, elapsedMillis } = yield* pull({ associations: 8, pagesEach: 25, server })
      assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 200)
      assert.isAtMost(busiestSecond(answers, 200), serverRate + burst)
      // How close a pull comes to the limit is judged on the long pull below: over 200 requests the
      // adaptive limiter's start (unlimited until the first throttle, then CUBIC from 0.7 of the rate
      // it measured) still weighs in, and where in its cycle the pull ends moves the total by ~20%.
      // What the limit allows: the first `burst` requests at once, then one every 1/rate seconds.
      assert.isAtLeast(elapsedMillis, (200 - burst) / serverRate * 1000)
    }))

  it.scoped("8 streams of 100 pages finish without an error within 5% of the 40 s a 20 requests/s server allows", () =>
    Effect.gen(function*() {
      const { answers, elapsedMillis } = yield* pull({ associations: 8, pagesEach: 100, server })
      assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 800)
      assert.isAtLeast(elapsedMillis, (800 - burst) / serverRate * 1000)
      // Issue 16's bound: within 5% of every request at the server's rate (800 / 20 per second).
      assert.isAtMost(elapsedMillis, 800 / serverRate * 1000 * 1.05)
    }))

  it.scoped("a stated requestsPerSecond is never exceeded and used in full", () =>
    Effect.gen(function*() {
      const requestsPerSecond = 10
      const { answers, elapsedMillis } = yield* pull({
        associations: 4,
        pagesEach: 50,
        rateLimit: { requestsPerSecond }
      })
      // The burst (the rate, by default) at once, then one request every 1/rate seconds.
      const idealMillis = (4 * 50 - requestsPerSecond) / requestsPerSecond * 1000
      assert.strictEqual(answers.length, 200)
      assert.isAtMost(busiestSecond(answers), 2 * requestsPerSecond)
      assert.isAtLeast(elapsedMillis, idealMillis)
      assert.isAtMost(elapsedMillis, idealMillis * 1.05)
    }))
})
