/**
 * The DescribeAssociationExecutions request: the input checked against the model, then the exact
 * body that is signed and sent.
 */
import type * as Effect from "effect/Effect"
import type { InvalidInput } from "../AssociationExecutionsError.js"
import { DescribeAssociationExecutionsInput } from "../DescribeAssociationExecutions.js"
import { inputDecoder } from "../line/invalidInput.js"

/**
 * Checks `input` against every constraint of the AWS model. Fails with {@link InvalidInput} naming
 * the first offending member (`AssociationId`, `MaxResults`, `Filters[0].Value`, ...) and its rule.
 */
export const validateInput: (input: unknown) => Effect.Effect<DescribeAssociationExecutionsInput, InvalidInput> =
  inputDecoder(DescribeAssociationExecutionsInput)

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
