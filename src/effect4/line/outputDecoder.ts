/**
 * The Effect 4 line's Schema side of the fast page decoder (`../internal/outputDecoder.ts`): each
 * Struct's members as its Schema declares them (order, optionality), read once at load, and the
 * Schema's own decoding for whatever the fast path leaves to it. Same exports as
 * `src/line/outputDecoder.ts`.
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as SchemaIssue from "effect/SchemaIssue"
import { type Decoded, decoded } from "../internal/decoded.js"
import type { Readers, Shape } from "../internal/pageReader.js"

const hasReader = <A>(readers: Readers<A>, name: string): name is keyof A & string => Object.hasOwn(readers, name)

/**
 * The shape of a Struct, from its fields. A Struct that transforms or checks itself as a whole (key
 * renames, filters across members) is the Schema's alone: every object goes to the Schema.
 */
export const shapeOf = <A>(
  schema: { readonly fields: Schema.Struct.Fields; readonly ast: SchemaAST.AST; readonly Type: A },
  readers: Readers<A>
): Shape<A> => {
  const members: Array<Shape<A>["members"][number]> = []
  const required: Array<keyof A & string> = []
  const unread: Array<string> = []
  let unreadable = schema.ast.encoding !== undefined || schema.ast.checks !== undefined
  for (const name of Reflect.ownKeys(schema.fields)) {
    const field = schema.fields[name]
    const optional = field === undefined ? false : SchemaAST.isOptional(field.ast)
    // A member optional on the wire but not in the result (a default) is transformed as a member:
    // its reader answers for absence too. One optional on both sides stays absent when absent.
    const transformed = field !== undefined && SchemaAST.isOptional(SchemaAST.toEncoded(field.ast)) !== optional
    if (typeof name !== "string" || !hasReader(readers, name)) {
      if (typeof name === "string" && optional && !transformed) unread.push(name)
      else unreadable = true
      continue
    }
    members.push({ name, wireName: name, skipWhenAbsent: optional && !transformed, read: readers[name] })
    if (!optional) required.push(name)
  }
  return { members, required, unread, unreadable }
}

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** The first mismatch, as the Schema words it (the Standard Schema issue: a path and a message). */
const firstMismatch = (issue: SchemaIssue.Issue) => {
  const [first] = formatIssue(issue).issues
  return first === undefined ? undefined : {
    path: (first.path ?? []).map((segment) => typeof segment === "object" ? segment.key : segment),
    message: first.message
  }
}

/** Decoding by the Schema alone: the decoded value, or the Schema's account of the first mismatch. */
export const schemaDecoder = <S extends Schema.ConstraintDecoder<unknown>>(schema: S) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (body: unknown): Decoded<S["Type"]> => {
    const result = decode(body)
    return Result.isSuccess(result)
      ? decoded(result.success)
      : { _tag: "Mismatch", first: firstMismatch(result.failure.issue) }
  }
}
