/**
 * The Effect 3 line's input check: the input decoded by its schema, the first violation found in
 * the Schema's `ParseIssue` (its member path, and the rule `inputRule.ts` annotated there), as
 * `InvalidInput` (`../internal/invalidInput.ts`). Same exports as `src/effect4/line/invalidInput.ts`.
 */
import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import type { InvalidInput } from "../AssociationExecutionsError.js"
import { missingMember, toInvalidInput, unexpectedMember, type Violation } from "../internal/invalidInput.js"
import { ruleOf } from "./inputRule.js"

// An optional member is a union with `undefined`; that branch's complaint is never the useful one.
const isUndefinedBranch = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Type" && SchemaAST.isUndefinedKeyword(issue.ast)

/**
 * The first violation under `issue`: its path, and the rule of the outermost annotated schema
 * below the last path step (so `"1"` for MaxResults reports the MaxResults rule, not "a number").
 */
const firstViolation = (
  issue: ParseResult.ParseIssue,
  path: ReadonlyArray<PropertyKey>,
  rule: string | undefined
): Violation => {
  switch (issue._tag) {
    case "Pointer":
      return firstViolation(
        issue.issue,
        [...path, ...(Array.isArray(issue.path) ? issue.path : [issue.path])],
        undefined
      )
    case "Missing":
      return { path, rule: missingMember }
    case "Unexpected":
      return { path, rule: unexpectedMember }
    case "Type":
    case "Forbidden":
      return { path, rule: rule ?? ruleOf(issue.ast) }
    case "Refinement":
    case "Transformation":
      return firstViolation(issue.issue, path, rule ?? ruleOf(issue.ast))
    case "Composite": {
      const ownRule = rule ?? ruleOf(issue.ast)
      const children = Array.isArray(issue.issues) ? issue.issues : [issue.issues]
      const child = children.find((candidate) => !isUndefinedBranch(candidate))
      return child === undefined ? { path, rule: ownRule } : firstViolation(child, path, ownRule)
    }
  }
}

/**
 * The check of an operation's input: the decoded input, or {@link InvalidInput} naming the first
 * offending member (`AssociationId`, `MaxResults`, `Filters[0].Value`, ...) and its rule.
 */
export const inputDecoder = <A, I>(schema: Schema.Schema<A, I>, operation?: string) => {
  const decode = Schema.decodeUnknown(schema, { errors: "first" })
  return (input: unknown): Effect.Effect<A, InvalidInput> =>
    Effect.mapError(decode(input), (error) => toInvalidInput(firstViolation(error.issue, [], undefined), operation))
}
