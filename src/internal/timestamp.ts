/**
 * AWS JSON timestamps as milliseconds: epoch seconds as a number or numeric string (exponent form
 * included), or an ISO-8601 date-time. Shared by both lines' output schemas (`EpochSeconds`) and the
 * fast page decoder, so all of them read a timestamp the same way.
 */

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

/** A date as the epoch seconds AWS writes, with millisecond precision. */
export const dateToEpochSeconds = (date: Date): number => date.getTime() / 1000

/** What a timestamp that reads as neither form is told. */
export const timestampMismatch = "expected epoch seconds or an ISO-8601 date-time"
