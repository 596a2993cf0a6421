/**
 * The arithmetic of the adaptive limiter, as plain functions of its state and the time: the AWS
 * SDKs' CUBIC bucket, and a probe that tells throttling the rate causes from throttling it does
 * not. No Effect here: `rateLimiter.ts` keeps the state in a `Ref` and reads the time from
 * Effect's `Clock`.
 *
 * Every request start is handed a ticket naming the *window* it started in: the requests sent
 * under one setting of the limiter. An answer counts for the window of its ticket, so a setting is
 * judged only by the requests it governed, however long answers take and however many streams
 * share the limiter. (Judging by arrival time let answers to requests sent before a cut, which
 * arrive after it over real HTTP, pass for proof that the cut changed nothing.)
 *
 * The probe: when a tenth or more of the answers are throttled, the limiter holds the rate at 0.6
 * of what got through (answers not throttled, per second) until the probe's own requests are
 * answered. Under a real limit, what got through is the limit, so the probe runs well under it and
 * its throttling stops; throttling that does not come from the rate goes on as before. What got
 * through before the first probe may have been a burst the server saved up, so throttling that
 * goes on is tried once more, at 0.6 of what got through during the first probe (measured on its
 * own requests). Only when that one is throttled too (two throttles or more among its 20 answers)
 * does the limiter let go: unlimited again, that share remembered as the background. So does a
 * probe throttled at a rate an earlier probe found unthrottled: a real limit does not throttle
 * less and then more at the same rate. Otherwise the limit is taken as found: CUBIC climbs back
 * towards what got through, and a throttle that comes with a small share (CUBIC probing just past
 * the limit) cuts as in the SDKs, with no probe.
 */
import { minimumFillRate, type TokenBucket, withRate } from "./tokenBucket.js"

// Constants of the adaptive mode, the same in botocore and the AWS SDK for JavaScript v3.
const cubicScale = 0.4
const cubicBeta = 0.7
const maximumRateGrowth = 2

// This module's own. Rates are measured over about the last second, never over less than a quarter
// of one (answers that came at once are a burst, not an infinite rate). The running throttled share
// covers about the last 30 answers (and, to act while unlimited, the last 100 too); a window's own
// share is used from its fifth answer on. While unlimited, a throttle acts once twenty answers have
// come (sixty once a background is known) and both shares are 0.1 above the background. A share of
// 0.1 or more starts a probe at 0.6 of what got through, judged after 20 answers and half a second
// (or, when it runs slowly, 10 answers and three seconds); a probe far over the limit (four
// throttles, more than 60% of its answers) starts again at half its rate.
const recentMillis = 1_000
const shortestMeasureMillis = 250
const shareFadePerAnswer = 0.97
const slowShareFadePerAnswer = 0.99
const answersBeforeActing = 20
const answersBeforeActingOnBackground = 60
const actMargin = 0.1
const probedShare = 0.1
const probeFactor = 0.6
const probeAnswers = 20
const probeMillis = 500
const backgroundThrottles = 2
const farOverThrottles = 4
const farOverShare = 0.6
const farOverCut = 0.5
const slowProbeAnswers = 10
const slowProbeMillis = 3_000
const windowShareAnswers = 5
const fewestThrough = 5

/** What the answers said just before a probe started. */
interface Reference {
  readonly share: number
  /** Answers not throttled, per second. */
  readonly throughRate: number
  /** 1 for a first probe, 2 for the probe that tries again from the first's own measure (and share). */
  readonly round: 1 | 2
}

/** The requests started under one setting of the limiter. */
interface Window {
  readonly id: number
  readonly openedAtMillis: number
  readonly answers: number
  readonly throttles: number
  /** Set while this window is a probe: the rate is held, and the probe's answers are judged. */
  readonly probe: Reference | undefined
}

export interface AdaptiveState {
  /** Off until throttling is seen to come from the rate: until then requests are not limited at all. */
  readonly enabled: boolean
  readonly bucket: TokenBucket
  /** CUBIC's W_max: the rate it climbs back to after a cut. */
  readonly rateAtLastCut: number
  readonly lastCutMillis: number
  /** Starts and answers not throttled, of about the last second: each counts 1, fading by e every second. */
  readonly recentStarts: number
  readonly recentThrough: number
  readonly lastStartMillis: number
  readonly lastAnswerMillis: number
  readonly firstStartMillis: number | undefined
  /** The running throttled share: both counts fade by 3% an answer. */
  readonly shareAnswers: number
  readonly shareThrottles: number
  /** The same over about the last 100 answers (1% an answer), so a background is not mistaken for a rise by chance. */
  readonly slowShareAnswers: number
  readonly slowShareThrottles: number
  /** The throttled share a probe did not lower: throttling that does not come from the rate. */
  readonly backgroundShare: number
  /** The fastest probe that was not throttled since the limiter last let go (0: none). */
  readonly unthrottledRate: number
  readonly window: Window
}

/** The window a request started in, handed back with its answer. */
export type Ticket = number

const openWindow = (id: number, nowMillis: number, probe: Reference | undefined): Window => ({
  id,
  openedAtMillis: nowMillis,
  answers: 0,
  throttles: 0,
  probe
})

export const initial = (nowMillis: number): AdaptiveState => ({
  enabled: false,
  bucket: { tokens: 0, capacity: 1, fillRate: minimumFillRate, refilledAtMillis: nowMillis },
  rateAtLastCut: 0,
  lastCutMillis: nowMillis,
  recentStarts: 0,
  recentThrough: 0,
  lastStartMillis: nowMillis,
  lastAnswerMillis: nowMillis,
  firstStartMillis: undefined,
  shareAnswers: 0,
  shareThrottles: 0,
  slowShareAnswers: 0,
  slowShareThrottles: 0,
  backgroundShare: 0,
  unthrottledRate: 0,
  window: openWindow(0, nowMillis, undefined)
})

/** A count that fades by e every second, as it stands at `nowMillis`. */
const fadeTo = (count: number, sinceMillis: number, nowMillis: number): number =>
  count * Math.exp(-Math.max(0, nowMillis - sinceMillis) / recentMillis)

/** A faded count as a rate per second, over the time requests have been going when that is shorter. */
const perSecond = (state: AdaptiveState, count: number, nowMillis: number): number =>
  count * 1000 /
  Math.min(recentMillis, Math.max(shortestMeasureMillis, nowMillis - (state.firstStartMillis ?? nowMillis)))

const startRate = (state: AdaptiveState, nowMillis: number): number =>
  perSecond(state, fadeTo(state.recentStarts, state.lastStartMillis, nowMillis), nowMillis)

const throughRate = (state: AdaptiveState, nowMillis: number): number =>
  perSecond(state, fadeTo(state.recentThrough, state.lastAnswerMillis, nowMillis), nowMillis)

/**
 * What got through, per second; or, when hardly anything has yet (throttles can come back before the
 * successes sent with them, which take longer), beta of the rate requests were started at: a first
 * guess that a probe far over the limit halves, where a rate of nearly nothing would have held the
 * limiter at its floor for the half minute a probe there takes to judge.
 */
const throughOrGuess = (state: AdaptiveState, nowMillis: number): number =>
  fadeTo(state.recentThrough, state.lastAnswerMillis, nowMillis) >= fewestThrough
    ? throughRate(state, nowMillis)
    : startRate(state, nowMillis) * cubicBeta

/** A request starts: counted in the start rate, and handed the ticket of the window it starts in. */
export const start = (state: AdaptiveState, nowMillis: number): readonly [Ticket, AdaptiveState] => [
  state.window.id,
  {
    ...state,
    recentStarts: fadeTo(state.recentStarts, state.lastStartMillis, nowMillis) + 1,
    lastStartMillis: nowMillis,
    firstStartMillis: state.firstStartMillis ?? nowMillis
  }
]

/** Sets the bucket to `rate` with no burst: what it saved up is what the server has just refused. */
const limitTo = (state: AdaptiveState, rate: number, nowMillis: number): TokenBucket => {
  const bucket = withRate(state.bucket, rate, nowMillis)
  return { ...bucket, tokens: Math.min(bucket.tokens, 1) }
}

/** Holds the rate at 0.6 of what got through, in a window of its own whose answers judge it. */
const startProbe = (state: AdaptiveState, reference: Reference, nowMillis: number): AdaptiveState => ({
  ...state,
  enabled: true,
  bucket: limitTo(state, reference.throughRate * probeFactor, nowMillis),
  rateAtLastCut: reference.throughRate,
  lastCutMillis: nowMillis,
  window: openWindow(state.window.id + 1, nowMillis, reference)
})

/** CUBIC's cut, as in the SDKs: beta (0.7) of the rate in use, which CUBIC climbs back to. */
const cubicCut = (state: AdaptiveState, nowMillis: number): AdaptiveState => {
  const rateInUse = Math.min(startRate(state, nowMillis), state.bucket.fillRate)
  return {
    ...state,
    bucket: limitTo(state, rateInUse * cubicBeta, nowMillis),
    rateAtLastCut: rateInUse,
    lastCutMillis: nowMillis,
    window: openWindow(state.window.id + 1, nowMillis, undefined)
  }
}

/** CUBIC's K: the time after a cut at which the rate is back to W_max, in seconds. */
const cubicSecondsToRecover = (rateAtLastCut: number): number => Math.cbrt(rateAtLastCut * (1 - cubicBeta) / cubicScale)

/** CUBIC's growth after a success, at most twice the rate measured. */
const grow = (state: AdaptiveState, nowMillis: number): AdaptiveState => {
  const sinceCutSeconds = (nowMillis - state.lastCutMillis) / 1000
  const cubicRate = cubicScale * Math.pow(sinceCutSeconds - cubicSecondsToRecover(state.rateAtLastCut), 3) +
    state.rateAtLastCut
  return {
    ...state,
    bucket: withRate(state.bucket, Math.min(cubicRate, maximumRateGrowth * startRate(state, nowMillis)), nowMillis)
  }
}

const countAnswer = (window: Window, throttled: boolean): Window => ({
  ...window,
  answers: window.answers + 1,
  throttles: window.throttles + (throttled ? 1 : 0)
})

/** The share to act on: the window's own once it has a few answers (exact, by ticket), else the running one. */
const shareOf = (window: Window, runningShare: number): number =>
  window.answers >= windowShareAnswers ? window.throttles / window.answers : runningShare

/** An answer to a request started with `ticket`: the running measures, then probes, cuts and growth. */
export const answer = (
  state: AdaptiveState,
  throttled: boolean,
  ticket: Ticket,
  nowMillis: number
): AdaptiveState => {
  const shareAnswers = state.shareAnswers * shareFadePerAnswer + 1
  const shareThrottles = state.shareThrottles * shareFadePerAnswer + (throttled ? 1 : 0)
  const runningShare = shareThrottles / shareAnswers
  const slowShareAnswers = state.slowShareAnswers * slowShareFadePerAnswer + 1
  const slowShareThrottles = state.slowShareThrottles * slowShareFadePerAnswer + (throttled ? 1 : 0)
  const current = ticket === state.window.id
  const counted: AdaptiveState = {
    ...state,
    shareAnswers,
    shareThrottles,
    slowShareAnswers,
    slowShareThrottles,
    recentThrough: fadeTo(state.recentThrough, state.lastAnswerMillis, nowMillis) + (throttled ? 0 : 1),
    lastAnswerMillis: nowMillis,
    window: current ? countAnswer(state.window, throttled) : state.window
  }
  const window = counted.window

  if (!state.enabled) {
    // Once a background is known, it takes more answers to tell a rise from chance.
    const answersNeeded = state.backgroundShare > 0 ? answersBeforeActingOnBackground : answersBeforeActing
    const acts = throttled && slowShareAnswers >= answersNeeded &&
      runningShare > state.backgroundShare + actMargin &&
      slowShareThrottles / slowShareAnswers > state.backgroundShare + actMargin
    return acts
      ? startProbe(
        counted,
        { share: runningShare, throughRate: throughOrGuess(counted, nowMillis), round: 1 },
        nowMillis
      )
      : counted
  }
  // An answer to a request sent under an earlier setting says nothing about this one.
  if (!current) return throttled || window.probe !== undefined ? counted : grow(counted, nowMillis)

  if (window.probe !== undefined) return duringProbe(counted, window.probe, nowMillis)
  if (!throttled) return grow(counted, nowMillis)
  const share = shareOf(window, runningShare)
  return share >= probedShare
    // From the best measure of the limit: what gets through now, or what got through when it was last
    // found (under throttling that is not the rate's, what gets through falls with every cut).
    ? startProbe(counted, {
      share,
      throughRate: Math.max(throughOrGuess(counted, nowMillis), state.rateAtLastCut),
      round: 1
    }, nowMillis)
    : cubicCut(counted, nowMillis)
}

/** An answer to a probe's own request: far over, judged (let go, or the limit found), or still waiting. */
const duringProbe = (counted: AdaptiveState, probe: Reference, nowMillis: number): AdaptiveState => {
  const window = counted.window
  if (window.throttles >= farOverThrottles && window.throttles > farOverShare * window.answers) {
    // Far over: what got through was a burst, not the limit. Probe again at half the rate: by halves,
    // a few answers each, whatever the burst was. (Not at what gets through now: over real HTTP with
    // many streams that is a second of mostly throttled answers, and it sent the rate to the floor,
    // where a probe takes half a minute to judge.)
    return startProbe(counted, {
      share: window.throttles / window.answers,
      throughRate: probe.throughRate * farOverCut,
      round: 1
    }, nowMillis)
  }
  // Well under a real limit a probe's requests are not throttled (one may meet a bucket just emptied).
  const wentOn = window.throttles >= backgroundThrottles
  // A rate a probe already found unthrottled is throttled now: that is not the rate either.
  const contradicted = wentOn && counted.unthrottledRate > 0 &&
    probe.throughRate * probeFactor <= counted.unthrottledRate
  const openMillis = nowMillis - window.openedAtMillis
  const judged = contradicted || (window.answers >= probeAnswers && openMillis >= probeMillis) ||
    (window.answers >= slowProbeAnswers && openMillis >= slowProbeMillis)
  if (!judged) return counted
  const share = window.throttles / window.answers
  if (wentOn && probe.round === 1 && !contradicted) {
    // At 0.6 of what got through during this probe, or at a rate found unthrottled before, if slower.
    const windowThroughRate = (window.answers - window.throttles) * 1000 / (nowMillis - window.openedAtMillis)
    const throughRate = counted.unthrottledRate > 0
      ? Math.min(windowThroughRate, counted.unthrottledRate / probeFactor)
      : windowThroughRate
    return startProbe(counted, { share, throughRate, round: 2 }, nowMillis)
  }
  if (wentOn) {
    // Slowing well under what got through did not stop the throttling: it does not come from the rate.
    return {
      ...counted,
      enabled: false,
      // The higher of the two probes' shares (each of 20 answers): a background set low by chance
      // would be taken for a rise again and again.
      backgroundShare: Math.max(share, probe.share),
      // The shares start again: the throttling they counted is the background now.
      shareAnswers: 0,
      shareThrottles: 0,
      slowShareAnswers: 0,
      slowShareThrottles: 0,
      unthrottledRate: 0,
      window: openWindow(window.id + 1, nowMillis, undefined)
    }
  }
  // The limit is found: CUBIC from here, climbing back towards what got through, in a window of its own.
  return grow({
    ...counted,
    backgroundShare: 0,
    unthrottledRate: Math.max(counted.unthrottledRate, probe.throughRate * probeFactor),
    window: openWindow(window.id + 1, nowMillis, undefined)
  }, nowMillis)
}
