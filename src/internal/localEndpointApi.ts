/**
 * *Node-only*: the local endpoint's public types, declared once for both Effect lines (each line's
 * `LocalEndpoint.ts` re-exports them): how to run one, and a running one.
 */
import type * as Clock from "effect/Clock"
import type * as Effect from "effect/Effect"
import type * as InMemorySsm from "./inMemory/api.js"
import type { GenerateOptions } from "./inMemory/api.js"
import type { AcceptedCredentials } from "./sigv4Verify.js"

/** How to run a local endpoint. */
export interface LocalEndpointOptions {
  /**
   * TCP port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number | undefined
  /**
   * The region it serves: clients must sign for it.
   * @default "us-east-1"
   */
  readonly region?: string | undefined
  /**
   * Credentials it accepts; the first is printed in the banner.
   * @default [InMemorySsm.localCredentials]
   */
  readonly credentials?: ReadonlyArray<AcceptedCredentials> | undefined
  /**
   * Check SigV4 like AWS. With `false`, any signature (or none) is accepted.
   * @default true
   */
  readonly verifySignatures?: boolean | undefined
  /** The model to serve; when absent one is generated from `generate`. */
  readonly model?: InMemorySsm.InMemorySsm | undefined
  /**
   * How to generate the model when `model` is absent. Its `requestLogLimit` bounds what the endpoint
   * remembers of the requests it serves, however long it runs. Its `rateLimit` (`{ requestsPerSecond,
   * burst }`, a token bucket) makes the endpoint answer 400 `ThrottlingException` "Rate exceeded" past
   * that rate, as SSM does, so a real limit can be reproduced on one machine; its `randomFaults` add
   * throttling, 500s, dropped connections and latency at random. Its history ends when the endpoint
   * starts (by `clock`) unless `now` fixes the instant, so "the last 7 days" finds executions; a test
   * that compares times passes a fixed `now`.
   * @default { seed: 1 }: no rate limit, no faults, the last 10,000 requests remembered
   */
  readonly generate?: GenerateOptions | undefined
  /**
   * The clock by which the endpoint judges signature times, dates its answers and paces its faults.
   * Real clients sign with the wall clock; a test whose client runs on a virtual clock passes that
   * clock here, so both agree on the time.
   * @default the wall clock, even inside a test runtime
   */
  readonly clock?: Clock.Clock | undefined
}

/** A running local endpoint. */
export interface LocalEndpointInfo {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  readonly region: string
  readonly model: InMemorySsm.InMemorySsm
  /** The credentials printed in the banner (the first accepted pair). */
  readonly credentials: AcceptedCredentials
  /** Stops the server now instead of at the end of its scope; closing twice is harmless. */
  readonly close: Effect.Effect<void>
}
