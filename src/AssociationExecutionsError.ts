/**
 * Every way a call or stream of the service can fail, as tagged errors.
 *
 * - Modeled by AWS: {@link AssociationDoesNotExist}, {@link InvalidNextToken}, {@link InternalServerError},
 *   for targets {@link AssociationExecutionDoesNotExist}, for starts {@link InvalidAssociation}, and
 *   for command invocations {@link InvocationDoesNotExist}, {@link InvalidCommandId},
 *   {@link InvalidInstanceId}, {@link InvalidPluginName}.
 * - A start whose outcome cannot be known: {@link StartOutcomeUnknown}.
 * - Other AWS answers: {@link ThrottlingError} (SSM throttles with HTTP 400), {@link AwsServiceError}.
 * - Before or around the wire: {@link InvalidInput} (nothing was sent), {@link CredentialsError},
 *   {@link TransportError}, {@link TimeoutError}, {@link ResponseDecodeError}.
 * - Streams only: {@link RepeatedNextToken}, {@link EndlessPagination}, and {@link PaginationError},
 *   which wraps the final failure of a stream together with the point to resume from.
 * - Watching an execution: {@link ExecutionNotFound} (it never became visible), {@link WatchTimeout}
 *   (the deadline passed first, with what was last seen).
 *
 * Every class is constructible (`new AssociationDoesNotExist({ message: "..." })`) so users can
 * fail their own test doubles with the real types.
 */
import * as Schema from "effect/Schema"
import * as text from "./internal/errorText.js"
import { identifier } from "./internal/identifier.js"
import { ExecutionState } from "./Watch.js"

/** Context every error that comes from (or around) an HTTP exchange carries. */
const requestContext = {
  /** The AWS operation. */
  operation: Schema.optionalWith(Schema.String, { default: () => text.describeOperation }),
  /** `x-amzn-RequestId` of the response, when there was one. Quote it to AWS support. */
  requestId: Schema.optional(Schema.String),
  /** HTTP status of the response, when there was one. */
  httpStatus: Schema.optional(Schema.Number),
  /** How many attempts were made, including the first, before this error was final. */
  attempts: Schema.optional(Schema.Number),
  /** The server's `Retry-After` / `x-amz-retry-after` hint, in milliseconds, when it sent one. */
  retryAfterMillis: Schema.optional(Schema.Number),
  /** Why a retryable error was not tried again: see {@link RetryStop}. */
  retryStop: Schema.optional(Schema.Literal(...text.retryStops))
}

/**
 * What ran out when a retryable error became final: every attempt allowed (`maxAttempts`), the
 * retry quota the layer shares (spent by earlier failures), the custom retry schedule, or a
 * stream's patience (`patienceMillis`: how long a page may keep being asked for after its attempts ran out).
 */
export type RetryStop = "attempts" | "quota" | "schedule" | "patience"

// ---------------------------------------------------------------------------------------------
// Modeled AWS exceptions
// ---------------------------------------------------------------------------------------------

/** The association id names no association in this account and region (HTTP 400). Not retried. */
export class AssociationDoesNotExist extends Schema.TaggedError<AssociationDoesNotExist>(
  identifier("AssociationDoesNotExist")
)("AssociationDoesNotExist", {
  /** The message AWS sent, or a default when it sent none. */
  message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.AssociationDoesNotExist }),
  ...requestContext
}) {}

/**
 * DescribeAssociationExecutionTargets: the association exists but has no execution with this id
 * (HTTP 400). Not retried.
 */
export class AssociationExecutionDoesNotExist extends Schema.TaggedError<AssociationExecutionDoesNotExist>(
  identifier("AssociationExecutionDoesNotExist")
)("AssociationExecutionDoesNotExist", {
  /** The message AWS sent, or a default when it sent none. */
  message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.AssociationExecutionDoesNotExist }),
  ...requestContext
}) {}

/** StartAssociationsOnce: the association is not valid or does not exist (HTTP 400). Not retried. */
export class InvalidAssociation extends Schema.TaggedError<InvalidAssociation>(identifier("InvalidAssociation"))(
  "InvalidAssociation",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvalidAssociation }),
    ...requestContext
  }
) {}

/**
 * GetCommandInvocation: no invocation of this command on this node (HTTP 400). Also answered for a
 * short while right after a command is sent, and once AWS has forgotten it (about 30 days). Not retried.
 */
export class InvocationDoesNotExist extends Schema.TaggedError<InvocationDoesNotExist>(
  identifier("InvocationDoesNotExist")
)("InvocationDoesNotExist", {
  message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvocationDoesNotExist }),
  ...requestContext
}) {}

/** GetCommandInvocation: the command id is not valid (HTTP 400). Not retried. */
export class InvalidCommandId extends Schema.TaggedError<InvalidCommandId>(identifier("InvalidCommandId"))(
  "InvalidCommandId",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvalidCommandId }),
    ...requestContext
  }
) {}

/**
 * GetCommandInvocation: the node cannot be used: not yours, its agent not running or registered, or
 * the node shutting down or terminated (HTTP 400). Not retried.
 */
export class InvalidInstanceId extends Schema.TaggedError<InvalidInstanceId>(identifier("InvalidInstanceId"))(
  "InvalidInstanceId",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvalidInstanceId }),
    ...requestContext
  }
) {}

/** GetCommandInvocation: the plugin (step) name is not one of the command's (HTTP 400). Not retried. */
export class InvalidPluginName extends Schema.TaggedError<InvalidPluginName>(identifier("InvalidPluginName"))(
  "InvalidPluginName",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvalidPluginName }),
    ...requestContext
  }
) {}

/** The NextToken is invalid, expired, or belongs to other parameters (HTTP 400). Not retried. */
export class InvalidNextToken extends Schema.TaggedError<InvalidNextToken>(identifier("InvalidNextToken"))(
  "InvalidNextToken",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InvalidNextToken }),
    ...requestContext
  }
) {}

/** SSM failed on its side (HTTP 500). Retried as a transient error. */
export class InternalServerError extends Schema.TaggedError<InternalServerError>(identifier("InternalServerError"))(
  "InternalServerError",
  {
    message: Schema.optionalWith(Schema.String, { default: () => text.defaultMessages.InternalServerError }),
    ...requestContext
  }
) {}

// ---------------------------------------------------------------------------------------------
// Other AWS answers
// ---------------------------------------------------------------------------------------------

/** AWS refused the request rate (ThrottlingException and the other throttling codes, or HTTP 429). */
export class ThrottlingError extends Schema.TaggedError<ThrottlingError>(identifier("ThrottlingError"))(
  "ThrottlingError",
  {
    /** The AWS error code, e.g. `ThrottlingException`. */
    code: Schema.String,
    /** The AWS message, possibly empty. */
    awsMessage: Schema.optionalWith(Schema.String, { default: () => "" }),
    ...requestContext
  }
) {
  override get message(): string {
    return text.throttlingMessage(this)
  }
}

/** Any other error code AWS answered with (ValidationException, AccessDeniedException, ...). */
export class AwsServiceError extends Schema.TaggedError<AwsServiceError>(identifier("AwsServiceError"))(
  "AwsServiceError",
  {
    /** The sanitized AWS error code, or `Unknown` when the response named none. */
    code: Schema.String,
    /** The AWS message, possibly empty. */
    awsMessage: Schema.optionalWith(Schema.String, { default: () => "" }),
    /** `server` for HTTP 5xx, `client` otherwise. */
    fault: Schema.Literal("client", "server"),
    ...requestContext
  }
) {
  override get message(): string {
    return text.awsServiceErrorMessage(this)
  }
}

// ---------------------------------------------------------------------------------------------
// Around the wire
// ---------------------------------------------------------------------------------------------

/** The input breaks a constraint of the AWS model. Nothing was sent. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>(identifier("InvalidInput"))("InvalidInput", {
  /** The path of the offending member, e.g. `AssociationId` or `Filters[0].Value`. */
  field: Schema.String,
  /** The rule it breaks, in words. */
  rule: Schema.String,
  operation: Schema.optionalWith(Schema.String, { default: () => text.describeOperation })
}) {
  override get message(): string {
    return text.invalidInputMessage(this)
  }
}

/** No usable credentials: none found, a provider failed, or they expired. Never carries a secret. */
export class CredentialsError extends Schema.TaggedError<CredentialsError>(identifier("CredentialsError"))(
  "CredentialsError",
  {
    /** What went wrong, in words a person can act on. */
    reason: Schema.String,
    /** The providers tried, each with why it did not apply, in order. */
    tried: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
  }
) {
  override get message(): string {
    return text.credentialsMessage(this)
  }
}

/** The request did not complete: connection refused or reset, DNS failure, body cut off mid-stream. */
export class TransportError extends Schema.TaggedError<TransportError>(identifier("TransportError"))(
  "TransportError",
  {
    /** What failed, in words. */
    reason: Schema.String,
    /** The underlying error, for debugging. */
    cause: Schema.optional(Schema.Defect),
    ...requestContext
  }
) {
  override get message(): string {
    return text.transportMessage(this)
  }
}

/** An attempt, or the whole pull, ran past its time limit. */
export class TimeoutError extends Schema.TaggedError<TimeoutError>(identifier("TimeoutError"))("TimeoutError", {
  /** `attempt`: one HTTP attempt timed out; `deadline`: the deadline for the whole call or stream passed. */
  scope: Schema.Literal("attempt", "deadline"),
  /** The limit that was exceeded, in milliseconds. */
  timeoutMillis: Schema.Number,
  /**
   * What the attempt was still waiting for when the time ran out, when it was not the response,
   * e.g. `while waiting for credentials`.
   */
  detail: Schema.optional(Schema.String),
  ...requestContext
}) {
  override get message(): string {
    return text.timeoutMessage(this)
  }
}

/**
 * The response could not be read. `malformed`: the body was not JSON (often cut off), which is
 * retried; `schema`: valid JSON that does not match the AWS model, which is not; `limit`: the
 * response broke a bound this client keeps whatever answers (its size, or nesting far deeper than
 * the model's), which is not retried either. No partial data is ever returned.
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>(identifier("ResponseDecodeError"))(
  "ResponseDecodeError",
  {
    kind: Schema.Literal("malformed", "schema", "limit"),
    /** What did not decode, in words. */
    reason: Schema.String,
    ...requestContext
  }
) {
  override get message(): string {
    return text.responseDecodeMessage(this)
  }
}

/** The client is configured in a way that cannot work (no region, FIPS with a custom endpoint, ...). */
export class ConfigurationError extends Schema.TaggedError<ConfigurationError>(identifier("ConfigurationError"))(
  "ConfigurationError",
  {
    /** What is wrong and how to fix it. */
    reason: Schema.String
  }
) {
  override get message(): string {
    return text.configurationMessage(this)
  }
}

// ---------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------

/** The service returned a NextToken already used in the same listing: following it would loop forever. */
export class RepeatedNextToken extends Schema.TaggedError<RepeatedNextToken>(identifier("RepeatedNextToken"))(
  "RepeatedNextToken",
  {
    /** How many pages had been received when the token came back. */
    page: Schema.Number,
    ...requestContext
  }
) {
  override get message(): string {
    return text.repeatedNextTokenMessage(this)
  }
}

/**
 * The service kept answering with empty pages, each with a new NextToken, for `maxEmptyPages` pages
 * in a row: the stream stopped in case it never ends. Resuming continues right after the last of them.
 */
export class EndlessPagination extends Schema.TaggedError<EndlessPagination>(identifier("EndlessPagination"))(
  "EndlessPagination",
  {
    /** How many empty pages came in a row. */
    emptyPages: Schema.Number,
    /** How many pages had been received when the stream stopped. */
    page: Schema.Number,
    ...requestContext
  }
) {
  override get message(): string {
    return text.endlessPaginationMessage(this)
  }
}

/** Where a stream stopped, and how to continue from exactly there. */
export class ResumePoint extends Schema.Class<ResumePoint>(identifier("ResumePoint"))({
  /**
   * Pass as `startingToken` to continue with the first item not yet delivered; `undefined` when
   * nothing was delivered (start again without a token).
   */
  startingToken: Schema.optional(Schema.String),
  /** Pages fully delivered to the consumer. */
  pagesDelivered: Schema.Number,
  /** Items delivered to the consumer. */
  itemsDelivered: Schema.Number
}) {}

/** The error channel of one `describe` call. */
export type DescribeError =
  | AssociationDoesNotExist
  | InvalidNextToken
  | InternalServerError
  | ThrottlingError
  | AwsServiceError
  | InvalidInput
  | CredentialsError
  | TransportError
  | TimeoutError
  | ResponseDecodeError

/** Schema of {@link DescribeError}, e.g. to send errors across a worker boundary. */
export const DescribeError: Schema.Union<[
  typeof AssociationDoesNotExist,
  typeof InvalidNextToken,
  typeof InternalServerError,
  typeof ThrottlingError,
  typeof AwsServiceError,
  typeof InvalidInput,
  typeof CredentialsError,
  typeof TransportError,
  typeof TimeoutError,
  typeof ResponseDecodeError
]> = Schema.Union(
  AssociationDoesNotExist,
  InvalidNextToken,
  InternalServerError,
  ThrottlingError,
  AwsServiceError,
  InvalidInput,
  CredentialsError,
  TransportError,
  TimeoutError,
  ResponseDecodeError
)

/** The error channel of one `describeTargets` call: {@link DescribeError}, and an unknown execution. */
export type DescribeTargetsError = DescribeError | AssociationExecutionDoesNotExist

/** Schema of {@link DescribeTargetsError}. */
export const DescribeTargetsError: Schema.Union<[typeof DescribeError, typeof AssociationExecutionDoesNotExist]> =
  Schema.Union(DescribeError, AssociationExecutionDoesNotExist)

/**
 * StartAssociationsOnce may have started the associations, and this client cannot tell: the
 * request was sent but its answer was lost (a dropped connection, a cut or undecodable answer, an
 * attempt that timed out), and either no check was asked for or the check could not be made.
 * Starting is not idempotent, so it was not sent again: look for executions created after
 * `requestedAt` before starting again.
 */
export class StartOutcomeUnknown extends Schema.TaggedError<StartOutcomeUnknown>(identifier("StartOutcomeUnknown"))(
  "StartOutcomeUnknown",
  {
    associationIds: Schema.Array(Schema.String),
    /** When the last start request was sent (this client's clock, corrected by the server's `Date`). */
    requestedAt: Schema.Date,
    /** The error that left the outcome unknown. */
    cause: Schema.Union(TransportError, TimeoutError, ResponseDecodeError),
    /** Why the client could not tell, e.g. that the check for a new execution itself failed. */
    detail: Schema.String,
    operation: Schema.optionalWith(Schema.String, { default: () => text.startOperation })
  }
) {
  override get message(): string {
    return text.startOutcomeUnknownMessage(this)
  }
}

/** The answers and failures every single request can end with, whatever its operation. */
const requestErrors = [
  InternalServerError,
  ThrottlingError,
  AwsServiceError,
  InvalidInput,
  CredentialsError,
  TransportError,
  TimeoutError,
  ResponseDecodeError
] as const

/**
 * The error channel of one `startOnce` call: the association's errors, the shared request errors,
 * and {@link StartOutcomeUnknown} when the start may have happened.
 */
export type StartOnceError =
  | AssociationDoesNotExist
  | InvalidAssociation
  | InternalServerError
  | ThrottlingError
  | AwsServiceError
  | InvalidInput
  | CredentialsError
  | TransportError
  | TimeoutError
  | ResponseDecodeError
  | StartOutcomeUnknown

/** Schema of {@link StartOnceError}. */
export const StartOnceError: Schema.Union<[
  typeof AssociationDoesNotExist,
  typeof InvalidAssociation,
  ...typeof requestErrors,
  typeof StartOutcomeUnknown
]> = Schema.Union(AssociationDoesNotExist, InvalidAssociation, ...requestErrors, StartOutcomeUnknown)

/** The error channel of one `getCommandInvocation` call: its four modeled errors and the shared request errors. */
export type GetCommandInvocationError =
  | InvocationDoesNotExist
  | InvalidCommandId
  | InvalidInstanceId
  | InvalidPluginName
  | InternalServerError
  | ThrottlingError
  | AwsServiceError
  | InvalidInput
  | CredentialsError
  | TransportError
  | TimeoutError
  | ResponseDecodeError

/** Schema of {@link GetCommandInvocationError}. */
export const GetCommandInvocationError: Schema.Union<[
  typeof InvocationDoesNotExist,
  typeof InvalidCommandId,
  typeof InvalidInstanceId,
  typeof InvalidPluginName,
  ...typeof requestErrors
]> = Schema.Union(InvocationDoesNotExist, InvalidCommandId, InvalidInstanceId, InvalidPluginName, ...requestErrors)

/** A stream's final failure: the error that ended it, and where to resume. */
export class PaginationError extends Schema.TaggedError<PaginationError>(identifier("PaginationError"))(
  "PaginationError",
  {
    /** The error that ended the stream. */
    error: Schema.Union(DescribeTargetsError, RepeatedNextToken, EndlessPagination),
    /** Where to continue from. */
    resume: ResumePoint
  }
) {
  override get message(): string {
    return text.paginationMessage(this)
  }
}

/**
 * `watch`: no execution to follow became visible within the grace period (or the deadline, when
 * shorter): the id is wrong, or no execution was created after `createdAfter` (did the start happen?).
 */
export class ExecutionNotFound extends Schema.TaggedError<ExecutionNotFound>(identifier("ExecutionNotFound"))(
  "ExecutionNotFound",
  {
    associationId: Schema.String,
    /** The execution looked for, when the watch was given an id. */
    executionId: Schema.optional(Schema.String),
    /** The time the execution looked for was to be created after, when the watch was given one. */
    createdAfter: Schema.optional(Schema.DateFromSelf),
    /** How long it was looked for, in milliseconds. */
    waitedMillis: Schema.Number,
    /** How many polls found nothing. */
    polls: Schema.Number
  }
) {
  override get message(): string {
    return text.executionNotFoundMessage(this)
  }
}

/** `watch`: the deadline passed before the execution reached a terminal status. Watch again to continue. */
export class WatchTimeout extends Schema.TaggedError<WatchTimeout>(identifier("WatchTimeout"))("WatchTimeout", {
  associationId: Schema.String,
  executionId: Schema.String,
  /** The deadline that passed, in milliseconds. */
  deadlineMillis: Schema.Number,
  /** The last state seen. */
  lastSeen: ExecutionState
}) {
  override get message(): string {
    return text.watchTimeoutMessage(this)
  }
}

/**
 * The error channel of `watch` and `awaitExecution`: the drill-down's request errors, the listing
 * guards, and the two ways a watch ends early.
 */
export type WatchError =
  | DescribeTargetsError
  | RepeatedNextToken
  | EndlessPagination
  | ExecutionNotFound
  | WatchTimeout

/** Schema of {@link WatchError}. */
export const WatchError: Schema.Union<[
  typeof DescribeTargetsError,
  typeof RepeatedNextToken,
  typeof EndlessPagination,
  typeof ExecutionNotFound,
  typeof WatchTimeout
]> = Schema.Union(DescribeTargetsError, RepeatedNextToken, EndlessPagination, ExecutionNotFound, WatchTimeout)

/** Every error this module defines. */
export type AssociationExecutionsError =
  | DescribeTargetsError
  | StartOnceError
  | GetCommandInvocationError
  | RepeatedNextToken
  | EndlessPagination
  | PaginationError
  | ConfigurationError
  | ExecutionNotFound
  | WatchTimeout

/** True for every error this module defines. */
export const isAssociationExecutionsError: (u: unknown) => u is AssociationExecutionsError = Schema.is(
  Schema.Union(
    DescribeTargetsError,
    StartOnceError,
    GetCommandInvocationError,
    RepeatedNextToken,
    EndlessPagination,
    PaginationError,
    ConfigurationError,
    ExecutionNotFound,
    WatchTimeout
  )
)
