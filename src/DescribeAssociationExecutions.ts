/**
 * The schemas of SSM `DescribeAssociationExecutions`: the input with every constraint of the AWS
 * model (checked before anything is sent), the output as AWS JSON 1.1 puts it on the wire (epoch
 * seconds to `Date`, unknown members and enum values tolerated), and `parseResourceCountByStatus`.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { identifier } from "./internal/identifier.js"
import { withRule } from "./internal/inputRule.js"
import {
  associationIdPattern,
  isObject,
  listDefaultingToEmpty,
  mapObjects,
  optionalMember,
  withMember,
  withoutNullMembers
} from "./internal/schemaParts.js"
import { EpochSeconds } from "./internal/timestamp.js"

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** The keys an execution filter can use. */
export const AssociationExecutionFilterKey = Schema.Literal("ExecutionId", "Status", "CreatedTime").annotations(
  withRule("must be one of ExecutionId, Status, CreatedTime")
)
export type AssociationExecutionFilterKey = typeof AssociationExecutionFilterKey.Type

/** How a filter compares its value. */
export const AssociationFilterOperatorType = Schema.Literal("EQUAL", "LESS_THAN", "GREATER_THAN").annotations(
  withRule("must be one of EQUAL, LESS_THAN, GREATER_THAN")
)
export type AssociationFilterOperatorType = typeof AssociationFilterOperatorType.Type

/**
 * One filter. Which `Type` goes with which `Key` (only `CreatedTime` takes `LESS_THAN` /
 * `GREATER_THAN`) is documentation, not model, so the service decides it.
 */
export const AssociationExecutionFilter = Schema.Struct({
  Key: AssociationExecutionFilterKey,
  Value: Schema.String.pipe(Schema.minLength(1)).annotations(withRule("must be a non-empty string")),
  Type: AssociationFilterOperatorType
}).annotations({ identifier: identifier("AssociationExecutionFilter"), ...withRule("must be an object") })
export type AssociationExecutionFilter = typeof AssociationExecutionFilter.Type

/** The request. Only the constraints of the AWS model are checked, so nothing the service accepts is refused. */
export const DescribeAssociationExecutionsInput = Schema.Struct({
  AssociationId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(
    withRule("must match the association id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)")
  ),
  Filters: Schema.optional(
    Schema.Array(AssociationExecutionFilter).pipe(Schema.minItems(1)).annotations(
      withRule("must be a non-empty list of filters")
    )
  ),
  MaxResults: Schema.optional(
    Schema.Number.pipe(Schema.int(), Schema.between(1, 50)).annotations(withRule("must be an integer from 1 to 50"))
  ),
  NextToken: Schema.optional(Schema.String.annotations(withRule("must be a string")))
}).annotations({ identifier: identifier("DescribeAssociationExecutionsInput"), ...withRule("must be an object") })
export type DescribeAssociationExecutionsInput = typeof DescribeAssociationExecutionsInput.Type

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const cleanAlarmConfiguration = (configuration: object): object => {
  const clean = withoutNullMembers(configuration)
  const alarms: unknown = Reflect.get(clean, "Alarms")
  return withMember(clean, "Alarms", alarms, mapObjects(alarms, withoutNullMembers))
}

const cleanExecution = (execution: object): object => {
  const clean = withoutNullMembers(execution)
  const configuration: unknown = Reflect.get(clean, "AlarmConfiguration")
  const withConfiguration = withMember(
    clean,
    "AlarmConfiguration",
    configuration,
    isObject(configuration) ? cleanAlarmConfiguration(configuration) : configuration
  )
  const triggered: unknown = Reflect.get(withConfiguration, "TriggeredAlarms")
  return withMember(withConfiguration, "TriggeredAlarms", triggered, mapObjects(triggered, withoutNullMembers))
}

/**
 * The page with `null` members removed where the model has members (AWS may send null for absent).
 * Only the known levels are walked, so an unknown deeply nested member costs nothing, and nothing
 * is copied on the usual page, which has no nulls.
 */
const withoutNulls = (page: unknown): unknown => {
  if (!isObject(page)) return page
  const clean = withoutNullMembers(page)
  const executions: unknown = Reflect.get(clean, "AssociationExecutions")
  return withMember(clean, "AssociationExecutions", executions, mapObjects(executions, cleanExecution))
}

/** A CloudWatch alarm. */
export const Alarm = Schema.Struct({ Name: Schema.String }).annotations({ identifier: identifier("Alarm") })
export type Alarm = typeof Alarm.Type

/** The alarms applied to the association. */
export const AlarmConfiguration = Schema.Struct({
  IgnorePollAlarmFailure: optionalMember(Schema.Boolean),
  Alarms: listDefaultingToEmpty(Alarm)
}).annotations({ identifier: identifier("AlarmConfiguration") })
export type AlarmConfiguration = typeof AlarmConfiguration.Type

/**
 * `UNKNOWN` or `ALARM` today; any other string a newer AWS model adds is kept as it is, so the
 * type is `string`.
 */
export const ExternalAlarmState = Schema.Union(Schema.Literal("UNKNOWN", "ALARM"), Schema.String)
export type ExternalAlarmState = typeof ExternalAlarmState.Type

/** The state of an alarm the association triggered. */
export const AlarmStateInformation = Schema.Struct({
  Name: Schema.String,
  State: ExternalAlarmState
}).annotations({ identifier: identifier("AlarmStateInformation") })
export type AlarmStateInformation = typeof AlarmStateInformation.Type

/**
 * One execution of an association. Every member is optional, as in the AWS model. (Members AWS
 * sends as `null` are removed by {@link DescribeAssociationExecutionsOutput} before this applies.)
 */
export const AssociationExecution = Schema.Struct({
  AssociationId: optionalMember(Schema.String),
  AssociationVersion: optionalMember(Schema.String),
  ExecutionId: optionalMember(Schema.String),
  /** Free text: `Success`, `Failed`, `Pending` and others. */
  Status: optionalMember(Schema.String),
  DetailedStatus: optionalMember(Schema.String),
  /** When the execution started. */
  CreatedTime: optionalMember(EpochSeconds),
  LastExecutionDate: optionalMember(EpochSeconds),
  /** Opaque text such as `{Failed=2, Success=5}`; see {@link parseResourceCountByStatus}. */
  ResourceCountByStatus: optionalMember(Schema.String),
  AlarmConfiguration: optionalMember(AlarmConfiguration),
  TriggeredAlarms: optionalMember(Schema.Array(AlarmStateInformation))
}).annotations({ identifier: identifier("AssociationExecution") })
export type AssociationExecution = typeof AssociationExecution.Type

/**
 * One page of executions. `AssociationExecutions` is `[]` when AWS leaves it out; `NextToken` is
 * present only when there is another page (AWS may also send it as `null` or `""` on the last one).
 * Unknown members are ignored, and output constraints (list lengths, patterns) are not enforced.
 */
const OutputMembers = Schema.Struct({
  AssociationExecutions: listDefaultingToEmpty(AssociationExecution),
  NextToken: Schema.optionalToOptional(Schema.String, Schema.String, {
    decode: Option.filter((token) => token !== ""),
    encode: (token) => token
  })
})

export const DescribeAssociationExecutionsOutput = Schema.transform(
  Schema.Unknown,
  OutputMembers,
  // Not strict: the null-free value is checked by the member schemas right after.
  { strict: false, decode: withoutNulls, encode: (members) => members }
).annotations({ identifier: identifier("DescribeAssociationExecutionsOutput") })
export type DescribeAssociationExecutionsOutput = typeof DescribeAssociationExecutionsOutput.Type

/**
 * Counts from a `ResourceCountByStatus` text such as `"{Failed=2, Success=5}"`. AWS documents the
 * member as free text, so entries that do not read as `Name=count` are skipped, never an error.
 */
export const parseResourceCountByStatus = (text: string): Record<string, number> => {
  const inner = text.trim().replace(/^\{/, "").replace(/\}$/, "")
  const entries = inner.split(",").flatMap((entry): ReadonlyArray<readonly [string, number]> => {
    const match = /^\s*([^=\s][^=]*?)\s*=\s*(\d+)\s*$/.exec(entry)
    return match === null || match[1] === undefined || match[2] === undefined
      ? []
      : [[match[1], Number(match[2])]]
  })
  return Object.fromEntries(entries)
}
