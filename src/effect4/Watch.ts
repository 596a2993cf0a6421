/**
 * What `watch` and `awaitExecution` take and deliver: one association execution followed from
 * "not visible yet" to a terminal status. AWS has no waiter for association executions, so the
 * policy is this client's: a required deadline, Smithy's waiter backoff (a delay doubling from
 * `minDelayMillis` to `maxDelayMillis`, jittered, the last poll shortly before the deadline), a
 * grace period for an execution that is not visible yet, and the terminal statuses below.
 */
import * as Schema from "effect/Schema"
import { AssociationExecution } from "./DescribeAssociationExecutions.js"
import { AssociationExecutionTarget } from "./DescribeAssociationExecutionTargets.js"
import { identifier } from "./internal/identifier.js"

export { defaultTerminalStatuses, type WatchInput, type WatchOptions } from "./internal/watchOptions.js"

/**
 * One state of the execution, emitted when something changed since the last: its status, its
 * counts, or targets that finished.
 */
export const ExecutionState = Schema.Struct({
  AssociationId: Schema.String,
  ExecutionId: Schema.String,
  /** The execution's `Status` (`""` when AWS sent none). */
  Status: Schema.String,
  DetailedStatus: Schema.optional(Schema.String),
  /** `ResourceCountByStatus` read with `parseResourceCountByStatus`, e.g. `{ Failed: 1, InProgress: 2 }`. */
  resourceCounts: Schema.Record(Schema.String, Schema.Number),
  /** True for the last state: its status is terminal. */
  terminal: Schema.Boolean,
  /** The execution as DescribeAssociationExecutions answered. */
  execution: AssociationExecution,
  /** Targets that reached a terminal status since the previous state (all so far, in the first). */
  finishedTargets: Schema.Array(AssociationExecutionTarget),
  /** Every target as last read (empty with `targets: false`). */
  targets: Schema.Array(AssociationExecutionTarget),
  /** When the poll that saw this state was answered (this client's clock). */
  observedAt: Schema.Date
}).annotate({ identifier: identifier("ExecutionState") })
export type ExecutionState = typeof ExecutionState.Type
