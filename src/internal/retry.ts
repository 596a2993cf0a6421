/**
 * The retry loop of one request, never of a stream: AWS standard-mode classification, full-jitter
 * backoff with `Retry-After`, and the retry quota a layer shares so that a broken service does not
 * set off a retry storm. The options it reads are declared in `RetryPolicy.ts`.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import {
  AwsServiceError,
  type DescribeError,
  type DescribeTargetsError,
  InternalServerError,
  ResponseDecodeError,
  type RetryStop,
  ThrottlingError,
  TimeoutError,
  TransportError
} from "../AssociationExecutionsError.js"
import { makeScheduleStep } from "../line/retrySchedule.js"
import * as Metrics from "../Metrics.js"
import type { RetryClass, RetryOptions, RetryQuotaOptions } from "../RetryPolicy.js"
import type { RequestRateLimiter, Ticket } from "./rateLimiter.js"
import { throttlingErrorCodes } from "./response.js"
import { settle } from "./settled.js"

/** Attempts in all when nothing says otherwise; documented where it is public, in `RetryPolicy.ts`. */
export const defaultMaxAttempts = 5

const transientStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504])
const transientErrorCodes: ReadonlySet<string> = new Set([
  "RequestTimeout",
  "RequestTimeoutException",
  "PriorRequestNotComplete"
])

/** AWS standard mode's classification; documented where it is public, in `RetryPolicy.ts`. */
export const classify = (error: DescribeTargetsError): RetryClass => {
  switch (error._tag) {
    case "ThrottlingError":
      return "throttling"
    case "InternalServerError":
    case "TransportError":
      return "transient"
    case "TimeoutError":
      return error.scope === "attempt" ? "transient" : "none"
    case "ResponseDecodeError":
      return error.kind === "malformed" ? "transient" : "none"
    case "AwsServiceError":
      // Throttling is checked first, as the JS SDK does: PriorRequestNotComplete is in both lists.
      if (throttlingErrorCodes.has(error.code) || error.httpStatus === 429) return "throttling"
      if (transientErrorCodes.has(error.code)) return "transient"
      return error.httpStatus !== undefined && transientStatuses.has(error.httpStatus) ? "transient" : "none"
    case "AssociationDoesNotExist":
    case "AssociationExecutionDoesNotExist":
    case "InvalidNextToken":
    case "InvalidInput":
    case "CredentialsError":
      return "none"
  }
}

/** A token bucket that retries draw from, shared by every request of a layer. */
export interface RetryQuota {
  /** Takes the cost of one retry of this class: the cost taken, or `None` when the quota cannot afford it. */
  readonly acquire: (retryClass: "throttling" | "transient") => Effect.Effect<Option.Option<number>>
  /**
   * Refunds after a success: the cost of the last retry (`Some`), or 1 when the request succeeded
   * without one (`None`). Never above the capacity.
   */
  readonly refund: (lastRetryCost: Option.Option<number>) => Effect.Effect<void>
  /** Tokens left. */
  readonly available: Effect.Effect<number>
}

const unlimitedQuota: RetryQuota = {
  acquire: () => Effect.succeedSome(0),
  refund: () => Effect.void,
  available: Effect.succeed(Infinity)
}

/** Makes the quota a layer shares; `false` makes one that never runs out. */
export const makeRetryQuota = (options?: false | RetryQuotaOptions | undefined): Effect.Effect<RetryQuota> => {
  if (options === false) return Effect.succeed(unlimitedQuota)
  const capacity = options?.capacity ?? 500
  const costs = { throttling: options?.throttlingCost ?? 0, transient: options?.transientCost ?? 10 }
  const successWithoutRetryRefund = 1
  return Effect.map(Ref.make(capacity), (tokens): RetryQuota => ({
    acquire: (retryClass) =>
      Ref.modify(tokens, (left) => {
        const cost = costs[retryClass]
        return cost <= left ? [Option.some(cost), left - cost] : [Option.none(), left]
      }),
    refund: (lastRetryCost) =>
      Ref.update(
        tokens,
        (left) => Math.min(capacity, left + Option.getOrElse(lastRetryCost, () => successWithoutRetryRefund))
      ),
    available: Ref.get(tokens)
  }))
}

const retryAfterExtensionMillis = 5_000

/**
 * AWS's full-jitter backoff for the retry after `retriesMade` earlier ones:
 * `floor(random * min(base * 2^retriesMade, maxDelay))`, then a server hint is honoured up to 5 s
 * beyond that: `max(computed, min(hint, computed + 5000))`.
 */
export const backoffMillis = (
  retryClass: "throttling" | "transient",
  retriesMade: number,
  retryAfterMillis: number | undefined,
  options: RetryOptions = {}
): Effect.Effect<number> =>
  Effect.map(Random.next, (random) => {
    const base = retryClass === "throttling"
      ? options.throttlingBaseDelayMillis ?? 500
      : options.baseDelayMillis ?? 100
    const computed = Math.floor(random * Math.min(base * 2 ** retriesMade, options.maxDelayMillis ?? 20_000))
    return retryAfterMillis === undefined
      ? computed
      : Math.max(computed, Math.min(retryAfterMillis, computed + retryAfterExtensionMillis))
  })

/**
 * An attempt's client error from a request signed with a clock the server's `Date` says is off by
 * 5 minutes or more. The loop retries it at once, signed again with the learned offset, once per
 * request; it costs no quota (the service is fine) but counts as an attempt.
 */
export class ClockSkewed {
  readonly _tag = "ClockSkewed"
  constructor(readonly error: DescribeError) {}
}

/**
 * The same error, saying what ran out (`retryStop`): the loop when it gives up on a retryable error,
 * a stream when its patience runs out. Only errors a retry could follow carry it.
 */
export const withRetryStop = <E extends DescribeTargetsError>(error: E, stop: RetryStop): E | DescribeError => {
  if (!isDescribeError(error)) return error
  // `cause` is not an enumerable field of an Error, so a spread alone would drop it.
  switch (error._tag) {
    case "ThrottlingError":
      return new ThrottlingError({ ...error, retryStop: stop })
    case "InternalServerError":
      return new InternalServerError({ ...error, retryStop: stop })
    case "AwsServiceError":
      return new AwsServiceError({ ...error, retryStop: stop })
    case "TransportError":
      return new TransportError({ ...error, cause: error.cause, retryStop: stop })
    case "TimeoutError":
      return new TimeoutError({ ...error, retryStop: stop })
    case "ResponseDecodeError":
      return new ResponseDecodeError({ ...error, retryStop: stop })
    default:
      return error
  }
}

/** The classes the loop acts on: the public ones, and its own for clock skew. */
type LoopClass = RetryClass | "clockSkew"

/** What {@link retryRequest} needs from the layer. */
export interface RetryPolicy {
  readonly options?: RetryOptions | undefined
  /** Shared by the layer (see {@link makeRetryQuota}). */
  readonly quota: RetryQuota
  /** Shared by the layer; waited on before every attempt. */
  readonly limiter: RequestRateLimiter
}

/** One attempt's outcome: its value, or its error with what the loop decided about it. */
type AttemptOutcome<A, E> =
  | { readonly ok: true; readonly value: A }
  | {
    readonly ok: false
    readonly error: E
    readonly retryClass: LoopClass
    readonly retry: Option.Option<Retry>
    /** What ran out, when a retryable error is not retried. */
    readonly stop: RetryStop | undefined
  }

// A user's classify and schedule are written for DescribeError; the drill-down's own modeled
// error (an unknown execution) is never retried, so it never reaches them.
const isDescribeError = (error: DescribeTargetsError): error is DescribeError =>
  error._tag !== "AssociationExecutionDoesNotExist"

interface Retry {
  readonly cost: number
  /** `None` with a custom schedule, which sleeps on its own. */
  readonly delayMillis: Option.Option<number>
}

/**
 * Runs `attempt(1)`, `attempt(2)`, ... until one succeeds or the error may not be retried: not
 * retryable, out of attempts, out of quota, or the custom schedule ended. The same function is
 * retried, so a page request keeps its NextToken. Waits for the rate limiter before every attempt
 * and reports every outcome to it. Fails with the last attempt's error.
 */
export const retryRequest = <A, E extends DescribeTargetsError>(
  attempt: (attemptNumber: number) => Effect.Effect<A, E | ClockSkewed>,
  policy: RetryPolicy
): Effect.Effect<A, E | DescribeError> => Effect.gen(() => retryLoop(attempt, policy))

// The loop and the attempt are generator functions declared once, here, and not
// `Effect.gen(function*() {...})` written inline, which makes a new generator closure per request:
// V8 gives each one its own initial map, prototype and prototype map in old space, and those keep
// the closure and what its context reaches alive through scavenges, promoted to old space as
// garbage until the next mark-compact.
function* retryLoop<A, E extends DescribeTargetsError>(
  attempt: (attemptNumber: number) => Effect.Effect<A, E | ClockSkewed>,
  policy: RetryPolicy
) {
  const options = policy.options ?? {}
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? defaultMaxAttempts))
  const scheduleStep = options.schedule === undefined ? undefined : yield* makeScheduleStep(options.schedule)
  const loop: LoopContext<A, E> = {
    attempt,
    policy,
    options,
    maxAttempts,
    classifyError: options.classify ?? classify,
    scheduled: scheduleStep !== undefined
  }

  let lastRetryCost = Option.none<number>()
  let skewRetried = false
  for (let attemptNumber = 1;; attemptNumber++) {
    const ticket = yield* policy.limiter.acquire
    const outcome = yield* runAttempt(loop, attemptNumber, skewRetried, ticket)
    if (outcome.ok) {
      yield* policy.quota.refund(lastRetryCost)
      if (attemptNumber > 1) yield* Effect.annotateCurrentSpan("aws.attempts", attemptNumber)
      return outcome.value
    }
    const { error, retry, retryClass, stop } = outcome
    if (Option.isNone(retry)) return yield* Effect.fail(stop === undefined ? error : withRetryStop(error, stop))
    if (retryClass === "clockSkew") {
      skewRetried = true
    } else if (scheduleStep !== undefined && isDescribeError(error)) {
      const scheduleGoesOn = yield* scheduleStep(error)
      if (!scheduleGoesOn) {
        // The quota was charged for a retry that will not happen.
        yield* policy.quota.refund(Option.some(retry.value.cost))
        return yield* Effect.fail(withRetryStop(error, "schedule"))
      }
    } else {
      yield* Effect.sleep(Duration.millis(Option.getOrElse(retry.value.delayMillis, () => 0)))
    }
    yield* Metric.update(Metrics.retries, 1)
    lastRetryCost = Option.some(retry.value.cost)
  }
}

/** What one request's attempts share. */
interface LoopContext<A, E extends DescribeTargetsError> {
  readonly attempt: (attemptNumber: number) => Effect.Effect<A, E | ClockSkewed>
  readonly policy: RetryPolicy
  readonly options: RetryOptions
  readonly maxAttempts: number
  readonly classifyError: (error: DescribeError) => RetryClass
  /** A custom schedule decides the delay (and sleeps on its own). */
  readonly scheduled: boolean
}

function* runAttempt<A, E extends DescribeTargetsError>(
  loop: LoopContext<A, E>,
  attemptNumber: number,
  skewRetried: boolean,
  ticket: Ticket
) {
  yield* Metric.update(Metrics.requests, 1)
  const result = yield* settle(loop.attempt(attemptNumber))
  if (result.ok) {
    yield* loop.policy.limiter.onResponse("success", ticket)
    const outcome: AttemptOutcome<A, E | DescribeError> = result
    return outcome
  }
  const failure = result.error
  const error = failure._tag === "ClockSkewed" ? failure.error : failure
  const retryClass: LoopClass = failure._tag === "ClockSkewed" && !skewRetried
    ? "clockSkew"
    : isDescribeError(error)
    ? loop.classifyError(error)
    : "none"
  yield* loop.policy.limiter.onResponse(retryClass === "throttling" ? "throttled" : "other", ticket)
  if (retryClass === "throttling") yield* Metric.update(Metrics.throttles, 1)
  const { retry, stop } = yield* decide(loop, error, attemptNumber, retryClass)
  yield* recordFailure({ attempt: attemptNumber, ...errorAttributes(error, retryClass, retry) })
  const outcome: AttemptOutcome<A, E | DescribeError> = { ok: false, error, retryClass, retry, stop }
  return outcome
}

interface Decision {
  readonly retry: Option.Option<Retry>
  readonly stop: RetryStop | undefined
}

const notRetryable: Decision = { retry: Option.none(), stop: undefined }

function* decide<A, E extends DescribeTargetsError>(
  loop: LoopContext<A, E>,
  error: DescribeTargetsError,
  attemptNumber: number,
  retryClass: LoopClass
) {
  if (retryClass === "none") return notRetryable
  if (attemptNumber >= loop.maxAttempts) return { retry: Option.none(), stop: "attempts" } satisfies Decision
  if (retryClass === "clockSkew") {
    return { retry: Option.some({ cost: 0, delayMillis: Option.some(0) }), stop: undefined } satisfies Decision
  }
  const cost = yield* loop.policy.quota.acquire(retryClass)
  if (Option.isNone(cost)) return { retry: Option.none(), stop: "quota" } satisfies Decision
  const delayMillis = loop.scheduled
    ? Option.none<number>()
    : Option.some(yield* backoffMillis(retryClass, attemptNumber - 1, retryAfterOf(error), loop.options))
  return { retry: Option.some({ cost: cost.value, delayMillis }), stop: undefined } satisfies Decision
}

// A failed attempt is an event on the caller's span, not a span of its own: a span per attempt
// cost as much CPU as decoding the page, for attempts that almost always succeed.
const recordFailure = (attributes: Record<string, unknown>) =>
  Effect.flatMap(Effect.option(Effect.currentSpan), (span) =>
    Option.isNone(span)
      ? Effect.void
      : Effect.map(Clock.currentTimeNanos, (now) => span.value.event("attempt failed", now, attributes)))

const retryAfterOf = (error: DescribeTargetsError): number | undefined =>
  "retryAfterMillis" in error ? error.retryAfterMillis : undefined

// Span attributes: the error's kind and request context, never a message (it may quote input).
const errorAttributes = (
  error: DescribeTargetsError,
  retryClass: LoopClass,
  retry: Option.Option<Retry>
): Record<string, unknown> => {
  const attributes: Record<string, unknown> = { "error.type": error._tag, "retry.class": retryClass }
  if ("code" in error) attributes["aws.error_code"] = error.code
  if ("httpStatus" in error && error.httpStatus !== undefined) {
    attributes["http.response.status_code"] = error.httpStatus
  }
  if ("requestId" in error && error.requestId !== undefined) attributes["aws.request_id"] = error.requestId
  if (Option.isSome(retry)) {
    attributes["retry.scheduled"] = true
    if (Option.isSome(retry.value.delayMillis)) attributes["retry.delay_ms"] = retry.value.delayMillis.value
  } else {
    attributes["retry.scheduled"] = false
  }
  return attributes
}
