/**
 * An in-memory SSM that answers DescribeAssociationExecutions, DescribeAssociationExecutionTargets,
 * StartAssociationsOnce and GetCommandInvocation the way the real service does on the wire: its
 * data, validation, ordering, opaque NextTokens, runs that progress on Effect's `Clock`, Run
 * Command output, faults on demand, and an optional SigV4 check. The test
 * layer reaches it through {@link httpClient} (no socket); `LocalEndpoint` serves it over HTTP.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Dataset from "./internal/inMemory/dataset.js"
import type { RandomFaults, ScriptedFault, ServerRateLimit } from "./internal/inMemory/faults.js"
import * as InMemoryHttpClient from "./internal/inMemory/httpClient.js"
import * as Model from "./internal/inMemory/model.js"
import type { FilterMode } from "./internal/inMemory/query.js"
import type { RunOptions, StartedRun } from "./internal/inMemory/runs.js"
import type { HandleOptions, RequestLogEntry, WireRequest, WireResponse } from "./internal/inMemory/wire.js"
import type { AcceptedCredentials, VerifyOptions } from "./internal/sigv4Verify.js"

export type {
  AlarmConfigurationRecord,
  AlarmRecord,
  AssociationInput,
  AssociationRecord,
  CommandTarget,
  ExecutionInput,
  ExecutionRecord,
  ExecutionTargetRecord,
  TriggeredAlarmRecord
} from "./internal/inMemory/dataset.js"
export { Fault } from "./internal/inMemory/faults.js"
export type {
  FaultAnswer,
  OperationName,
  RandomFaults,
  ScriptedFault,
  ServerRateLimit
} from "./internal/inMemory/faults.js"
export type { OutputBucket } from "./internal/inMemory/invocations.js"
export type { FilterMode } from "./internal/inMemory/query.js"
export type { RunOptions, StartedRun, StartedTarget } from "./internal/inMemory/runs.js"
export type { Sequence } from "./internal/inMemory/sequence.js"
// The wire types stay public because public signatures use them: the model's `handle` and
// `requests`, `httpClient`'s options, `signatureVerification` and `localCredentials`.
export type { HandleOptions, RequestLogEntry, WireRequest, WireResponse } from "./internal/inMemory/wire.js"
export type { AcceptedCredentials, VerifyOptions } from "./internal/sigv4Verify.js"

/** Behaviour shared by {@link make} and {@link generate}. */
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

/** Options of {@link make}: the data, given explicitly. */
export interface MakeOptions extends BehaviourOptions {
  /** @default no associations */
  readonly associations?: ReadonlyArray<Dataset.AssociationInput> | undefined
}

/** Options of {@link generate}: the data, generated from a seed. */
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

/**
 * The key pair a local model accepts by default. Not a secret: it is printed on purpose so any
 * AWS SDK or the AWS CLI can be pointed at the local endpoint.
 */
export const localCredentials: AcceptedCredentials = {
  accessKeyId: "AKIDLOCALSSMEXAMPLE",
  secretAccessKey: Redacted.make("local/ssm/secret/not-a-real-key/EXAMPLEKEY")
}

/** SigV4 settings for {@link HandleOptions}: service `ssm`, a 5-minute window, the local pair. */
export const signatureVerification = (options: {
  readonly credentials?: ReadonlyArray<AcceptedCredentials> | undefined
  /** Regions a credential scope may name. @default any */
  readonly regions?: ReadonlyArray<string> | undefined
  /** @default 300000 (5 minutes, as most AWS JSON services) */
  readonly windowMillis?: number | undefined
} = {}): VerifyOptions => ({
  credentials: options.credentials ?? [localCredentials],
  regions: options.regions,
  service: "ssm",
  windowMillis: options.windowMillis ?? 5 * 60_000
})

/**
 * A model over the given data.
 *
 * @example
 * const model = yield* InMemorySsm.make({
 *   associations: [{ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab", executions: [...] }],
 *   faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
 * })
 */
export const make = (options: MakeOptions = {}): Effect.Effect<InMemorySsm> =>
  Model.make(Dataset.fromInput(options.associations ?? []), options)

/**
 * A model over data generated from a seed: realistic statuses, resource counts, alarms on some
 * associations, fractional timestamps. The same seed always gives the same data. Executions are made
 * on demand from their position, so an association of a million takes a few megabytes and well
 * under a second to start.
 *
 * @example
 * const model = yield* InMemorySsm.generate({ seed: 7, associations: 2, executionsPerAssociation: 120 })
 */
export const generate = (options: GenerateOptions): Effect.Effect<InMemorySsm> =>
  Model.make(Dataset.generate(options), options)

/**
 * An `HttpClient` that answers every request from the model, without a socket. A connection
 * dropped before headers fails with a `RequestError` (Transport); one dropped mid-body yields a
 * response whose body fails to read (a `ResponseError`), as with `fetch`. Cut bodies arrive as
 * complete 200 responses holding the partial text.
 */
export const httpClient: (model: InMemorySsm, options?: HandleOptions) => HttpClient.HttpClient =
  InMemoryHttpClient.make
