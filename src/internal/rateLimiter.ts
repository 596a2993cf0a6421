/**
 * The client-side request limiter a layer owns and shares with every call and stream made through
 * it: a fixed cap (token bucket), the adaptive CUBIC bucket of the AWS SDKs' adaptive retry mode
 * with judged cuts (`adaptiveRate.ts`), or both. Only the start of a request is limited; how long
 * a request then takes is not.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { RateLimitOptions } from "../RateLimit.js"
import * as Adaptive from "./adaptiveRate.js"
import { millisUntilToken, minimumCapacity, refill, takeToken, type TokenBucket } from "./tokenBucket.js"

export type { Ticket } from "./adaptiveRate.js"

/** A limiter shared by every request of a layer. */
export interface RequestRateLimiter {
  /**
   * Waits until one more request may start, and hands back the request's ticket. Only the start of a
   * request is limited, not how long it takes or how many are in flight. Waiters are served first
   * come, first served.
   */
  readonly acquire: Effect.Effect<Adaptive.Ticket>
  /**
   * Reports how a request ended, once per `acquire`, with the ticket it got, so the adaptive mode
   * judges each cut by the requests sent after it.
   */
  readonly onResponse: (outcome: "throttled" | "success" | "other", ticket: Adaptive.Ticket) => Effect.Effect<void>
}

/** A limiter that never waits. */
export const unlimited: RequestRateLimiter = {
  acquire: Effect.succeed(0),
  onResponse: () => Effect.void
}

interface LimiterState {
  readonly fixed: TokenBucket | undefined
  readonly adaptive: Adaptive.AdaptiveState | undefined
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
 * const ticket = yield* limiter.acquire // before sending
 * yield* limiter.onResponse("success", ticket)
 * ```
 */
export const make = (options: RateLimitOptions = {}): Effect.Effect<RequestRateLimiter, never, Scope.Scope> =>
  Effect.gen(function*() {
    const nowMillis = yield* Clock.currentTimeMillis
    const fixed = fixedCap(options, nowMillis)
    const adaptive = options.adaptive === false ? undefined : Adaptive.initial(nowMillis)
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
    const ticketNow = adaptive === undefined ?
      Effect.succeed<Adaptive.Ticket>(0) :
      Effect.flatMap(
        Clock.currentTimeMillis,
        (now) =>
          Ref.modify(state, (current): readonly [Adaptive.Ticket, LimiterState] => {
            if (current.adaptive === undefined) return [0, current]
            const [ticket, started] = Adaptive.start(current.adaptive, now)
            return [ticket, { ...current, adaptive: started }]
          })
      )
    const limiter: RequestRateLimiter = {
      // While no bucket is active (no fixed cap, adaptive mode off) nobody waits, so the turnstile
      // is skipped.
      acquire: Effect.flatMap(
        Ref.get(state),
        (current) => current.fixed === undefined && current.adaptive?.enabled !== true ? Effect.void : waitInTurn
      ).pipe(Effect.flatMap(() => ticketNow)),
      onResponse: (outcome, ticket) =>
        adaptive === undefined ?
          Effect.void :
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Ref.update(state, (current) =>
              current.adaptive === undefined
                ? current
                : { ...current, adaptive: Adaptive.answer(current.adaptive, outcome === "throttled", ticket, now) }))
    }
    return limiter
  })
