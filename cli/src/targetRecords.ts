/**
 * How `targets` prints an execution's targets: aws-cli's records of
 * DescribeAssociationExecutionTargets (`OutputSource` nested, as the AWS CLI prints it) in the
 * document `{"AssociationExecutionTargets": [...]}`, and a table led by the resource.
 */
import type { AssociationExecutionTarget } from "ssm-association-executions/DescribeAssociationExecutionTargets"
import { createdTimeColumn, idColumn, isoTimestamp, type Shape } from "./format.js"

/** One target as the AWS CLI prints it: AWS member names, timestamps in ISO-8601, absent members left out. */
export interface FlatTarget {
  readonly AssociationId?: string
  readonly AssociationVersion?: string
  readonly ExecutionId?: string
  readonly ResourceId?: string
  readonly ResourceType?: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly LastExecutionDate?: string
  readonly OutputSource?: { readonly OutputSourceId?: string; readonly OutputSourceType?: string }
}

/** The members in the order the AWS CLI prints them (and the csv columns). */
export const targetMembers = [
  "AssociationId",
  "AssociationVersion",
  "ExecutionId",
  "ResourceId",
  "ResourceType",
  "Status",
  "DetailedStatus",
  "LastExecutionDate",
  "OutputSource"
] as const satisfies ReadonlyArray<keyof FlatTarget>

/** The record of one target. */
export const toTargetRecord = (target: AssociationExecutionTarget): FlatTarget => {
  const { LastExecutionDate, OutputSource, ...rest } = target
  return {
    ...(rest.AssociationId === undefined ? {} : { AssociationId: rest.AssociationId }),
    ...(rest.AssociationVersion === undefined ? {} : { AssociationVersion: rest.AssociationVersion }),
    ...(rest.ExecutionId === undefined ? {} : { ExecutionId: rest.ExecutionId }),
    ...(rest.ResourceId === undefined ? {} : { ResourceId: rest.ResourceId }),
    ...(rest.ResourceType === undefined ? {} : { ResourceType: rest.ResourceType }),
    ...(rest.Status === undefined ? {} : { Status: rest.Status }),
    ...(rest.DetailedStatus === undefined ? {} : { DetailedStatus: rest.DetailedStatus }),
    ...(LastExecutionDate === undefined ? {} : { LastExecutionDate: isoTimestamp(LastExecutionDate) }),
    ...(OutputSource === undefined ? {} : {
      OutputSource: {
        ...(OutputSource.OutputSourceId === undefined ? {} : { OutputSourceId: OutputSource.OutputSourceId }),
        ...(OutputSource.OutputSourceType === undefined ? {} : { OutputSourceType: OutputSource.OutputSourceType })
      }
    })
  }
}

/** `targets`' records. */
export const targetShape: Shape<AssociationExecutionTarget, FlatTarget> = {
  member: "AssociationExecutionTargets",
  toRecord: toTargetRecord,
  members: targetMembers,
  // The resource is the point; its output source (a command id) is what to look at next.
  columns: () => [
    { title: "ResourceId", preferred: 20, min: 12, shrinkOrder: 6, lastResort: true, value: (row) => row.ResourceId },
    { title: "ResourceType", preferred: 15, min: 8, dropOrder: 2, value: (row) => row.ResourceType },
    { title: "Status", preferred: 10, min: 7, shrinkOrder: 7, lastResort: true, value: (row) => row.Status },
    { title: "DetailedStatus", preferred: 14, min: 10, dropOrder: 3, value: (row) => row.DetailedStatus },
    { ...createdTimeColumn<FlatTarget>((row) => row.LastExecutionDate, "LastExecutionDate"), dropOrder: 1 },
    idColumn("OutputSourceId", (row) => row.OutputSource?.OutputSourceId)
  ]
}
