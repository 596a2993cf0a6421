/**
 * Many streams through one layer against a server that allows 20 requests per second: every stream
 * completes with its ground truth, the shared adaptive limiter keeps the server's accepted rate at
 * its limit, and the whole pull takes about the time that limit allows. The model and the client
 * share one TestClock, advanced by a driver to each wake-up.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type { AssociationExecution } from "../src/DescribeAssociationExecutions.js"
import * as InMemorySsm from "../src/InMemorySsm.js"
import { makeWith } from "../src/internal/client.js"
import * as InMemoryTransport from "../src/internal/inMemory/transport.js"
import { signRequestSync } from "../src/internal/syncSigning.js"
import type { Transport } from "../src/internal/transport.js"
import { driveVirtualClock, watchedClock } from "./support/virtualClock.js"

const requestsPerSecond = 20
const burst = 20
const pageSize = 50
const attemptTimeoutMillis = 20_000

interface Answer {
  readonly atMillis: number
  readonly status: number
}

/** The most answers of `status` the server sent within any one second. */
const busiestSecond = (answers: ReadonlyArray<Answer>, status: number): number => {
  const times = answers.filter((answer) => answer.status === status).map((answer) => answer.atMillis)
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

/** Streams every association at once through one default layer; the answers the server sent, and the time taken. */
const pullAll = (associations: number, pagesEach: number) =>
  Effect.gen(function*() {
    const model = yield* InMemorySsm.generate({
      seed: 3,
      associations,
      executionsPerAssociation: pagesEach * pageSize,
      rateLimit: { requestsPerSecond, burst }
    })
    const testClock = yield* TestClock.testClock()
    const watched = watchedClock(testClock, attemptTimeoutMillis)
    yield* Effect.forkScoped(driveVirtualClock(testClock, watched))
    const answers: Array<Answer> = []
    const modelTransport = InMemoryTransport.transport(model)
    const recording: Transport = (request, deadline) =>
      Effect.tap(modelTransport(request, deadline), (exchange) =>
        Effect.sync(() =>
          answers.push({ atMillis: testClock.unsafeCurrentTimeMillis(), status: exchange.status })
        ))
    const pull = Effect.gen(function*() {
      // The test layer's path: a synchronous signer and the model as the transport, so nothing
      // awaits a promise and the clock moves only when every fiber waits on it.
      const service = yield* makeWith({
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
        credentials: InMemorySsm.localCredentials,
        signer: signRequestSync,
        timeoutMillis: attemptTimeoutMillis
      }, recording).pipe(Effect.provideService(HttpClient.HttpClient, InMemorySsm.httpClient(model)))
      const startedAt = yield* Clock.currentTimeMillis
      const delivered = yield* Effect.forEach(
        model.associationIds,
        (id) => Stream.runCollect(service.stream({ AssociationId: id }, { pageSize })),
        { concurrency: "unbounded" }
      )
      return { delivered, elapsedMillis: (yield* Clock.currentTimeMillis) - startedAt }
    }).pipe(
      Effect.withClock(watched.clock),
      // A fixed seed for the backoff jitter makes every run take the same path.
      Effect.withRandom(Random.make(5))
    )
    const { delivered, elapsedMillis } = yield* pull
    model.associationIds.forEach((id, index) =>
      assert.deepStrictEqual(idsOf(delivered[index] ?? []), idsOf(model.executions(id)), `association ${index}`)
    )
    // What the limit allows: the first `burst` requests at once, then one every 1/rate seconds.
    const allowedMillis = (associations * pagesEach - burst) / requestsPerSecond * 1000
    return { answers, elapsedMillis, allowedMillis }
  })

describe("Concurrency", () => {
  it.scoped("8 streams of 25 pages share one layer's budget against a 20 requests/s server", () =>
    Effect.gen(function*() {
      const { allowedMillis, answers, elapsedMillis } = yield* pullAll(8, 25)
      assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 200)
      assert.isAtMost(busiestSecond(answers, 200), requestsPerSecond + burst)
      // How close a pull comes to the limit is judged on the long pull below: over 200 requests the
      // adaptive limiter's start (unlimited until the first throttle, then CUBIC from 0.7 of the rate
      // it measured) still weighs in, and where in its cycle the pull ends moves the total by ~20%.
      assert.isAtLeast(elapsedMillis, allowedMillis)
    }))

  it.scoped("8 streams of 100 pages finish without an error within 5% of the 40 s a 20 requests/s server allows", () =>
    Effect.gen(function*() {
      const { allowedMillis, answers, elapsedMillis } = yield* pullAll(8, 100)
      assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 800)
      assert.isAtLeast(elapsedMillis, allowedMillis)
      // Issue 16's bound: within 5% of every request at the server's rate (800 / 20 per second).
      assert.isAtMost(elapsedMillis, 800 / requestsPerSecond * 1000 * 1.05)
    }))
})
