/**
 * *Node-only*: the in-memory SSM served over HTTP on 127.0.0.1, speaking awsJson1.1 and checking
 * SigV4, so this module, any AWS SDK and the AWS CLI can all run against it without an account.
 * Each request is logged at debug level through Effect's logger (nothing shows at the default
 * level): an application that embeds the endpoint keeps its stdout.
 */
import type * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as InMemorySsm from "./InMemorySsm.js"
import { identifier } from "./internal/identifier.js"
import * as Banner from "./internal/localBanner.js"
import type { LocalEndpointError } from "./internal/localEndpointError.js"
import * as Server from "./internal/localServer.js"

/** The server could not start, e.g. the port is taken (declared apart, so the server can fail with it). */
export { LocalEndpointError } from "./internal/localEndpointError.js"

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
  readonly credentials?: ReadonlyArray<InMemorySsm.AcceptedCredentials> | undefined
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
  readonly generate?: InMemorySsm.GenerateOptions | undefined
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
  readonly credentials: InMemorySsm.AcceptedCredentials
  /** Stops the server now instead of at the end of its scope; closing twice is harmless. */
  readonly close: Effect.Effect<void>
}

/** The running local endpoint, as a service. */
export class LocalEndpoint extends Context.Tag(identifier("LocalEndpoint"))<LocalEndpoint, LocalEndpointInfo>() {}

/**
 * Starts a local endpoint for the life of the scope.
 *
 * @example
 * const endpoint = yield* LocalEndpoint.make({ generate: { seed: 7, executionsPerAssociation: 120 } })
 * console.log(LocalEndpoint.startupBanner(endpoint))
 */
export const make: (
  options?: LocalEndpointOptions
) => Effect.Effect<LocalEndpointInfo, LocalEndpointError, Scope.Scope> = Server.make

/** A scoped layer running a local endpoint, for tests and applications. */
export const layer = (options: LocalEndpointOptions = {}): Layer.Layer<LocalEndpoint, LocalEndpointError> =>
  Layer.scoped(LocalEndpoint, make(options))

/**
 * What to print on start: the URL, the associations served, and lines to paste into a shell to
 * point any AWS SDK or the AWS CLI at the endpoint. The printed secret is the fixed local test key.
 */
export const startupBanner: (endpoint: LocalEndpointInfo) => string = Banner.startupBanner
