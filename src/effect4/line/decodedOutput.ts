/**
 * The Effect 4 line's reading of a decoded page (`RequestOperation.decodeOutput`'s `Result` with
 * Schema's `Issue`): the output, or the first mismatch in a few words for the `ResponseDecodeError`
 * (`internal/response.ts`). The same exports as the Effect 3 line's `src/line/decodedOutput.ts`.
 */
import * as Result from "effect/Result"
import * as SchemaIssue from "effect/SchemaIssue"
import { formatMemberPath } from "../internal/memberPath.js"
import type { Outcome } from "../internal/response.js"

/** What an operation's `decodeOutput` gives on this line. */
export type Decoded<Output> = Result.Result<Output, SchemaIssue.Issue>

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** The first schema mismatch, short: `AssociationExecutions[0].CreatedTime: expected ...`. */
const describeMismatch = (issue: SchemaIssue.Issue, operation: string): string => {
  const [first] = formatIssue(issue).issues
  if (first === undefined) return `the body does not match the ${operation} output`
  const path = (first.path ?? []).map((segment) => typeof segment === "object" ? segment.key : segment)
  return path.length === 0 ? first.message : `${formatMemberPath(path)}: ${first.message}`
}

/** The output, or the mismatch described (unscrubbed: it may quote the value it did not expect). */
export const readDecoded = <Output>(decoded: Decoded<Output>, operation: string): Outcome<Output, string> =>
  Result.isSuccess(decoded)
    ? { ok: true, value: decoded.success }
    : { ok: false, error: describeMismatch(decoded.failure, operation) }
