/**
 * The schemas of SSM `DescribeAssociationExecutionTargets`, the drill-down from one execution to
 * the resources it ran on: the input with every constraint of the AWS model (checked before
 * anything is sent), and the output as AWS JSON 1.1 puts it on the wire (epoch seconds to `Date`,
 * unknown members and values tolerated).
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

/** The keys a target filter can use. */
export const AssociationExecutionTargetsFilterKey = Schema.Literal("Status", "ResourceId", "ResourceType").annotations(
  withRule("must be one of Status, ResourceId, ResourceType")
)
export type AssociationExecutionTargetsFilterKey = typeof AssociationExecutionTargetsFilterKey.Type

/** One filter: equality on its key (the model has no `Type` here). */
export const AssociationExecutionTargetsFilter = Schema.Struct({
  Key: AssociationExecutionTargetsFilterKey,
  Value: Schema.String.pipe(Schema.minLength(1)).annotations(withRule("must be a non-empty string"))
}).annotations({ identifier: identifier("AssociationExecutionTargetsFilter"), ...withRule("must be an object") })
export type AssociationExecutionTargetsFilter = typeof AssociationExecutionTargetsFilter.Type

const uuidRule = "must match the id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)"

/** The request. Only the constraints of the AWS model are checked, so nothing the service accepts is refused. */
export const DescribeAssociationExecutionTargetsInput = Schema.Struct({
  AssociationId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(withRule(uuidRule)),
  ExecutionId: Schema.String.pipe(Schema.pattern(associationIdPattern)).annotations(withRule(uuidRule)),
  Filters: Schema.optional(
    Schema.Array(AssociationExecutionTargetsFilter).pipe(Schema.minItems(1)).annotations(
      withRule("must be a non-empty list of filters")
    )
  ),
  MaxResults: Schema.optional(
    Schema.Number.pipe(Schema.int(), Schema.between(1, 50)).annotations(withRule("must be an integer from 1 to 50"))
  ),
  NextToken: Schema.optional(Schema.String.annotations(withRule("must be a string")))
}).annotations({
  identifier: identifier("DescribeAssociationExecutionTargetsInput"),
  ...withRule("must be an object")
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

const cleanTarget = (target: object): object => {
  const clean = withoutNullMembers(target)
  const source: unknown = Reflect.get(clean, "OutputSource")
  return withMember(clean, "OutputSource", source, isObject(source) ? withoutNullMembers(source) : source)
}

// Nulls removed where the model has members; only the known levels are walked.
const withoutNulls = (page: unknown): unknown => {
  if (!isObject(page)) return page
  const clean = withoutNullMembers(page)
  const targets: unknown = Reflect.get(clean, "AssociationExecutionTargets")
  return withMember(clean, "AssociationExecutionTargets", targets, mapObjects(targets, cleanTarget))
}

const OutputMembers = Schema.Struct({
  AssociationExecutionTargets: listDefaultingToEmpty(AssociationExecutionTarget),
  NextToken: Schema.optionalToOptional(Schema.String, Schema.String, {
    decode: Option.filter((token) => token !== ""),
    encode: (token) => token
  })
})

/**
 * One page of targets. `AssociationExecutionTargets` is `[]` when AWS leaves it out; `NextToken`
 * is present only when there is another page. Unknown members are ignored.
 */
export const DescribeAssociationExecutionTargetsOutput = Schema.transform(
  Schema.Unknown,
  OutputMembers,
  // Not strict: the null-free value is checked by the member schemas right after.
  { strict: false, decode: withoutNulls, encode: (members) => members }
).annotations({ identifier: identifier("DescribeAssociationExecutionTargetsOutput") })
export type DescribeAssociationExecutionTargetsOutput = typeof DescribeAssociationExecutionTargetsOutput.Type
