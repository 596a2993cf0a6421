/**
 * A decoded answer, or where it first fails to match its output schema, as plain data: what an
 * operation's decoder gives on either Effect line (each line's Schema words the mismatch; see
 * `../line/outputDecoder.ts`), so the code that reads it needs no line's `Either` or issue types.
 */

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
