/**
 * The fault soak: the real client over real loopback HTTP against the local endpoint, with random
 * throttling, 500s, dropped connections and cut-off bodies, must deliver exactly the ground truth;
 * a fault that outlasts the retry budget must end the stream with a resume point that continues
 * exactly where it stopped. The same holds for `failures`, which adds concurrent target listings
 * to the executions listing. The client's time is virtual (`support/virtualClock.ts`), moved to each
 * backoff's wake-up once every fiber waits, so backoff costs no real time; the HTTP is real.
 */
import { assert, describe, it } from "@effect/vitest"
import { fetchHttpClientLayer, withRandomSeed } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { AssociationExecution } from "ssm-association-executions/DescribeAssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as VirtualClock from "ssm-association-executions/internal/virtualClock"
import { collect } from "ssm-association-executions/line/stream"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import type { Failure } from "ssm-association-executions/Pagination"
import { virtualClock } from "./support/virtualClock.js"

const faults: InMemorySsm.RandomFaults = {
  seed: 2024,
  throttling: 0.2,
  internalServerError: 0.05,
  drop: 0.03,
  malformedBody: 0.01
}

// Longer than any backoff or rate-limit wait, so the virtual clock can tell an attempt's deadline,
// which races real I/O and is never jumped to, from the waits it jumps between.
const attemptTimeoutMillis = 600_000
const deadlineMillis = 60_000

const identityOf = (execution: Pick<AssociationExecution, "ExecutionId" | "CreatedTime" | "Status">) =>
  `${execution.ExecutionId} ${execution.CreatedTime?.getTime()} ${execution.Status}`

/** A local endpoint with random faults, and a client of it (default settings, 10 attempts) on virtual time. */
const setup = (executions: number) =>
  Effect.gen(function*() {
    const virtual = virtualClock(yield* Clock.currentTimeMillis, { deadlineMillis })
    // The endpoint judges signature times by the client's virtual clock, so backoff can move it on.
    const endpoint = yield* LocalEndpoint.make({
      generate: { seed: 252, associations: 1, executionsPerAssociation: executions, randomFaults: faults },
      clock: virtual.clock
    })
    yield* Effect.forkScoped(virtual.drive)
    const onClientClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      // A fixed seed for the backoff jitter makes every run take the same path.
      VirtualClock.provide(effect, virtual).pipe(withRandomSeed(7))
    const service = yield* onClientClock(AssociationExecutions.make({
      region: endpoint.region,
      endpoint: endpoint.url,
      credentials: endpoint.credentials,
      retry: { maxAttempts: 10 },
      timeoutMillis: attemptTimeoutMillis
    })).pipe(Effect.provide(fetchHttpClientLayer))
    const associationId = endpoint.model.associationIds[0] ?? ""
    const groundTruth = endpoint.model.executions(associationId).map(identityOf)
    return { endpoint, service, associationId, groundTruth, onClientClock }
  })

describe("FaultSoak", () => {
  it.effect("delivers exactly the ground truth through 400 pages of random faults over loopback HTTP", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, endpoint, groundTruth, onClientClock, service } = yield* setup(20_000)
      const delivered = yield* onClientClock(
        collect(service.stream({ AssociationId: associationId }, { pageSize: 50 }))
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
    })))

  it.effect("fails with a resume point when a fault outlasts the retry budget, and resumes to exactly the rest", () =>
    Effect.scoped(Effect.gen(function*() {
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
        collect(service.stream(input, { pageSize: 50, startingToken: failure.resume.startingToken }))
      )
      assert.deepStrictEqual([...delivered, ...Array.from(rest, identityOf)], groundTruth)
    })))
})

const targetsOperation = "DescribeAssociationExecutionTargets"

/** What a failure record says: which execution, which resource, why, and where its output is. */
const failureIdentity = (
  execution: { readonly ExecutionId?: string | undefined },
  target: {
    readonly ResourceId?: string | undefined
    readonly DetailedStatus?: string | undefined
    readonly OutputSource?: { readonly OutputSourceId?: string | undefined } | undefined
  }
) => `${execution.ExecutionId} ${target.ResourceId} ${target.DetailedStatus} ${target.OutputSource?.OutputSourceId}`

const identityOfFailure = (record: Failure) => failureIdentity(record.execution, record.target)

/** The failed targets of each failed execution, in service order, straight from the model. */
const failedTargetsByExecution = (endpoint: LocalEndpoint.LocalEndpointInfo, associationId: string) =>
  endpoint.model.executions(associationId).filter((execution) => execution.Status === "Failed").map((execution) =>
    endpoint.model.targets(associationId, execution.ExecutionId).filter((target) => target.Status === "Failed").map((
      target
    ) => failureIdentity(execution, target))
  )

describe("FaultSoak: failures", () => {
  it.effect("delivers exactly every failed target of every failed execution through random faults on both operations", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, endpoint, onClientClock, service } = yield* setup(400)
      const byExecution = failedTargetsByExecution(endpoint, associationId)
      const groundTruth = byExecution.flat()
      // Small pages, so executions span many pages and some executions' failed targets span two or three.
      const pageSize = 2
      assert.isTrue(byExecution.some((targets) => targets.length > 2 * pageSize))
      const delivered = yield* onClientClock(
        collect(service.failures(associationId, { pageSize, concurrency: 4 }))
      )

      assert.deepStrictEqual(delivered.map(identityOfFailure), groundTruth)
      assert.strictEqual(groundTruth.length, 229)
      const requests = yield* endpoint.model.requests
      const served = (operation: string) =>
        requests.filter((entry) =>
          entry.operation === operation && entry.status === 200 && entry.outcome === "Response"
        )
          .length
      // Every page exactly once: 52 pages of 103 failed executions, and one to three of targets for each.
      assert.strictEqual(served("DescribeAssociationExecutions"), Math.ceil(byExecution.length / pageSize))
      assert.strictEqual(
        served(targetsOperation),
        byExecution.reduce((sum, targets) => sum + Math.max(1, Math.ceil(targets.length / pageSize)), 0)
      )
      const count = (predicate: (entry: InMemorySsm.RequestLogEntry) => boolean) => requests.filter(predicate).length
      assert.isAtLeast(requests.length, 250)
      // Each kind of fault really happened. The fault draws follow the order requests arrive in, so the
      // totals are the same on every run; which operation a fault hit depends on the concurrent timing,
      // hence bounds with a wide margin for the targets operation (about three requests in four).
      assert.isAtLeast(count((entry) => entry.code === "ThrottlingException"), 50)
      assert.isAtLeast(count((entry) => entry.code === "InternalServerError"), 10)
      assert.isAtLeast(count((entry) => entry.outcome === "Drop"), 5)
      assert.isAtLeast(count((entry) => entry.outcome === "CutBody"), 1)
      const onTargets = (entry: InMemorySsm.RequestLogEntry) => entry.operation === targetsOperation
      assert.isAtLeast(count((entry) => onTargets(entry) && entry.code === "ThrottlingException"), 25)
      assert.isAtLeast(count((entry) => onTargets(entry) && entry.code === "InternalServerError"), 3)
      assert.isAtLeast(count((entry) => onTargets(entry) && entry.outcome !== "Response"), 1)
    })))

  it.effect("ends with a resume point when a targets fault outlasts the retry budget, and resumes to exactly the rest", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, endpoint, onClientClock, service } = yield* setup(200)
      const byExecution = failedTargetsByExecution(endpoint, associationId)
      const groundTruth = byExecution.flat()
      const pageSize = 2
      // Page 3 of the failed targets exists only for executions with 5 or more of them: here one, the
      // 41st of 48 failed executions, so the fault hits it alone while others are fetched ahead of it.
      const failingPage = 3
      const eligible = byExecution.flatMap((targets, index) =>
        targets.length > pageSize * (failingPage - 1) ? [index] : []
      )
      assert.deepStrictEqual([eligible, byExecution.length], [[40], 48])
      const stopsAt = 40
      yield* endpoint.model.addFaults([{
        operation: targetsOperation,
        page: failingPage,
        attempts: [1, 10],
        answer: InMemorySsm.Fault.internalServerError()
      }])
      const delivered: Array<Failure> = []
      const failure = yield* onClientClock(
        service.failures(associationId, { pageSize, concurrency: 4 }).pipe(
          Stream.runForEach((record) => Effect.sync(() => delivered.push(record))),
          Effect.flip
        )
      )

      assert.strictEqual(failure._tag, "PaginationError")
      assert.strictEqual(failure.error._tag, "InternalServerError")
      const before = byExecution.slice(0, stopsAt).flat()
      assert.deepStrictEqual(delivered.map(identityOfFailure), before)
      assert.strictEqual(failure.resume.pagesDelivered, stopsAt)
      assert.strictEqual(failure.resume.itemsDelivered, before.length)
      const attemptsAtFailingPage = (yield* endpoint.model.requests).filter((entry) =>
        entry.operation === targetsOperation && entry.page === failingPage
      )
      assert.deepStrictEqual(
        attemptsAtFailingPage.map((entry) => [entry.attempt, entry.code]),
        Array.from({ length: 10 }, (_, index) => [index + 1, "InternalServerError"])
      )

      yield* endpoint.model.clearFaults
      const rest = yield* onClientClock(
        collect(service.failures(associationId, { pageSize, startingToken: failure.resume.startingToken }))
      )
      assert.deepStrictEqual(rest.map(identityOfFailure), groundTruth.slice(before.length))
      // The resume point names the same place as the last record delivered: right after it.
      assert.strictEqual(failure.resume.startingToken, delivered.at(-1)?.resumeToken)
    })))
})
