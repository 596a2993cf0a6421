/**
 * The schemas of SSM `StartAssociationsOnce`, which runs associations now, once: the input with
 * every constraint of the AWS model (checked before anything is sent), and the output, which has no
 * members (`{}` or an empty body). The answer carries no execution id: the new execution is found
 * afterwards with DescribeAssociationExecutions.
 */
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { identifier } from "./internal/identifier.js"
import { associationIdPattern, rules } from "./internal/schemaParts.js"
import { withRule } from "./line/inputRule.js"

/** The request: 1 to 10 association ids. Starting is not idempotent: each call is a new run. */
export const StartAssociationsOnceInput = Schema.Struct({
  AssociationIds: Schema.Array(
    Schema.String.check(Schema.isPattern(associationIdPattern)).annotate(
      withRule(rules.associationId)
    )
  ).check(Schema.isBetweenLength(1, 10)).annotate(withRule(rules.associationIds))
}).annotate({ identifier: identifier("StartAssociationsOnceInput"), ...withRule(rules.object) })
export type StartAssociationsOnceInput = typeof StartAssociationsOnceInput.Type

/** The answer: no members (AWS sends `{}`, or an empty body); an object whose members are all dropped. */
export const StartAssociationsOnceOutput = Schema.Record(Schema.String, Schema.Unknown).pipe(
  Schema.decodeTo(
    // An empty struct type admits any object, so the members are dropped here, not left to it.
    Schema.Struct({}),
    SchemaTransformation.transform({ decode: () => ({}), encode: () => ({}) })
  )
).annotate({ identifier: identifier("StartAssociationsOnceOutput") })
export type StartAssociationsOnceOutput = typeof StartAssociationsOnceOutput.Type

/** How `startOnce` treats a start whose answer was lost. */
export interface StartOnceOptions {
  /**
   * After a failure that may have started the associations, how long to look for a new execution
   * (created after the request was sent) before concluding that the start did not happen and
   * sending it again (at most `retry.maxAttempts` starts in all). New executions are not visible
   * at once. `0` checks nothing: such a failure is then `StartOutcomeUnknown` at once.
   * @default 20000
   */
  readonly confirmWithinMillis?: number | undefined
  /**
   * How often to look while confirming, in milliseconds.
   * @default 2000
   */
  readonly confirmEveryMillis?: number | undefined
}
