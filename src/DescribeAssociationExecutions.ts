/**
 * The schemas of SSM `DescribeAssociationExecutions`: the input with every constraint of the AWS
 * model (checked before anything is sent), the output as AWS JSON 1.1 puts it on the wire (epoch
 * seconds to `Date`, unknown members and enum values tolerated), and `parseResourceCountByStatus`.
 */
import * as Schema from "effect/Schema"
import { identifier } from "./internal/identifier.js"
import { executionsPageWithoutNulls } from "./internal/outputNulls.js"
import * as resourceCount from "./internal/resourceCount.js"
import { associationIdPattern, rules } from "./internal/schemaParts.js"
import { withRule } from "./line/inputRule.js"
import {
  cleanedBefore,
  EpochSeconds,
  listDefaultingToEmpty,
  nextTokenMember,
  optionalMember
} from "./line/schemaParts.js"

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** The keys an execution filter can use. */
export const AssociationExecutionFilterKey = Schema.Literal("ExecutionId", "Status", "CreatedTime").annotations(
  withRule(rules.executionFilterKey)
)
export type AssociationExecutionFilterKey = typeof AssociationExecutionFilterKey.Type

/** How a filter compares its value. */
export const AssociationFilterOperatorType = Schema.Literal("EQUAL", "LESS_THAN", "GREATER_THAN").annotations(
  withRule(rules.filterOperator)
)
export type AssociationFilterOperatorType = typeof AssociationFilterOperatorType.Type

/**
 * One filter. Which `Type` goes with which `Key` (only `CreatedTime` takes `LESS_THAN` /
 * `GREATER_THAN`) is documentation, not model, so the service decides it.
 */
export const AssociationExecutionFilter = Schema.Struct({
  Key: AssociationExecutionFilterKey,
  Value: Schema.String.pipe(Schema.minLength(1)).annotations(withRule(rules.nonEmptyString)),
  Type: AssociationFilterOperatorType
}).annotations({ identifier: identifier("AssociationExecutionFilter"), ...withRule(rules.object) })
export type AssociationExecutionFilter = typeof AssociationExecutionFilter.Type

/** The request. Only the constraints of the AWS model are checked, so nothing the service accepts is refused. */
export const DescribeAssociationExecutionsInput = Schema.Struct({
  AssociationId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(
    withRule(rules.associationId)
  ),
  Filters: Schema.optional(
    Schema.Array(AssociationExecutionFilter).pipe(Schema.minItems(1)).annotations(
      withRule(rules.filters)
    )
  ),
  MaxResults: Schema.optional(
    Schema.Number.pipe(Schema.int(), Schema.between(1, 50)).annotations(withRule(rules.maxResults))
  ),
  NextToken: Schema.optional(Schema.String.annotations(withRule(rules.string)))
}).annotations({ identifier: identifier("DescribeAssociationExecutionsInput"), ...withRule(rules.object) })
export type DescribeAssociationExecutionsInput = typeof DescribeAssociationExecutionsInput.Type

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

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
export const DescribeAssociationExecutionsOutput = cleanedBefore(
  Schema.Struct({
    AssociationExecutions: listDefaultingToEmpty(AssociationExecution),
    NextToken: nextTokenMember
  }),
  // AWS may send null for absent: read as absent, by one pass over the known levels.
  executionsPageWithoutNulls,
  "DescribeAssociationExecutionsOutput"
)
export type DescribeAssociationExecutionsOutput = typeof DescribeAssociationExecutionsOutput.Type

/**
 * Counts from a `ResourceCountByStatus` text such as `"{Failed=2, Success=5}"`. AWS documents the
 * member as free text, so entries that do not read as `Name=count` are skipped, never an error.
 */
export const parseResourceCountByStatus: (text: string) => Record<string, number> =
  resourceCount.parseResourceCountByStatus
