/**
 * The client-side request limiter a layer owns and shares with every call and stream made through
 * it: a fixed cap (token bucket), the adaptive CUBIC bucket of the AWS SDKs' adaptive retry mode,
 * or both. Only the start of a request is limited; how long a request then takes is not.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { RateLimitOptions } from "../RateLimit.js"

/** A limiter shared by every request of a layer. */
export interface RequestRateLimiter {
  /**
   * Waits until one more request may start. Only the start of a request is limited, not how long it
   * takes or how many are in flight. Waiters are served first come, first served.
   */
  readonly acquire: Effect.Effect<void>
  /** Reports how a request ended, so the adaptive mode can slow down on throttling and recover after. */
  readonly onResponse: (outcome: "throttled" | "success" | "other") => Effect.Effect<void>
}

/** A limiter that never waits. */
export const unlimited: RequestRateLimiter = {
  acquire: Effect.void,
  onResponse: () => Effect.void
}

// Constants of the adaptive mode, the same in botocore and the AWS SDK for JavaScript v3.
const cubicScale = 0.4
const cubicBeta = 0.7
const minimumFillRate = 0.5
const minimumCapacity = 1
const rateSmoothing = 0.8
const rateBucketsPerSecond = 2
const maximumRateGrowth = 2

// Float sums like 0.7 * 10/7 land a hair below 1; that is still a whole token, and a wait of
// 963.0000000001 ms is a wait of 963 ms.
const tokenTolerance = 1e-6
const millisTolerance = 1e-6

interface TokenBucket {
  readonly tokens: number
  readonly capacity: number
  /** Tokens per second. */
  readonly fillRate: number
  readonly refilledAtMillis: number
}

const refill = (bucket: TokenBucket, nowMillis: number): TokenBucket => ({
  ...bucket,
  tokens: Math.min(
    bucket.capacity,
    bucket.tokens + Math.max(0, nowMillis - bucket.refilledAtMillis) / 1000 * bucket.fillRate
  ),
  refilledAtMillis: Math.max(nowMillis, bucket.refilledAtMillis)
})

const millisUntilToken = (bucket: TokenBucket): number =>
  bucket.tokens >= 1 - tokenTolerance
    ? 0
    : Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.fillRate * 1000 - millisTolerance))

const takeToken = (bucket: TokenBucket): TokenBucket => ({ ...bucket, tokens: bucket.tokens - 1 })

interface AdaptiveState {
  /** Off until the first throttle: until then requests are not limited at all. */
  readonly enabled: boolean
  readonly bucket: TokenBucket
  /** Responses per second, smoothed over half-second buckets (both SDKs measure on responses). */
  readonly measuredRate: number
  readonly responsesInRateBucket: number
  readonly rateBucketStartSeconds: number
  /** CUBIC's W_max: the rate in use when the last throttle came. */
  readonly rateAtLastThrottle: number
  readonly lastThrottleSeconds: number
}

const initialAdaptive = (nowMillis: number): AdaptiveState => ({
  enabled: false,
  bucket: { tokens: 0, capacity: minimumCapacity, fillRate: minimumFillRate, refilledAtMillis: nowMillis },
  measuredRate: 0,
  responsesInRateBucket: 0,
  rateBucketStartSeconds: Math.floor(nowMillis / 1000),
  rateAtLastThrottle: 0,
  lastThrottleSeconds: nowMillis / 1000
})

/** CUBIC's K: the time after a throttle at which the rate is back to W_max. */
const cubicTimeToRecover = (rateAtLastThrottle: number): number =>
  Math.cbrt(rateAtLastThrottle * (1 - cubicBeta) / cubicScale)

const adaptToResponse = (state: AdaptiveState, throttled: boolean, nowMillis: number): AdaptiveState => {
  const now = nowMillis / 1000
  const rateBucketStart = Math.floor(now * rateBucketsPerSecond) / rateBucketsPerSecond
  const responses = state.responsesInRateBucket + 1
  const bucketClosed = rateBucketStart > state.rateBucketStartSeconds
  const measuredRate = bucketClosed
    ? responses / (rateBucketStart - state.rateBucketStartSeconds) * rateSmoothing +
      state.measuredRate * (1 - rateSmoothing)
    : state.measuredRate
  // Before the first half-second bucket closes the measured rate is 0; the responses seen in the
  // open bucket are a lower bound of the rate in use.
  const rateSeen = Math.max(measuredRate, bucketClosed ? 0 : responses * rateBucketsPerSecond)
  const rateAtLastThrottle = throttled
    ? (state.enabled ? Math.min(rateSeen, state.bucket.fillRate) : rateSeen)
    : state.rateAtLastThrottle
  const lastThrottleSeconds = throttled ? now : state.lastThrottleSeconds
  const cubicRate = throttled
    ? rateAtLastThrottle * cubicBeta
    : cubicScale * Math.pow(now - lastThrottleSeconds - cubicTimeToRecover(rateAtLastThrottle), 3) +
      rateAtLastThrottle
  const newRate = Math.min(cubicRate, maximumRateGrowth * rateSeen)
  const refilled = refill(state.bucket, nowMillis)
  const capacity = Math.max(newRate, minimumCapacity)
  return {
    enabled: state.enabled || throttled,
    bucket: {
      tokens: Math.min(refilled.tokens, capacity),
      capacity,
      fillRate: Math.max(newRate, minimumFillRate),
      refilledAtMillis: refilled.refilledAtMillis
    },
    measuredRate,
    responsesInRateBucket: bucketClosed ? 0 : responses,
    rateBucketStartSeconds: bucketClosed ? rateBucketStart : state.rateBucketStartSeconds,
    rateAtLastThrottle,
    lastThrottleSeconds
  }
}

interface LimiterState {
  readonly fixed: TokenBucket | undefined
  readonly adaptive: AdaptiveState | undefined
}

/** Takes a token from every active bucket, or says how long to wait before trying again. */
const tryStart = (state: LimiterState, nowMillis: number): readonly [waitMillis: number, LimiterState] => {
  const fixed = state.fixed === undefined ? undefined : refill(state.fixed, nowMillis)
  const adaptive = state.adaptive?.enabled === true
    ? { ...state.adaptive, bucket: refill(state.adaptive.bucket, nowMillis) }
    : state.adaptive
  const waitMillis = Math.max(
    fixed === undefined ? 0 : millisUntilToken(fixed),
    adaptive?.enabled === true ? millisUntilToken(adaptive.bucket) : 0
  )
  if (waitMillis > 0) return [waitMillis, { fixed, adaptive }]
  return [0, {
    fixed: fixed === undefined ? undefined : takeToken(fixed),
    adaptive: adaptive?.enabled === true ? { ...adaptive, bucket: takeToken(adaptive.bucket) } : adaptive
  }]
}

/**
 * A first come, first served turn. Effect's semaphore lets a fiber that releases and immediately
 * asks again jump the queue, which starves the other streams when requests are fast; here a
 * released turn is handed straight to the longest waiter.
 */
const makeTurnstile = Effect.gen(function*() {
  const line = yield* Ref.make<{ readonly busy: boolean; readonly waiting: ReadonlyArray<Deferred.Deferred<void>> }>(
    { busy: false, waiting: [] }
  )
  const release = Effect.flatten(Ref.modify(line, ({ waiting }) => {
    const [next, ...rest] = waiting
    return next === undefined
      ? [Effect.void, { busy: false, waiting: [] }]
      : [Deferred.succeed(next, undefined), { busy: true, waiting: rest }]
  }))
  // Interrupted while waiting: leave the line, or pass the turn on if it was handed over meanwhile.
  const leave = (turn: Deferred.Deferred<void>) =>
    Effect.flatten(Ref.modify(line, (state) =>
      state.waiting.includes(turn)
        ? [Effect.void, { busy: state.busy, waiting: state.waiting.filter((waiter) => waiter !== turn) }]
        : [release, state]))
  return <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.gen(function*() {
        const turn = yield* Deferred.make<void>()
        const mustWait = yield* Ref.modify(line, (state) =>
          state.busy
            ? [true, { busy: true, waiting: [...state.waiting, turn] }]
            : [false, { busy: true, waiting: state.waiting }])
        if (mustWait) yield* restore(Deferred.await(turn)).pipe(Effect.onInterrupt(() => leave(turn)))
        return yield* restore(effect).pipe(Effect.ensuring(release))
      })
    )
})

// A cap that is not a positive finite number caps nothing.
const fixedCap = (options: RateLimitOptions, nowMillis: number): TokenBucket | undefined => {
  const requestsPerSecond = options.requestsPerSecond
  if (requestsPerSecond === undefined || !(requestsPerSecond > 0) || requestsPerSecond === Infinity) return undefined
  const capacity = Math.max(minimumCapacity, options.burst ?? requestsPerSecond)
  return { tokens: capacity, capacity, fillRate: requestsPerSecond, refilledAtMillis: nowMillis }
}

/**
 * Makes a limiter for the lifetime of the scope, normally a layer's, so that every call and stream
 * of that layer shares one budget.
 *
 * @example
 * ```ts
 * const limiter = yield* RateLimit.make({ requestsPerSecond: 5 })
 * yield* limiter.acquire // before sending
 * yield* limiter.onResponse("success")
 * ```
 */
export const make = (options: RateLimitOptions = {}): Effect.Effect<RequestRateLimiter, never, Scope.Scope> =>
  Effect.gen(function*() {
    const nowMillis = yield* Clock.currentTimeMillis
    const fixed = fixedCap(options, nowMillis)
    const adaptive = options.adaptive === false ? undefined : initialAdaptive(nowMillis)
    if (fixed === undefined && adaptive === undefined) return unlimited

    const state = yield* Ref.make<LimiterState>({ fixed, adaptive })
    const inTurn = yield* makeTurnstile
    const waitForToken: Effect.Effect<void> = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const waitMillis = yield* Ref.modify(state, (current) => tryStart(current, now))
      if (waitMillis > 0) {
        // Sleep, then look again: the adaptive rate may have changed while this request waited.
        yield* Effect.sleep(Duration.millis(waitMillis))
        yield* waitForToken
      }
    })
    const waitInTurn = inTurn(waitForToken)
    const limiter: RequestRateLimiter = {
      // Until a bucket is active (no fixed cap, no throttle seen yet) nobody ever waits, so the
      // turnstile is skipped; once adaptive mode switches on it stays on, and every request queues.
      acquire: Effect.flatMap(
        Ref.get(state),
        (current) => current.fixed === undefined && current.adaptive?.enabled !== true ? Effect.void : waitInTurn
      ),
      onResponse: (outcome) =>
        adaptive === undefined ?
          Effect.void :
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Ref.update(state, (current) =>
              current.adaptive === undefined
                ? current
                : { ...current, adaptive: adaptToResponse(current.adaptive, outcome === "throttled", now) }))
    }
    return limiter
  })
