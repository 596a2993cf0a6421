/**
 * `--query`: a JMESPath expression over the output document, as aws-cli applies it. The expression
 * is checked before anything is sent (a typo costs no requests), and applied once, to the whole
 * document. `jmespath` is the reference implementation of the JMESPath specification that aws-cli's
 * `jmespath.py` implements: it accepts the same expressions and refuses the same ones.
 */
import * as Either from "effect/Either"
import { search } from "jmespath"

const errorText = (error: unknown): string => error instanceof Error ? error.message : String(error)

// The errors of the expression itself, as opposed to a function given the wrong type at run time.
const isSyntaxError = (error: unknown): boolean => error instanceof Error && /^(?:lexer|parser)error$/i.test(error.name)

/** Whether `expression` is valid JMESPath; the reason, as aws-cli words it, when it is not. */
export const checkQuery = (expression: string): Either.Either<string, string> => {
  if (expression.trim() === "") return Either.left("Bad value for --query: the expression is empty")
  try {
    search({ AssociationExecutions: [] }, expression)
    return Either.right(expression)
  } catch (error) {
    return isSyntaxError(error)
      ? Either.left(`Bad value for --query ${expression}: ${errorText(error)}`)
      : Either.right(expression)
  }
}

/** `expression` applied to `document`, or why it failed (a function given the wrong type). */
export const applyQuery = (document: unknown, expression: string): Either.Either<unknown, string> =>
  Either.try({
    try: (): unknown => search(document, expression),
    catch: (error) => `--query ${expression}: ${errorText(error)}`
  })
