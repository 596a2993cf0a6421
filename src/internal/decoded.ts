/**
 * A decoded answer, or where it first fails to match its output schema, as plain data: what an
 * operation's decoder gives on either Effect line (each line's Schema words the mismatch; see
 * `../line/outputDecoder.ts`), so the code that reads it needs no line's `Either` or issue types.
 */
import { formatMemberPath } from "./memberPath.js"
import type { Outcome } from "./response.js"

/** The first place a value does not match its schema, as the Schema words it. */
export interface SchemaMismatch {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

export type Decoded<A> =
  | { readonly _tag: "Decoded"; readonly value: A }
  /** `first` is `undefined` only if the Schema gave no account of the mismatch. */
  | { readonly _tag: "Mismatch"; readonly first: SchemaMismatch | undefined }

export const decoded = <A>(value: A): Decoded<A> => ({ _tag: "Decoded", value })

/** The first schema mismatch, short: `AssociationExecutions[0].CreatedTime: expected ...`. */
const describeMismatch = (first: SchemaMismatch | undefined, operation: string): string => {
  if (first === undefined) return `the body does not match the ${operation} output`
  return first.path.length === 0 ? first.message : `${formatMemberPath(first.path)}: ${first.message}`
}

/** The output, or the mismatch described (unscrubbed: it may quote the value it did not expect). */
export const readDecoded = <Output>(decoded: Decoded<Output>, operation: string): Outcome<Output, string> =>
  decoded._tag === "Decoded"
    ? { ok: true, value: decoded.value }
    : { ok: false, error: describeMismatch(decoded.first, operation) }
