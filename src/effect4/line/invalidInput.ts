/**
 * The Effect 4 line's input check: the input decoded by its schema, the first violation found in
 * the Schema's issue (its member path, and the rule `inputRule.ts` annotated there), as
 * `InvalidInput` (`../internal/invalidInput.ts`). Same exports as `src/line/invalidInput.ts`.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import type * as SchemaIssue from "effect/SchemaIssue"
import type { InvalidInput } from "../AssociationExecutionsError.js"
import { missingMember, toInvalidInput, unexpectedMember, type Violation } from "../internal/invalidInput.js"
import { ruleOf } from "./inputRule.js"

// An optional member is a union with `undefined`, and a union of literals is a union too: when no
// member applies to the value, the rule is the union's own, else that of the member that has one.
const unionRule = (ast: SchemaAST.Union): string | undefined =>
  ruleOf(ast) ?? ast.types.map(ruleOf).find((rule) => rule !== undefined)

/**
 * The first violation under `issue`: its path, and the rule of the outermost annotated schema
 * below the last path step (so `"1"` for MaxResults reports the MaxResults rule, not "a number").
 * A schema's rule is on its last check when it has checks (that is where annotating puts it).
 */
const firstViolation = (
  issue: SchemaIssue.Issue,
  path: ReadonlyArray<PropertyKey>,
  rule: string | undefined
): Violation => {
  switch (issue._tag) {
    case "Pointer":
      return firstViolation(issue.issue, [...path, ...issue.path], undefined)
    case "MissingKey":
      return { path, rule: missingMember }
    case "UnexpectedKey":
      return { path, rule: unexpectedMember }
    case "InvalidType":
      return { path, rule: rule ?? ruleOf(issue.ast) }
    case "InvalidValue":
    case "Forbidden":
    case "OneOf":
      return { path, rule }
    case "Filter":
      return firstViolation(issue.issue, path, rule ?? ruleOf(issue.filter))
    case "Encoding":
      return firstViolation(issue.issue, path, rule ?? ruleOf(issue.ast))
    case "Composite":
      return firstViolation(issue.issues[0], path, rule ?? ruleOf(issue.ast))
    case "AnyOf": {
      const ownRule = rule ?? unionRule(issue.ast)
      const [child] = issue.issues
      return child === undefined ? { path, rule: ownRule } : firstViolation(child, path, ownRule)
    }
  }
}

/**
 * The check of an operation's input: the decoded input, or {@link InvalidInput} naming the first
 * offending member (`AssociationId`, `MaxResults`, `Filters[0].Value`, ...) and its rule.
 */
export const inputDecoder = <S extends Schema.ConstraintDecoder<unknown>>(schema: S, operation?: string) => {
  const decode = Schema.decodeUnknownEffect(schema, { errors: "first" })
  return (input: unknown): Effect.Effect<S["Type"], InvalidInput> =>
    Effect.mapError(decode(input), (error) => toInvalidInput(firstViolation(error.issue, [], undefined), operation))
}
