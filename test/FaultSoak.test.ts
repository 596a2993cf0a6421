/**
 * The fault soak: the real client over real loopback HTTP against the local endpoint, with random
 * throttling, 500s, dropped connections and cut-off bodies, must deliver exactly the ground truth;
 * a fault that outlasts the retry budget must end the stream with a resume point that continues
 * exactly where it stopped. The client's time runs on TestClock, advanced by a driver to each
 * wake-up, so backoff costs no real time.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as AssociationExecutions from "../src/AssociationExecutions.js"
import type { AssociationExecution } from "../src/DescribeAssociationExecutions.js"
import * as InMemorySsm from "../src/InMemorySsm.js"
import * as LocalEndpoint from "../src/LocalEndpoint.js"
import { driveClock, watchedClock } from "./support/virtualClock.js"

const faults: InMemorySsm.RandomFaults = {
  seed: 2024,
  throttling: 0.2,
  internalServerError: 0.05,
  drop: 0.03,
  malformedBody: 0.01
}

const attemptTimeoutMillis = 20_000

const identityOf = (execution: Pick<AssociationExecution, "ExecutionId" | "CreatedTime" | "Status">) =>
  `${execution.ExecutionId} ${execution.CreatedTime?.getTime()} ${execution.Status}`

/** A local endpoint with random faults, and a client of it (default settings, 10 attempts) on TestClock. */
const setup = (executions: number) =>
  Effect.gen(function*() {
    const testClock = yield* TestClock.testClock()
    const watched = watchedClock(testClock, attemptTimeoutMillis)
    // The endpoint judges signature times by the client's virtual clock, so backoff can move it on.
    const endpoint = yield* LocalEndpoint.make({
      generate: { seed: 11, associations: 1, executionsPerAssociation: executions, randomFaults: faults },
      clock: watched.clock
    })
    yield* Effect.forkScoped(driveClock(testClock, watched))
    const onClientClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      // A fixed seed for the backoff jitter makes every run take the same path.
      effect.pipe(Effect.withClock(watched.clock), Effect.withRandom(Random.make(7)))
    const service = yield* onClientClock(AssociationExecutions.make({
      region: endpoint.region,
      endpoint: endpoint.url,
      credentials: endpoint.credentials,
      retry: { maxAttempts: 10 },
      timeoutMillis: attemptTimeoutMillis
    })).pipe(Effect.provide(FetchHttpClient.layer))
    const associationId = endpoint.model.associationIds[0] ?? ""
    const groundTruth = endpoint.model.executions(associationId).map(identityOf)
    return { endpoint, service, associationId, groundTruth, onClientClock, testClock }
  })

describe("FaultSoak", () => {
  it.scoped("delivers exactly the ground truth through 400 pages of random faults over loopback HTTP", () =>
    Effect.gen(function*() {
      const { associationId, endpoint, groundTruth, onClientClock, service } = yield* setup(20_000)
      const delivered = yield* onClientClock(
        Stream.runCollect(service.stream({ AssociationId: associationId }, { pageSize: 50 }))
      )

      assert.deepStrictEqual(Array.from(delivered, identityOf), groundTruth)
      const requests = yield* endpoint.model.requests
      const pagesServed = new Set(
        requests.filter((entry) => entry.status === 200 && entry.outcome === "Response")
          .map((entry) => entry.page)
      )
      assert.strictEqual(pagesServed.size, 400)
      const count = (predicate: (entry: InMemorySsm.RequestLogEntry) => boolean) => requests.filter(predicate).length
      // Each kind of fault really happened, many times: the soak is not passing on a quiet server.
      assert.isAtLeast(count((entry) => entry.code === "ThrottlingException"), 60)
      assert.isAtLeast(count((entry) => entry.code === "InternalServerError"), 10)
      assert.isAtLeast(count((entry) => entry.outcome === "Drop"), 5)
      assert.isAtLeast(count((entry) => entry.outcome === "CutBody"), 1)
    }))

  it.scoped("fails with a resume point when a fault outlasts the retry budget, and resumes to exactly the rest", () =>
    Effect.gen(function*() {
      const { associationId, endpoint, groundTruth, onClientClock, service } = yield* setup(2_000)
      const failingPage = 17
      yield* endpoint.model.addFaults([{ page: failingPage, answer: InMemorySsm.Fault.internalServerError() }])
      const input = { AssociationId: associationId }
      const delivered: Array<string> = []
      const failure = yield* onClientClock(
        service.stream(input, { pageSize: 50 }).pipe(
          Stream.runForEach((execution) => Effect.sync(() => delivered.push(identityOf(execution)))),
          Effect.flip
        )
      )

      assert.strictEqual(failure._tag, "PaginationError")
      assert.strictEqual(failure.error._tag, "InternalServerError")
      assert.strictEqual(failure.resume.pagesDelivered, failingPage - 1)
      assert.strictEqual(failure.resume.itemsDelivered, (failingPage - 1) * 50)
      assert.deepStrictEqual(delivered, groundTruth.slice(0, (failingPage - 1) * 50))
      const attemptsAtFailingPage = (yield* endpoint.model.requests).filter((entry) => entry.page === failingPage)
      assert.strictEqual(attemptsAtFailingPage.length, 10)

      yield* endpoint.model.clearFaults
      const rest = yield* onClientClock(
        Stream.runCollect(service.stream(input, { pageSize: 50, startingToken: failure.resume.startingToken }))
      )
      assert.deepStrictEqual([...delivered, ...Array.from(rest, identityOf)], groundTruth)
    }))
})
