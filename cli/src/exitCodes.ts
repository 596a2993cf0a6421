/**
 * The CLI's exit codes and the one line it prints for each expected failure: what happened and
 * what to do next, with the exact `--starting-token` flag when part of the listing was delivered.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type {
  AssociationExecutionDoesNotExist,
  ConfigurationError,
  DescribeError,
  EndlessPagination,
  ExecutionNotFound,
  GetCommandInvocationError,
  RepeatedNextToken,
  ResumePoint,
  StartOnceError,
  WatchTimeout
} from "ssm-association-executions/AssociationExecutionsError"
import type { LocalEndpointError } from "ssm-association-executions/LocalEndpoint"
import * as RetryPolicy from "ssm-association-executions/RetryPolicy"
import { identifier } from "./identifier.js"

/** Every exit code the CLI uses. */
export const ExitCode = {
  success: 0,
  unexpected: 1,
  usage: 2,
  configuration: 3,
  credentials: 4,
  associationNotFound: 5,
  throttled: 6,
  awsError: 7,
  network: 8,
  startOutcomeUnknown: 9,
  // wait and start --wait: the execution ended, but not in Success.
  executionFailed: 10,
  executionNotFound: 11,
  waitDeadline: 12,
  interrupted: 130,
  // 128 + the signal's number, as shells report a process a signal ended.
  terminated: 143
} as const

/** One of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** What each exit code means, for `--help`. */
export const exitCodeTable: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.success, "success, also when the reader of stdout went away (| head)"],
  [ExitCode.unexpected, "unexpected error (a bug: please report it)"],
  [ExitCode.usage, "invalid usage or input: an option, a filter, an association id, a starting token"],
  [ExitCode.configuration, "configuration: no region, a bad endpoint or environment variable, a busy port"],
  [ExitCode.credentials, "credentials: none found, expired, or rejected by AWS"],
  [
    ExitCode.associationNotFound,
    "what was named does not exist in this account and region: the association (for targets, the execution; " +
    "for invocation, the command's invocation on that node)"
  ],
  [ExitCode.throttled, "throttled past the retry budget (stderr shows the --starting-token to continue)"],
  [ExitCode.awsError, "another AWS error: access denied, a server error, an unreadable response"],
  [ExitCode.network, "network: SSM unreachable, no response within --timeout, or not done within --deadline"],
  [
    ExitCode.startOutcomeUnknown,
    "start: the request was sent but its answer was lost, and no new execution showed whether it started: look " +
    "before starting again"
  ],
  [
    ExitCode.executionFailed,
    "wait, start --wait: the execution ended Failed, TimedOut or Cancelled (stdout lists its failed targets)"
  ],
  [
    ExitCode.executionNotFound,
    "wait, start --wait: no execution to follow became visible (a wrong --execution-id, or no run started)"
  ],
  [
    ExitCode.waitDeadline,
    "wait, start --wait: --deadline passed before the execution ended (stderr shows how to keep waiting)"
  ],
  [ExitCode.interrupted, "interrupted (Ctrl-C, SIGINT)"],
  [ExitCode.terminated, "terminated (SIGTERM, e.g. kill or a container stopping)"]
]

/** A mistake on the command line that the option parser cannot see (e.g. a bad relative time). */
export class UsageError extends Schema.TaggedError<UsageError>(identifier("UsageError"))("UsageError", {
  /** What is wrong and how to fix it, in one sentence. */
  message: Schema.String
}) {}

/** Fails with a usage error carrying `message`. */
export const usage = (message: string): Effect.Effect<never, UsageError> => Effect.fail(new UsageError({ message }))

/** A parse result as a usage error: the left side is the message. */
export const fromEither = <A>(either: Either.Either<A, string>): Effect.Effect<A, UsageError> =>
  Either.match(either, { onLeft: usage, onRight: Effect.succeed })

/** A command ended with this exit code after printing why. */
export class Exited extends Schema.TaggedError<Exited>(identifier("Exited"))("Exited", {
  code: Schema.Number
}) {}

/** Every expected failure the CLI reports. */
export type CliFailure =
  | DescribeError
  | AssociationExecutionDoesNotExist
  | GetCommandInvocationError
  | StartOnceError
  | ExecutionNotFound
  | WatchTimeout
  | RepeatedNextToken
  | EndlessPagination
  | ConfigurationError
  | LocalEndpointError
  | UsageError

// AWS codes that mean the credentials, not the request, are the problem.
const credentialErrorCodes: ReadonlySet<string> = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignatureException",
  "MissingAuthenticationTokenException",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "InvalidAccessKeyId",
  "AuthFailure"
])

/** The exit code of a failure. */
export const exitCodeOf = (failure: CliFailure): ExitCode => {
  switch (failure._tag) {
    case "UsageError":
    case "InvalidInput":
    case "InvalidNextToken":
    case "InvalidCommandId":
    case "InvalidPluginName":
      return ExitCode.usage
    case "ConfigurationError":
    case "LocalEndpointError":
      return ExitCode.configuration
    case "CredentialsError":
      return ExitCode.credentials
    case "AssociationDoesNotExist":
    case "AssociationExecutionDoesNotExist":
    case "InvalidAssociation":
    case "InvocationDoesNotExist":
      return ExitCode.associationNotFound
    case "StartOutcomeUnknown":
      return ExitCode.startOutcomeUnknown
    case "ExecutionNotFound":
      return ExitCode.executionNotFound
    case "WatchTimeout":
      return ExitCode.waitDeadline
    case "ThrottlingError":
      return ExitCode.throttled
    case "AwsServiceError":
      if (credentialErrorCodes.has(failure.code)) return ExitCode.credentials
      return RetryPolicy.classify(failure) === "throttling" ? ExitCode.throttled : ExitCode.awsError
    case "TransportError":
    case "TimeoutError":
      return ExitCode.network
    // The node is not one the caller may use (or its agent is not registered): like access denied.
    case "InvalidInstanceId":
    case "InternalServerError":
    case "ResponseDecodeError":
    case "RepeatedNextToken":
    case "EndlessPagination":
      return ExitCode.awsError
  }
}

/** Quotes a value for a POSIX shell when it needs it. */
export const shellQuote = (value: string): string =>
  /^[\w/+=.:@%,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`

/** The flags that continue one association's listing from `token`. */
export const continueFlags = (
  token: string,
  associationId: string | undefined,
  several: boolean
): string =>
  several && associationId !== undefined
    ? `--association-id ${associationId} --starting-token ${shellQuote(token)}`
    : `--starting-token ${shellQuote(token)}`

// The request members an InvalidInput names, as the options that set them.
const optionOf = (field: string): string =>
  field === "AssociationId"
    ? "--association-id"
    : field === "ExecutionId"
    ? "--execution-id"
    : field === "concurrency"
    ? "--concurrency"
    : field === "createdAfter"
    ? "--created-after"
    : field === "createdBefore"
    ? "--created-before"
    : field === "MaxResults"
    ? "--page-size"
    : field.startsWith("Filters")
    ? `A filter (${field})`
    : field === "startingToken"
    ? "--starting-token"
    : field === "maxItems"
    ? "--max-items"
    : field === "pageSize"
    ? "--page-size"
    : field === "deadlineMillis"
    ? "--deadline"
    : field === "CommandId"
    ? "--command-id"
    : field === "InstanceId"
    ? "--instance-id"
    : field === "PluginName"
    ? "--plugin-name"
    : field.startsWith("AssociationIds")
    ? "--association-id"
    : field

// Escape sequences (CSI, OSC and the two-character ones) a server could use to rewrite the terminal.
const escapeSequences = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])/g

/** Text from elsewhere made safe for one line: escape sequences removed, control characters and newlines as spaces. */
export const oneLine = (text: string): string =>
  text.replace(escapeSequences, "").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/ {2,}/g, " ").trim()

/** The server's message as printed: on one line, at most `limit` characters. */
export const serverText = (text: string, limit = 300): string => {
  const line = oneLine(text)
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line
}

/** The answers that came from AWS, each with its error code and the server's message. */
type AwsFailure = Extract<
  CliFailure,
  {
    readonly _tag:
      | "AssociationDoesNotExist"
      | "AssociationExecutionDoesNotExist"
      | "InvalidAssociation"
      | "InvocationDoesNotExist"
      | "InvalidCommandId"
      | "InvalidInstanceId"
      | "InvalidPluginName"
      | "InvalidNextToken"
      | "InternalServerError"
      | "ThrottlingError"
      | "AwsServiceError"
  }
>

const answeredTags: ReadonlySet<string> = new Set([
  "InvalidAssociation",
  "InvocationDoesNotExist",
  "InvalidCommandId",
  "InvalidInstanceId",
  "InvalidPluginName"
])

const isAwsFailure = (failure: CliFailure): failure is AwsFailure =>
  answeredTags.has(failure._tag) ||
  failure._tag === "AssociationDoesNotExist" || failure._tag === "AssociationExecutionDoesNotExist" ||
  failure._tag === "InvalidNextToken" ||
  failure._tag === "InternalServerError" || failure._tag === "ThrottlingError" || failure._tag === "AwsServiceError"

const awsCode = (failure: AwsFailure): string =>
  failure._tag === "ThrottlingError" || failure._tag === "AwsServiceError" ? failure.code : failure._tag

const awsMessage = (failure: AwsFailure): string =>
  failure._tag === "ThrottlingError" || failure._tag === "AwsServiceError" ? failure.awsMessage : failure.message

const throttledHint = (failure: AwsFailure): string =>
  "retryStop" in failure && failure.retryStop === "patience"
    ? "still throttled when --patience ran out: wait a little, lower --requests-per-second or raise --patience"
    : "throttled past the retry budget: wait a little, lower --requests-per-second or raise --max-attempts"

const awsHint = (failure: AwsFailure, association: string): string => {
  switch (failure._tag) {
    case "AssociationDoesNotExist":
      return "check the id, the region (--region) and the account (--profile)"
    case "AssociationExecutionDoesNotExist":
      return `check the execution id of ${association} (--execution-id)`
    case "InvalidAssociation":
      return "check the association ids, the region (--region) and the account (--profile)"
    case "InvocationDoesNotExist":
      return "check --command-id (a target's OutputSourceId) and --instance-id (its ResourceId); a command " +
        "is not visible for a moment after it is sent, and SSM forgets it 30 days after it ran"
    case "InvalidCommandId":
      return "check --command-id: a target's OutputSourceId, 36 characters"
    case "InvalidInstanceId":
      return "the node is not one this identity may use, or its SSM agent is not running or registered"
    case "InvalidPluginName":
      return "check --plugin-name: a step name of the command's document (aws:runShellScript for AWS-RunShellScript)"
    case "InvalidNextToken":
      return `the starting token is not valid for ${association} and these filters (it may have expired): run again without --starting-token`
    case "InternalServerError":
      return "SSM failed on its side: try again later"
    case "ThrottlingError":
      return throttledHint(failure)
    case "AwsServiceError":
      if (credentialErrorCodes.has(failure.code)) {
        return "AWS rejected the credentials: refresh them (aws sso login) or choose another --profile"
      }
      if (RetryPolicy.classify(failure) === "throttling") return throttledHint(failure)
      if (failure.code === "AccessDeniedException") {
        return `the identity needs ssm:${failure.operation} on ${association}`
      }
      return failure.fault === "server" ? "SSM failed on its side: try again later" : "check the options"
  }
}

/**
 * What ran out, in aws-cli's words where aws-cli has them ("reached max retries" only when every
 * attempt was used: after a spent quota it would be wrong).
 */
const retriesText = (failure: AwsFailure): string => {
  const attempts = failure.attempts ?? 1
  switch ("retryStop" in failure ? failure.retryStop : undefined) {
    case "attempts":
      return ` (reached max retries: ${attempts - 1})`
    case "quota":
      return ` (retry quota spent by earlier failures, after ${attempts === 1 ? "1 attempt" : `${attempts} attempts`})`
    case "schedule":
      return ` (retry schedule ended after ${attempts} attempts)`
    case "patience":
      return ` (still failing when --patience ran out, ${attempts} attempts in its last round)`
    default:
      return attempts > 1 ? ` (after ${attempts} attempts)` : ""
  }
}

/**
 * An answer from AWS in aws-cli's words: `An error occurred (Code) when calling the Operation
 * operation: <the server's message>`, then our hint. The code is what people search for.
 */
const awsLine = (failure: AwsFailure, association: string): string => {
  const retries = retriesText(failure)
  const message = serverText(awsMessage(failure))
  return `An error occurred (${awsCode(failure)}) when calling the ${failure.operation} operation${retries}: ${
    message === "" ? "Unknown" : message
  } (hint: ${awsHint(failure, association)})`
}

const seconds = (millis: number) => `${Math.round(millis / 1000)} s`

// What was looked for, how long, and what to check.
const notFoundLine = (failure: ExecutionNotFound): string =>
  failure.executionId !== undefined
    ? `No execution ${failure.executionId} of association ${failure.associationId} was found in ${
      seconds(failure.waitedMillis)
    } (${failure.polls} polls): check --execution-id and --association-id`
    : `No execution of association ${failure.associationId} created after ${
      failure.createdAfter?.toISOString() ?? "the start"
    } became visible in ${
      seconds(failure.waitedMillis)
    } (${failure.polls} polls): check that the run started (list -a ${failure.associationId} --max-items 1)`

// Where it stood, and the command that keeps waiting for the same execution.
const deadlineLine = (failure: WatchTimeout): string => {
  const counts = Object.entries(failure.lastSeen.resourceCounts).map(([status, count]) => `${status}=${count}`)
  return `Execution ${failure.executionId} of association ${failure.associationId} was still ${
    failure.lastSeen.Status === "" ? "without a status" : failure.lastSeen.Status
  }${counts.length === 0 ? "" : ` (${counts.join(" ")})`} when --deadline (${
    seconds(failure.deadlineMillis)
  }) passed; keep waiting with: wait --association-id ${failure.associationId} --execution-id ${failure.executionId}`
}

const whatHappened = (failure: CliFailure, associationId: string | undefined): string => {
  const association = associationId === undefined ? "the association" : `association ${associationId}`
  if (isAwsFailure(failure)) return awsLine(failure, association)
  switch (failure._tag) {
    case "UsageError":
      return failure.message
    case "InvalidInput":
      return failure.field === "startingToken"
        ? `The starting token is not valid (InvalidNextToken): it ${failure.rule} (nothing was sent); run again without --starting-token`
        : `${optionOf(failure.field)} ${failure.rule} (nothing was sent)`
    case "ConfigurationError":
      return `${failure.reason}; on the command line: --region, --profile or --endpoint-url`
    case "LocalEndpointError":
      return `${failure.message}: choose another --port, or 0 for any free one`
    case "CredentialsError":
      return `${failure.reason.replace(/[.\s]+$/, "")}${
        failure.tried.length === 0 ? "" : ` (tried ${failure.tried.join("; ")})`
      }. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a profile with --profile (after aws configure or aws sso login)`
    case "TransportError":
      return `${failure.message}: check the network, --region and --endpoint-url`
    case "TimeoutError":
      return failure.scope === "deadline"
        ? `the listing did not finish within --deadline (${failure.timeoutMillis} ms): continue it, or raise --deadline`
        : `${failure.message}: check the network, or raise --timeout`
    case "ResponseDecodeError":
      return `${failure.message}: try again; if it persists, report it with the request id`
    case "RepeatedNextToken":
      return `${failure.message}: SSM paged in a loop; report it with the request id`
    case "EndlessPagination":
      return `SSM returned ${failure.emptyPages} empty pages in a row, each pointing to another (page ${failure.page}); stopped in case it never ends`
    case "StartOutcomeUnknown":
      return `${failure.message} (start --association-id was not repeated: list --created-after ${failure.requestedAt.toISOString()} shows whether it ran)`
    case "ExecutionNotFound":
      return notFoundLine(failure)
    case "WatchTimeout":
      return deadlineLine(failure)
  }
}

/** Where the failure happened, when it ended the listing of one association. */
export interface FailureContext {
  readonly associationId?: string | undefined
  readonly resume?: ResumePoint | undefined
  /** Several associations were listed, so the continue flags name the association too. */
  readonly several?: boolean | undefined
  /** What the command prints, for `20 executions were printed`. @default "execution" */
  readonly noun?: string | undefined
}

const capitalize = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`

/** The one line printed for a failure: what happened, what to do, and how to continue. */
export const failureLine = (failure: CliFailure, context: FailureContext = {}): string => {
  const prefix = context.several === true && context.associationId !== undefined ? `${context.associationId}: ` : ""
  // Continuing makes sense after a failure that may pass, not after a mistake in the command.
  const code = exitCodeOf(failure)
  const token = code === ExitCode.usage || code === ExitCode.associationNotFound
    ? undefined
    : context.resume?.startingToken
  const resume = token === undefined
    ? ""
    : `. ${context.resume?.itemsDelivered ?? 0} ${context.noun ?? "execution"}s were printed; continue with: ${
      continueFlags(token, context.associationId, context.several === true)
    }`
  return oneLine(`${prefix}${capitalize(whatHappened(failure, context.associationId))}${resume}`)
}
