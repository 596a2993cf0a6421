/**
 * Input rules in words, on the Effect 4 line: schemas of an operation's input carry the rule each
 * member must follow (`invalidInput.ts` reads it back). Annotating a schema with checks annotates
 * its last check, which is where a failed check's issue and `SchemaAST.resolve` look. The public
 * schema modules import this one as they load, so it imports no public module.
 */
import * as SchemaAST from "effect/SchemaAST"
import { identifier } from "../internal/identifier.js"

/** Annotation key carrying the rule an input member must follow, in words, for `InvalidInput`. */
const inputRuleKey = identifier("InputRule")

/** The annotation that states a member's rule. */
export const withRule = (rule: string) => ({ [inputRuleKey]: rule })

const readRule = SchemaAST.resolveAt<unknown>(inputRuleKey)

/**
 * The rule annotated on a schema (on its last check when it has checks), or on one check (a failed
 * check's issue names the check, not the schema), if any.
 */
export const ruleOf = (node: SchemaAST.AST | SchemaAST.Check<unknown>): string | undefined => {
  const rule = node._tag === "Filter" || node._tag === "FilterGroup" ? node.annotations?.[inputRuleKey] : readRule(node)
  return typeof rule === "string" ? rule : undefined
}
