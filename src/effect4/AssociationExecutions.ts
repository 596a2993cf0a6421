/**
 * The `AssociationExecutions` service, Effect 4 line: SSM DescribeAssociationExecutions as one
 * retried call (`describe`) and as lazy streams of pages and items; its drill-down
 * DescribeAssociationExecutionTargets (`describeTargets`, `targetPages`, `targets`); what failed,
 * where (`failures`); StartAssociationsOnce (`startOnce`, never repeated once it may have acted) and
 * GetCommandInvocation (`getCommandInvocation`, a failed target's output); one execution followed to
 * its end (`watch`, `awaitExecution`), over any `effect/http` `HttpClient`.
 *
 * @example
 * import { AssociationExecutions } from "ssm-association-executions/effect4"
 * import { Effect, Stream } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const program = Effect.gen(function*() {
 *   const executions = yield* AssociationExecutions.AssociationExecutions
 *   return yield* Stream.runCollect(executions.stream({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" }))
 * })
 *
 * program.pipe(
 *   Effect.provide(AssociationExecutions.layerConfig()),
 *   Effect.provide(FetchHttpClient.layer),
 *   Effect.runPromise
 * )
 */
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as internal from "./internal/client.js"
import { identifier } from "./internal/identifier.js"
import type { Options, Service } from "./internal/service.js"
import * as Settings from "./internal/settings.js"

export type { Options, Service } from "./internal/service.js"
export type { RequestSigner, SignableRequest, SigningOptions } from "./internal/signing.js"

/** The DescribeAssociationExecutions service. */
export class AssociationExecutions extends Context.Service<AssociationExecutions, Service>()(
  identifier("AssociationExecutions")
) {}

/** Builds the service from options. Needs an `HttpClient`; the scope owns the rate limiter and retry quota. */
export const make: (
  options?: Options
) => Effect.Effect<Service, ConfigurationError, HttpClient.HttpClient | Scope.Scope> = internal.make

/** The service from plain values. Needs an `HttpClient` (e.g. `FetchHttpClient.layer` from `effect/http`). */
export const layer = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError, HttpClient.HttpClient> =>
  Layer.effect(AssociationExecutions, make(options))

/**
 * The service from the environment as the AWS SDKs read it (`AWS_REGION`, `AWS_DEFAULT_REGION`,
 * `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`,
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`), through
 * Effect's `ConfigProvider`; explicit options win. On Node, `NodeAssociationExecutions.layerConfig`
 * also reads `~/.aws`.
 */
export const layerConfig = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError | Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(AssociationExecutions, Effect.flatMap(Settings.config(options), make))
