/**
 * How `failures` prints what failed, where: one flat record per failed target of a failed
 * execution (the execution's id and creation time, the target's resource and statuses, its output
 * source), in the document `{"Failures": [...]}`.
 */
import type { Failure } from "ssm-association-executions/Pagination"
import { createdTimeColumn, idColumn, isoTimestamp, type Shape } from "./format.js"

/** One failure, flat: the execution, then the target, then where its output is. */
export interface FlatFailure {
  readonly ExecutionId?: string
  readonly CreatedTime?: string
  readonly ResourceId?: string
  readonly ResourceType?: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly OutputSourceId?: string
  readonly OutputSourceType?: string
}

/** The members in print order (and the csv columns). */
export const failureMembers = [
  "ExecutionId",
  "CreatedTime",
  "ResourceId",
  "ResourceType",
  "Status",
  "DetailedStatus",
  "OutputSourceId",
  "OutputSourceType"
] as const satisfies ReadonlyArray<keyof FlatFailure>

/** The record of one failure. */
export const toFailureRecord = ({ execution, target }: Failure): FlatFailure => {
  const executionId = execution.ExecutionId ?? target.ExecutionId
  const source = target.OutputSource
  return {
    ...(executionId === undefined ? {} : { ExecutionId: executionId }),
    ...(execution.CreatedTime === undefined ? {} : { CreatedTime: isoTimestamp(execution.CreatedTime) }),
    ...(target.ResourceId === undefined ? {} : { ResourceId: target.ResourceId }),
    ...(target.ResourceType === undefined ? {} : { ResourceType: target.ResourceType }),
    ...(target.Status === undefined ? {} : { Status: target.Status }),
    ...(target.DetailedStatus === undefined ? {} : { DetailedStatus: target.DetailedStatus }),
    ...(source?.OutputSourceId === undefined ? {} : { OutputSourceId: source.OutputSourceId }),
    ...(source?.OutputSourceType === undefined ? {} : { OutputSourceType: source.OutputSourceType })
  }
}

/** `failures`' records. */
export const failureShape: Shape<Failure, FlatFailure> = {
  member: "Failures",
  toRecord: toFailureRecord,
  members: failureMembers,
  columns: () => [
    createdTimeColumn<FlatFailure>((row) => row.CreatedTime),
    idColumn("ExecutionId", (row) => row.ExecutionId),
    { title: "ResourceId", preferred: 20, min: 12, shrinkOrder: 5, lastResort: true, value: (row) => row.ResourceId },
    { title: "DetailedStatus", preferred: 14, min: 10, dropOrder: 2, value: (row) => row.DetailedStatus },
    { ...idColumn<FlatFailure>("OutputSourceId", (row) => row.OutputSourceId), dropOrder: 1, lastResort: false }
  ]
}
