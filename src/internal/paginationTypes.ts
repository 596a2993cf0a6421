/**
 * What the page and item streams take and deliver, declared once for both Effect lines (each
 * line's `Pagination.ts` exports these). Types only: the imports below are the line's own modules.
 */
import type {
  InvalidCommandId,
  InvalidInstanceId,
  InvalidPluginName,
  InvocationDoesNotExist
} from "../AssociationExecutionsError.js"
import type { AssociationExecution, DescribeAssociationExecutionsInput } from "../DescribeAssociationExecutions.js"
import type {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsInput
} from "../DescribeAssociationExecutionTargets.js"
import type { GetCommandInvocationOutput } from "../GetCommandInvocation.js"

/** What a stream lists: the request without the paging members, which the stream manages. */
export type PagesInput = Omit<DescribeAssociationExecutionsInput, "NextToken" | "MaxResults">

/** How a stream pages. */
export interface PaginationOptions {
  /**
   * Items per request (`MaxResults`, a whole number from 1 to 50).
   * @default the service's default (50)
   */
  readonly pageSize?: number | undefined
  /**
   * Stop after this many items (1 or more); the last page's `resumeToken` then points at the next item.
   * @default no limit
   */
  readonly maxItems?: number | undefined
  /**
   * Continue where an earlier stream stopped: a `resumeToken` of a page, the `startingToken` of a
   * `PaginationError`'s resume point, or a raw AWS `NextToken`. A resume token that points inside a
   * page (`sae2.…`) records the association and filters it continues and carries a checksum: given
   * to another association, other filters, or changed at all, it fails with `InvalidInput` before
   * anything is sent. Page size may differ.
   * @default start from the first item
   */
  readonly startingToken?: string | undefined
  /**
   * Pages to queue ahead of the consumer (one more may be in flight while the queue is full), a
   * whole number. With 0, a page is requested only when it is pulled.
   * @default 0
   */
  readonly prefetch?: number | undefined
  /**
   * What to do when the service returns a NextToken already used in this listing, right away or
   * pages later (A, B, A; following it would loop forever): fail with `RepeatedNextToken`, or end
   * the stream after that page. The last 10,000 tokens are remembered, as hashes.
   * @default "fail"
   */
  readonly onRepeatedToken?: "fail" | "stop" | undefined
  /**
   * How many empty pages in a row, each with a new NextToken, the stream follows before it fails
   * with `EndlessPagination` (and a resume point right after them). Filtered listings have runs of
   * empty pages; 1,000 pages of 50 is 50,000 executions without a match. A whole number, 1 or more.
   * @default 1000
   */
  readonly maxEmptyPages?: number | undefined
  /**
   * A deadline for the whole stream, in milliseconds (more than 0) from its start; past it the
   * stream fails with a `TimeoutError` of scope `deadline` (and a resume point).
   * @default no deadline
   */
  readonly deadlineMillis?: number | undefined
  /**
   * How long, in milliseconds, a page whose attempts all ran out on throttling (a limit many streams
   * share, say) is asked for again before the stream fails with its resume point: it waits (backoff
   * up to 20 s, then the shared rate limiter) and sends the same request again, with a fresh set of
   * attempts. Counted from the page's first request; throttling costs no retry quota by default, so
   * a shared throttle cannot spend it. Other errors that outlast every attempt (a 500, a dropped
   * connection) still end the stream at once. 0 turns it off.
   * @default 300000 (5 minutes)
   */
  readonly patienceMillis?: number | undefined
}

/** One page, as delivered: of executions, or of another listing's items (e.g. execution targets). */
export interface Page<Item = AssociationExecution> {
  /** The items of this page (after `startingToken` and `maxItems` are applied). */
  readonly items: ReadonlyArray<Item>
  /** 0 for the first page this stream delivered. */
  readonly pageIndex: number
  /** The raw `NextToken` AWS returned with this page, if any. */
  readonly nextToken: string | undefined
  /** Pass as `startingToken` to continue right after this page; `undefined` when nothing follows. */
  readonly resumeToken: string | undefined
}

/** What a targets stream lists: one execution's targets, the paging members left to the stream. */
export type TargetsInput = Omit<DescribeAssociationExecutionTargetsInput, "NextToken" | "MaxResults">

/** What `failures` lists: the failed executions of one association, optionally within a time window. */
export interface FailuresOptions {
  /** Only executions created after this time (the `CreatedTime` `GREATER_THAN` filter). */
  readonly createdAfter?: Date | undefined
  /** Only executions created before this time (`CreatedTime` `LESS_THAN`). */
  readonly createdBefore?: Date | undefined
  /**
   * Executions whose failed targets are fetched at once, ahead of the consumer, in order.
   * @default 4
   */
  readonly concurrency?: number | undefined
  /** Continue after a record: a `Failure`'s `resumeToken` or a `PaginationError`'s starting token. */
  readonly startingToken?: string | undefined
  /** Items per request of both listings (1 to 50). @default the service's (50) */
  readonly pageSize?: number | undefined
  /** As the streams' `patienceMillis`, for every page of both listings. @default 300000 */
  readonly patienceMillis?: number | undefined
  /**
   * Only this execution: its failed targets, whatever the execution's own status (one still
   * running may have some already).
   * @default every failed execution
   */
  readonly executionId?: string | undefined
  /**
   * Explain each failure: add its Run Command result (`output`), read with GetCommandInvocation
   * from the target's `RunCommand` output source (the command id) and its resource (the node).
   * @default false
   */
  readonly output?: boolean | undefined
  /**
   * GetCommandInvocation requests in flight at once for `output`, through the layer's rate limiter.
   * @default 4
   */
  readonly outputConcurrency?: number | undefined
  /**
   * How long an invocation AWS does not know yet is asked for again (Run Command is eventually
   * consistent) when its target finished less than 30 days ago; then it is `Unavailable`. An older
   * one is `Expired` at once: AWS keeps a command's history for 30 days.
   * @default 30000
   */
  readonly outputGraceMillis?: number | undefined
}

/**
 * Why a target failed, as its Run Command recorded it (`FailuresOptions.output`):
 * - `Invocation`: GetCommandInvocation's answer: `Status`, `ResponseCode`, `StatusDetails`, the
 *   first 24,000 characters of stdout and 8,000 of stderr, their S3 URLs when the command had a bucket.
 * - `Expired`: AWS no longer keeps it (the target finished more than 30 days ago); not an error.
 * - `Unavailable`: AWS refused it for this target (no such invocation after `outputGraceMillis`,
 *   or a command id, node or step it calls invalid; a document of several steps needs a step name).
 * - `NotRunCommand`: the target has no RunCommand output source (an Automation document, say), or
 *   its ids cannot name an invocation; nothing was asked.
 */
export type TargetOutput =
  | { readonly _tag: "Invocation"; readonly invocation: GetCommandInvocationOutput }
  | { readonly _tag: "Expired"; readonly CommandId: string; readonly InstanceId: string }
  | {
    readonly _tag: "Unavailable"
    readonly CommandId: string
    readonly InstanceId: string
    readonly error: InvocationDoesNotExist | InvalidCommandId | InvalidInstanceId | InvalidPluginName
  }
  | { readonly _tag: "NotRunCommand"; readonly reason: string }

/** One failed target of one failed execution: what failed, and where (its output source). */
export interface Failure {
  readonly execution: AssociationExecution
  readonly target: AssociationExecutionTarget
  /** Its Run Command result, with `output: true`. */
  readonly output?: TargetOutput | undefined
  /** Pass as `startingToken` to continue right after this record. */
  readonly resumeToken: string
}
