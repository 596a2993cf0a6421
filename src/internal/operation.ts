/**
 * What is particular to one paginated SSM operation, and nothing else: its name, how its input is
 * checked and encoded, how its page is decoded, which errors it models beyond the shared ones, and
 * where a page's items are. The client, retries, transport, interpretation and pagination are
 * shared; a third operation is one more value of this type.
 */
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { AssociationExecutionDoesNotExist, type InvalidInput } from "../AssociationExecutionsError.js"
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
import { encodeRequestBody, validateInput } from "./describeRequest.js"
import { toInvalidInput } from "./inputRule.js"
import { decodeOutput, decodeTargetsOutput } from "./outputDecoder.js"

/** The request context every error of an answer carries. */
export interface ErrorContext {
  readonly operation: string
  readonly requestId: string | undefined
  readonly httpStatus: number
  readonly attempts: number
  readonly retryAfterMillis: number | undefined
}

/** One operation: `Input` checked, `Output` decoded, `Modeled` its own errors, `Item` its list member. */
export interface Operation<Input, Output, Modeled, Item> {
  readonly name: string
  readonly validate: (input: unknown) => Effect.Effect<Input, InvalidInput>
  /** The exact bytes signed and sent: compact JSON, members in model order, absent ones omitted. */
  readonly encodeBody: (input: Input) => string
  readonly decodeOutput: (json: unknown) => Either.Either<Output, ParseResult.ParseError>
  /** The operation's own modeled error for `code`, if it has one (the shared ones are interpreted for all). */
  readonly modeledError: (
    code: string,
    message: { readonly message?: string },
    context: ErrorContext
  ) => Modeled | undefined
  readonly itemsOf: (output: Output) => ReadonlyArray<Item>
  readonly nextTokenOf: (output: Output) => string | undefined
}

const noModeledError = (): never | undefined => undefined

/** DescribeAssociationExecutions. */
export const describeExecutions: Operation<
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput,
  never,
  AssociationExecution
> = {
  name: "DescribeAssociationExecutions",
  validate: validateInput,
  encodeBody: encodeRequestBody,
  decodeOutput,
  modeledError: noModeledError,
  itemsOf: (output) => output.AssociationExecutions,
  nextTokenOf: (output) => output.NextToken
}

const targetsName = "DescribeAssociationExecutionTargets"
const decodeTargetsInput = Schema.decodeUnknown(DescribeAssociationExecutionTargetsInput, { errors: "first" })

/** DescribeAssociationExecutionTargets. */
export const describeTargets: Operation<
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput,
  AssociationExecutionDoesNotExist,
  AssociationExecutionTarget
> = {
  name: targetsName,
  validate: (input) => Effect.mapError(decodeTargetsInput(input), (error) => toInvalidInput(error.issue, targetsName)),
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
      : undefined,
  itemsOf: (output) => output.AssociationExecutionTargets,
  nextTokenOf: (output) => output.NextToken
}
