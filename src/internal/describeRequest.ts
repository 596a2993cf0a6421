/**
 * The DescribeAssociationExecutions request: the input checked against the model, then the exact
 * body that is signed and sent.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { InvalidInput } from "../AssociationExecutionsError.js"
import { DescribeAssociationExecutionsInput } from "../DescribeAssociationExecutions.js"
import { toInvalidInput } from "./invalidInput.js"

const decodeInput = Schema.decodeUnknown(DescribeAssociationExecutionsInput, { errors: "first" })

/**
 * Checks `input` against every constraint of the AWS model. Fails with {@link InvalidInput} naming
 * the first offending member (`AssociationId`, `MaxResults`, `Filters[0].Value`, ...) and its rule.
 */
export const validateInput = (input: unknown): Effect.Effect<DescribeAssociationExecutionsInput, InvalidInput> =>
  Effect.mapError(decodeInput(input), (error) => toInvalidInput(error.issue))

/**
 * The request body: compact JSON, members in model order, absent members omitted (AWS SDKs never
 * send `null`). The bytes matter: the signature covers them.
 */
export const encodeRequestBody = (input: DescribeAssociationExecutionsInput): string =>
  JSON.stringify({
    AssociationId: input.AssociationId,
    Filters: input.Filters?.map((filter) => ({ Key: filter.Key, Value: filter.Value, Type: filter.Type })),
    MaxResults: input.MaxResults,
    NextToken: input.NextToken
  })
