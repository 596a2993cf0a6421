/**
 * The `AssociationExecutions` service: SSM DescribeAssociationExecutions as one retried call
 * (`describe`) and as lazy streams of pages and items; its drill-down
 * DescribeAssociationExecutionTargets (`describeTargets`, `targetPages`, `targets`); what failed,
 * where (`failures`); StartAssociationsOnce (`startOnce`, never repeated once it may have acted) and
 * GetCommandInvocation (`getCommandInvocation`, a failed target's output); one execution followed to
 * its end (`watch`, `awaitExecution`), over any `HttpClient`.
 *
 * @example
 * import { AssociationExecutions } from "ssm-association-executions"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const executions = yield* AssociationExecutions.AssociationExecutions
 *   return yield* Stream.runCollect(executions.stream({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" }))
 * })
 *
 * program.pipe(
 *   Effect.provide(AssociationExecutions.layerConfig()),
 *   Effect.provide(FetchHttpClient.layer),
 *   Effect.runPromise
 * )
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type {
  ConfigurationError,
  CredentialsError,
  DescribeError,
  DescribeTargetsError,
  GetCommandInvocationError,
  PaginationError,
  StartOnceError,
  WatchError
} from "./AssociationExecutionsError.js"
import type * as Credentials from "./Credentials.js"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "./DescribeAssociationExecutions.js"
import type {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "./DescribeAssociationExecutionTargets.js"
import type * as Endpoint from "./Endpoint.js"
import type { GetCommandInvocationInput, GetCommandInvocationOutput } from "./GetCommandInvocation.js"
import * as internal from "./internal/client.js"
import { identifier } from "./internal/identifier.js"
import * as Settings from "./internal/settings.js"
import type { RequestSigner } from "./internal/signing.js"
import type * as Pagination from "./Pagination.js"
import type * as RateLimit from "./RateLimit.js"
import type * as RetryPolicy from "./RetryPolicy.js"
import type {
  StartAssociationsOnceInput,
  StartAssociationsOnceOutput,
  StartOnceOptions
} from "./StartAssociationsOnce.js"
import type { ExecutionState, WatchInput, WatchOptions } from "./Watch.js"

export type { RequestSigner, SignableRequest, SigningOptions } from "./internal/signing.js"

/** What the service offers. Every method has `R = never`. */
export interface Service {
  /** One DescribeAssociationExecutions request (retried per the retry policy). */
  readonly describe: (
    input: DescribeAssociationExecutionsInput
  ) => Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError>
  /** Every page, lazily; each page request is retried on its own. */
  readonly pages: (
    input: Pagination.PagesInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<Pagination.Page, PaginationError>
  /** Every execution of every page, lazily, in the service's order (newest first). */
  readonly stream: (
    input: Pagination.PagesInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<AssociationExecution, PaginationError>
  /** One DescribeAssociationExecutionTargets request: the resources one execution ran on. */
  readonly describeTargets: (
    input: DescribeAssociationExecutionTargetsInput
  ) => Effect.Effect<DescribeAssociationExecutionTargetsOutput, DescribeTargetsError>
  /** Every page of one execution's targets, lazily. */
  readonly targetPages: (
    input: Pagination.TargetsInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<Pagination.Page<AssociationExecutionTarget>, PaginationError>
  /** Every target of one execution, lazily, in the service's order. */
  readonly targets: (
    input: Pagination.TargetsInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<AssociationExecutionTarget, PaginationError>
  /**
   * What failed, where: the failed targets of the failed executions of one association, as one
   * lazy stream in execution order (newest first), each record with the execution, the target
   * (with its `OutputSource`) and a resume token. Targets are fetched a few executions ahead,
   * through this layer's rate limiter and retry quota. `executionId` keeps to one execution;
   * `output: true` explains each failure with its Run Command result (exit code, stdout, stderr;
   * `Expired` once AWS has forgotten it).
   */
  readonly failures: (
    associationId: string,
    options?: Pagination.FailuresOptions
  ) => Stream.Stream<Pagination.Failure, PaginationError>
  /**
   * One StartAssociationsOnce request: run the associations now, once. Throttles and answered
   * errors are retried; a failure after which the start may have happened (a dropped connection,
   * a cut answer, a timed-out attempt) is never simply sent again: the associations are checked
   * for a new execution first, and the outcome is `StartOutcomeUnknown` when that cannot tell.
   */
  readonly startOnce: (
    input: StartAssociationsOnceInput,
    options?: StartOnceOptions
  ) => Effect.Effect<StartAssociationsOnceOutput, StartOnceError>
  /** One GetCommandInvocation request: a Run Command's result on one node, its output and exit code. */
  readonly getCommandInvocation: (
    input: GetCommandInvocationInput
  ) => Effect.Effect<GetCommandInvocationOutput, GetCommandInvocationError>
  /**
   * One execution followed to its end: a state each time its status or counts change or targets
   * finish, the last one terminal. Finds the execution by id, or as the first created after a
   * time (right after `startOnce`, which returns no id), waiting out "not visible yet" for a grace
   * period; polls with Smithy's waiter backoff through this layer's rate limiter, within a
   * deadline. Watching again with the same input continues.
   */
  readonly watch: (input: WatchInput, options: WatchOptions) => Stream.Stream<ExecutionState, WatchError>
  /** The terminal state of one execution, followed as `watch` follows it. */
  readonly awaitExecution: (input: WatchInput, options: WatchOptions) => Effect.Effect<ExecutionState, WatchError>
}

/** The DescribeAssociationExecutions service. */
export class AssociationExecutions extends Context.Tag(identifier("AssociationExecutions"))<
  AssociationExecutions,
  Service
>() {}

/** How the service reaches AWS. Every member is optional where the environment can supply it. */
export interface Options extends Endpoint.EndpointOptions {
  /**
   * Static credentials; a provider (e.g. `Credentials.fromProvider(fromNodeProviderChain())`) or a
   * list of providers asked in order, cached by the layer and refreshed ahead of expiry; or an
   * effect that yields credentials for each attempt, uncached.
   * @default `Credentials.defaultChain()`: the environment, then container credentials, then IMDSv2
   */
  readonly credentials?:
    | Credentials.StaticCredentialsOptions
    | Credentials.CredentialsProvider<HttpClient.HttpClient>
    | ReadonlyArray<Credentials.CredentialsProvider<HttpClient.HttpClient>>
    | Effect.Effect<Credentials.AwsCredentials, CredentialsError>
    | undefined
  /** Retry policy for each request. See `RetryPolicy.RetryOptions` for the defaults. */
  readonly retry?: RetryPolicy.RetryOptions | undefined
  /** Client-side rate limit shared by every call and stream of this layer. */
  readonly rateLimit?: RateLimit.RateLimitOptions | undefined
  /**
   * Computes SigV4. The default, aws4fetch with WebCrypto, runs anywhere; on Node,
   * `NodeAssociationExecutions.signer` gives the same signatures for less CPU.
   * @default aws4fetch's `AwsV4Signer`
   */
  readonly signer?: RequestSigner | undefined
  /**
   * Time limit for one HTTP attempt, in milliseconds.
   * @default 30000
   */
  readonly timeoutMillis?: number | undefined
  /**
   * The patience of every stream of this layer (see `PaginationOptions.patienceMillis`: how long a
   * page throttled past every attempt is asked for again); a stream's own option wins.
   * @default 300000 (5 minutes)
   */
  readonly patienceMillis?: number | undefined
  /**
   * The most bytes of one response body to read (a page of 50 executions is a few tens of KB); a
   * larger answer is cut off and fails with a `ResponseDecodeError` of kind `limit`, not retried.
   * @default 10485760 (10 MiB)
   */
  readonly maxResponseBytes?: number | undefined
}

/** Builds the service from options. Needs an `HttpClient`; the scope owns the rate limiter and retry quota. */
export const make: (
  options?: Options
) => Effect.Effect<Service, ConfigurationError, HttpClient.HttpClient | Scope.Scope> = internal.make

/** The service from plain values. Needs an `HttpClient` (e.g. `FetchHttpClient.layer`). */
export const layer = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError, HttpClient.HttpClient> =>
  Layer.scoped(AssociationExecutions, make(options))

/**
 * The service from the environment as the AWS SDKs read it (`AWS_REGION`, `AWS_DEFAULT_REGION`,
 * `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`,
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`);
 * explicit options win. On Node, `NodeAssociationExecutions.layerConfig` also reads `~/.aws`.
 */
export const layerConfig = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError | ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(AssociationExecutions, Effect.flatMap(Settings.config(options), make))
