/**
 * What is particular to one SSM operation, and nothing else: its name, how its input is checked
 * and encoded, how its answer is decoded, which errors it models, which failures leave its effect
 * unknown, and, for a listing, where a page's items are. The client, retries, transport,
 * interpretation and pagination are shared; another operation is one more value here.
 */
import type * as Effect from "effect/Effect"
import {
  AssociationDoesNotExist,
  AssociationExecutionDoesNotExist,
  type DescribeError,
  InvalidAssociation,
  InvalidCommandId,
  type InvalidInput,
  InvalidInstanceId,
  InvalidNextToken,
  InvalidPluginName,
  InvocationDoesNotExist,
  type ResponseDecodeError,
  type TimeoutError,
  type TransportError
} from "../AssociationExecutionsError.js"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import {
  type AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsInput,
  type DescribeAssociationExecutionTargetsOutput
} from "../DescribeAssociationExecutionTargets.js"
import { GetCommandInvocationInput, GetCommandInvocationOutput } from "../GetCommandInvocation.js"
import { inputDecoder } from "../line/invalidInput.js"
import { schemaDecoder } from "../line/outputDecoder.js"
import { StartAssociationsOnceInput, StartAssociationsOnceOutput } from "../StartAssociationsOnce.js"
import type { Decoded } from "./decoded.js"
import { encodeRequestBody, validateInput } from "./describeRequest.js"
import { decodeOutput, decodeTargetsOutput } from "./outputDecoder.js"

/** The request context every error of an answer carries. */
export interface ErrorContext {
  readonly operation: string
  readonly requestId: string | undefined
  readonly httpStatus: number
  readonly attempts: number
  readonly retryAfterMillis: number | undefined
}

/** One request: `Input` checked, `Output` decoded, `Modeled` its own errors. */
export interface RequestOperation<Input, Output, Modeled> {
  readonly name: string
  readonly validate: (input: unknown) => Effect.Effect<Input, InvalidInput>
  /** The exact bytes signed and sent: compact JSON, members in model order, absent ones omitted. */
  readonly encodeBody: (input: Input) => string
  /** The decoded answer, or the Schema's account of its first mismatch (plain data on both lines). */
  readonly decodeOutput: (json: unknown) => Decoded<Output>
  /** An answer with no members may come as an empty body (AWS documents both for StartAssociationsOnce). */
  readonly emptyBodyAllowed?: boolean
  /** The operation's own modeled error for `code`, if it has one (`InternalServerError` is shared by all). */
  readonly modeledError: (
    code: string,
    message: { readonly message?: string },
    context: ErrorContext
  ) => Modeled | undefined
  /**
   * For an operation that is not idempotent: a failure after which the request may have been acted
   * on. The retry loop never repeats such a request; its caller decides what to do.
   */
  readonly mayHaveActed?: (error: DescribeError) => boolean
}

/** A listing: one request per page, its items and the next page's token read from the page. */
export interface Operation<Input, Output, Modeled, Item> extends RequestOperation<Input, Output, Modeled> {
  readonly itemsOf: (output: Output) => ReadonlyArray<Item>
  readonly nextTokenOf: (output: Output) => string | undefined
}

/** The modeled errors of every operation about one association's executions. */
const associationError = (
  code: string,
  message: { readonly message?: string },
  context: ErrorContext
): AssociationDoesNotExist | InvalidNextToken | undefined =>
  code === "AssociationDoesNotExist"
    ? new AssociationDoesNotExist({ ...message, ...context })
    : code === "InvalidNextToken"
    ? new InvalidNextToken({ ...message, ...context })
    : undefined

/** DescribeAssociationExecutions. */
export const describeExecutions: Operation<
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput,
  AssociationDoesNotExist | InvalidNextToken,
  AssociationExecution
> = {
  name: "DescribeAssociationExecutions",
  validate: validateInput,
  encodeBody: encodeRequestBody,
  decodeOutput,
  modeledError: associationError,
  itemsOf: (output) => output.AssociationExecutions,
  nextTokenOf: (output) => output.NextToken
}

const targetsName = "DescribeAssociationExecutionTargets"

/** DescribeAssociationExecutionTargets. */
export const describeTargets: Operation<
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput,
  AssociationDoesNotExist | InvalidNextToken | AssociationExecutionDoesNotExist,
  AssociationExecutionTarget
> = {
  name: targetsName,
  validate: inputDecoder(DescribeAssociationExecutionTargetsInput, targetsName),
  encodeBody: (input) =>
    JSON.stringify({
      AssociationId: input.AssociationId,
      ExecutionId: input.ExecutionId,
      Filters: input.Filters?.map((filter) => ({ Key: filter.Key, Value: filter.Value })),
      MaxResults: input.MaxResults,
      NextToken: input.NextToken
    }),
  decodeOutput: decodeTargetsOutput,
  modeledError: (code, message, context) =>
    code === "AssociationExecutionDoesNotExist"
      ? new AssociationExecutionDoesNotExist({ ...message, ...context })
      : associationError(code, message, context),
  itemsOf: (output) => output.AssociationExecutionTargets,
  nextTokenOf: (output) => output.NextToken
}

const startName = "StartAssociationsOnce"

// Codes of a connection that was never made: nothing reached the server, so nothing was started.
const notConnectedCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH"
])

/** The `code` of an error or of one of its causes (fetch wraps the socket's error), a few levels down. */
const causeCodes = (cause: unknown, depth = 0): ReadonlyArray<string> => {
  if (typeof cause !== "object" || cause === null || depth > 3) return []
  const code: unknown = Reflect.get(cause, "code")
  return [...(typeof code === "string" ? [code] : []), ...causeCodes(Reflect.get(cause, "cause"), depth + 1)]
}

/**
 * A failure after which a start may have happened: the request may have reached SSM and its
 * answer was lost. Not: a connection never made, an attempt that ran out of time before sending
 * (waiting for credentials), and every answered error (throttles and 5xx included: SSM said no).
 */
export const startMayHaveActed = (
  error: DescribeError | InvalidAssociation
): error is TransportError | TimeoutError | ResponseDecodeError => {
  switch (error._tag) {
    case "TransportError":
      return !causeCodes(error.cause).some((code) => notConnectedCodes.has(code))
    case "TimeoutError":
      return error.scope === "attempt" && error.detail === undefined
    case "ResponseDecodeError":
      return error.kind === "malformed"
    default:
      return false
  }
}

/** StartAssociationsOnce: not idempotent, so a failure that may have started it is never retried here. */
export const startAssociationsOnce: RequestOperation<
  StartAssociationsOnceInput,
  StartAssociationsOnceOutput,
  AssociationDoesNotExist | InvalidAssociation
> = {
  name: startName,
  validate: inputDecoder(StartAssociationsOnceInput, startName),
  encodeBody: (input) => JSON.stringify({ AssociationIds: input.AssociationIds }),
  decodeOutput: schemaDecoder(StartAssociationsOnceOutput),
  emptyBodyAllowed: true,
  modeledError: (code, message, context) =>
    code === "AssociationDoesNotExist"
      ? new AssociationDoesNotExist({ ...message, ...context })
      : code === "InvalidAssociation"
      ? new InvalidAssociation({ ...message, ...context })
      : undefined,
  mayHaveActed: startMayHaveActed
}

const invocationName = "GetCommandInvocation"

/** GetCommandInvocation. */
export const getCommandInvocation: RequestOperation<
  GetCommandInvocationInput,
  GetCommandInvocationOutput,
  InvocationDoesNotExist | InvalidCommandId | InvalidInstanceId | InvalidPluginName
> = {
  name: invocationName,
  validate: inputDecoder(GetCommandInvocationInput, invocationName),
  encodeBody: (input) =>
    JSON.stringify({ CommandId: input.CommandId, InstanceId: input.InstanceId, PluginName: input.PluginName }),
  decodeOutput: schemaDecoder(GetCommandInvocationOutput),
  modeledError: (code, message, context) => {
    switch (code) {
      case "InvocationDoesNotExist":
        return new InvocationDoesNotExist({ ...message, ...context })
      case "InvalidCommandId":
        return new InvalidCommandId({ ...message, ...context })
      case "InvalidInstanceId":
        return new InvalidInstanceId({ ...message, ...context })
      case "InvalidPluginName":
        return new InvalidPluginName({ ...message, ...context })
      default:
        return undefined
    }
  }
}
