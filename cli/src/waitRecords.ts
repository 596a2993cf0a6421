/**
 * How `wait` (and `start --wait`) print a followed execution: one progress line per change on
 * stderr, and at the end, on stdout, the document `{"AssociationExecution": {...},
 * "FailedTargets": [...]}` with `list`'s and `targets`' records, in every output format.
 */
import type { AssociationExecutionTarget } from "ssm-association-executions/DescribeAssociationExecutionTargets"
import type { ExecutionState } from "ssm-association-executions/Watch"
import type { OutputFormat } from "./flags.js"
import * as Format from "./format.js"
import * as Table from "./table.js"
import { type FlatTarget, targetShape } from "./targetRecords.js"

/** The statuses of a target that failed (the watch's terminal statuses but Success). */
export const failedStatuses: ReadonlySet<string> = new Set(["Failed", "TimedOut", "Cancelled"])

/** The targets of a state that failed. */
export const failedTargetsOf = (state: ExecutionState): ReadonlyArray<AssociationExecutionTarget> =>
  state.targets.filter((target) => failedStatuses.has(target.Status ?? ""))

// A long first state (an execution already done) names a few targets, then counts the rest.
const namedTargetsPerLine = 5

const countsText = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts).map(([status, count]) => `${status}=${count}`).join(" ")

/** One line for one state: when, which execution, its status and counts, the targets newly finished. */
export const progressLine = (state: ExecutionState): string => {
  const status = state.Status === "" ? "(no status yet)" : state.Status
  const detail = state.DetailedStatus === undefined || state.DetailedStatus === state.Status
    ? ""
    : ` (${state.DetailedStatus})`
  const counts = countsText(state.resourceCounts)
  const named = state.finishedTargets.slice(0, namedTargetsPerLine).map((target) =>
    `${target.ResourceId ?? "?"} ${target.Status ?? ""}`.trimEnd()
  )
  const more = state.finishedTargets.length - named.length
  const finished = named.length === 0
    ? ""
    : `; finished: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`
  return `${Format.isoTimestamp(state.observedAt)} ${state.ExecutionId} ${status}${detail}${
    counts === "" ? "" : ` ${counts}`
  }${finished}\n`
}

/** The line on stderr at the end: how it ended, and how many targets failed. */
export const endLine = (state: ExecutionState): string => {
  const failed = failedTargetsOf(state).length
  return `Execution ${state.ExecutionId} of association ${state.AssociationId} ended ${state.Status}: ${failed} of ${state.targets.length} targets failed\n`
}

/** The document printed at the end. */
export interface WaitDocument {
  readonly AssociationExecution: Format.FlatExecution
  readonly FailedTargets: ReadonlyArray<FlatTarget>
}

/** The document of a (terminal) state. */
export const waitDocument = (state: ExecutionState): WaitDocument => ({
  AssociationExecution: Format.toRecord(state.execution),
  FailedTargets: failedTargetsOf(state).map(targetShape.toRecord)
})

const tableOf = <Rec>(
  columns: ReadonlyArray<Table.Column<Rec>>,
  records: ReadonlyArray<Rec>,
  width: number | undefined
): string => {
  const layout = Table.layout(columns, width)
  return [...Table.headerLines(layout), ...records.map((record) => Table.rowLine(layout, record))]
    .map((line) => `${line}\n`).join("")
}

/**
 * The document in `format`: json, yaml and text as aws-cli prints a document, ndjson on one line;
 * table as the execution's row, then the failed targets' table; csv the failed targets, one row
 * each (a row carries its ExecutionId; the execution's status is the exit code).
 */
export const renderWait = (document: WaitDocument, format: OutputFormat, width: number | undefined): string => {
  switch (format) {
    case "json":
    case "yaml":
    case "text":
    case "ndjson":
      return Format.formatValue(document, format, { showAssociationId: false, width })
    case "csv": {
      const csv = Format.formatterOf(targetShape, "csv", { showAssociationId: false })
      return `${csv.header}${csv.rows(document.FailedTargets, 0)}`
    }
    case "table": {
      const execution = tableOf(
        Format.executionShape.columns({ showAssociationId: true }),
        [document.AssociationExecution],
        width
      )
      return document.FailedTargets.length === 0
        ? execution
        : `${execution}\n${tableOf(targetShape.columns({ showAssociationId: false }), document.FailedTargets, width)}`
    }
  }
}
