/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const

/**
 * `count` values of `schema`'s type drawn from its Arbitrary with `seed`, encoded as the wire has
 * them (shared tests change them further with their own seeded choices).
 */
export const encodedSamples = <S extends Schema.ConstraintCodec<unknown, unknown>>(
  schema: S,
  count: number,
  seed: number
): ReadonlyArray<S["Encoded"]> => {
  const encode = Schema.encodeSync(schema)
  return Effect.runSync(Effect.orDie(Arbitrary.sampleEffect(Arbitrary.schema(schema), { count, seed }))).map((value) =>
    encode(value)
  )
}

/**
 * The members, in order, of every object (Struct) `schema` reaches at any depth, its wire side
 * included: what a shared test holds a decoder's object shapes against.
 */
export const objectsReached = (schema: { readonly ast: SchemaAST.AST }): ReadonlyArray<ReadonlyArray<string>> => {
  const seen = new Set<SchemaAST.AST>()
  const objects: Array<ReadonlyArray<string>> = []
  const visit = (ast: SchemaAST.AST): void => {
    if (seen.has(ast)) return
    seen.add(ast)
    ast.encoding?.forEach((link) => visit(link.to))
    switch (ast._tag) {
      case "Objects":
        objects.push(ast.propertySignatures.map((member) => String(member.name)))
        return ast.propertySignatures.forEach((member) => visit(member.type))
      case "Arrays":
        ast.elements.forEach(visit)
        return ast.rest.forEach(visit)
      case "Union":
        return ast.types.forEach(visit)
      case "Suspend":
        return visit(ast.thunk())
    }
  }
  visit(schema.ast)
  return objects
}
