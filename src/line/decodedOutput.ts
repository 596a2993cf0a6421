/**
 * The Effect 3 line's reading of a decoded page (`RequestOperation.decodeOutput`'s `Either` with
 * Schema's `ParseError`): the output, or the first mismatch in a few words for the
 * `ResponseDecodeError` (`internal/response.ts`). Effect 4's sibling reads that line's `Result`.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import { formatMemberPath } from "../internal/memberPath.js"
import type { Outcome } from "../internal/response.js"

/** What an operation's `decodeOutput` gives on this line. */
export type Decoded<Output> = Either.Either<Output, ParseResult.ParseError>

/** The first schema mismatch, short: `AssociationExecutions[0].CreatedTime: expected ...`. */
const describeMismatch = (issue: ParseResult.ParseIssue, operation: string): string => {
  const [first] = ParseResult.ArrayFormatter.formatIssueSync(issue)
  if (first === undefined) return `the body does not match the ${operation} output`
  return first.path.length === 0 ? first.message : `${formatMemberPath(first.path)}: ${first.message}`
}

/** The output, or the mismatch described (unscrubbed: it may quote the value it did not expect). */
export const readDecoded = <Output>(decoded: Decoded<Output>, operation: string): Outcome<Output, string> =>
  Either.isRight(decoded)
    ? { ok: true, value: decoded.right }
    : { ok: false, error: describeMismatch(decoded.left.issue, operation) }
