/**
 * Whole pulls on virtual time: `pull` runs many streams through one layer on the test layer's path,
 * which awaits no promise, on `virtualClock` (the engine's clock, which moves from wake-up to wake-up
 * once every fiber waits), and `busiestSecond` reads the answers it timed.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type { PaginationError } from "../../src/AssociationExecutionsError.js"
import * as InMemorySsm from "../../src/InMemorySsm.js"
import { makeWith } from "../../src/internal/client.js"
import * as InMemoryTransport from "../../src/internal/inMemory/transport.js"
import { signRequestSync } from "../../src/internal/syncSigning.js"
import type { Transport } from "../../src/internal/transport.js"
import type { VirtualClock, VirtualClockOptions } from "../../src/internal/virtualClock.js"
import * as VirtualClockEngine from "../../src/internal/virtualClock.js"
import type { RateLimitOptions } from "../../src/RateLimit.js"
import type { RetryOptions } from "../../src/RetryPolicy.js"

/**
 * Virtual time for a path that awaits no promise, started at `startMillis` (see
 * `src/internal/virtualClock.ts`, the one model of virtual time that `runWithTestClock` runs on too).
 */
export const virtualClock = (startMillis: number, options: VirtualClockOptions = {}): VirtualClock =>
  VirtualClockEngine.make(startMillis, options)

/** One answer the model sent: when (virtual milliseconds since the pull began) and with which HTTP status. */
export interface Answer {
  readonly atMillis: number
  readonly status: number
}

/** Many streams through one layer at once, on virtual time (see {@link pull}). */
export interface PullScenario {
  readonly associations: number
  readonly pagesEach: number
  /**
   * Items per page. The limiter sees requests, not items, so small pages measure the same rates
   * for less CPU.
   * @default 50
   */
  readonly pageSize?: number
  /** The server: random faults, a rate limit. */
  readonly server?: InMemorySsm.BehaviourOptions
  readonly rateLimit?: RateLimitOptions
  readonly retry?: RetryOptions
  /** The streams' patience (`patienceMillis`). @default the library's */
  readonly patienceMillis?: number
  /**
   * A stream that fails (a page out of attempts or quota) is started again from its resume point,
   * as a caller of the AWS SDK's paginator would; otherwise the failure fails the pull.
   * @default false
   */
  readonly resumeAfterFailure?: boolean
  /** Seeds the model's data; random faults have their own seed. @default 3 */
  readonly seed?: number
}

/** What a pull did: every answer, the virtual time it took, whether every stream got its ground truth. */
export interface PullResult {
  readonly answers: ReadonlyArray<Answer>
  readonly elapsedMillis: number
  /** Associations whose delivered executions differ from the model's (by id, in order). */
  readonly mismatched: ReadonlyArray<number>
  /** Streams started again after a failure (with `resumeAfterFailure`). */
  readonly resumes: number
}

const attemptTimeoutMillis = 20_000

const idsOf = (executions: Iterable<{ readonly ExecutionId?: string | undefined }>) =>
  Array.from(executions, (execution) => execution.ExecutionId ?? "")

/**
 * Streams every association at once through one layer built on the test layer's path (a
 * synchronous signer, the model as the transport), so nothing awaits a promise and the clock moves
 * only when every fiber waits on it: the client runs on {@link virtualClock}, started at TestClock's
 * time, and answers are timed on it. A fixed seed for the backoff jitter makes every run take the
 * same path.
 */
export const pull = (scenario: PullScenario): Effect.Effect<PullResult> =>
  Effect.gen(function*() {
    const pageSize = scenario.pageSize ?? 50
    const model = yield* InMemorySsm.generate({
      seed: scenario.seed ?? 3,
      associations: scenario.associations,
      executionsPerAssociation: scenario.pagesEach * pageSize,
      ...scenario.server
    })
    const testClock = yield* TestClock.testClock()
    const origin = testClock.unsafeCurrentTimeMillis()
    const virtual = virtualClock(origin)
    const driver = yield* Effect.fork(virtual.drive)
    const answers: Array<Answer> = []
    let resumes = 0
    const modelTransport = InMemoryTransport.transport(model)
    const recording: Transport = (request, deadline) =>
      Effect.tap(modelTransport(request, deadline), (exchange) =>
        Effect.sync(() =>
          answers.push({ atMillis: virtual.clock.unsafeCurrentTimeMillis() - origin, status: exchange.status })
        ))
    const run = Effect.gen(function*() {
      const service = yield* makeWith({
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
        credentials: InMemorySsm.localCredentials,
        signer: signRequestSync,
        timeoutMillis: attemptTimeoutMillis,
        ...(scenario.rateLimit === undefined ? {} : { rateLimit: scenario.rateLimit }),
        ...(scenario.retry === undefined ? {} : { retry: scenario.retry }),
        ...(scenario.patienceMillis === undefined ? {} : { patienceMillis: scenario.patienceMillis })
      }, recording).pipe(Effect.provideService(HttpClient.HttpClient, InMemorySsm.httpClient(model)), Effect.orDie)
      const streamAll = (
        associationId: string,
        startingToken: string | undefined,
        delivered: Array<string>
      ): Effect.Effect<ReadonlyArray<string>, PaginationError> =>
        service.stream(
          { AssociationId: associationId },
          startingToken === undefined ? { pageSize } : { pageSize, startingToken }
        ).pipe(
          Stream.runForEach((execution) =>
            Effect.sync(() =>
              delivered.push(execution.ExecutionId ?? "")
            )
          ),
          Effect.as(delivered),
          Effect.catchAll((failure) => {
            if (scenario.resumeAfterFailure !== true) return Effect.fail(failure)
            resumes++
            return streamAll(associationId, failure.resume.startingToken, delivered)
          })
        )
      const startedAt = yield* Clock.currentTimeMillis
      const delivered = yield* Effect.forEach(
        model.associationIds,
        (id) => streamAll(id, undefined, []),
        { concurrency: "unbounded" }
      ).pipe(Effect.orDie)
      return { delivered, elapsedMillis: (yield* Clock.currentTimeMillis) - startedAt }
    }).pipe(Effect.scoped, Effect.withClock(virtual.clock), Effect.withRandom(Random.make(5)))
    const { delivered, elapsedMillis } = yield* run
    yield* Fiber.interrupt(driver)
    const mismatched = model.associationIds.flatMap((id, index) =>
      JSON.stringify(delivered[index] ?? []) === JSON.stringify(idsOf(model.executions(id))) ? [] : [index]
    )
    return { answers, elapsedMillis, mismatched, resumes }
  })

/** The most answers (of `status`, or all) the server sent within any one second. */
export const busiestSecond = (answers: ReadonlyArray<Answer>, status?: number): number => {
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
