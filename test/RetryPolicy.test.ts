import { assert, describe, it } from "@effect/vitest"
import { bothSchedules, fork, settle, type Settled, TestClock, withRandomSeed, withRandomValues } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  CredentialsError,
  type DescribeError,
  InternalServerError,
  InvalidInput,
  InvalidNextToken,
  ResponseDecodeError,
  ThrottlingError,
  TimeoutError,
  TransportError
} from "ssm-association-executions/AssociationExecutionsError"
import * as RateLimit from "ssm-association-executions/internal/rateLimiter"
import * as RetryPolicy from "ssm-association-executions/internal/retry"
import * as Metrics from "ssm-association-executions/Metrics"

const throttle = (attempts: number, retryAfterMillis?: number) =>
  new ThrottlingError({
    code: "ThrottlingException",
    httpStatus: 400,
    attempts,
    ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
  })
const serverError = (attempts: number) => new InternalServerError({ httpStatus: 500, attempts })
const awsError = (code: string, httpStatus: number) =>
  new AwsServiceError({ code, httpStatus, fault: httpStatus >= 500 ? "server" : "client" })

interface Run<A> {
  readonly result: Settled<A, DescribeError>
  /** Clock time at which each attempt started. */
  readonly attemptTimes: ReadonlyArray<number>
}

/**
 * Runs `retryRequest` with attempt `n` answering `script(n)`, letting virtual time run until done.
 */
const runScripted = <A>(
  script: (attemptNumber: number) => Effect.Effect<A, DescribeError>,
  policy: Partial<RetryPolicy.RetryPolicy> = {}
) =>
  Effect.gen(function*() {
    const times = yield* Ref.make<ReadonlyArray<number>>([])
    const quota = policy.quota ?? (yield* RetryPolicy.makeRetryQuota())
    const fiber = yield* fork(settle(RetryPolicy.retryRequest(
      (attemptNumber) =>
        Clock.currentTimeMillis.pipe(
          Effect.flatMap((now) => Ref.update(times, (all) => [...all, now])),
          Effect.andThen(script(attemptNumber))
        ),
      { limiter: RateLimit.unlimited, ...policy, quota }
    )))
    yield* TestClock.adjust(Duration.hours(1))
    const result = yield* Fiber.join(fiber)
    return { result, attemptTimes: yield* Ref.get(times) } satisfies Run<A>
  })

const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, i) => time - times[i]!)

const failsWith = <A>(run: Run<A>): DescribeError => {
  if (run.result.ok) return assert.fail("expected a failure")
  return run.result.error
}

const attemptsOf = (error: DescribeError) => "attempts" in error ? error.attempts : undefined
const retryStopOf = (error: DescribeError) => "retryStop" in error ? error.retryStop : undefined

describe("classify", () => {
  const throttlingCodes = [
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "TransactionInProgressException"
  ]

  it("throttling: every throttling code, as ThrottlingError or as a generic AWS error, and HTTP 429", () => {
    for (const code of throttlingCodes) {
      assert.strictEqual(RetryPolicy.classify(new ThrottlingError({ code, httpStatus: 400 })), "throttling", code)
      assert.strictEqual(RetryPolicy.classify(awsError(code, 400)), "throttling", code)
    }
    assert.strictEqual(RetryPolicy.classify(new ThrottlingError({ code: "Unknown", httpStatus: 429 })), "throttling")
    assert.strictEqual(RetryPolicy.classify(awsError("Unknown", 429)), "throttling")
    assert.strictEqual(RetryPolicy.classify(awsError("AccessDeniedException", 429)), "throttling")
  })

  it("transient: InternalServerError, 500/502/503/504, timeout codes, transport, attempt timeout, malformed body", () => {
    const transient: ReadonlyArray<DescribeError> = [
      new InternalServerError({ httpStatus: 500 }),
      awsError("InternalFailure", 500),
      awsError("Unknown", 500),
      awsError("Unknown", 502),
      awsError("ServiceUnavailable", 503),
      awsError("Unknown", 504),
      awsError("RequestTimeout", 400),
      awsError("RequestTimeoutException", 400),
      new TransportError({ reason: "connection reset" }),
      new TimeoutError({ scope: "attempt", timeoutMillis: 30_000 }),
      new ResponseDecodeError({ kind: "malformed", reason: "body cut off", httpStatus: 200 })
    ]
    for (const error of transient) {
      assert.strictEqual(RetryPolicy.classify(error), "transient", `${error._tag} ${"code" in error ? error.code : ""}`)
    }
  })

  it("not retried: modeled client errors, validation, access, signature, credentials, schema, deadline, other 5xx", () => {
    const clientCodes = [
      "ValidationException",
      "AccessDeniedException",
      "AssociationExecutionDoesNotExist",
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "IncompleteSignatureException",
      "IncompleteSignature",
      "MissingAuthenticationTokenException",
      "ExpiredTokenException",
      "RequestExpired",
      "SerializationException",
      "UnknownOperationException"
    ]
    const none: ReadonlyArray<DescribeError> = [
      new AssociationDoesNotExist({ httpStatus: 400 }),
      new InvalidNextToken({ httpStatus: 400 }),
      new InvalidInput({ field: "MaxResults", rule: "must be at most 50" }),
      new CredentialsError({ reason: "no credentials" }),
      new ResponseDecodeError({ kind: "schema", reason: "StartTime is not a number", httpStatus: 200 }),
      new TimeoutError({ scope: "deadline", timeoutMillis: 60_000 }),
      ...clientCodes.map((code) => awsError(code, 400)),
      awsError("AccessDeniedException", 403),
      awsError("MissingAuthenticationTokenException", 403),
      awsError("OptInRequired", 403),
      awsError("InvalidClientTokenId", 403),
      new AwsServiceError({
        code: "InvalidSignatureException",
        awsMessage: "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z",
        httpStatus: 400,
        fault: "client"
      }),
      // Other 5xx are the SDKs' SERVER_ERROR class, which is not retried.
      awsError("Unknown", 501),
      awsError("Unknown", 505),
      awsError("Unknown", 509),
      // A status the response never had is not a guess at one.
      new AwsServiceError({ code: "Unknown", fault: "server" })
    ]
    for (const error of none) {
      assert.strictEqual(
        RetryPolicy.classify(error),
        "none",
        `${error._tag} ${"code" in error ? error.code : ""} ${"httpStatus" in error ? error.httpStatus : ""}`
      )
    }
  })
})

describe("backoff", () => {
  it.effect("full jitter per class, doubling from its base, capped at maxDelayMillis", () =>
    Effect.gen(function*() {
      const always = (error: DescribeError) => () => Effect.fail(error)
      // random = 1 gives the top of each jitter range.
      const transient = yield* runScripted(always(serverError(1)), { options: { maxAttempts: 5, quota: false } })
      assert.deepStrictEqual(gaps(transient.attemptTimes), [100, 200, 400, 800])
      const throttled = yield* runScripted(always(throttle(1)), { options: { maxAttempts: 10, quota: false } })
      assert.deepStrictEqual(gaps(throttled.attemptTimes), [500, 1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000])
      const custom = yield* runScripted(always(serverError(1)), {
        options: { maxAttempts: 5, baseDelayMillis: 10, maxDelayMillis: 50, quota: false }
      })
      assert.deepStrictEqual(gaps(custom.attemptTimes), [10, 20, 40, 50])
    }).pipe(withRandomValues([1])))

  it.effect("the jitter is random * the range, rounded down", () =>
    Effect.gen(function*() {
      const run = yield* runScripted(() => Effect.fail(throttle(1)), { options: { maxAttempts: 4, quota: false } })
      assert.deepStrictEqual(gaps(run.attemptTimes), [125, 750, 2])
    }).pipe(withRandomValues([0.25, 0.75, 0.001])))

  it.effect("with a seeded Random, each delay is that seed's next number times the range", () =>
    Effect.gen(function*() {
      const seed = "retry-policy"
      const expectedRandoms = yield* Effect.replicateEffect(Random.next, 4).pipe(withRandomSeed(seed))
      const run = yield* runScripted(() => Effect.fail(serverError(1)), { options: { quota: false } }).pipe(
        withRandomSeed(seed)
      )
      assert.deepStrictEqual(
        gaps(run.attemptTimes),
        expectedRandoms.map((random, i) => Math.floor(random * 100 * 2 ** i))
      )
    }))

  it.effect("Retry-After is honoured, but never more than 5 s beyond the computed delay", () =>
    Effect.gen(function*() {
      // random = 0: the computed delay is 0, so the hint decides within [0, 5000].
      const zero = withRandomValues([0])
      assert.strictEqual(yield* RetryPolicy.backoffMillis("throttling", 0, 3_000).pipe(zero), 3_000)
      assert.strictEqual(yield* RetryPolicy.backoffMillis("throttling", 0, 60_000).pipe(zero), 5_000)
      const top = withRandomValues([1])
      // A shorter hint never shortens the computed delay.
      assert.strictEqual(yield* RetryPolicy.backoffMillis("throttling", 0, 200).pipe(top), 500)
      assert.strictEqual(yield* RetryPolicy.backoffMillis("transient", 3, 60_000).pipe(top), 5_800)
      // Through retryRequest: the error's retryAfterMillis sets the wait.
      const run = yield* runScripted(
        (n) => n < 3 ? Effect.fail(throttle(n, 2_500)) : Effect.succeed("page"),
        { options: { quota: false } }
      ).pipe(zero)
      assert.deepStrictEqual(gaps(run.attemptTimes), [2_500, 2_500])
      assert.deepStrictEqual(run.result, { ok: true, value: "page" })
    }))
})

describe("retryRequest", () => {
  it.effect("retries the same attempt function with increasing attempt numbers until it succeeds", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<ReadonlyArray<number>>([])
      const run = yield* runScripted((n) =>
        Ref.update(seen, (all) => [...all, n]).pipe(
          Effect.andThen(n < 3 ? Effect.fail(n === 1 ? throttle(n) : serverError(n)) : Effect.succeed(`page@${n}`))
        )
      )
      assert.deepStrictEqual(run.result, { ok: true, value: "page@3" })
      assert.deepStrictEqual(yield* Ref.get(seen), [1, 2, 3])
    }))

  it.effect("stops after maxAttempts (default 5) and fails with the last attempt's error", () =>
    Effect.gen(function*() {
      const byDefault = yield* runScripted((n) => Effect.fail(serverError(n)))
      assert.strictEqual(byDefault.attemptTimes.length, 5)
      assert.strictEqual(attemptsOf(failsWith(byDefault)), 5)
      const three = yield* runScripted((n) => Effect.fail(throttle(n)), { options: { maxAttempts: 3 } })
      assert.strictEqual(three.attemptTimes.length, 3)
      assert.strictEqual(attemptsOf(failsWith(three)), 3)
      const one = yield* runScripted((n) => Effect.fail(throttle(n)), { options: { maxAttempts: 1 } })
      assert.strictEqual(one.attemptTimes.length, 1)
    }))

  it.effect("does not retry what is not retryable, and charges the quota nothing", () =>
    Effect.gen(function*() {
      const quota = yield* RetryPolicy.makeRetryQuota()
      const run = yield* runScripted(() => Effect.fail(new AssociationDoesNotExist({ httpStatus: 400, attempts: 1 })), {
        quota
      })
      assert.strictEqual(run.attemptTimes.length, 1)
      const failure = failsWith(run)
      assert.strictEqual(failure._tag, "AssociationDoesNotExist")
      assert.strictEqual(attemptsOf(failure), 1)
      assert.strictEqual(yield* quota.available, 500)
    }))

  it.effect("waits for the rate limiter before every attempt and reports every outcome with its ticket", () =>
    Effect.gen(function*() {
      const log = yield* Ref.make<ReadonlyArray<string>>([])
      const record = (entry: string) => Ref.update(log, (all) => [...all, entry])
      let tickets = 0
      const limiter: RateLimit.RequestRateLimiter = {
        acquire: Effect.andThen(record("acquire"), Effect.sync(() => ++tickets)),
        onResponse: (outcome, ticket) => record(`response:${outcome}:${ticket}`)
      }
      const answer = (n: number): Effect.Effect<string, DescribeError> =>
        n === 1 ? Effect.fail(throttle(n)) : n === 2 ? Effect.fail(serverError(n)) : Effect.succeed("page")
      const run = yield* runScripted((n) => Effect.andThen(record(`attempt ${n}`), answer(n)), { limiter })
      assert.deepStrictEqual(run.result, { ok: true, value: "page" })
      assert.deepStrictEqual(yield* Ref.get(log), [
        "acquire",
        "attempt 1",
        "response:throttled:1",
        "acquire",
        "attempt 2",
        "response:other:2",
        "acquire",
        "attempt 3",
        "response:success:3"
      ])
    }))

  it.effect("a shared fixed-rate limiter spaces the attempts of a retried request", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 1, burst: 1, adaptive: false })
      const run = yield* runScripted((n) => n < 3 ? Effect.fail(serverError(n)) : Effect.succeed("page"), { limiter })
      // The backoff (at most 100 and 200 ms) is shorter than the limiter's 1 s spacing.
      assert.deepStrictEqual(run.attemptTimes, [0, 1000, 2000])
    }).pipe(Effect.scoped))

  it.effect("counts requests, retries and throttles in the exported metrics", () =>
    Effect.gen(function*() {
      const read = Effect.all({
        requests: Metric.value(Metrics.requests),
        retries: Metric.value(Metrics.retries),
        throttles: Metric.value(Metrics.throttles)
      })
      const before = yield* read
      yield* runScripted((n) =>
        n === 1 ? Effect.fail(throttle(n)) : n === 2 ? Effect.fail(serverError(n)) : Effect.void
      )
      const after = yield* read
      assert.strictEqual(after.requests.count - before.requests.count, 3)
      assert.strictEqual(after.retries.count - before.retries.count, 2)
      assert.strictEqual(after.throttles.count - before.throttles.count, 1)
    }))
})

describe("retry quota", () => {
  it.effect("when a retry's cost is not available, stops and returns the last error", () =>
    Effect.gen(function*() {
      // 12 tokens: one transient retry (10), then not another.
      const transientQuota = yield* RetryPolicy.makeRetryQuota({ capacity: 12 })
      const transient = yield* runScripted((n) => Effect.fail(serverError(n)), { quota: transientQuota })
      assert.strictEqual(transient.attemptTimes.length, 2)
      assert.strictEqual(attemptsOf(failsWith(transient)), 2)
      assert.strictEqual(yield* transientQuota.available, 2)
      assert.strictEqual(retryStopOf(failsWith(transient)), "quota")
      // Throttling retries that cost 5 (as in the AWS SDKs): two fit in 12.
      const throttlingQuota = yield* RetryPolicy.makeRetryQuota({ capacity: 12, throttlingCost: 5 })
      const throttled = yield* runScripted((n) => Effect.fail(throttle(n)), { quota: throttlingQuota })
      assert.strictEqual(throttled.attemptTimes.length, 3)
      assert.strictEqual(attemptsOf(failsWith(throttled)), 3)
      // The quota is shared: the next request gets no retry at all.
      const next = yield* runScripted((n) => Effect.fail(throttle(n)), { quota: throttlingQuota })
      assert.strictEqual(next.attemptTimes.length, 1)
    }))

  it.effect("the default quota is 500 tokens, nothing per throttling retry and 10 per transient retry", () =>
    Effect.gen(function*() {
      const quota = yield* RetryPolicy.makeRetryQuota()
      assert.strictEqual(yield* quota.available, 500)
      const throttled = yield* runScripted((n) => Effect.fail(throttle(n)), { quota })
      assert.strictEqual(throttled.attemptTimes.length, 5)
      assert.strictEqual(retryStopOf(failsWith(throttled)), "attempts")
      assert.strictEqual(yield* quota.available, 500)
      yield* runScripted((n) => Effect.fail(serverError(n)), { quota })
      assert.strictEqual(yield* quota.available, 500 - 4 * 10)
    }))

  it.effect("the final error says every attempt was used, and keeps what it carried (its cause)", () =>
    Effect.gen(function*() {
      const refused = new Error("connect ECONNREFUSED 127.0.0.1:1")
      const run = yield* runScripted((n) =>
        Effect.fail(new TransportError({ reason: "refused", cause: refused, attempts: n }))
      )
      const error = failsWith(run)
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") {
        assert.strictEqual(error.retryStop, "attempts")
        assert.strictEqual(error.cause, refused)
        assert.include(error.message, "gave up after 5 attempts, the most maxAttempts allows")
      }
    }))

  it.effect("a throttle shared by many requests never spends the quota their 500s need", () =>
    Effect.gen(function*() {
      const quota = yield* RetryPolicy.makeRetryQuota()
      // 30 requests throttled to their last attempt: under the AWS SDKs' cost of 5, the 500-token
      // quota would be spent after 25 of them, and every later error would get one attempt.
      for (let request = 0; request < 30; request++) {
        yield* runScripted((n) => Effect.fail(throttle(n)), { quota })
      }
      const afterwards = yield* runScripted((n) => n < 3 ? Effect.fail(serverError(n)) : Effect.succeed("page"), {
        quota
      })
      assert.deepStrictEqual(afterwards.result, { ok: true, value: "page" })
    }))

  it.effect("a success refunds the last retry's cost, or 1 without a retry, never above the capacity", () =>
    Effect.gen(function*() {
      const quota = yield* RetryPolicy.makeRetryQuota()
      yield* runScripted(() => Effect.succeed("page"), { quota })
      assert.strictEqual(yield* quota.available, 500)
      yield* quota.acquire("transient")
      yield* quota.acquire("transient")
      assert.strictEqual(yield* quota.available, 480)
      yield* runScripted(() => Effect.succeed("page"), { quota })
      assert.strictEqual(yield* quota.available, 481)
      // Two transient retries (-20), then success refunds the last one (+10).
      yield* runScripted((n) => n < 3 ? Effect.fail(serverError(n)) : Effect.succeed("page"), { quota })
      assert.strictEqual(yield* quota.available, 471)
      // A transient then a throttling retry (-15): the refund is the last retry's 5.
      yield* runScripted(
        (n) => n === 1 ? Effect.fail(serverError(n)) : n === 2 ? Effect.fail(throttle(n)) : Effect.succeed("page"),
        { quota }
      )
      assert.strictEqual(yield* quota.available, 461)
    }))

  it.effect("quota: false never runs out", () =>
    Effect.gen(function*() {
      const run = yield* runScripted((n) => Effect.fail(serverError(n)), {
        options: { maxAttempts: 200, quota: false },
        quota: yield* RetryPolicy.makeRetryQuota(false)
      })
      assert.strictEqual(run.attemptTimes.length, 200)
    }))
})

describe("replacing the policy", () => {
  it.effect("a custom classify decides what is retried", () =>
    Effect.gen(function*() {
      const never = yield* runScripted((n) => Effect.fail(throttle(n)), { options: { classify: () => "none" } })
      assert.strictEqual(never.attemptTimes.length, 1)
      const eventualConsistency = yield* runScripted(
        (n) => n < 3 ? Effect.fail(new AssociationDoesNotExist({ attempts: n })) : Effect.succeed("page"),
        {
          options: {
            classify: (error) => error._tag === "AssociationDoesNotExist" ? "transient" : RetryPolicy.classify(error)
          }
        }
      )
      assert.deepStrictEqual(eventualConsistency.result, { ok: true, value: "page" })
      assert.strictEqual(eventualConsistency.attemptTimes.length, 3)
    }))

  it.effect("a custom schedule replaces the backoff; its end stops retrying and the unused cost is refunded", () =>
    Effect.gen(function*() {
      const quota = yield* RetryPolicy.makeRetryQuota()
      const run = yield* runScripted((n) => Effect.fail(serverError(n)), {
        // The hint is ignored: the schedule alone decides the wait.
        options: { schedule: bothSchedules(Schedule.spaced("3 seconds"), Schedule.recurs(2)) },
        quota
      })
      assert.deepStrictEqual(run.attemptTimes, [0, 3000, 6000])
      assert.strictEqual(attemptsOf(failsWith(run)), 3)
      assert.strictEqual(yield* quota.available, 500 - 2 * 10)
    }))

  it.effect("a custom schedule still obeys maxAttempts", () =>
    Effect.gen(function*() {
      const run = yield* runScripted((n) => Effect.fail(throttle(n, 60_000)), {
        options: { schedule: Schedule.spaced("1 second"), maxAttempts: 4 }
      })
      assert.deepStrictEqual(run.attemptTimes, [0, 1000, 2000, 3000])
    }))
})
