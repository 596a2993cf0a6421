/**
 * How a layer limits the start of its requests: a fixed cap, the AWS SDKs' adaptive (CUBIC) mode,
 * or both. One limiter belongs to a layer and is shared by every call and stream made through it;
 * only the start of a request is limited, not how long it takes.
 */
export type { RateLimitOptions } from "./internal/rateLimitOptions.js"
