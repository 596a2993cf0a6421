/**
 * Input rules in words, on the Effect 3 line: schemas of an operation's input carry the rule each
 * member must follow (`invalidInput.ts` reads it back). The public schema modules import this one
 * as they load, so it imports no public module: that would be a cycle through
 * `AssociationExecutionsError.ts`.
 */
import * as Option from "effect/Option"
import * as SchemaAST from "effect/SchemaAST"
import { identifier } from "../internal/identifier.js"

/** Annotation carrying the rule an input member must follow, in words, for `InvalidInput`. */
const InputRuleId: unique symbol = Symbol.for(identifier("InputRule"))

/** The annotation that states a member's rule. */
export const withRule = (rule: string) => ({ [InputRuleId]: rule })

/** The rule annotated on a schema, if any. */
export const ruleOf = (ast: SchemaAST.AST): string | undefined =>
  Option.getOrUndefined(SchemaAST.getAnnotation<string>(ast, InputRuleId))
