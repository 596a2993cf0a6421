/**
 * Smithy's waiter backoff, as plain arithmetic (the random draw is the caller's): the delay before
 * the next poll doubles from `minDelayMillis` until it would pass `maxDelayMillis`, then stays
 * there; each is drawn between `minDelayMillis` and that ceiling; and a delay that would leave less
 * than `minDelayMillis` before the deadline becomes the last one, sent just before the deadline
 * (Smithy sends it at the deadline, which a poll raced against the deadline could not answer).
 */

/** The two delays every poll is bounded by, in milliseconds (`0 < min <= max`). */
export interface BackoffBounds {
  readonly minDelayMillis: number
  readonly maxDelayMillis: number
}

/** How long before the deadline the last poll is sent, at most: time for it to be answered. */
export const lastPollLeadMillis = 1000

/** The most the delay after poll `attempt` (1-based) may be: Smithy's `attemptCeiling` rule. */
export const delayCeiling = ({ maxDelayMillis, minDelayMillis }: BackoffBounds, attempt: number): number => {
  const attemptCeiling = Math.log(maxDelayMillis / minDelayMillis) / Math.log(2) + 1
  return attempt > attemptCeiling ? maxDelayMillis : Math.min(maxDelayMillis, minDelayMillis * 2 ** (attempt - 1))
}

/** The next poll: the drawn delay, or the last one just before the deadline; none when time is up. */
export type NextPoll =
  | { readonly _tag: "Poll"; readonly delayMillis: number; readonly last: boolean }
  | { readonly _tag: "TimeUp" }

/**
 * Where the next poll goes, given the drawn delay (between `minDelayMillis` and
 * {@link delayCeiling}) and the time left before the deadline.
 */
export const nextPoll = (bounds: BackoffBounds, drawnMillis: number, remainingMillis: number): NextPoll => {
  const lead = Math.min(lastPollLeadMillis, bounds.minDelayMillis)
  if (remainingMillis <= lead) return { _tag: "TimeUp" }
  if (remainingMillis - drawnMillis <= bounds.minDelayMillis) {
    return { _tag: "Poll", delayMillis: remainingMillis - lead, last: true }
  }
  return { _tag: "Poll", delayMillis: drawnMillis, last: false }
}
