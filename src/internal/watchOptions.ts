/**
 * What `watch` and `awaitExecution` take, declared once for both Effect lines (each line's
 * `Watch.ts` exports these): plain types and data, no `effect` import.
 */

/**
 * Which execution to follow: one by id, or the first (oldest) execution of the association created
 * after `createdAfter`, which is how the run `startOnce` began is found (it returns no id): take
 * the time just before the start. One second of margin is allowed for the difference between
 * AWS's clock and this one (an execution created up to a second before `createdAfter` counts).
 * The same input always names the same execution, so watching again after an interruption
 * follows the same one.
 */
export type WatchInput =
  | { readonly AssociationId: string; readonly ExecutionId: string }
  | { readonly AssociationId: string; readonly createdAfter: Date }

/** How a watch polls, and for how long. */
export interface WatchOptions {
  /**
   * The most time to spend, in milliseconds from the start of the watch: the last poll is sent
   * shortly before it (no poll after it, and a poll's patience with throttling ends at it), then the
   * watch fails with `WatchTimeout` (what was last seen included). A request in flight is bounded by
   * its own attempt timeout, not cut. Required, as Smithy requires of every waiter: an execution
   * can run for hours.
   */
  readonly deadlineMillis: number
  /**
   * How long an execution that is not visible yet (just started, or not created yet) is waited
   * for before the watch fails with `ExecutionNotFound`; never longer than the deadline.
   * @default 30000
   */
  readonly visibilityGraceMillis?: number | undefined
  /**
   * The shortest delay between polls, in milliseconds (the first delay, and the floor of the jitter).
   * @default 5000
   */
  readonly minDelayMillis?: number | undefined
  /**
   * The longest delay between polls, in milliseconds; the delay doubles up to it.
   * @default 120000
   */
  readonly maxDelayMillis?: number | undefined
  /**
   * Statuses that end the watch. AWS documents only `Pending`, `Success` and `Failed` for
   * executions; `TimedOut` and `Cancelled` end a Run Command and are taken as final here too.
   * Targets count as finished in these statuses as well.
   * @default ["Success", "Failed", "TimedOut", "Cancelled"]
   */
  readonly terminalStatuses?: ReadonlyArray<string> | undefined
  /**
   * Read the execution's targets (DescribeAssociationExecutionTargets, every page) whenever the
   * execution changes, to report the targets newly finished. `false` polls the execution only.
   * @default true
   */
  readonly targets?: boolean | undefined
}

/** The defaults of {@link WatchOptions}. */
export const defaultTerminalStatuses: ReadonlyArray<string> = ["Success", "Failed", "TimedOut", "Cancelled"]
