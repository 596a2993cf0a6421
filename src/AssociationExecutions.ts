/**
 * The `AssociationExecutions` service: SSM DescribeAssociationExecutions as one retried call
 * (`describe`) and as lazy streams of pages and items, over any `HttpClient`.
 *
 * @example
 * import { AssociationExecutions } from "ssm-association-executions"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Stream } from "effect"
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
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import {
  AwsServiceError,
  type ConfigurationError,
  type CredentialsError,
  type DescribeError,
  type PaginationError,
  TimeoutError
} from "./AssociationExecutionsError.js"
import * as Credentials from "./Credentials.js"
import {
  type AssociationExecution,
  type DescribeAssociationExecutionsInput,
  type DescribeAssociationExecutionsOutput,
  encodeRequestBody,
  validateInput
} from "./DescribeAssociationExecutions.js"
import * as Endpoint from "./Endpoint.js"
import { currentAttemptTimeoutMillis, isEnforcingAttemptTimeout } from "./internal/attemptDeadline.js"
import { optionalAwsBoolean, optionalChoice } from "./internal/environment.js"
import { identifier, packageName } from "./internal/identifier.js"
import { fromHttpClientError, interpretResponse } from "./internal/response.js"
import { redactedHeaderNames, type RequestSigner, signRequest } from "./internal/signing.js"
import * as Pagination from "./Pagination.js"
import * as RateLimit from "./RateLimit.js"
import * as RetryPolicy from "./RetryPolicy.js"

export type { RequestSigner, SignableRequest, SigningOptions } from "./internal/signing.js"

/** What the service offers. Every method has `R = never`. */
export interface Service {
  /** One DescribeAssociationExecutions request (retried per the retry policy). */
  readonly describe: (
    input: DescribeAssociationExecutionsInput
  ) => Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError>
  /** Every page, lazily; each page request is retried on its own. */
  readonly pages: (
    input: Pagination.PagesInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<Pagination.Page, PaginationError>
  /** Every execution of every page, lazily, in the service's order (newest first). */
  readonly stream: (
    input: Pagination.PagesInput,
    options?: Pagination.PaginationOptions
  ) => Stream.Stream<AssociationExecution, PaginationError>
}

/** The DescribeAssociationExecutions service. */
export class AssociationExecutions extends Context.Tag(identifier("AssociationExecutions"))<
  AssociationExecutions,
  Service
>() {}

/** The service over any single-request function: `pages` and `stream` run the real pagination over it. */
export const fromDescribe = (describe: Pagination.FetchPage): Service =>
  AssociationExecutions.of({
    describe,
    pages: (input, options) => Pagination.pages(describe, input, options),
    stream: (input, options) => Pagination.items(describe, input, options)
  })

/** How the service reaches AWS. Every member is optional where the environment can supply it. */
export interface Options extends Endpoint.EndpointOptions {
  /**
   * Static credentials; a provider (e.g. `Credentials.fromProvider(fromNodeProviderChain())`),
   * cached and refreshed by the layer; or an effect that yields credentials for each attempt (e.g.
   * the `get` of a `Credentials` service).
   * @default `Credentials.defaultChain()`: the environment, then container credentials, then IMDSv2
   */
  readonly credentials?:
    | Credentials.StaticCredentialsOptions
    | Credentials.CredentialsProvider<HttpClient.HttpClient>
    | Effect.Effect<Credentials.AwsCredentials, CredentialsError>
    | undefined
  /** Retry policy for each request. See `RetryPolicy.RetryOptions` for the defaults. */
  readonly retry?: RetryPolicy.RetryOptions | undefined
  /** Client-side rate limit shared by every call and stream of this layer. */
  readonly rateLimit?: RateLimit.RateLimitOptions | undefined
  /**
   * Computes SigV4. The default, aws4fetch with WebCrypto, runs anywhere; on Node,
   * `NodeAssociationExecutions.signer` gives the same signatures for less CPU.
   * @default aws4fetch's `AwsV4Signer`
   */
  readonly signer?: RequestSigner | undefined
  /**
   * Time limit for one HTTP attempt, in milliseconds.
   * @default 30000
   */
  readonly timeoutMillis?: number | undefined
}

const contentType = "application/x-amz-json-1.1"
const target = "AmazonSSM.DescribeAssociationExecutions"
const userAgent = `${packageName}/0.1.0`
// The JS SDK corrects its clock when the server's Date differs by this much (spec 5.3).
const clockSkewThresholdMillis = 300_000

// Without explicit credentials, the runtime-neutral default chain (environment, container, IMDSv2),
// cached and refreshed ahead of expiry; its container and IMDS requests use the same HttpClient.
const credentialsEffect = (
  option: Options["credentials"]
): Effect.Effect<
  Effect.Effect<Credentials.AwsCredentials, CredentialsError>,
  never,
  HttpClient.HttpClient | Scope.Scope
> => {
  if (option === undefined) return Effect.map(Credentials.make(Credentials.defaultChain()), (service) => service.get)
  if (Effect.isEffect(option)) return Effect.succeed(option)
  if ("resolve" in option) return Effect.map(Credentials.make([option]), (service) => service.get)
  return Effect.succeed(Effect.succeed(Credentials.fromStatic(option)))
}

/** Builds the service from options. Needs an `HttpClient`; the scope owns the rate limiter. */
export const make = (
  options: Options = {}
): Effect.Effect<Service, ConfigurationError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    // Our call span already carries the exchange (failed attempts as events with status, request
    // id, retry delay); the platform's own span per request would double the tracing cost, and its
    // trace headers mean nothing to AWS.
    const givenClient = yield* HttpClient.HttpClient
    const httpClient = HttpClient.withTracerDisabledWhen(givenClient, () => true)
    const transportEnforcesTimeout = isEnforcingAttemptTimeout(givenClient)
    const endpoint = yield* Either.match(Endpoint.resolveEndpoint(options), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    const limiter = yield* RateLimit.make(options.rateLimit ?? {})
    const quota = yield* RetryPolicy.makeRetryQuota(options.retry?.quota)
    const clockOffsetMillis = yield* Ref.make(0)
    const getCredentials = yield* credentialsEffect(options.credentials)
    const timeoutMillis = options.timeoutMillis ?? 30_000
    const sign = options.signer ?? signRequest
    // Normalised once, so the `amz-sdk-request` header and the retry loop agree.
    const maxAttempts = Math.max(1, Math.floor(options.retry?.maxAttempts ?? RetryPolicy.defaultMaxAttempts))
    const retryOptions: RetryPolicy.RetryOptions = { ...options.retry, maxAttempts }

    // Learns the server's clock from `Date`, as the JS SDK does, and tells whether the request,
    // signed at `signedAtMillis`, was signed with a clock too far from the server's.
    const learnClockSkew = (dateHeader: string | undefined, signedAtMillis: number) =>
      Effect.gen(function*() {
        const serverMillis = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader)
        if (Number.isNaN(serverMillis)) return false
        const localMillis = yield* Clock.currentTimeMillis
        const offset = yield* Ref.get(clockOffsetMillis)
        if (Math.abs(serverMillis - (localMillis + offset)) >= clockSkewThresholdMillis) {
          yield* Ref.set(clockOffsetMillis, serverMillis - localMillis)
        }
        // Judged against the signing time, not the offset: a request signed before another fiber
        // learned the offset is as skewed as the one that taught it.
        return Math.abs(serverMillis - signedAtMillis) >= clockSkewThresholdMillis
      })

    const sendOnce = (
      body: string,
      attempt: number,
      skewRetried: boolean
    ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> =>
      Effect.gen(function*() {
        const credentials = yield* getCredentials
        const signedAt = (yield* Clock.currentTimeMillis) + (yield* Ref.get(clockOffsetMillis))
        const signed = yield* sign(
          { url: endpoint.url, headers: { "content-type": contentType, "x-amz-target": target }, body },
          { region: endpoint.signingRegion, credentials, now: new Date(signedAt) }
        )
        const request = HttpClientRequest.post(endpoint.url).pipe(
          HttpClientRequest.setHeaders(signed),
          HttpClientRequest.setHeaders({
            "user-agent": userAgent,
            "amz-sdk-request": `attempt=${attempt}; max=${maxAttempts}`
          }),
          HttpClientRequest.bodyText(body, contentType)
        )
        const exchange = yield* httpClient.execute(request).pipe(
          Effect.flatMap((response) =>
            Effect.map(response.text, (text) => ({ status: response.status, headers: response.headers, body: text }))
          ),
          Effect.mapError((error) => fromHttpClientError(error, attempt)),
          Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...redactedHeaderNames])
        )
        const skewed = yield* learnClockSkew(exchange.headers["date"], signedAt)
        const result = interpretResponse(exchange, attempt, yield* Clock.currentTimeMillis)
        if (Either.isRight(result)) return result.right
        // A client error from a request signed with a skewed clock was most likely caused by our
        // clock: sign again with the corrected time, once.
        if (skewed && !skewRetried && result.left instanceof AwsServiceError && result.left.fault === "client") {
          return yield* sendOnce(body, attempt, true)
        }
        return yield* result.left
      }).pipe((attemptEffect) =>
        // The whole attempt, credentials and signing included: a provider that never answers must
        // not hang a stream. A transport that enforces the timeout itself saves the race's fibers;
        // the credentials cache then bounds its own wait (see `attemptDeadline.ts`).
        transportEnforcesTimeout
          ? Effect.locally(attemptEffect, currentAttemptTimeoutMillis, timeoutMillis)
          : Effect.timeoutFail(attemptEffect, {
            duration: Duration.millis(timeoutMillis),
            onTimeout: () => new TimeoutError({ scope: "attempt", timeoutMillis, attempts: attempt })
          })
      )

    const describe = (input: DescribeAssociationExecutionsInput) =>
      validateInput(input).pipe(
        Effect.flatMap((valid) => {
          const body = encodeRequestBody(valid)
          return RetryPolicy.retryRequest((attempt) => sendOnce(body, attempt, false), {
            options: retryOptions,
            quota,
            limiter
          })
        }),
        Effect.withSpan("DescribeAssociationExecutions", {
          attributes: { "rpc.service": "SSM" },
          captureStackTrace: false
        })
      )

    return fromDescribe(describe)
  })

/** The service from plain values. Needs an `HttpClient` (e.g. `FetchHttpClient.layer`). */
export const layer = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError, HttpClient.HttpClient> =>
  Layer.scoped(AssociationExecutions, make(options))

/** Settings of lower precedence than the environment: on Node, the shared config profile. */
export interface ProfileSettings {
  readonly options?: Options | undefined
  /** The profile's `ignore_configured_endpoint_urls`. */
  readonly ignoreConfiguredEndpointUrls?: boolean | undefined
  /** The profile's `retry_mode`. */
  readonly retryMode?: "standard" | "adaptive" | "legacy" | undefined
}

const withoutEndpoint = <A extends Endpoint.EndpointOptions>(
  { endpoint: _endpoint, ...rest }: A
): Omit<A, "endpoint"> => rest

/**
 * Reads what the AWS SDKs read from the environment (`AWS_REGION`, `AWS_DEFAULT_REGION`,
 * `AWS_ENDPOINT_URL_SSM`, `AWS_ENDPOINT_URL`, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`,
 * `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`). Explicit options win
 * over the environment, which wins over the profile.
 */
export const config = (options: Options = {}, profile: ProfileSettings = {}): Config.Config<Options> =>
  Config.map(
    Config.all({
      endpoint: Endpoint.endpointConfig,
      maxAttempts: RetryPolicy.maxAttemptsConfig,
      ignoreConfiguredEndpointUrls: optionalAwsBoolean("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
      retryMode: optionalChoice("AWS_RETRY_MODE", ["standard", "adaptive", "legacy"])
    }),
    ({ endpoint, ignoreConfiguredEndpointUrls, maxAttempts, retryMode }): Options => {
      const fromProfile = profile.options ?? {}
      // The switch skips every configured endpoint, environment and profile alike (spec 1.3); the
      // environment's setting, true or false, wins over the profile's.
      const ignore = Option.getOrElse(ignoreConfiguredEndpointUrls, () => profile.ignoreConfiguredEndpointUrls === true)
      const fromEnvironment = ignore ? withoutEndpoint(endpoint) : endpoint
      const profileOptions = ignore ? withoutEndpoint(fromProfile) : fromProfile
      const resolvedMaxAttempts = options.retry?.maxAttempts ?? Option.getOrUndefined(maxAttempts) ??
        fromProfile.retry?.maxAttempts
      // The SDKs' retry modes: `adaptive` adds the client-side limiter (our default); `standard` and
      // `legacy` ask for retries without it.
      const mode = Option.getOrUndefined(retryMode) ?? profile.retryMode
      const adaptive = options.rateLimit?.adaptive ?? (mode === undefined ? undefined : mode === "adaptive")
      return {
        ...profileOptions,
        ...options,
        rateLimit: { ...options.rateLimit, ...(adaptive === undefined ? {} : { adaptive }) },
        ...Endpoint.mergeEndpointOptions(Endpoint.mergeEndpointOptions(options, fromEnvironment), profileOptions),
        retry: {
          ...fromProfile.retry,
          ...options.retry,
          ...(resolvedMaxAttempts === undefined ? {} : { maxAttempts: resolvedMaxAttempts })
        }
      }
    }
  )

/** The service from the environment (see {@link config}); explicit options win. */
export const layerConfig = (
  options: Options = {}
): Layer.Layer<AssociationExecutions, ConfigurationError | ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(AssociationExecutions, Effect.flatMap(config(options), make))
