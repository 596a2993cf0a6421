/**
 * The schemas of SSM `DescribeAssociationExecutionTargets`, the drill-down from one execution to
 * the resources it ran on: the input with every constraint of the AWS model (checked before
 * anything is sent), and the output as AWS JSON 1.1 puts it on the wire (epoch seconds to `Date`,
 * unknown members and values tolerated).
 */
import * as Schema from "effect/Schema"
import { identifier } from "./internal/identifier.js"
import { targetsPageWithoutNulls } from "./internal/outputNulls.js"
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

/** The keys a target filter can use. */
export const AssociationExecutionTargetsFilterKey = Schema.Literal("Status", "ResourceId", "ResourceType").annotations(
  withRule(rules.targetsFilterKey)
)
export type AssociationExecutionTargetsFilterKey = typeof AssociationExecutionTargetsFilterKey.Type

/** One filter: equality on its key (the model has no `Type` here). */
export const AssociationExecutionTargetsFilter = Schema.Struct({
  Key: AssociationExecutionTargetsFilterKey,
  Value: Schema.String.pipe(Schema.minLength(1)).annotations(withRule(rules.nonEmptyString))
}).annotations({ identifier: identifier("AssociationExecutionTargetsFilter"), ...withRule(rules.object) })
export type AssociationExecutionTargetsFilter = typeof AssociationExecutionTargetsFilter.Type

/** The request. Only the constraints of the AWS model are checked, so nothing the service accepts is refused. */
export const DescribeAssociationExecutionTargetsInput = Schema.Struct({
  AssociationId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(withRule(rules.uuid)),
  ExecutionId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(withRule(rules.uuid)),
  Filters: Schema.optional(
    Schema.Array(AssociationExecutionTargetsFilter).pipe(Schema.minItems(1)).annotations(
      withRule(rules.filters)
    )
  ),
  MaxResults: Schema.optional(
    Schema.Number.pipe(Schema.int(), Schema.between(1, 50)).annotations(withRule(rules.maxResults))
  ),
  NextToken: Schema.optional(Schema.String.annotations(withRule(rules.string)))
}).annotations({
  identifier: identifier("DescribeAssociationExecutionTargetsInput"),
  ...withRule(rules.object)
})
export type DescribeAssociationExecutionTargetsInput = typeof DescribeAssociationExecutionTargetsInput.Type

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** Where a target's output is: the Run Command invocation that ran it, for example. */
export const OutputSource = Schema.Struct({
  OutputSourceId: optionalMember(Schema.String),
  /** `RunCommand` today; any other string is kept. */
  OutputSourceType: optionalMember(Schema.String)
}).annotations({ identifier: identifier("OutputSource") })
export type OutputSource = typeof OutputSource.Type

/** One resource an execution ran on. Every member is optional, as in the AWS model. */
export const AssociationExecutionTarget = Schema.Struct({
  AssociationId: optionalMember(Schema.String),
  AssociationVersion: optionalMember(Schema.String),
  ExecutionId: optionalMember(Schema.String),
  /** An instance (`i-…`), a hybrid managed node (`mi-…`), or another resource. */
  ResourceId: optionalMember(Schema.String),
  /** `ManagedInstance` and others. */
  ResourceType: optionalMember(Schema.String),
  /** Free text: `Success`, `Failed`, `Pending` and others. */
  Status: optionalMember(Schema.String),
  DetailedStatus: optionalMember(Schema.String),
  LastExecutionDate: optionalMember(EpochSeconds),
  OutputSource: optionalMember(OutputSource)
}).annotations({ identifier: identifier("AssociationExecutionTarget") })
export type AssociationExecutionTarget = typeof AssociationExecutionTarget.Type

/**
 * One page of targets. `AssociationExecutionTargets` is `[]` when AWS leaves it out; `NextToken`
 * is present only when there is another page. Unknown members are ignored.
 */
export const DescribeAssociationExecutionTargetsOutput = cleanedBefore(
  Schema.Struct({
    AssociationExecutionTargets: listDefaultingToEmpty(AssociationExecutionTarget),
    NextToken: nextTokenMember
  }),
  // AWS may send null for absent: read as absent, by one pass over the known levels.
  targetsPageWithoutNulls,
  "DescribeAssociationExecutionTargetsOutput"
)
export type DescribeAssociationExecutionTargetsOutput = typeof DescribeAssociationExecutionTargetsOutput.Type
