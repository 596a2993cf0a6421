/**
 * AWS JSON timestamps as milliseconds: epoch seconds as a number or numeric string (exponent form
 * included), or an ISO-8601 date-time. Shared by the output schema and the fast page decoder, so
 * both read a timestamp the same way.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { identifier } from "./identifier.js"

const numericText = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const isoDateTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i

// Like the JS SDK: epoch seconds to whole milliseconds, rounding (1550505827.119 -> ...827119).
const secondsToMillis = (seconds: number): number | undefined =>
  Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined

const isoToMillis = (text: string): number | undefined => {
  const match = isoDateTime.exec(text)
  if (match === null) return undefined
  const [, dateAndTime = "", fraction, zone = ""] = match
  const wholeSeconds = Date.parse(`${dateAndTime}${zone.toUpperCase()}`.replace(/t/i, "T"))
  const fractionMillis = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000)
  return Number.isNaN(wholeSeconds) ? undefined : wholeSeconds + fractionMillis
}

/** The timestamp in milliseconds since the epoch, or `undefined` when it reads as neither form. */
export const wireTimestampToMillis = (wire: number | string): number | undefined => {
  if (typeof wire === "number") return secondsToMillis(wire)
  const text = wire.trim()
  return numericText.test(text) ? secondsToMillis(Number(text)) : isoToMillis(text)
}

/**
 * An AWS JSON timestamp: epoch seconds as a JSON number (fractions and exponent form such as
 * `1.529008678885E9` included), a numeric string, or an ISO-8601 string, decoded to a `Date`
 * rounded to the millisecond. Encodes to epoch seconds with millisecond precision.
 */
export const EpochSeconds: Schema.Schema<Date, number | string> = Schema.transformOrFail(
  Schema.Union(Schema.Number, Schema.String),
  Schema.ValidDateFromSelf,
  {
    strict: true,
    decode: (wire, _, ast) => {
      const millis = wireTimestampToMillis(wire)
      return millis === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, wire, "expected epoch seconds or an ISO-8601 date-time"))
        : ParseResult.succeed(new Date(millis))
    },
    encode: (date) => ParseResult.succeed(date.getTime() / 1000)
  }
).annotations({ identifier: identifier("EpochSeconds") })
