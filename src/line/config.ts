/**
 * The Effect 3 line's reading of one environment variable through Effect's `ConfigProvider`, and
 * its `ConfigError`s; `internal/environment.ts` builds every AWS variable's reader on these.
 */
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigErrors from "effect/ConfigError"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"

/** Why the environment could not be read or a variable is not valid. */
export type ConfigError = ConfigErrors.ConfigError

/**
 * The variable's raw value, `None` when unset. A provider that throws (Deno without `--allow-env`
 * throws on `process.env`, which Effect's provider reports as a defect) is a `ConfigError` that
 * says the environment could not be read.
 */
export const readVariable = (name: string): Effect.Effect<Option.Option<string>, ConfigError> =>
  Effect.catchAllDefect(Config.option(Config.string(name)), (defect) =>
    Effect.fail(ConfigErrors.SourceUnavailable(
      [],
      `the environment could not be read (${defect instanceof Error ? defect.message : String(defect)})`,
      Cause.die(defect)
    )))

/** The variable is set to something it cannot be: `message` says what was expected. */
export const invalidVariable = (name: string, message: string): ConfigError => ConfigErrors.InvalidData([name], message)
