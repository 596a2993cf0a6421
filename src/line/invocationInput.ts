/**
 * Whether a value is a valid GetCommandInvocation input, read from the operation's schema (a command
 * id and a managed node id): `explain.ts` asks before sending, in the Effect 3 spelling of Schema.
 * `src/effect4/line/invocationInput.ts` exports the same name.
 */
import * as Schema from "effect/Schema"
import { GetCommandInvocationInput } from "../GetCommandInvocation.js"

/** The schema's own check, so the rule lives in one place. */
export const isGetCommandInvocationInput: (value: unknown) => value is GetCommandInvocationInput = Schema.is(
  GetCommandInvocationInput
)
