/**
 * The schemas of SSM `GetCommandInvocation`, the result of one Run Command on one node (what a
 * failed association target's `OutputSource` points at): the input with every constraint of the
 * AWS model, and the output as AWS sends it. Its three `Execution*` times are strings (an instant,
 * a duration, an instant, or `""` before the plugin ran) that break the model's own pattern, so
 * they are kept as strings; {@link parseDateTime} and {@link parseElapsedTime} read them.
 */
import * as Schema from "effect/Schema"
import { identifier } from "./internal/identifier.js"
import * as invocationTimes from "./internal/invocationTimes.js"
import { invocationWithoutNulls } from "./internal/outputNulls.js"
import { instanceIdPattern, rules } from "./internal/schemaParts.js"
import { withRule } from "./line/inputRule.js"
import { cleanedBefore, optionalMember } from "./line/schemaParts.js"

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** The request. `PluginName` is the step name; needed only for documents with several steps. */
export const GetCommandInvocationInput = Schema.Struct({
  CommandId: Schema.String.pipe(Schema.length(36)).annotations(withRule(rules.commandId)),
  InstanceId: Schema.String.pipe(Schema.pattern(instanceIdPattern)).annotations(
    withRule(rules.instanceId)
  ),
  PluginName: Schema.optional(
    Schema.String.pipe(Schema.minLength(4)).annotations(withRule(rules.pluginName))
  )
}).annotations({ identifier: identifier("GetCommandInvocationInput"), ...withRule(rules.object) })
export type GetCommandInvocationInput = typeof GetCommandInvocationInput.Type

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** Where the output also went to CloudWatch Logs. AWS sends `""` and `false` when it did not. */
export const CloudWatchOutputConfig = Schema.Struct({
  CloudWatchLogGroupName: optionalMember(Schema.String),
  CloudWatchOutputEnabled: optionalMember(Schema.Boolean)
}).annotations({ identifier: identifier("CloudWatchOutputConfig") })
export type CloudWatchOutputConfig = typeof CloudWatchOutputConfig.Type

/**
 * One invocation, every member optional as in the AWS model. Output constraints are not enforced:
 * AWS's own answers break several (`DocumentVersion` `""`, the time strings).
 */
const OutputMembers = Schema.Struct({
  CommandId: optionalMember(Schema.String),
  InstanceId: optionalMember(Schema.String),
  Comment: optionalMember(Schema.String),
  DocumentName: optionalMember(Schema.String),
  DocumentVersion: optionalMember(Schema.String),
  /** The step name the output belongs to. */
  PluginName: optionalMember(Schema.String),
  /** The script's exit status; -1 when it has not run. Absent is not 0: read `Status` first. */
  ResponseCode: optionalMember(Schema.Number),
  /** ISO-8601 instant such as `2019-02-14T19:26:26.439Z`, or `""` before the plugin started. */
  ExecutionStartDateTime: optionalMember(Schema.String),
  /** ISO-8601 duration such as `PT0.541S` (End minus Start may differ: use this). */
  ExecutionElapsedTime: optionalMember(Schema.String),
  ExecutionEndDateTime: optionalMember(Schema.String),
  /** `Pending`, `InProgress`, `Delayed`, `Success`, `Cancelled`, `TimedOut`, `Failed`, `Cancelling`; others are kept. */
  Status: optionalMember(Schema.String),
  /** Finer than `Status`, e.g. `ExecutionTimedOut`, `DeliveryTimedOut`, `Undeliverable`. */
  StatusDetails: optionalMember(Schema.String),
  /** The first 24,000 characters of stdout; `""` until the command finished. */
  StandardOutputContent: optionalMember(Schema.String),
  /** The whole stdout in S3, when the command was given a bucket; `""` otherwise. */
  StandardOutputUrl: optionalMember(Schema.String),
  /** The first 8,000 characters of stderr. */
  StandardErrorContent: optionalMember(Schema.String),
  StandardErrorUrl: optionalMember(Schema.String),
  CloudWatchOutputConfig: optionalMember(CloudWatchOutputConfig)
})

/** The answer. Unknown members are ignored; JSON null reads as absent. */
export const GetCommandInvocationOutput = cleanedBefore(
  OutputMembers,
  // AWS may send null for absent: the top level and the CloudWatch settings.
  invocationWithoutNulls,
  "GetCommandInvocationOutput"
)
export type GetCommandInvocationOutput = typeof GetCommandInvocationOutput.Type

// ---------------------------------------------------------------------------------------------
// Reading the time strings
// ---------------------------------------------------------------------------------------------

/** An `Execution*DateTime` as a `Date`; `undefined` for `""` (not started) or a string that does not parse. */
export const parseDateTime: (value: string | undefined) => Date | undefined = invocationTimes.parseDateTime

/**
 * `ExecutionElapsedTime` (an ISO-8601 duration such as `PT0.541S` or `PT1H0.271S`) in
 * milliseconds; `undefined` when it is empty or not of the `PnDTnHnMn.nS` form.
 */
export const parseElapsedTime: (value: string | undefined) => number | undefined = invocationTimes.parseElapsedTime
