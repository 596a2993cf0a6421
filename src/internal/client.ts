/**
 * The engine of the `AssociationExecutions` service: one request validated, signed, sent through
 * the retry loop and decoded; the streams run over it. `AssociationExecutions.ts` declares it.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import { AssociationExecutions, type Options, type Service } from "../AssociationExecutions.js"
import {
  AwsServiceError,
  type ConfigurationError,
  type CredentialsError,
  type DescribeError,
  TimeoutError
} from "../AssociationExecutionsError.js"
import * as Credentials from "../Credentials.js"
import type {
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import * as Endpoint from "../Endpoint.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { currentAttemptTimeoutMillis, isEnforcingAttemptTimeout } from "./attemptDeadline.js"
import { cached } from "./credentials/cache.js"
import { chain } from "./credentials/provider.js"
import { encodeRequestBody, validateInput } from "./describeRequest.js"
import { packageName } from "./identifier.js"
import * as Pagination from "./pagination.js"
import * as RateLimiter from "./rateLimiter.js"
import { fromHttpClientError, interpretResponse } from "./response.js"
import * as Retry from "./retry.js"
import { redactedHeaderNames, signRequest } from "./signing.js"

/** The service over any single-request function: `pages` and `stream` run the real pagination over it. */
export const fromDescribe = (describe: Pagination.FetchPage): Service =>
  AssociationExecutions.of({
    describe,
    pages: (input, options) => Pagination.pages(describe, input, options),
    stream: (input, options) => Pagination.items(describe, input, options)
  })

const contentType = "application/x-amz-json-1.1"
const target = "AmazonSSM.DescribeAssociationExecutions"
const userAgent = `${packageName}/0.1.0`
// The JS SDK corrects its clock when the server's Date differs by this much (spec 5.3).
const clockSkewThresholdMillis = 300_000

const isProviderList = (
  option: NonNullable<Options["credentials"]>
): option is ReadonlyArray<Credentials.CredentialsProvider<HttpClient.HttpClient>> => Array.isArray(option)

// Without explicit credentials, the runtime-neutral default chain (environment, container, IMDSv2),
// cached and refreshed ahead of expiry; its container and IMDS requests use the same HttpClient.
const credentialsEffect = (
  option: Options["credentials"]
): Effect.Effect<
  Effect.Effect<Credentials.AwsCredentials, CredentialsError>,
  never,
  HttpClient.HttpClient | Scope.Scope
> => {
  if (option === undefined) return cached(chain(Credentials.defaultChain()))
  if (isProviderList(option)) return cached(chain(option))
  if (Effect.isEffect(option)) return Effect.succeed(option)
  if ("resolve" in option) return cached(chain([option]))
  return Effect.succeed(Effect.succeed(Credentials.fromStatic(option)))
}

/** Builds the service; see `AssociationExecutions.make`. */
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
    const limiter = yield* RateLimiter.make(options.rateLimit ?? {})
    const quota = yield* Retry.makeRetryQuota(options.retry?.quota)
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
          return Retry.retryRequest((attempt) => sendOnce(body, attempt, false), {
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
