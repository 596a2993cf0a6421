/**
 * The schemas of SSM `GetCommandInvocation`, the result of one Run Command on one node (what a
 * failed association target's `OutputSource` points at): the input with every constraint of the
 * AWS model, and the output as AWS sends it. Its three `Execution*` times are strings (an instant,
 * a duration, an instant, or `""` before the plugin ran) that break the model's own pattern, so
 * they are kept as strings; {@link parseDateTime} and {@link parseElapsedTime} read them.
 */
import * as Schema from "effect/Schema"
import { identifier } from "./internal/identifier.js"
import { withRule } from "./internal/inputRule.js"
import { isObject, optionalMember, withMember, withoutNullMembers } from "./internal/schemaParts.js"

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

// The model's pattern, applied as SSM does: a full match (a near miss is a ValidationException).
const instanceIdPattern = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/

/** The request. `PluginName` is the step name; needed only for documents with several steps. */
export const GetCommandInvocationInput = Schema.Struct({
  CommandId: Schema.String.pipe(Schema.length(36)).annotations(withRule("must be exactly 36 characters")),
  InstanceId: Schema.String.pipe(Schema.pattern(instanceIdPattern)).annotations(
    withRule("must be an instance id (i- and 8 or 17 characters) or a managed node id (mi- and 17 characters)")
  ),
  PluginName: Schema.optional(
    Schema.String.pipe(Schema.minLength(4)).annotations(withRule("must be at least 4 characters"))
  )
}).annotations({ identifier: identifier("GetCommandInvocationInput"), ...withRule("must be an object") })
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

// Nulls removed where the model has members: the top level and the CloudWatch settings.
const withoutNulls = (answer: unknown): unknown => {
  if (!isObject(answer)) return answer
  const clean = withoutNullMembers(answer)
  const config: unknown = Reflect.get(clean, "CloudWatchOutputConfig")
  return withMember(clean, "CloudWatchOutputConfig", config, isObject(config) ? withoutNullMembers(config) : config)
}

/** The answer. Unknown members are ignored; JSON null reads as absent. */
export const GetCommandInvocationOutput = Schema.transform(
  Schema.Unknown,
  OutputMembers,
  // Not strict: the null-free value is checked by the member schemas right after.
  { strict: false, decode: withoutNulls, encode: (members) => members }
).annotations({ identifier: identifier("GetCommandInvocationOutput") })
export type GetCommandInvocationOutput = typeof GetCommandInvocationOutput.Type

// ---------------------------------------------------------------------------------------------
// Reading the time strings
// ---------------------------------------------------------------------------------------------

/** An `Execution*DateTime` as a `Date`; `undefined` for `""` (not started) or a string that does not parse. */
export const parseDateTime = (value: string | undefined): Date | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? undefined : new Date(millis)
}

const durationPattern = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * `ExecutionElapsedTime` (an ISO-8601 duration such as `PT0.541S` or `PT1H0.271S`) in
 * milliseconds; `undefined` when it is empty or not of the `PnDTnHnMn.nS` form.
 */
export const parseElapsedTime = (value: string | undefined): number | undefined => {
  const match = value === undefined ? null : durationPattern.exec(value.trim())
  if (match === null || value === undefined || value.trim() === "P" || value.trim().endsWith("T")) return undefined
  const [, days, hours, minutes, seconds] = match
  const part = (text: string | undefined, millis: number) => text === undefined ? 0 : Number(text) * millis
  return Math.round(part(days, 86_400_000) + part(hours, 3_600_000) + part(minutes, 60_000) + part(seconds, 1000))
}
