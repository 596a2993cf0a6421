/**
 * Reads one environment setting through the `ConfigProvider`, so tests supply the environment with
 * `ConfigProvider.fromMap` and nothing here touches `process.env`.
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** The variable's value; `None` when it is unset or empty (the SDKs treat both alike). */
export const optionalEnv = (name: string): Effect.Effect<Option.Option<string>> =>
  Effect.configProviderWith((provider) => Effect.option(provider.load(Config.string(name)))).pipe(
    Effect.map(Option.filter((value) => value !== ""))
  )

/** True when the variable is set to anything but `false` (how the SDKs read their opt-out switches). */
export const isSwitchedOn = (value: Option.Option<string>): boolean =>
  Option.match(value, { onNone: () => false, onSome: (text) => text.trim().toLowerCase() !== "false" })
