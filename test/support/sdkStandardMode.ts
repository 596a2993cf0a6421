/**
 * The AWS SDK for JavaScript v3 in standard mode, modelled as this client with the SDK's settings,
 * for the limiter's comparisons (test/Concurrency.test.ts, bench/limiter.ts). As
 * `@aws-sdk/client-ssm` 3.1169.0 runs it (`@smithy/core` 3.41.1, whose `Retry` class hard-wires the
 * spec's "retries 2026" numbers): 3 attempts, full-jitter backoff from 1000 ms after throttling and
 * 50 ms otherwise, capped at 20 s; a retry quota of 500 where a throttling retry costs 5 and any
 * other 14; no client-side rate limit, no patience. A page that fails after its 3 attempts is asked for again
 * from where the stream stopped, as a caller of the SDK's paginator would have to.
 */
import type { PullScenario } from "./virtualClock.js"

type SdkModel = Pick<PullScenario, "retry" | "rateLimit" | "resumeAfterFailure" | "patienceMillis">

export const sdkStandard: SdkModel = {
  retry: {
    maxAttempts: 3,
    baseDelayMillis: 50,
    throttlingBaseDelayMillis: 1_000,
    maxDelayMillis: 20_000,
    quota: { capacity: 500, throttlingCost: 5, transientCost: 14 }
  },
  rateLimit: { adaptive: false },
  // The SDK's paginator has no patience: a page out of attempts fails, and the caller resumes.
  patienceMillis: 0,
  resumeAfterFailure: true
}

/** The same with the `SMITHY_NEW_RETRIES_2026` switch off (smithy-typescript's source default): 500/100 ms, costs 5/10. */
export const sdkStandardClassic: SdkModel = {
  retry: {
    maxAttempts: 3,
    baseDelayMillis: 100,
    throttlingBaseDelayMillis: 500,
    maxDelayMillis: 20_000,
    quota: { capacity: 500, throttlingCost: 5, transientCost: 10 }
  },
  rateLimit: { adaptive: false },
  // The SDK's paginator has no patience: a page out of attempts fails, and the caller resumes.
  patienceMillis: 0,
  resumeAfterFailure: true
}
