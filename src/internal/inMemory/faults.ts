/**
 * Faults the in-memory SSM injects on demand: scripted rules matched by operation, association,
 * page and attempt; random faults from a seeded PRNG; and a server-side token-bucket rate limit
 * measured with Effect's `Clock`, answering `ThrottlingException` as SSM does.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { makeRandom, type Random } from "./random.js"

/** The operations the model serves. */
export type OperationName =
  | "DescribeAssociationExecutions"
  | "DescribeAssociationExecutionTargets"
  | "StartAssociationsOnce"
  | "GetCommandInvocation"

/** How a faulty request is answered. */
export type FaultAnswer =
  /** An AWS error response: `{"__type": code, "message": message}` with `status`. */
  | { readonly _tag: "Error"; readonly code: string; readonly status: number; readonly message?: string }
  /**
   * The connection drops: `beforeHeaders` closes it without a response (a transport error);
   * `midBody` sends the status line, headers and part of the body first.
   */
  | { readonly _tag: "Drop"; readonly stage: "beforeHeaders" | "midBody" }
  /** A complete 200 whose JSON body is cut off after `keepBytes` bytes (default: half of it). */
  | { readonly _tag: "CutBody"; readonly keepBytes?: number }
  /** The normal answer, after `millis` of delay on Effect's `Clock`. */
  | { readonly _tag: "Latency"; readonly millis: number }

/** Constructors for {@link FaultAnswer}. */
export const Fault = {
  /** 400 `ThrottlingException` "Rate exceeded", as SSM throttles. */
  throttling: (message = "Rate exceeded"): FaultAnswer => ({
    _tag: "Error",
    code: "ThrottlingException",
    status: 400,
    message
  }),
  /** 500 `InternalServerError`. */
  internalServerError: (message = "An error occurred on the server side."): FaultAnswer => ({
    _tag: "Error",
    code: "InternalServerError",
    status: 500,
    message
  }),
  /** 503 `ServiceUnavailable`. */
  serviceUnavailable: (message = "Service Unavailable"): FaultAnswer => ({
    _tag: "Error",
    code: "ServiceUnavailable",
    status: 503,
    message
  }),
  /** Any error code and status; the message is omitted from the body when empty. */
  error: (code: string, status: number, message = ""): FaultAnswer => ({ _tag: "Error", code, status, message }),
  /** A dropped connection. */
  drop: (stage: "beforeHeaders" | "midBody" = "midBody"): FaultAnswer => ({ _tag: "Drop", stage }),
  /** A 200 with a cut-off body. */
  cutBody: (keepBytes?: number): FaultAnswer =>
    keepBytes === undefined ? { _tag: "CutBody" } : { _tag: "CutBody", keepBytes },
  /** Extra latency before the normal answer. */
  latency: (millis: number): FaultAnswer => ({ _tag: "Latency", millis })
} as const

/**
 * A scripted fault: every field given must match. Pages and attempts are 1-based; page P is the
 * page the request's `NextToken` points at (no token: page 1), and attempt N is the N-th request
 * for that page of that association and operation. StartAssociationsOnce and GetCommandInvocation
 * are always page 1; a start's association is its first one, an invocation's the association that
 * ran the command (`""` when none did), and attempt N counts the requests for the same ids.
 * A fault that drops or cuts the answer comes after the model acted: a start still starts.
 *
 * @example
 * // the first two attempts at page 3 are throttled; page 7 answers 500 once
 * [{ page: 3, attempts: [1, 2], answer: Fault.throttling() }, { page: 7, times: 1, answer: Fault.internalServerError() }]
 */
export interface ScriptedFault {
  readonly operation?: OperationName
  readonly associationId?: string
  readonly page?: number
  /** One attempt number, or an inclusive range `[first, last]`. */
  readonly attempts?: number | readonly [number, number]
  /** Fire at most this many times in total. */
  readonly times?: number
  readonly answer: FaultAnswer
}

/** Random faults: independent probabilities per request, drawn from a PRNG fixed by `seed`. */
export interface RandomFaults {
  readonly seed: number | string
  /** Probability of 400 `ThrottlingException`. */
  readonly throttling?: number
  /** Probability of 500 `InternalServerError`. */
  readonly internalServerError?: number
  /** Probability of 503 `ServiceUnavailable`. */
  readonly serviceUnavailable?: number
  /** Probability of a connection dropped mid-body. */
  readonly drop?: number
  /** Probability of a 200 with a cut-off (malformed) body. */
  readonly malformedBody?: number
  /** Probability and amount of extra latency (combines with the others). */
  readonly latency?: { readonly probability: number; readonly millis: number }
}

/** A server-side limit: a token bucket refilled at `requestsPerSecond`, holding up to `burst`. */
export interface ServerRateLimit {
  readonly requestsPerSecond: number
  /** @default requestsPerSecond */
  readonly burst?: number
}

/** What one request matched. */
export interface FaultDecision {
  readonly latencyMillis: number
  readonly answer: Exclude<FaultAnswer, { readonly _tag: "Latency" }> | undefined
}

/** Where a request stands, for matching. */
export interface FaultContext {
  readonly operation: OperationName
  readonly associationId: string
  readonly page: number
  readonly attempt: number
}

const matches = (rule: ScriptedFault, context: FaultContext): boolean =>
  (rule.operation === undefined || rule.operation === context.operation) &&
  (rule.associationId === undefined || rule.associationId === context.associationId) &&
  (rule.page === undefined || rule.page === context.page) &&
  (rule.attempts === undefined ||
    (typeof rule.attempts === "number"
      ? rule.attempts === context.attempt
      : context.attempt >= rule.attempts[0] && context.attempt <= rule.attempts[1]))

interface RuleState {
  readonly rule: ScriptedFault
  readonly fired: number
}

interface BucketState {
  readonly tokens: number
  readonly at: number
}

/** The fault machinery of one model. */
export interface FaultInjector {
  readonly decide: (context: FaultContext) => Effect.Effect<FaultDecision>
  readonly add: (rules: ReadonlyArray<ScriptedFault>) => Effect.Effect<void>
  readonly clear: Effect.Effect<void>
  /** True when the request may proceed; false when the rate limit refuses it. */
  readonly admit: Effect.Effect<boolean>
}

/** Builds the fault state of one model. */
export const makeFaultInjector = (options: {
  readonly scripted?: ReadonlyArray<ScriptedFault> | undefined
  readonly random?: RandomFaults | undefined
  readonly rateLimit?: ServerRateLimit | undefined
}): Effect.Effect<FaultInjector> =>
  Effect.gen(function*() {
    const rules = yield* Ref.make<ReadonlyArray<RuleState>>(
      (options.scripted ?? []).map((rule) => ({ rule, fired: 0 }))
    )
    const random: Random | undefined = options.random === undefined ? undefined : makeRandom(options.random.seed)
    const bucket = yield* Ref.make<BucketState | undefined>(undefined)

    const scripted = (context: FaultContext) =>
      Ref.modify(rules, (current): readonly [FaultDecision, ReadonlyArray<RuleState>] => {
        let latencyMillis = 0
        let answer: FaultDecision["answer"] = undefined
        const next = current.map((entry) => {
          const live = entry.rule.times === undefined || entry.fired < entry.rule.times
          if (!live || !matches(entry.rule, context)) return entry
          const ruleAnswer = entry.rule.answer
          if (ruleAnswer._tag === "Latency") latencyMillis += ruleAnswer.millis
          else if (answer === undefined) answer = ruleAnswer
          else return entry
          return { rule: entry.rule, fired: entry.fired + 1 }
        })
        return [{ latencyMillis, answer }, next]
      })

    const randomDecision = (): FaultDecision => {
      const settings = options.random
      if (random === undefined || settings === undefined) return { latencyMillis: 0, answer: undefined }
      const latency = settings.latency !== undefined && random.chance(settings.latency.probability)
        ? settings.latency.millis
        : 0
      const roll = random.next()
      const outcomes: ReadonlyArray<readonly [number | undefined, FaultDecision["answer"]]> = [
        [settings.throttling, { _tag: "Error", code: "ThrottlingException", status: 400, message: "Rate exceeded" }],
        [settings.internalServerError, {
          _tag: "Error",
          code: "InternalServerError",
          status: 500,
          message: "An error occurred on the server side."
        }],
        [settings.serviceUnavailable, {
          _tag: "Error",
          code: "ServiceUnavailable",
          status: 503,
          message: "Service Unavailable"
        }],
        [settings.drop, { _tag: "Drop", stage: "midBody" }],
        [settings.malformedBody, { _tag: "CutBody" }]
      ]
      let threshold = 0
      for (const [probability, answer] of outcomes) {
        threshold += probability ?? 0
        if (roll < threshold) return { latencyMillis: latency, answer }
      }
      return { latencyMillis: latency, answer: undefined }
    }

    const admit = Effect.gen(function*() {
      const limit = options.rateLimit
      if (limit === undefined) return true
      const now = yield* Clock.currentTimeMillis
      const capacity = limit.burst ?? limit.requestsPerSecond
      return yield* Ref.modify(bucket, (state): readonly [boolean, BucketState] => {
        const refilled = state === undefined
          ? capacity
          : Math.min(capacity, state.tokens + ((now - state.at) * limit.requestsPerSecond) / 1000)
        return refilled >= 1 ? [true, { tokens: refilled - 1, at: now }] : [false, { tokens: refilled, at: now }]
      })
    })

    return {
      decide: (context) =>
        Effect.map(scripted(context), (fromScript) => {
          const fromRandom = randomDecision()
          return {
            latencyMillis: fromScript.latencyMillis + fromRandom.latencyMillis,
            answer: fromScript.answer ?? fromRandom.answer
          }
        }),
      add: (added) => Ref.update(rules, (current) => [...current, ...added.map((rule) => ({ rule, fired: 0 }))]),
      clear: Ref.set(rules, []),
      admit
    }
  })
