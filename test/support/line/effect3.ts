/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
export * as TestClock from "effect/TestClock"
export const line = 3 as const

/**
 * `count` values of `schema`'s type drawn from its Arbitrary with `seed`, encoded as the wire has
 * them (shared tests change them further with their own seeded choices).
 */
export const encodedSamples = <A, I>(schema: Schema.Schema<A, I>, count: number, seed: number): ReadonlyArray<I> => {
  const encode = Schema.encodeSync(schema)
  return FastCheck.sample(Arbitrary.make(schema), { numRuns: count, seed }).map((value) => encode(value))
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
    switch (ast._tag) {
      case "TypeLiteral":
        objects.push(ast.propertySignatures.map((member) => String(member.name)))
        return ast.propertySignatures.forEach((member) => visit(member.type))
      case "Transformation":
        visit(ast.from)
        return visit(ast.to)
      case "TupleType":
        ast.elements.forEach((element) => visit(element.type))
        return ast.rest.forEach((rest) => visit(rest.type))
      case "Union":
        return ast.types.forEach(visit)
      case "Refinement":
        return visit(ast.from)
      case "Suspend":
        return visit(ast.f())
    }
  }
  visit(schema.ast)
  return objects
}
