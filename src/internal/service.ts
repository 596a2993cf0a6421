/**
 * The shape of the `AssociationExecutions` service and its options, declared once for both Effect
 * lines: each line's `AssociationExecutions.ts` re-exports them beside its own tag and layers, and
 * the names below (`../AssociationExecutionsError.js`, `../Credentials.js`, the `HttpClient`) are
 * that line's modules.
 */
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type {
  CredentialsError,
  DescribeError,
  DescribeTargetsError,
  GetCommandInvocationError,
  PaginationError,
  StartOnceError,
  WatchError
} from "../AssociationExecutionsError.js"
import type * as Credentials from "../Credentials.js"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import type {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "../DescribeAssociationExecutionTargets.js"
import type * as Endpoint from "../Endpoint.js"
import type { GetCommandInvocationInput, GetCommandInvocationOutput } from "../GetCommandInvocation.js"
import type { HttpClient } from "../line/transport.js"
import type * as Pagination from "../Pagination.js"
import type * as RateLimit from "../RateLimit.js"
import type * as RetryPolicy from "../RetryPolicy.js"
import type {
  StartAssociationsOnceInput,
  StartAssociationsOnceOutput,
  StartOnceOptions
} from "../StartAssociationsOnce.js"
import type { ExecutionState, WatchInput, WatchOptions } from "../Watch.js"
import type { RequestSigner } from "./signing.js"

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
    | Credentials.CredentialsProvider<HttpClient>
    | ReadonlyArray<Credentials.CredentialsProvider<HttpClient>>
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
