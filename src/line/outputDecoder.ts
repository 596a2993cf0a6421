/**
 * The Effect 3 line's Schema side of the fast page decoder (`../internal/outputDecoder.ts`): each
 * Struct's members as its Schema declares them (order, wire names, optionality), read once at load,
 * and the Schema's own decoding for whatever the fast path leaves to it.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { type Decoded, decoded } from "../internal/decoded.js"
import type { Readers, Shape } from "../internal/pageReader.js"

const hasReader = <A>(readers: Readers<A>, name: string): name is keyof A & string => Object.hasOwn(readers, name)

/**
 * The shape of a Struct, from its fields. Only a plain Struct (`records` empty) is accepted: members
 * under an index signature would be the Schema's to keep, and the fast path drops unknown members.
 */
export const shapeOf = <A>(
  schema: { readonly fields: Schema.Struct.Fields; readonly records: readonly []; readonly Type: A },
  readers: Readers<A>
): Shape<A> => {
  const members: Array<Shape<A>["members"][number]> = []
  const required: Array<keyof A & string> = []
  const unread: Array<string> = []
  let unreadable = false
  for (const name of Reflect.ownKeys(schema.fields)) {
    const field = schema.fields[name]
    const ast = Schema.isPropertySignature(field) ? field.ast : undefined
    const transformed = ast?._tag === "PropertySignatureTransformation"
    const optional = ast === undefined ? false : transformed ? ast.to.isOptional : ast.isOptional
    if (typeof name !== "string" || !hasReader(readers, name)) {
      if (typeof name === "string" && optional && !transformed) unread.push(name)
      else unreadable = true
      continue
    }
    const fromKey = transformed ? ast.from.fromKey : undefined
    const wireName = typeof fromKey === "string" ? fromKey : name
    members.push({ name, wireName, skipWhenAbsent: optional && !transformed, read: readers[name] })
    if (!optional) required.push(name)
  }
  return { members, required, unread, unreadable }
}

/** The first mismatch, as the Schema words it (`ArrayFormatter`: a path and a message). */
const firstMismatch = (issue: ParseResult.ParseIssue) => {
  const [first] = ParseResult.ArrayFormatter.formatIssueSync(issue)
  return first === undefined ? undefined : { path: first.path, message: first.message }
}

/** Decoding by the Schema alone: the decoded value, or the Schema's account of the first mismatch. */
export const schemaDecoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema)
  return (body: unknown): Decoded<A> => {
    const result = decode(body)
    return Either.isRight(result)
      ? decoded(result.right)
      : { _tag: "Mismatch", first: firstMismatch(result.left.issue) }
  }
}
