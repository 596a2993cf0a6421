/**
 * How one request is retried, declared once for both Effect lines (each line's `RetryPolicy.ts`
 * exports these). Types only: `effect/Schedule` and the errors are the line's own.
 */
import type * as Schedule from "effect/Schedule"
import type { DescribeError } from "../AssociationExecutionsError.js"

/** `throttling` and `transient` errors are retried (with different delays and quota costs), `none` never. */
export type RetryClass = "throttling" | "transient" | "none"

/**
 * Options of the retry quota, shared by every request of a layer: a bucket that retries draw from
 * and successes refill, so that a failing service does not set off a retry storm.
 */
export interface RetryQuotaOptions {
  /** @default 500 */
  readonly capacity?: number | undefined
  /**
   * What a retry after throttling costs. Nothing, by default (the AWS SDKs charge 5): throttling
   * is paced by the rate limiter and the backoff, and charging it let a throttle shared by many
   * streams spend the quota, so that every stream's next error, throttle or 500, got one attempt.
   * @default 0
   */
  readonly throttlingCost?: number | undefined
  /** @default 10 */
  readonly transientCost?: number | undefined
}

/** How one request is retried. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included. AWS standard mode uses 3, tuned for single calls; a long
   * pull makes many requests, so each gets a little more room. `AWS_MAX_ATTEMPTS` sets it too.
   * @default 5
   */
  readonly maxAttempts?: number | undefined
  /**
   * Base of the exponential backoff after a transient error, in milliseconds.
   * @default 100
   */
  readonly baseDelayMillis?: number | undefined
  /**
   * Base of the exponential backoff after throttling, in milliseconds.
   * @default 500
   */
  readonly throttlingBaseDelayMillis?: number | undefined
  /**
   * Cap of the computed backoff, in milliseconds (a server's `Retry-After` may extend it by up to 5 s).
   * @default 20_000
   */
  readonly maxDelayMillis?: number | undefined
  /**
   * The retry quota; `false` turns it off.
   * @default { capacity: 500, throttlingCost: 0, transientCost: 10 }
   */
  readonly quota?: false | RetryQuotaOptions | undefined
  /**
   * Replaces the default {@link classify}: which errors are retried, and as which class.
   * @default classify
   */
  readonly classify?: ((error: DescribeError) => RetryClass) | undefined
  /**
   * Replaces the backoff entirely: its delays are used as they are (`Retry-After` is not applied)
   * and retrying stops when it ends. The classification, `maxAttempts` and the quota still apply.
   * @default full jitter, `random * min(base * 2^retries, maxDelayMillis)`
   */
  readonly schedule?: Schedule.Schedule<unknown, DescribeError> | undefined
}
