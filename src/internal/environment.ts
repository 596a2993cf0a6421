/**
 * Readers for the AWS environment variables, one behaviour for all of them: unset and empty (or
 * blank) are the same (absent), switches take `true`/`false` in any case, and a bad value is a
 * `ConfigError` that names the variable. They read through the `ConfigProvider`, so tests supply
 * the environment with `ConfigProvider.fromMap` and nothing here touches `process.env`.
 */
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"

/** A variable's value; `None` when unset, empty or blank. */
export const optionalString = (name: string): Config.Config<Option.Option<string>> =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== "")))

/**
 * {@link optionalString} as an effect that cannot fail: where a variable only picks a default (a
 * profile, a home directory, a credentials endpoint), a provider that cannot be read means absent.
 * That includes a runtime that refuses to let the environment be read at all (Deno without
 * `--allow-env` throws on `process.env`), which Effect's provider reports as a defect.
 */
export const optionalEnv = (name: string): Effect.Effect<Option.Option<string>> =>
  optionalString(name).pipe(
    Effect.catchAllDefect(() => Effect.succeed(Option.none())),
    Effect.orElseSucceed(Option.none)
  )

/**
 * Reads `config`; a provider that throws (Deno without `--allow-env`) is a `ConfigError` that says
 * the environment could not be read, not a defect.
 */
export const readEnvironment = <A>(config: Config.Config<A>): Effect.Effect<A, ConfigError.ConfigError> =>
  Effect.catchAllDefect(config, (defect) =>
    Effect.fail(ConfigError.SourceUnavailable(
      [],
      `the environment could not be read (${defect instanceof Error ? defect.message : String(defect)})`,
      Cause.die(defect)
    )))

/** True when the variable is set to anything but `false` (how the SDKs read their opt-out switches). */
export const isSwitchedOn = (value: Option.Option<string>): boolean =>
  Option.match(value, { onNone: () => false, onSome: (text) => text.trim().toLowerCase() !== "false" })

/** One of `choices`, matched without regard to case. */
export const optionalChoice = <const Choice extends string>(
  name: string,
  choices: ReadonlyArray<Choice>
): Config.Config<Option.Option<Choice>> =>
  Config.mapOrFail(optionalString(name), (value) => {
    if (Option.isNone(value)) return Either.right(Option.none())
    const normalized = value.value.trim().toLowerCase()
    const choice = choices.find((candidate) => candidate === normalized)
    return choice === undefined
      ? Either.left(
        ConfigError.InvalidData([name], `Expected one of ${choices.join(", ")}, got ${JSON.stringify(value.value)}`)
      )
      : Either.right(Option.some(choice))
  })

// Both AWS SDKs accept exactly "true" or "false" here (botocore case-insensitively) and reject the rest.
/** A `true`/`false` switch. */
export const optionalAwsBoolean = (name: string): Config.Config<Option.Option<boolean>> =>
  Config.map(optionalChoice(name, ["true", "false"]), Option.map((value) => value === "true"))

/** A whole number of at least `minimum`. */
export const optionalInteger = (name: string, minimum: number): Config.Config<Option.Option<number>> =>
  Config.mapOrFail(optionalString(name), (value) => {
    if (Option.isNone(value)) return Either.right(Option.none())
    const number = Number(value.value.trim())
    return Number.isSafeInteger(number) && number >= minimum
      ? Either.right(Option.some(number))
      : Either.left(
        ConfigError.InvalidData(
          [name],
          `Expected a whole number of at least ${minimum}, got ${JSON.stringify(value.value)}`
        )
      )
  })
