/**
 * The client-side request limiter a layer owns and shares with every call and stream made through
 * it: a fixed cap (token bucket), the adaptive CUBIC bucket of the AWS SDKs' adaptive retry mode,
 * or both. Only the start of a request is limited; how long a request then takes is not.
 *
 * The adaptive mode differs from the SDKs' in one way: a cut must show that the throttling came
 * from the rate. The SDKs cut on every throttle, so throttling the rate did not cause (a share of
 * answers throttled at random, whatever the rate) drives their rate to its floor. Here a throttle
 * cuts (CUBIC's 0.7 of the rate in use) only when the share of recent answers throttled is 0.1
 * above the share known to come whatever the rate, and the cut is then judged on the answers to
 * requests started after it. Against a real limit slowing down stops the throttling: when the
 * share falls below a third of what it was, CUBIC goes on as in the SDKs. Against random
 * throttling the share stays: after one more cut (the first may not have gone below the limit)
 * the limiter lets go, unlimited again, and remembers that share as the background.
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
  /**
   * Reports how a request ended, once per `acquire`, so the adaptive mode can slow down on
   * throttling that comes from the rate and recover after.
   */
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
  /** Off until throttling is judged to come from the rate: until then requests are not limited at all. */
  readonly enabled: boolean
  readonly bucket: TokenBucket
  /** Responses per second, smoothed over half-second buckets (both SDKs measure on responses). */
  readonly measuredRate: number
  readonly responsesInRateBucket: number
  readonly rateBucketStartSeconds: number
  /** CUBIC's W_max: the rate in use when the last cut came. */
  readonly rateAtLastThrottle: number
  readonly lastThrottleSeconds: number
  /** Answers of about the last second: each counts 1, fading by e every second. */
  readonly recentAnswers: number
  /**
   * The same for the throttled share, which fades no faster than by 15% an answer: when answers
   * are few, the share is still that of about the last seven.
   */
  readonly shareAnswers: number
  readonly shareThrottles: number
  readonly recentAtMillis: number
  readonly firstAnswerMillis: number | undefined
  /** The throttled share that a cut did not lower: throttling that does not come from the rate. */
  readonly backgroundShare: number
  /** Requests started so far, those of about the last second (fading as answers do), those not yet answered. */
  readonly started: number
  readonly recentStarts: number
  readonly startedAtMillis: number
  readonly inFlight: number
  /** The last cut, while what follows it is watched. */
  readonly judging: Judging | undefined
}

interface Judging {
  readonly sinceMillis: number
  /** The throttled share of recent answers when the cut was made. */
  readonly shareBefore: number
  /** Answers still to come for requests started before the cut: they say nothing about it. */
  readonly ignore: number
  readonly answers: number
  readonly throttles: number
  /** Judged cuts in a row that left the throttled share as it was before the first of them. */
  readonly cutsWithoutEffect: number
}

const initialAdaptive = (nowMillis: number): AdaptiveState => ({
  enabled: false,
  bucket: { tokens: 0, capacity: minimumCapacity, fillRate: minimumFillRate, refilledAtMillis: nowMillis },
  measuredRate: 0,
  responsesInRateBucket: 0,
  rateBucketStartSeconds: Math.floor(nowMillis / 1000),
  rateAtLastThrottle: 0,
  lastThrottleSeconds: nowMillis / 1000,
  recentAnswers: 0,
  shareAnswers: 0,
  shareThrottles: 0,
  recentAtMillis: nowMillis,
  firstAnswerMillis: undefined,
  backgroundShare: 0,
  started: 0,
  recentStarts: 0,
  startedAtMillis: nowMillis,
  inFlight: 0,
  judging: undefined
})

// This module's own: recent answers fade over a second (the throttled share over at least about
// seven answers), and a rate is never measured over less than a quarter of one (answers that came
// at once are a burst, not a rate of zero); a throttle cuts once ten requests have started and the
// recent throttled share is 0.1 above the background; a cut is judged after a second and twenty
// answers, or three throttles.
const recentMillis = 1_000
const shareFadePerAnswer = 0.85
const shortestMeasureMillis = 250
const requestsBeforeJudging = 10
const cutMargin = 0.1
const judgeMillis = 1_000
const judgeAnswers = 20

/** A count that fades by e every second, as it stands at `nowMillis`. */
const fadeTo = (count: number, sinceMillis: number, nowMillis: number): number =>
  count * Math.exp(-Math.max(0, nowMillis - sinceMillis) / recentMillis)

/** CUBIC's K: the time after a throttle at which the rate is back to W_max. */
const cubicTimeToRecover = (rateAtLastThrottle: number): number =>
  Math.cbrt(rateAtLastThrottle * (1 - cubicBeta) / cubicScale)

const withRate = (bucket: TokenBucket, newRate: number, nowMillis: number): TokenBucket => {
  const refilled = refill(bucket, nowMillis)
  const capacity = Math.max(newRate, minimumCapacity)
  return {
    tokens: Math.min(refilled.tokens, capacity),
    capacity,
    fillRate: Math.max(newRate, minimumFillRate),
    refilledAtMillis: refilled.refilledAtMillis
  }
}

/** CUBIC's cut, and a new judgement of what follows it. */
const cutRate = (
  state: AdaptiveState,
  rateInUse: number,
  shareBefore: number,
  nowMillis: number,
  cutsWithoutEffect = 0
): AdaptiveState => {
  const rateAtLastThrottle = state.enabled ? Math.min(rateInUse, state.bucket.fillRate) : rateInUse
  return {
    ...state,
    enabled: true,
    bucket: withRate(state.bucket, rateAtLastThrottle * cubicBeta, nowMillis),
    rateAtLastThrottle,
    lastThrottleSeconds: nowMillis / 1000,
    judging: {
      sinceMillis: nowMillis,
      shareBefore,
      // A request that was never answered (interrupted) stays in flight: only those started in
      // about the last second are waited for.
      ignore: Math.min(state.inFlight, Math.floor(fadeTo(state.recentStarts, state.startedAtMillis, nowMillis))),
      answers: 0,
      throttles: 0,
      cutsWithoutEffect
    }
  }
}

const adaptToResponse = (state: AdaptiveState, throttled: boolean, nowMillis: number): AdaptiveState => {
  const now = nowMillis / 1000
  const rateBucketStart = Math.floor(now * rateBucketsPerSecond) / rateBucketsPerSecond
  const responses = state.responsesInRateBucket + 1
  const bucketClosed = rateBucketStart > state.rateBucketStartSeconds
  const measuredRate = bucketClosed
    ? responses / (rateBucketStart - state.rateBucketStartSeconds) * rateSmoothing +
      state.measuredRate * (1 - rateSmoothing)
    : state.measuredRate
  const recentAnswers = fadeTo(state.recentAnswers, state.recentAtMillis, nowMillis) + 1
  const shareFade = Math.max(fadeTo(1, state.recentAtMillis, nowMillis), shareFadePerAnswer)
  const shareAnswers = state.shareAnswers * shareFade + 1
  const shareThrottles = state.shareThrottles * shareFade + (throttled ? 1 : 0)
  const recentShare = shareThrottles / shareAnswers
  const firstAnswerMillis = state.firstAnswerMillis ?? nowMillis
  // The rate in use: the smoothed measure, or the answers of about the last second, counted over
  // the time answers have been coming when that is shorter (a burst counts in full).
  const rateInUse = Math.max(
    measuredRate,
    recentAnswers * 1000 /
      Math.min(recentMillis, Math.max(shortestMeasureMillis, nowMillis - firstAnswerMillis))
  )
  const measured: AdaptiveState = {
    ...state,
    measuredRate,
    responsesInRateBucket: bucketClosed ? 0 : responses,
    rateBucketStartSeconds: bucketClosed ? rateBucketStart : state.rateBucketStartSeconds,
    recentAnswers,
    shareAnswers,
    shareThrottles,
    recentAtMillis: nowMillis,
    firstAnswerMillis,
    inFlight: Math.max(0, state.inFlight - 1)
  }

  const judging = state.judging
  if (judging !== undefined) {
    if (judging.ignore > 0) return { ...measured, judging: { ...judging, ignore: judging.ignore - 1 } }
    const answers = judging.answers + 1
    const throttles = judging.throttles + (throttled ? 1 : 0)
    // Most answers since the cut throttled: it was not deep enough.
    if (throttled && throttles * 2 > answers) {
      return cutRate(
        measured,
        rateInUse,
        Math.max(recentShare, judging.shareBefore),
        nowMillis,
        judging.cutsWithoutEffect
      )
    }
    const shareAfter = throttles / answers
    // Otherwise the rate holds until the cut is judged: throttling went on as before (three
    // throttles already say so), or a second and twenty answers went by.
    const wentOn = throttles >= 3 && shareAfter >= judging.shareBefore / 2
    if (!wentOn && (nowMillis - judging.sinceMillis < judgeMillis || answers < judgeAnswers)) {
      return { ...measured, judging: { ...judging, answers, throttles } }
    }
    // Slowing down stopped most of the throttling: it came from the rate.
    if (shareAfter < judging.shareBefore / 3) return { ...measured, judging: undefined }
    // One cut that changed nothing may not have gone below the limit (a share under one half means
    // the rate was under twice the limit, so 0.7 * 0.7 of it is under the limit): cut once more.
    if (judging.cutsWithoutEffect === 0) {
      return cutRate(measured, rateInUse, judging.shareBefore, nowMillis, 1)
    }
    // Slowing down twice left the throttled share as it was: it does not come from the rate.
    return {
      ...measured,
      judging: undefined,
      enabled: false,
      backgroundShare: shareAfter
    }
  }

  if (throttled && state.started >= requestsBeforeJudging && recentShare > state.backgroundShare + cutMargin) {
    return cutRate(measured, rateInUse, recentShare, nowMillis)
  }
  if (!state.enabled) return measured
  const cubicRate = cubicScale *
      Math.pow(now - state.lastThrottleSeconds - cubicTimeToRecover(state.rateAtLastThrottle), 3) +
    state.rateAtLastThrottle
  return {
    ...measured,
    bucket: withRate(state.bucket, Math.min(cubicRate, maximumRateGrowth * rateInUse), nowMillis)
  }
}

const started = (state: AdaptiveState, nowMillis: number): AdaptiveState => ({
  ...state,
  started: state.started + 1,
  recentStarts: fadeTo(state.recentStarts, state.startedAtMillis, nowMillis) + 1,
  startedAtMillis: nowMillis,
  inFlight: state.inFlight + 1
})

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
      ).pipe(Effect.zipRight(
        adaptive === undefined ?
          Effect.void :
          Effect.flatMap(
            Clock.currentTimeMillis,
            (now) =>
              Ref.update(
                state,
                (current) =>
                  current.adaptive === undefined ? current : { ...current, adaptive: started(current.adaptive, now) }
              )
          )
      )),
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
