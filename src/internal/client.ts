/**
 * The engine of the `AssociationExecutions` service: one call of either operation validated,
 * signed, sent through the retry loop and decoded (`operation.ts` says what differs); the streams
 * run over those calls. `AssociationExecutions.ts` declares it.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import {
  type AssociationDoesNotExist,
  AwsServiceError,
  ConfigurationError,
  type DescribeError,
  type InvalidNextToken
} from "../AssociationExecutionsError.js"
import * as Credentials from "../Credentials.js"
import { timeoutFail } from "../line/timing.js"
import { fromHttpClient, HttpClient } from "../line/transport.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { always, cached, type CredentialsSource, uncached } from "./credentials/cache.js"
import { chain } from "./credentials/provider.js"
import { resolve as resolveEndpoint } from "./endpoint.js"
import { failures } from "./failures.js"
import { packageName } from "./identifier.js"
import {
  describeExecutions,
  describeTargets,
  getCommandInvocation,
  type RequestOperation,
  startAssociationsOnce
} from "./operation.js"
import * as Pagination from "./pagination.js"
import * as RateLimiter from "./rateLimiter.js"
import { interpretResponse, type Outcome, redirectErrorCode, requestIdOf, type ResponseError } from "./response.js"
import * as Retry from "./retry.js"
import { attemptSecrets } from "./scrub.js"
import type { Options, Service } from "./service.js"
import { signRequest } from "./signing.js"
import { makeStartOnce } from "./startOnce.js"
import {
  type AttemptDeadline,
  contentType,
  defaultMaxResponseBytes,
  millisLeft,
  timedOut,
  type Transport
} from "./transport.js"
import { awaitExecution, watch } from "./watch.js"

/** The two single-request functions the listings are built on. */
export type Describers = Pick<Service, "describe" | "describeTargets">

/** Every single-request function a service is built on. */
export type Requests = Describers & Pick<Service, "startOnce" | "getCommandInvocation">

/** What a layer sets for every stream made through it; a stream's own options win. */
export interface StreamDefaults {
  readonly patienceMillis?: number | undefined
}

/** The service over single-request functions: every stream runs the real pagination over them. */
export const fromRequests = (
  { describe, describeTargets, getCommandInvocation, startOnce }: Requests,
  defaults: StreamDefaults = {}
): Service => {
  const withDefaults = <Options extends StreamDefaults>(options: Options | undefined): Options | StreamDefaults =>
    defaults.patienceMillis === undefined || options?.patienceMillis !== undefined
      ? options ?? {}
      : { ...options, patienceMillis: defaults.patienceMillis }
  const targetPages: Service["targetPages"] = (input, options) =>
    Pagination.pagesOf(Pagination.targetsListing(describeTargets, input), withDefaults(options))
  return identity<Service>({
    describe,
    pages: (input, options) => Pagination.pages(describe, input, withDefaults(options)),
    stream: (input, options) => Pagination.items(describe, input, withDefaults(options)),
    describeTargets,
    targetPages,
    targets: (input, options) => Stream.flatMap(targetPages(input, options), (page) => Stream.fromIterable(page.items)),
    failures: (associationId, options) =>
      failures({ describe, describeTargets, getCommandInvocation }, associationId, withDefaults(options)),
    startOnce,
    getCommandInvocation,
    watch: (input, options) => watch({ describe, describeTargets }, input, options),
    awaitExecution: (input, options) => awaitExecution({ describe, describeTargets }, input, options)
  })
}

/** What every request can fail with whatever its operation: the modeled errors are its own. */
type RequestError = Exclude<DescribeError, AssociationDoesNotExist | InvalidNextToken>

const sharedAnswerTags: ReadonlySet<string> = new Set([
  "InternalServerError",
  "ThrottlingError",
  "AwsServiceError",
  "ResponseDecodeError"
])

const isSharedAnswer = <Modeled>(error: ResponseError | Modeled): error is ResponseError =>
  error instanceof Error && "_tag" in error && typeof error._tag === "string" && sharedAnswerTags.has(error._tag)

// A modeled answer passes the retry loop, which records every failed attempt as an event on the
// call's span (what `--debug` and traces show); this records it the same way, as not retried.
const recordModeledAnswer = (
  error: unknown,
  httpStatus: number,
  requestId: string | undefined,
  attempt: number
) =>
  Effect.flatMap(
    Effect.option(Effect.currentSpan),
    (span) =>
      Option.isNone(span) ?
        Effect.void :
        Effect.map(Clock.currentTimeNanos, (now) =>
          span.value.event("attempt failed", now, {
            attempt,
            "error.type": Predicate.hasProperty(error, "_tag") ? error._tag : "Error",
            "retry.class": "none",
            "http.response.status_code": httpStatus,
            ...(requestId === undefined ? {} : { "aws.request_id": requestId }),
            "retry.scheduled": false
          }))
  )

// The retry loop's type admits every DescribeError, but only attempt errors reach it (an
// operation's modeled errors travel past it as answers), so these two never come out of it; they
// are mapped rather than cast, should that ever change.
const asRequestError = (error: DescribeError): RequestError =>
  error._tag === "AssociationDoesNotExist" || error._tag === "InvalidNextToken"
    ? new AwsServiceError({
      code: error._tag,
      awsMessage: error.message,
      fault: "client",
      operation: error.operation,
      requestId: error.requestId,
      httpStatus: error.httpStatus,
      attempts: error.attempts
    })
    : error

const userAgent = `${packageName}/0.1.0`
// The JS SDK corrects its clock when the server's Date differs by this much (spec 5.3).
const clockSkewThresholdMillis = 300_000

const isProviderList = (
  option: NonNullable<Options["credentials"]>
): option is ReadonlyArray<Credentials.CredentialsProvider<HttpClient>> => Array.isArray(option)

// Without explicit credentials, the runtime-neutral default chain (environment, container, IMDSv2),
// cached and refreshed ahead of expiry; its container and IMDS requests use the layer's HttpClient.
const credentialsSource = (
  option: Options["credentials"]
): Effect.Effect<CredentialsSource, never, HttpClient | Scope.Scope> => {
  if (option === undefined) return cached(chain(Credentials.defaultChain()))
  if (isProviderList(option)) return cached(chain(option))
  if (Effect.isEffect(option)) return Effect.succeed(uncached(option))
  if ("resolve" in option) return cached(chain([option]))
  return Effect.succeed(always(Credentials.fromStatic(option)))
}

// A limit of zero, a negative one or NaN would fail every request; say so when the layer is built.
const positiveOption = (name: string, value: number | undefined, fallback: number) =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isFinite(value) && value > 0
    ? Effect.succeed(value)
    : Effect.fail(new ConfigurationError({ reason: `${name} must be a number more than 0, not ${String(value)}` }))

/** What one attempt needs of its operation. */
type AttemptOperation<Output, Modeled> = Pick<
  RequestOperation<never, Output, Modeled>,
  "name" | "decodeOutput" | "modeledError" | "emptyBodyAllowed"
>

/** Builds the service over an `HttpClient`; see `AssociationExecutions.make`. */
export const make = (
  options: Options = {}
): Effect.Effect<Service, ConfigurationError, HttpClient | Scope.Scope> =>
  Effect.flatMap(HttpClient, (client) => makeWith(options, fromHttpClient(client)))

/**
 * Builds the service over `transport`. The `HttpClient` serves the credentials endpoints
 * (container, IMDS); the scope owns the rate limiter, the retry quota and the credentials cache.
 */
export const makeWith = (
  options: Options,
  transport: Transport
): Effect.Effect<Service, ConfigurationError, HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const resolution = resolveEndpoint(options)
    if (!resolution.ok) return yield* Effect.fail(resolution.error)
    const endpoint = resolution.value
    const limiter = yield* RateLimiter.make(options.rateLimit ?? {})
    const quota = yield* Retry.makeRetryQuota(options.retry?.quota)
    const clockOffsetMillis = yield* Ref.make(0)
    const credentials = yield* credentialsSource(options.credentials)
    const timeoutMillis = yield* positiveOption("timeoutMillis", options.timeoutMillis, 30_000)
    const maxResponseBytes = yield* positiveOption(
      "maxResponseBytes",
      options.maxResponseBytes,
      defaultMaxResponseBytes
    )
    const sign = options.signer ?? signRequest
    // Normalised once, so the `amz-sdk-request` header and the retry loop agree.
    const maxAttempts = Math.max(1, Math.floor(options.retry?.maxAttempts ?? RetryPolicy.defaultMaxAttempts))
    const retryOptions: RetryPolicy.RetryOptions = { ...options.retry, maxAttempts }

    // Learns the server's clock from `Date`, as the JS SDK does, and tells whether the request,
    // signed at `signedAtMillis`, was signed with a clock too far from the server's.
    // Generator functions here are declared once per layer and delegated to with `yield*`, not
    // written inline per call (`Effect.gen(function*() {...})`): V8 gives every new generator
    // closure its own initial map, prototype and prototype map, allocated in old space, and those
    // keep the closure, its context and what they reach alive through scavenges (promoted garbage
    // until the next mark-compact: with retry.ts's, four maps and about 1 KB promoted per page).
    function* learnClockSkew(dateHeader: string | undefined, signedAtMillis: number) {
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
    }

    // Fresh credentials answer at once; a wait for a provider is bounded by the attempt's deadline,
    // and a wait cut short says so, or a slow credentials endpoint would pass for a slow AWS.
    const credentialsBy = (deadline: AttemptDeadline) =>
      Effect.flatMap(credentials.current, (current) =>
        Option.isSome(current)
          ? Effect.succeed(current.value)
          : Effect.flatMap(millisLeft(deadline), (left) =>
            timeoutFail(
              credentials.get,
              left,
              () => timedOut(deadline, "while waiting for credentials (a credentials provider did not answer)")
            )))

    // One attempt, bounded as a whole by `timeoutMillis`: credentials, signing and the exchange.
    // An operation's own modeled error is an answer, not a failed attempt: it comes back as a
    // failed `Outcome` value, so the retry loop never sees it (it would never retry it either).
    function* attemptSteps<Output, Modeled>(
      operation: AttemptOperation<Output, Modeled>,
      body: string,
      attemptNumber: number
    ) {
      const deadline: AttemptDeadline = {
        atMillis: (yield* Clock.currentTimeMillis) + timeoutMillis,
        timeoutMillis,
        attempt: attemptNumber,
        operation: operation.name
      }
      const signingCredentials = yield* credentialsBy(deadline)
      const signedAt = (yield* Clock.currentTimeMillis) + (yield* Ref.get(clockOffsetMillis))
      const signed = yield* sign(
        {
          url: endpoint.url,
          headers: { "content-type": contentType, "x-amz-target": `AmazonSSM.${operation.name}` },
          body
        },
        { region: endpoint.signingRegion, credentials: signingCredentials, now: new Date(signedAt) }
      )
      const exchange = yield* transport({
        url: endpoint.url,
        headers: {
          ...signed,
          "user-agent": userAgent,
          "amz-sdk-request": `attempt=${attemptNumber}; max=${maxAttempts}`
        },
        body,
        maxResponseBytes
      }, deadline)
      const skewed = yield* learnClockSkew(exchange.headers["date"], signedAt)
      // The secrets are gathered only for a failure, to scrub what the server quotes back.
      const result = interpretResponse(
        operation,
        exchange,
        deadline,
        yield* Clock.currentTimeMillis,
        () => attemptSecrets(signingCredentials, signed)
      )
      if (result.ok) {
        // The one attribute a successful call adds: what AWS support asks for.
        const requestId = requestIdOf(exchange.headers)
        if (requestId !== undefined) yield* Effect.annotateCurrentSpan("aws.request_id", requestId)
        const answer: Outcome<Output, Modeled> = result
        return answer
      }
      const error = result.error
      if (!isSharedAnswer(error)) {
        yield* recordModeledAnswer(error, exchange.status, requestIdOf(exchange.headers), attemptNumber)
        const answer: Outcome<Output, Modeled> = { ok: false, error }
        return answer
      }
      // A client error from a request signed with a skewed clock was most likely caused by our
      // clock: the retry loop signs it again with the corrected time. A redirect never is.
      if (
        skewed && error instanceof AwsServiceError && error.fault === "client" && error.code !== redirectErrorCode
      ) {
        return yield* Effect.fail(new Retry.ClockSkewed(error))
      }
      return yield* Effect.fail(error)
    }
    const attempt =
      <Output, Modeled>(operation: AttemptOperation<Output, Modeled>, body: string) => (attemptNumber: number) =>
        Effect.gen(() => attemptSteps(operation, body, attemptNumber))

    // An operation that is not idempotent is never retried after a failure that may have acted.
    const retryOptionsOf = (operation: Pick<RequestOperation<never, unknown, unknown>, "mayHaveActed">) => {
      const mayHaveActed = operation.mayHaveActed
      if (mayHaveActed === undefined) return retryOptions
      const classify = retryOptions.classify ?? RetryPolicy.classify
      return {
        ...retryOptions,
        classify: (error: DescribeError) => mayHaveActed(error) ? "none" as const : classify(error)
      }
    }

    const spanOptions = { attributes: { "rpc.service": "SSM" }, captureStackTrace: false }

    // One call of `operation`: validated (nothing sent when the input breaks the model), then
    // retried as one request, traced as one span.
    const call = <Input, Output, Modeled>(operation: RequestOperation<Input, Output, Modeled>) => {
      const options = retryOptionsOf(operation)
      return (input: Input): Effect.Effect<Output, Modeled | RequestError> =>
        Effect.suspend(() => {
          // The span ends with no value and the page is handed past it: Effect's native span keeps
          // the exit it ends with, ended spans often sit in old space until the next mark-compact,
          // and with the page in that exit every such span kept a page there too (17 MB of peak RSS
          // over 4,000 calls). A failure still ends the span with its error.
          let page = Option.none<Output>()
          return operation.validate(input).pipe(
            Effect.flatMap((valid) =>
              Retry.retryRequest(attempt(operation, operation.encodeBody(valid)), { options, quota, limiter })
            ),
            Effect.mapError(asRequestError),
            Effect.flatMap((answer) => {
              if (!answer.ok) return Effect.fail(answer.error)
              page = Option.some(answer.value)
              return Effect.void
            }),
            // Data-first: both Effect lines take `captureStackTrace` among its options.
            (answered) => Effect.withSpan(answered, operation.name, spanOptions),
            Effect.flatMap(() =>
              Option.match(page, {
                onNone: () => Effect.die(new Error("a call succeeded without its page")),
                onSome: Effect.succeed
              })
            )
          )
        })
    }

    const describe = call(describeExecutions)
    return fromRequests({
      describe,
      describeTargets: call(describeTargets),
      startOnce: makeStartOnce({
        start: call(startAssociationsOnce),
        describe,
        serverNow: Effect.zipWith(Clock.currentTimeMillis, Ref.get(clockOffsetMillis), (now, offset) => now + offset),
        maxStarts: maxAttempts
      }),
      getCommandInvocation: call(getCommandInvocation)
    }, { patienceMillis: options.patienceMillis })
  })
