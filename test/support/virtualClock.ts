/**
 * Virtual time for tests of whole pulls. `watchedClock` and `driveClock` drive a client's TestClock
 * when the path mixes virtual time (backoff, rate limits) with real I/O (loopback HTTP): whenever
 * nothing has begun or ended a sleep for a moment of real time, TestClock jumps to the next
 * wake-up. `pull` runs many streams through one layer on the test layer's path, which awaits no
 * promise, on `virtualClock`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import type { PaginationError } from "../../src/AssociationExecutionsError.js"
import * as InMemorySsm from "../../src/InMemorySsm.js"
import { makeWith } from "../../src/internal/client.js"
import * as InMemoryTransport from "../../src/internal/inMemory/transport.js"
import { signRequestSync } from "../../src/internal/syncSigning.js"
import type { Transport } from "../../src/internal/transport.js"
import type { RateLimitOptions } from "../../src/RateLimit.js"
import type { RetryOptions } from "../../src/RetryPolicy.js"

export interface WatchedClock {
  /** The clock to give the client (`Effect.withClock`). */
  readonly clock: Clock.Clock
  /** Sleeps begun plus sleeps ended so far: unchanged means nothing moved. */
  readonly activity: () => number
  /** The earliest wake-up of a backoff or rate-limit sleep in progress. */
  readonly nextWakeUp: () => number | undefined
}

/**
 * TestClock, with the backoff and rate-limit sleeps in progress kept in view. Sleeps of
 * `raceMillis` (the attempt timeout the test gives its client) are left out: they race every HTTP
 * exchange in flight, so they are not the client waiting, and jumping to them would time out a
 * request that real I/O is still answering.
 */
export const watchedClock = (testClock: TestClock.TestClock, raceMillis: number): WatchedClock => {
  const wakeUps = new Map<number, number>()
  let sleepsStarted = 0
  let sleepsEnded = 0
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => testClock.unsafeCurrentTimeMillis(),
    currentTimeMillis: testClock.currentTimeMillis,
    unsafeCurrentTimeNanos: () => testClock.unsafeCurrentTimeNanos(),
    currentTimeNanos: testClock.currentTimeNanos,
    sleep: (duration) =>
      Duration.toMillis(duration) === raceMillis ? testClock.sleep(duration) : Effect.suspend(() => {
        const id = sleepsStarted++
        wakeUps.set(id, testClock.unsafeCurrentTimeMillis() + Duration.toMillis(duration))
        return Effect.ensuring(
          testClock.sleep(duration),
          Effect.sync(() => {
            wakeUps.delete(id)
            sleepsEnded++
          })
        )
      })
  }
  return {
    clock,
    activity: () => sleepsStarted + sleepsEnded,
    nextWakeUp: () => wakeUps.size === 0 ? undefined : Math.min(...wakeUps.values())
  }
}

/** Forever: after a millisecond of real time with no sleep begun or ended, jump to the next wake-up. */
export const driveClock = (testClock: TestClock.TestClock, watched: WatchedClock) =>
  Effect.gen(function*() {
    const before = watched.activity()
    yield* TestServices.provideLive(Effect.sleep(Duration.millis(1)))
    const wakeUp = watched.nextWakeUp()
    if (watched.activity() !== before || wakeUp === undefined) return
    if (wakeUp > testClock.unsafeCurrentTimeMillis()) yield* testClock.setTime(wakeUp)
  }).pipe(Effect.forever)

/** A clock of the harness's own, for a path that awaits no promise (see {@link virtualClock}). */
export interface VirtualClock {
  /** The clock to give the client (`Effect.withClock`). */
  readonly clock: Clock.Clock
  /** Forever: once every fiber has stopped moving, wakes the earliest sleepers. */
  readonly drive: Effect.Effect<never>
}

/**
 * Virtual time without TestClock's wake-up protocol (whose `setTime` waits a few real
 * milliseconds for every wake-up, to see that the test's fibers are suspended): sleeps wait on
 * deferreds that `drive` completes, in order of wake-up time, once every fiber has stopped moving
 * (no sleep begun or ended over a few scheduler turns). It starts at TestClock's time.
 */
export const virtualClock = (startMillis: number): VirtualClock => {
  let nowMillis = startMillis
  let activity = 0
  let nextId = 0
  const sleepers = new Map<number, { readonly wakeAt: number; readonly wake: Deferred.Deferred<void> }>()
  const sleep = (duration: Duration.DurationInput): Effect.Effect<void> =>
    Effect.flatMap(Deferred.make<void>(), (wake) =>
      Effect.suspend(() => {
        const id = nextId++
        sleepers.set(id, { wakeAt: nowMillis + Duration.toMillis(duration), wake })
        activity++
        return Effect.ensuring(
          Deferred.await(wake),
          Effect.sync(() => {
            sleepers.delete(id)
            activity++
          })
        )
      }))
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => nowMillis,
    currentTimeMillis: Effect.sync(() => nowMillis),
    unsafeCurrentTimeNanos: () => BigInt(nowMillis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(nowMillis) * 1_000_000n),
    sleep
  }
  const drive = Effect.gen(function*() {
    let before = -1
    let still = 0
    for (;;) {
      yield* Effect.yieldNow()
      still = activity === before ? still + 1 : 0
      before = activity
      if (still < 3 || sleepers.size === 0) continue
      still = 0
      let wakeAt = Infinity
      for (const sleeper of sleepers.values()) wakeAt = Math.min(wakeAt, sleeper.wakeAt)
      nowMillis = Math.max(nowMillis, wakeAt)
      // Every sleeper due now, in the order they began.
      for (const sleeper of Array.from(sleepers.values())) {
        if (sleeper.wakeAt <= nowMillis) yield* Deferred.succeed(sleeper.wake, undefined)
      }
    }
  })
  return { clock, drive }
}

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
        ...(scenario.retry === undefined ? {} : { retry: scenario.retry })
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
