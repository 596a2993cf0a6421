/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
export * as TestClock from "effect/TestClock"
export const line = 3 as const

/** `effect` writing only the log entries at `level` or above. */
export const withMinimumLogLevel =
  (level: "Debug" | "Warning") => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Logger.withMinimumLogLevel(effect, level === "Debug" ? LogLevel.Debug : LogLevel.Warning)

/** `effect` with each log entry's message appended to `lines` as text (its parts joined by spaces) instead of written. */
export const captureLogs =
  (lines: Array<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provide(
      effect,
      Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ message }) => {
          lines.push(Array.isArray(message) ? message.join(" ") : String(message))
        })
      )
    )
