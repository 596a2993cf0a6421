/**
 * How a layer limits the start of its requests: a fixed cap, the AWS SDKs' adaptive (CUBIC) mode,
 * or both. One limiter belongs to a layer and is shared by every call and stream made through it;
 * only the start of a request is limited, not how long it takes.
 */

/** How the layer's limiter limits requests. Both modes can be combined. */
export interface RateLimitOptions {
  /**
   * A fixed cap: at most this many requests start per second, on average (a positive number).
   * @default undefined (no fixed cap)
   */
  readonly requestsPerSecond?: number
  /**
   * How many requests may start at once after a quiet period, with the fixed cap.
   * @default requestsPerSecond, at least 1
   */
  readonly burst?: number
  /**
   * The AWS SDKs' adaptive mode, judged: unlimited until throttling rises, then the SDKs' CUBIC token
   * bucket, which slows down on throttling and speeds up again as requests succeed. Unlike the
   * SDKs', each cut is judged by what follows it: when slowing down does not lower the share of
   * answers throttled (throttling the rate does not cause, e.g. a share throttled at random), the
   * limiter lets go and stays unlimited until throttling rises above that share.
   * @default true
   */
  readonly adaptive?: boolean
}
