/**
 * The Effect 4 line's reading of one environment variable through Effect's `ConfigProvider`, and
 * its `ConfigError`s; `internal/environment.ts` builds every AWS variable's reader on these.
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"

/** Why the environment could not be read or a variable is not valid. */
export type ConfigError = Config.ConfigError

/**
 * The variable's raw value, `None` when unset. A provider that throws (Deno without `--allow-env`
 * throws on `process.env`) is a `ConfigError` that says the environment could not be read.
 */
export const readVariable = (name: string): Effect.Effect<Option.Option<string>, Config.ConfigError> =>
  Effect.catchDefect(Config.option(Config.String(name)), (defect) =>
    Effect.fail(
      new Config.ConfigError(
        new ConfigProvider.SourceError({
          message: `the environment could not be read (${defect instanceof Error ? defect.message : String(defect)})`,
          cause: defect
        })
      )
    ))

/** The variable is set to something it cannot be: `message` says what was expected. */
export const invalidVariable = (name: string, message: string): Config.ConfigError =>
  new Config.ConfigError(
    new Schema.SchemaError(new SchemaIssue.Pointer([name], new SchemaIssue.InvalidValue({ message })))
  )
