/**
 * Whole pulls on virtual time: `pull` runs many streams through one layer on the test layer's path,
 * which awaits no promise, on `virtualClock` (the engine's clock, which moves from wake-up to wake-up
 * once every fiber waits), and `busiestSecond` reads the answers it timed.
 */
import { fork, withRandomSeed } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { PaginationError } from "ssm-association-executions/AssociationExecutionsError"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { makeWith } from "ssm-association-executions/internal/client"
import * as InMemoryTransport from "ssm-association-executions/internal/inMemory/transport"
import { signRequestSync } from "ssm-association-executions/internal/syncSigning"
import type { Transport } from "ssm-association-executions/internal/transport"
import type { VirtualClock, VirtualClockOptions } from "ssm-association-executions/internal/virtualClock"
import * as VirtualClockEngine from "ssm-association-executions/internal/virtualClock"
import { serviceLayer } from "ssm-association-executions/line/testLayer"
import type { RateLimitOptions } from "ssm-association-executions/RateLimit"
import type { RetryOptions } from "ssm-association-executions/RetryPolicy"

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
    const origin = yield* Clock.currentTimeMillis
    const virtual = virtualClock(origin)
    const driver = yield* fork(virtual.drive)
    const answers: Array<Answer> = []
    let resumes = 0
    const modelTransport = InMemoryTransport.transport(model)
    const recording: Transport = (request, deadline) =>
      Effect.tap(modelTransport(request, deadline), (exchange) =>
        Effect.sync(() => answers.push({ atMillis: virtual.nowMillis() - origin, status: exchange.status })))
    const layer = serviceLayer(
      model,
      makeWith({
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
        credentials: InMemorySsm.localCredentials,
        signer: signRequestSync,
        timeoutMillis: attemptTimeoutMillis,
        ...(scenario.rateLimit === undefined ? {} : { rateLimit: scenario.rateLimit }),
        ...(scenario.retry === undefined ? {} : { retry: scenario.retry }),
        ...(scenario.patienceMillis === undefined ? {} : { patienceMillis: scenario.patienceMillis })
      }, recording)
    )
    const run = Effect.gen(function*() {
      const service = yield* AssociationExecutions
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
            Effect.sync(() => delivered.push(execution.ExecutionId ?? ""))
          ),
          Effect.as(delivered),
          Effect.catchTag("PaginationError", (failure) => {
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
    }).pipe(Effect.provide(layer), (effect) => VirtualClockEngine.provide(effect, virtual), withRandomSeed(5))
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
