/**
 * The in-memory SSM's public types, declared once for both Effect lines (each line's
 * `InMemorySsm.ts` re-exports them): the model's options and the model itself.
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Dataset from "./dataset.js"
import type { RandomFaults, ScriptedFault, ServerRateLimit } from "./faults.js"
import type { FilterMode } from "./query.js"
import type { RunOptions, StartedRun } from "./runs.js"
import type { HandleOptions, RequestLogEntry, WireRequest, WireResponse } from "./wire.js"

/** Behaviour shared by `make` and `generate`. */
export interface BehaviourOptions {
  /** Scripted faults, matched in order (see `ScriptedFault`). */
  readonly faults?: ReadonlyArray<ScriptedFault> | undefined
  /** Random faults from a seeded PRNG. */
  readonly randomFaults?: RandomFaults | undefined
  /** A server-side rate limit answering `ThrottlingException` "Rate exceeded" beyond it. */
  readonly rateLimit?: ServerRateLimit | undefined
  /**
   * Whether filters apply before pages are cut (full pages) or after (short or empty pages that
   * still carry a `NextToken`).
   * @default "beforePaging"
   */
  readonly filterMode?: FilterMode | undefined
  /**
   * Secret that seals NextTokens. Tokens of one model are refused by every model with another secret.
   * @default 32 random bytes per model
   */
  readonly tokenSecret?: Redacted.Redacted<string> | string | undefined
  /**
   * How many requests the model remembers, so that one serving for days stays the same size:
   * `requests` keeps the most recent this many (`requestCount` still counts them all), and the
   * attempt count of a page is forgotten once this many other pages have been asked for since its
   * last request (a later request for it is attempt 1 again). At least 1; `Infinity` keeps all.
   * @default 10000
   */
  readonly requestLogLimit?: number | undefined
  /**
   * How runs started with StartAssociationsOnce progress (on Effect's `Clock`: `TestClock` in
   * tests, the wall clock on the local endpoint) and what their commands write.
   * @default a 20-second run, visible after 2 seconds, a quarter of its targets failing
   */
  readonly runs?: RunOptions | undefined
}

/** Options of `make`: the data, given explicitly. */
export interface MakeOptions extends BehaviourOptions {
  /** @default no associations */
  readonly associations?: ReadonlyArray<Dataset.AssociationInput> | undefined
}

/** Options of `generate`: the data, generated from a seed. */
export interface GenerateOptions extends BehaviourOptions, Dataset.GenerateOptions {}

/** One in-memory SSM: its ground-truth data, its wire handler and its request log. */
export interface InMemorySsm {
  /** Ids of the associations served, in dataset order. */
  readonly associationIds: ReadonlyArray<string>
  /**
   * The data, each association's executions in service order (newest first), read by position:
   * generated ones are made when read, so an association of millions is cheap to hold and to page.
   */
  readonly associations: ReadonlyArray<Dataset.AssociationRecord>
  /**
   * The executions of an association in the order the service pages them, as a new array on each
   * call; `[]` when unknown. For millions, read `associations[i].executions` by position instead.
   */
  readonly executions: (associationId: string) => ReadonlyArray<Dataset.ExecutionRecord>
  /** The targets of one execution, as a new array on each call; `[]` when unknown. */
  readonly targets: (associationId: string, executionId: string) => ReadonlyArray<Dataset.ExecutionTargetRecord>
  /** Answers one awsJson1.1 request; never fails (every failure is an HTTP answer). */
  readonly handle: (request: WireRequest, options?: HandleOptions) => Effect.Effect<WireResponse>
  /**
   * The requests handled so far, oldest first: the most recent `requestLogLimit` of them
   * (default 10,000), all of them below that.
   */
  readonly requests: Effect.Effect<ReadonlyArray<RequestLogEntry>>
  /** How many requests were handled, including those the bounded log no longer holds. */
  readonly requestCount: Effect.Effect<number>
  /** Forgets the request log, its count and the per-page attempt counters. */
  readonly clearRequests: Effect.Effect<void>
  /** Appends scripted faults. */
  readonly addFaults: (faults: ReadonlyArray<ScriptedFault>) => Effect.Effect<void>
  /** Removes every scripted fault (random faults and the rate limit stay). */
  readonly clearFaults: Effect.Effect<void>
  /**
   * The runs StartAssociationsOnce started, oldest first (the last 1,000), each with its plan: its
   * times, and each target's outcome and command. The ground truth of what a start did.
   */
  readonly started: Effect.Effect<ReadonlyArray<StartedRun>>
}

/** Options of `httpClient` (declared inline there, so the public module names no more types). */
export interface HttpClientOptions {
  /** Check each request's SigV4 signature against the local credentials. */
  readonly verifySignatures?: boolean | undefined
}
