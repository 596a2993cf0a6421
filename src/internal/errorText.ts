/**
 * The words of every error, written once for both Effect lines: each line's
 * `AssociationExecutionsError.ts` declares its classes the way its Schema does and takes its
 * defaults and `message` text from here. Plain code, no `effect` import.
 */

/** The operation an error refers to when none is named. */
export const describeOperation = "DescribeAssociationExecutions"

/** The operation `StartOutcomeUnknown` refers to when none is named. */
export const startOperation = "StartAssociationsOnce"

/** What can run out when a retryable error becomes final (each line's `RetryStop`). */
export const retryStops = ["attempts", "quota", "schedule", "patience"] as const

type RetryStop = typeof retryStops[number]

/** The message of each modeled AWS error when AWS sent none. */
export const defaultMessages = {
  AssociationDoesNotExist: "The association does not exist: check the association id, the account and the region.",
  AssociationExecutionDoesNotExist: "The execution does not exist: check the execution id for this association.",
  InvalidAssociation: "The association is not valid or does not exist: check the association ids and the region.",
  InvocationDoesNotExist:
    "No invocation of this command on this node: the ids may be wrong, the command too recent to be visible, or too old to be kept.",
  InvalidCommandId: "The command id is not valid.",
  InvalidInstanceId: "The instance id is not valid for this command.",
  InvalidPluginName: "The plugin name is not valid for this command.",
  InvalidNextToken:
    "The NextToken is not valid: it may have expired or belong to another association or filters; start again without it.",
  InternalServerError: "An error occurred on the server side."
} as const

/** The request context the words read (every error from or around an HTTP exchange has it). */
interface RequestContext {
  readonly requestId?: string | undefined
  readonly attempts?: number | undefined
  readonly retryStop?: RetryStop | undefined
}

interface OperationContext extends RequestContext {
  readonly operation: string
  readonly httpStatus?: number | undefined
}

const attemptsText = (attempts: number) => attempts === 1 ? "1 attempt" : `${attempts} attempts`

/** What ran out, in words; `undefined` when there is nothing to tell (one attempt, no stop). */
export const stopText = (error: RequestContext): string | undefined => {
  const attempts = error.attempts ?? 1
  switch (error.retryStop) {
    case "attempts":
      return `gave up after ${attemptsText(attempts)}, the most maxAttempts allows`
    case "quota":
      return `gave up after ${attemptsText(attempts)}: the retry quota this client shares was spent by earlier failures`
    case "schedule":
      return `gave up after ${attemptsText(attempts)}: the retry schedule ended`
    case "patience":
      return `still failing after ${attemptsText(attempts)}: the stream's patience (patienceMillis) ran out`
    case undefined:
      return attempts <= 1 ? undefined : `after ${attemptsText(attempts)}`
  }
}

const withSuffix = (text: string, error: RequestContext) => {
  const parts = [error.requestId === undefined ? undefined : `request id ${error.requestId}`, stopText(error)]
    .filter((part): part is string => part !== undefined)
  return parts.length === 0 ? text : `${text} (${parts.join(", ")})`
}

const awsMessageText = (awsMessage: string) => awsMessage === "" ? "" : `: ${awsMessage}`

export const throttlingMessage = (error: OperationContext & { readonly code: string; readonly awsMessage: string }) => {
  const remedy = error.retryStop === "patience"
    ? "lower the request rate or raise patienceMillis"
    : error.retryStop === "quota"
    ? "lower the request rate"
    : "lower the request rate or raise maxAttempts"
  return withSuffix(
    `${error.operation} was throttled by AWS (${error.code}${awsMessageText(error.awsMessage)}); ${remedy}`,
    error
  )
}

export const awsServiceErrorMessage = (
  error: OperationContext & { readonly code: string; readonly awsMessage: string }
) =>
  withSuffix(
    `${error.operation} failed with ${error.code}${
      error.httpStatus === undefined ? "" : ` (HTTP ${error.httpStatus})`
    }${awsMessageText(error.awsMessage)}`,
    error
  )

export const invalidInputMessage = (
  error: { readonly operation: string; readonly field: string; readonly rule: string }
) => `Invalid input for ${error.operation}: ${error.field} ${error.rule} (nothing was sent)`

export const credentialsMessage = (error: { readonly reason: string; readonly tried: ReadonlyArray<string> }) =>
  error.tried.length === 0 ? error.reason : `${error.reason}; tried: ${error.tried.join("; ")}`

export const transportMessage = (error: OperationContext & { readonly reason: string }) =>
  withSuffix(`${error.operation} could not reach AWS: ${error.reason}`, error)

export const timeoutMessage = (
  error: OperationContext & {
    readonly scope: "attempt" | "deadline"
    readonly timeoutMillis: number
    readonly detail?: string | undefined
  }
) =>
  withSuffix(
    error.scope === "deadline"
      ? `${error.operation} did not finish within its deadline of ${error.timeoutMillis} ms`
      : error.detail === undefined
      ? `${error.operation} got no response within ${error.timeoutMillis} ms`
      : `${error.operation} ran out of its ${error.timeoutMillis} ms ${error.detail}`,
    error
  )

export const responseDecodeMessage = (
  error: OperationContext & { readonly kind: string; readonly reason: string }
) =>
  withSuffix(
    `${error.operation} returned a response that could not be decoded (${error.kind}): ${error.reason}`,
    error
  )

export const configurationMessage = (error: { readonly reason: string }) => `Invalid configuration: ${error.reason}`

export const repeatedNextTokenMessage = (error: OperationContext & { readonly page: number }) =>
  withSuffix(
    `${error.operation} returned a NextToken already used in this listing (page ${error.page}); stopping to avoid an endless loop`,
    error
  )

export const endlessPaginationMessage = (
  error: OperationContext & { readonly emptyPages: number; readonly page: number }
) =>
  withSuffix(
    `${error.operation} returned ${error.emptyPages} empty pages in a row, each with a new NextToken (page ${error.page}); ` +
      "stopping in case it never ends (resume to keep looking, or raise maxEmptyPages)",
    error
  )

export const startOutcomeUnknownMessage = (error: {
  readonly operation: string
  readonly associationIds: ReadonlyArray<string>
  readonly requestedAt: Date
  readonly cause: { readonly message: string }
  readonly detail: string
}) =>
  `${error.operation} may have started ${error.associationIds.join(", ")}: ${error.cause.message}; ${error.detail}. ` +
  `It was not sent again (starting is not idempotent): look for executions created after ${error.requestedAt.toISOString()} before starting again`

export const paginationMessage = (paginationError: {
  readonly error: RequestContext & { readonly _tag: string; readonly message: string }
  readonly resume: {
    readonly startingToken?: string | undefined
    readonly pagesDelivered: number
    readonly itemsDelivered: number
  }
}) => {
  const { error, resume } = paginationError
  const continueHint = resume.startingToken === undefined
    ? "nothing was delivered; start again"
    : `resume with startingToken ${resume.startingToken}`
  // InternalServerError's message is AWS's own text: what ran out is told here.
  const stop = error._tag === "InternalServerError" ? stopText(error) : undefined
  return `${error.message}${
    stop === undefined ? "" : ` (${stop})`
  }; ${resume.itemsDelivered} items in ${resume.pagesDelivered} pages were delivered, ${continueHint}`
}

export const executionNotFoundMessage = (error: {
  readonly associationId: string
  readonly executionId?: string | undefined
  readonly createdAfter?: Date | undefined
  readonly waitedMillis: number
  readonly polls: number
}) => {
  const what = error.executionId !== undefined
    ? `execution ${error.executionId} of association ${error.associationId}`
    : `execution of association ${error.associationId} created after ${
      error.createdAfter?.toISOString() ?? "the given time"
    }`
  return `No ${what} became visible in ${error.waitedMillis} ms ` +
    `(${error.polls} polls): check the ids, or that the start happened`
}

export const watchTimeoutMessage = (error: {
  readonly associationId: string
  readonly executionId: string
  readonly deadlineMillis: number
  readonly lastSeen: { readonly Status: string }
}) =>
  `Execution ${error.executionId} of association ${error.associationId} was still ${
    error.lastSeen.Status === "" ? "without a status" : error.lastSeen.Status
  } when the deadline of ${error.deadlineMillis} ms passed; watch again to continue`
