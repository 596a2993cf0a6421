/**
 * A failed input decode as the error users see: an `InvalidInput` naming the first offending
 * member and the rule its schema carries (`inputRule.ts`).
 */
import type * as ParseResult from "effect/ParseResult"
import * as SchemaAST from "effect/SchemaAST"
import { InvalidInput } from "../AssociationExecutionsError.js"
import { ruleOf } from "../line/inputRule.js"
import { formatMemberPath } from "./memberPath.js"

// An optional member is a union with `undefined`; that branch's complaint is never the useful one.
const isUndefinedBranch = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Type" && SchemaAST.isUndefinedKeyword(issue.ast)

interface Violation {
  readonly path: ReadonlyArray<PropertyKey>
  readonly rule: string | undefined
}

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
      return { path, rule: "is required" }
    case "Unexpected":
      return { path, rule: "is not a member of the input" }
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

/** The first violation of a failed input decode, as the error users see. */
export const toInvalidInput = (issue: ParseResult.ParseIssue, operation?: string): InvalidInput => {
  const violation = firstViolation(issue, [], undefined)
  return new InvalidInput({
    field: violation.path.length === 0 ? "input" : formatMemberPath(violation.path),
    rule: violation.rule ?? "has the wrong type",
    ...(operation === undefined ? {} : { operation })
  })
}
