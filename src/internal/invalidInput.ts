/**
 * A failed input check as the error users see: an `InvalidInput` naming the first offending member
 * and the rule its schema carries. Each line's `../line/invalidInput.ts` finds that member and rule
 * in its Schema's account of the failure; the error and its words are made here, once.
 */
import { InvalidInput } from "../AssociationExecutionsError.js"
import { formatMemberPath } from "./memberPath.js"

/** The first violation of an input: where it is, and the rule annotated there (if any). */
export interface Violation {
  readonly path: ReadonlyArray<PropertyKey>
  readonly rule: string | undefined
}

/** The rules no annotation states: a member missing, or one the input may not have. */
export const missingMember = "is required"
export const unexpectedMember = "is not a member of the input"

/** The violation as the error users see. */
export const toInvalidInput = (violation: Violation, operation?: string): InvalidInput =>
  new InvalidInput({
    field: violation.path.length === 0 ? "input" : formatMemberPath(violation.path),
    rule: violation.rule ?? "has the wrong type",
    ...(operation === undefined ? {} : { operation })
  })
