/**
 * A token bucket as plain arithmetic: refilled at `fillRate` tokens a second up to `capacity`, one
 * token a request. No Effect here: the limiter (`rateLimiter.ts`) keeps it in a `Ref` and reads the
 * time from Effect's `Clock`.
 */

export interface TokenBucket {
  readonly tokens: number
  readonly capacity: number
  /** Tokens per second. */
  readonly fillRate: number
  readonly refilledAtMillis: number
}

/** The fewest tokens a bucket holds when full, and the slowest it refills (the AWS SDKs' floor). */
export const minimumCapacity = 1
export const minimumFillRate = 0.5

// Float sums like 0.7 * 10/7 land a hair below 1; that is still a whole token, and a wait of
// 963.0000000001 ms is a wait of 963 ms.
const tokenTolerance = 1e-6
const millisTolerance = 1e-6

export const refill = (bucket: TokenBucket, nowMillis: number): TokenBucket => ({
  ...bucket,
  tokens: Math.min(
    bucket.capacity,
    bucket.tokens + Math.max(0, nowMillis - bucket.refilledAtMillis) / 1000 * bucket.fillRate
  ),
  refilledAtMillis: Math.max(nowMillis, bucket.refilledAtMillis)
})

/** 0 when a token is there now, else the whole milliseconds until there is one. */
export const millisUntilToken = (bucket: TokenBucket): number =>
  bucket.tokens >= 1 - tokenTolerance
    ? 0
    : Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.fillRate * 1000 - millisTolerance))

export const takeToken = (bucket: TokenBucket): TokenBucket => ({ ...bucket, tokens: bucket.tokens - 1 })

/** The bucket refilled to now, then set to `rate` a second, holding at most a second's worth. */
export const withRate = (bucket: TokenBucket, rate: number, nowMillis: number): TokenBucket => {
  const refilled = refill(bucket, nowMillis)
  const capacity = Math.max(rate, minimumCapacity)
  return {
    tokens: Math.min(refilled.tokens, capacity),
    capacity,
    fillRate: Math.max(rate, minimumFillRate),
    refilledAtMillis: refilled.refilledAtMillis
  }
}
