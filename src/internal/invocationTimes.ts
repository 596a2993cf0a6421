/** GetCommandInvocation's time strings read: an instant, and an ISO-8601 duration. */

/** An `Execution*DateTime` as a `Date`; `undefined` for `""` (not started) or a string that does not parse. */
export const parseDateTime = (value: string | undefined): Date | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? undefined : new Date(millis)
}

const durationPattern = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * `ExecutionElapsedTime` (an ISO-8601 duration such as `PT0.541S` or `PT1H0.271S`) in
 * milliseconds; `undefined` when it is empty or not of the `PnDTnHnMn.nS` form.
 */
export const parseElapsedTime = (value: string | undefined): number | undefined => {
  const match = value === undefined ? null : durationPattern.exec(value.trim())
  if (match === null || value === undefined || value.trim() === "P" || value.trim().endsWith("T")) return undefined
  const [, days, hours, minutes, seconds] = match
  const part = (text: string | undefined, millis: number) => text === undefined ? 0 : Number(text) * millis
  return Math.round(part(days, 86_400_000) + part(hours, 3_600_000) + part(minutes, 60_000) + part(seconds, 1000))
}
