/**
 * *Node-only*: the in-memory SSM served over HTTP on 127.0.0.1, speaking awsJson1.1 and checking
 * SigV4, so this module, any AWS SDK and the AWS CLI can all run against it without an account.
 * Each request is logged at debug level through Effect's logger (nothing shows at the default
 * level): an application that embeds the endpoint keeps its stdout.
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { identifier } from "./internal/identifier.js"
import * as Banner from "./internal/localBanner.js"
import type { LocalEndpointInfo, LocalEndpointOptions } from "./internal/localEndpointApi.js"
import * as Server from "./internal/localServer.js"
import type { LocalEndpointError } from "./line/localEndpointError.js"

/** The server could not start, e.g. the port is taken (declared apart, so the server can fail with it). */
export { LocalEndpointError } from "./line/localEndpointError.js"

export type { LocalEndpointInfo, LocalEndpointOptions } from "./internal/localEndpointApi.js"

/** The running local endpoint, as a service. */
export class LocalEndpoint extends Context.Service<LocalEndpoint, LocalEndpointInfo>()(identifier("LocalEndpoint")) {}

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
  Layer.effect(LocalEndpoint, make(options))

/**
 * What to print on start: the URL, the associations served, and lines to paste into a shell to
 * point any AWS SDK or the AWS CLI at the endpoint. The printed secret is the fixed local test key.
 */
export const startupBanner: (endpoint: LocalEndpointInfo) => string = Banner.startupBanner
