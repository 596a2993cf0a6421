/**
 * Times and durations typed on the command line: `--created-after 7d` (relative to Effect's
 * `Clock`, so tests run under `TestClock`) or an ISO-8601 date, turned into the UTC timestamp the
 * CreatedTime filter takes; `--timeout 5000` or `5s`; `--deadline 10m`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"

const unitMillis: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000
}

const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/
const durationPart = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g

/** Milliseconds of a duration such as `30m`, `12h`, `7d`, `1h30m` or `500ms`; `undefined` if it is not one. */
export const parseDuration = (text: string): number | undefined => {
  const trimmed = text.trim()
  if (!durationPattern.test(trimmed)) return undefined
  let total = 0
  for (const [, amount, unit] of trimmed.matchAll(durationPart)) {
    total += Number(amount) * (unit === undefined ? Number.NaN : unitMillis[unit] ?? Number.NaN)
  }
  return Number.isFinite(total) ? total : undefined
}

// A date, or a date-time with an optional fraction and an optional zone.
const isoPattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?)?$/

/**
 * Epoch milliseconds of an ISO-8601 date or date-time. A date means midnight UTC; a date-time
 * without a zone is read as UTC, the zone SSM reports times in.
 */
export const parseIsoTimestamp = (text: string): number | undefined => {
  const match = isoPattern.exec(text.trim())
  if (match === null) return undefined
  const [, date, time, fraction, zone] = match
  const clock = time === undefined ? "00:00:00" : time.length === 5 ? `${time}:00` : time
  const millis = fraction === undefined ? "" : `.${fraction.slice(0, 3).padEnd(3, "0")}`
  const offset = zone === undefined || zone === "z"
    ? "Z"
    : zone.length === 5
    ? `${zone.slice(0, 3)}:${zone.slice(3)}`
    : zone
  const parsed = Date.parse(`${date}T${clock}${millis}${offset}`)
  if (Number.isNaN(parsed)) return undefined
  // Date.parse rolls 2025-02-30 over to March; a date that does not exist is a typo.
  const midnight = new Date(Date.parse(`${date}T00:00:00Z`))
  return midnight.toISOString().startsWith(date ?? "") ? parsed : undefined
}

// The largest distance from the epoch a JavaScript Date can hold.
const maxDateMillis = 8.64e15

/**
 * The UTC timestamp (`2025-05-01T00:00:00.000Z`) a `--created-after` / `--created-before` value
 * names: a duration before `nowMillis` (`7d`, `12h`, `30m`) or an ISO-8601 date or date-time.
 */
export const parseTimeBound = (text: string, nowMillis: number): Either.Either<string, string> => {
  const ago = parseDuration(text)
  // A relative time that reaches back before 1970 is a typo or an overflow (99999999d): nothing in
  // SSM is that old, and such a date prints with a signed six-digit year no filter accepts.
  if (ago !== undefined && !(nowMillis - ago >= 0)) {
    return Either.left(
      `'${text}' reaches back before 1970-01-01, further than anything SSM holds: give a shorter relative time ` +
        "(7d, 12h) or an ISO-8601 date (2025-05-01)"
    )
  }
  const millis = ago === undefined ? parseIsoTimestamp(text) : nowMillis - ago
  return millis === undefined || !(Math.abs(millis) <= maxDateMillis)
    ? Either.left(
      `'${text}' is neither a relative time (7d, 12h, 30m, 1h30m) nor an ISO-8601 date (2025-05-01, 2025-05-01T08:00:00Z)`
    )
    : Either.right(new Date(millis).toISOString())
}

/** {@link parseTimeBound} against the current time of Effect's `Clock`. */
export const resolveTimeBound = (text: string): Effect.Effect<Either.Either<string, string>> =>
  Effect.map(Clock.currentTimeMillis, (now) => parseTimeBound(text, now))

/** Milliseconds of a `--timeout`: a whole number of milliseconds (`5000`) or a duration (`5s`, `1m`). */
export const parseTimeoutMillis = (text: string): Either.Either<number, string> => {
  const trimmed = text.trim()
  const millis = /^\d+$/.test(trimmed) ? Number(trimmed) : parseDuration(trimmed)
  return millis === undefined || millis < 1
    ? Either.left(`'${text}' is not a timeout: give milliseconds (5000) or a duration (5s, 1m)`)
    : Either.right(Math.round(millis))
}

/** Milliseconds of `--patience`: a duration (`5m`), or 0 for none. */
export const parsePatienceMillis = (text: string): Either.Either<number, string> => {
  const trimmed = text.trim()
  const millis = trimmed === "0" ? 0 : parseDuration(trimmed)
  return millis === undefined || !(millis >= 0)
    ? Either.left(`'${text}' is not a patience: give a duration such as 90s or 5m, or 0 for none`)
    : Either.right(Math.round(millis))
}

/** Milliseconds of a `--deadline` for the whole listing: a duration (`90s`, `10m`, `1h30m`), as relative times are written. */
export const parseDeadlineMillis = (text: string): Either.Either<number, string> => {
  const millis = parseDuration(text)
  return millis === undefined || !(millis >= 1)
    ? Either.left(`'${text}' is not a deadline: give a duration such as 90s, 10m or 1h30m`)
    : Either.right(Math.round(millis))
}
