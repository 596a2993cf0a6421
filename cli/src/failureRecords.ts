/**
 * How `failures` prints what failed, where: one flat record per failed target of a failed
 * execution (the execution's id and creation time, the target's resource and statuses, its output
 * source), in the document `{"Failures": [...]}`. With `--with-output` each record also says why:
 * its Run Command invocation (status, exit code, output and error excerpts, S3 URLs), or that AWS
 * no longer keeps it, refused it, or that there is none.
 */
import type { GetCommandInvocationOutput } from "ssm-association-executions/GetCommandInvocation"
import type { Failure, TargetOutput } from "ssm-association-executions/Pagination"
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
  /** With `--with-output`: `Invocation`, `Expired`, `Unavailable` or `NotRunCommand`. */
  readonly Output?: TargetOutput["_tag"]
  /** Why there is no invocation (Expired, Unavailable, NotRunCommand). */
  readonly OutputNote?: string
  readonly InvocationStatus?: string
  readonly StatusDetails?: string
  readonly ResponseCode?: number
  readonly StandardOutputContent?: string
  readonly StandardErrorContent?: string
  readonly StandardOutputUrl?: string
  readonly StandardErrorUrl?: string
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

/** The members `--with-output` adds, in print order. */
export const outputMembers = [
  "Output",
  "OutputNote",
  "InvocationStatus",
  "StatusDetails",
  "ResponseCode",
  "StandardOutputContent",
  "StandardErrorContent",
  "StandardOutputUrl",
  "StandardErrorUrl"
] as const satisfies ReadonlyArray<keyof FlatFailure>

// An empty URL or text is what AWS sends when there is none: left out, as absent members are.
const nonEmpty = (value: string | undefined): value is string => value !== undefined && value !== ""

const invocationMembers = (invocation: GetCommandInvocationOutput): FlatFailure => {
  const record: { -readonly [Member in keyof FlatFailure]: FlatFailure[Member] } = {}
  if (nonEmpty(invocation.Status)) record.InvocationStatus = invocation.Status
  if (nonEmpty(invocation.StatusDetails)) record.StatusDetails = invocation.StatusDetails
  if (invocation.ResponseCode !== undefined) record.ResponseCode = invocation.ResponseCode
  if (nonEmpty(invocation.StandardOutputContent)) record.StandardOutputContent = invocation.StandardOutputContent
  if (nonEmpty(invocation.StandardErrorContent)) record.StandardErrorContent = invocation.StandardErrorContent
  if (nonEmpty(invocation.StandardOutputUrl)) record.StandardOutputUrl = invocation.StandardOutputUrl
  if (nonEmpty(invocation.StandardErrorUrl)) record.StandardErrorUrl = invocation.StandardErrorUrl
  return record
}

/** What `--with-output` adds to a record: the invocation, or why there is none. */
export const outputRecord = (output: TargetOutput): FlatFailure => {
  switch (output._tag) {
    case "Invocation":
      return { Output: output._tag, ...invocationMembers(output.invocation) }
    case "Expired":
      return {
        Output: output._tag,
        OutputNote:
          `SSM keeps a command's result for 30 days: command ${output.CommandId} on ${output.InstanceId} is gone`
      }
    case "Unavailable":
      return { Output: output._tag, OutputNote: `${output.error._tag}: ${output.error.message}` }
    case "NotRunCommand":
      return { Output: output._tag, OutputNote: output.reason }
  }
}

/** The record of one failure with its output (`--with-output`). */
export const toFailureOutputRecord = (failure: Failure): FlatFailure => ({
  ...toFailureRecord(failure),
  ...(failure.output === undefined ? {} : outputRecord(failure.output))
})

/** The last line a command wrote to stderr (where a shell script's failure is), or the note: a table's "why". */
export const whyOf = (record: FlatFailure): string | undefined =>
  record.StandardErrorContent?.trimEnd().split("\n").filter((line) => line.trim() !== "").at(-1) ??
    record.OutputNote

/** `failures --with-output`' records: each failure with why, from its invocation. */
export const failureOutputShape: Shape<Failure, FlatFailure> = {
  member: "Failures",
  toRecord: toFailureOutputRecord,
  members: [...failureMembers, ...outputMembers],
  columns: () => [
    { title: "ResourceId", preferred: 20, min: 12, shrinkOrder: 5, lastResort: true, value: (row) => row.ResourceId },
    { ...idColumn<FlatFailure>("ExecutionId", (row) => row.ExecutionId), dropOrder: 2, lastResort: false },
    {
      title: "Status",
      preferred: 10,
      min: 7,
      shrinkOrder: 6,
      value: (row) => row.InvocationStatus ?? row.Output
    },
    { title: "Code", preferred: 4, min: 4, dropOrder: 3, value: (row) => row.ResponseCode?.toString() },
    { title: "Why", preferred: 60, min: 12, shrinkOrder: 1, value: whyOf }
  ]
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
