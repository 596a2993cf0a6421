/**
 * How one request is retried: which errors (AWS standard mode's classes), how long to wait, how
 * many attempts, and the retry quota a layer shares. Retries happen per request, never by
 * restarting a stream, so a page is never delivered twice.
 */
import type { DescribeTargetsError } from "./AssociationExecutionsError.js"
import * as internal from "./internal/retry.js"
import type { RetryClass } from "./internal/retryOptions.js"

export type { RetryClass, RetryOptions, RetryQuotaOptions } from "./internal/retryOptions.js"

/**
 * AWS standard mode's classification. Throttling: `ThrottlingError`, or any AWS error with a
 * throttling code or HTTP 429. Transient: `InternalServerError`, HTTP 500/502/503/504,
 * `RequestTimeout(Exception)`, transport failures, a timed-out attempt, a body that is not JSON.
 * Everything else is not retried, including other 5xx (the SDKs' SERVER_ERROR class). Clock-skew
 * errors are retried by the client itself, not here.
 */
export const classify: (error: DescribeTargetsError) => RetryClass = internal.classify

/** Attempts in all, the first included, when neither the option nor `AWS_MAX_ATTEMPTS` says otherwise. */
export const defaultMaxAttempts: typeof internal.defaultMaxAttempts = internal.defaultMaxAttempts
