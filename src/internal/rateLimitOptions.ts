/**
 * How a layer limits the start of its requests, declared once for both Effect lines (each line's
 * `RateLimit.ts` exports it).
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
   * The AWS SDKs' adaptive mode, with a probe: unlimited until throttling rises, then the rate is held
   * at 0.6 of what got through until the requests sent under it are answered. Under a real limit
   * that stops the throttling, and the SDKs' CUBIC bucket takes over (slow down on throttling, speed
   * up as requests succeed); throttling that goes on at that rate, and at a second, lower probe,
   * does not come from the rate, so the limiter lets go and stays unlimited until throttling rises
   * above that share. Each request's answer counts only for the setting it was sent under, so the
   * judgement holds over real HTTP, whatever the latency and however many streams share the layer.
   * @default true
   */
  readonly adaptive?: boolean
}
