/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
export * as TestClock from "effect/testing/TestClock"
export const line = 4 as const

/** `effect` writing only the log entries at `level` or above. */
export const withMinimumLogLevel =
  (level: "Debug" | "Warning") => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, References.MinimumLogLevel, level === "Debug" ? "Debug" : "Warn")

/** `effect` with each log entry's message appended to `lines` as text (its parts joined by spaces) instead of written. */
export const captureLogs =
  (lines: Array<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(
      effect,
      Logger.CurrentLoggers,
      new Set([
        Logger.make<unknown, void>(({ message }) => {
          lines.push(Array.isArray(message) ? message.join(" ") : String(message))
        })
      ])
    )
