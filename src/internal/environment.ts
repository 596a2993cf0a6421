/**
 * Readers for the AWS environment variables, one behaviour for all of them: unset and empty (or
 * blank) are the same (absent), switches take `true`/`false` in any case, and a bad value is a
 * `ConfigError` that names the variable. They read through the `ConfigProvider` (`line/config.ts`),
 * so tests supply the environment through Effect's provider and nothing here touches `process.env`.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { type ConfigError, invalidVariable, readVariable } from "../line/config.js"

/** A variable's value; `None` when unset, empty or blank. */
export const optionalString = (name: string): Effect.Effect<Option.Option<string>, ConfigError> =>
  Effect.map(readVariable(name), Option.filter((value) => value.trim() !== ""))

/**
 * {@link optionalString} as an effect that cannot fail: where a variable only picks a default (a
 * profile, a home directory, a credentials endpoint), a provider that cannot be read means absent.
 */
export const optionalEnv = (name: string): Effect.Effect<Option.Option<string>> =>
  Effect.orElseSucceed(optionalString(name), Option.none)

/** True when the variable is set to anything but `false` (how the SDKs read their opt-out switches). */
export const isSwitchedOn = (value: Option.Option<string>): boolean =>
  Option.match(value, { onNone: () => false, onSome: (text) => text.trim().toLowerCase() !== "false" })

/** One of `choices`, matched without regard to case. */
export const optionalChoice = <const Choice extends string>(
  name: string,
  choices: ReadonlyArray<Choice>
): Effect.Effect<Option.Option<Choice>, ConfigError> =>
  Effect.flatMap(optionalString(name), (value) => {
    if (Option.isNone(value)) return Effect.succeed(Option.none())
    const normalized = value.value.trim().toLowerCase()
    const choice = choices.find((candidate) => candidate === normalized)
    return choice === undefined
      ? Effect.fail(invalidVariable(name, `Expected one of ${choices.join(", ")}, got ${JSON.stringify(value.value)}`))
      : Effect.succeed(Option.some(choice))
  })

// Both AWS SDKs accept exactly "true" or "false" here (botocore case-insensitively) and reject the rest.
/** A `true`/`false` switch. */
export const optionalAwsBoolean = (name: string): Effect.Effect<Option.Option<boolean>, ConfigError> =>
  Effect.map(optionalChoice(name, ["true", "false"]), Option.map((value) => value === "true"))

/** A whole number of at least `minimum`. */
export const optionalInteger = (name: string, minimum: number): Effect.Effect<Option.Option<number>, ConfigError> =>
  Effect.flatMap(optionalString(name), (value) => {
    if (Option.isNone(value)) return Effect.succeed(Option.none())
    const number = Number(value.value.trim())
    return Number.isSafeInteger(number) && number >= minimum
      ? Effect.succeed(Option.some(number))
      : Effect.fail(
        invalidVariable(name, `Expected a whole number of at least ${minimum}, got ${JSON.stringify(value.value)}`)
      )
  })
