/**
 * Turns one HTTP exchange into the decoded output or the typed error it stands for, and builds the
 * transport errors every transport reports (each line's `HttpClient` errors become these in its
 * `line/transport.ts`). Whatever answers, the result is a value or a typed error: redirects are
 * refused, nesting is bounded, and server text is scrubbed of the attempt's secrets before an error
 * keeps it. No Effect here: both lines run it as is.
 */
import {
  AwsServiceError,
  InternalServerError,
  ResponseDecodeError,
  ThrottlingError,
  TransportError
} from "../AssociationExecutionsError.js"
import { type Decoded, readDecoded } from "./decoded.js"
import { extractErrorCode, extractErrorMessage } from "./errorCode.js"
import type { ErrorContext, RequestOperation } from "./operation.js"
import { noSecrets, redactSecretShapes, scrubText } from "./scrub.js"
import type { Settled } from "./settled.js"

/** Which attempt of which operation an error comes from. */
export interface AttemptContext {
  readonly attempt: number
  readonly operation: string
}

const contextOf = (attempt: AttemptContext) => ({ attempts: attempt.attempt, operation: attempt.operation })

/** A value, or the error it stands for: a plain union, read alike on both Effect lines. */
export type Outcome<A, E> = Settled<A, E>

/** One HTTP response as read from the wire. Header names are lowercase. */
export interface HttpExchange {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Everything {@link interpretResponse} can fail with, beyond the operation's own modeled errors. */
export type ResponseError =
  | InternalServerError
  | ThrottlingError
  | AwsServiceError
  | ResponseDecodeError

/** Error codes AWS SDKs treat as throttling (AWS SDK for JavaScript v3, spec 5.2). */
export const throttlingErrorCodes: ReadonlySet<string> = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException"
])

/** The request id: `x-amzn-requestid`, else `x-amzn-request-id`, else `x-amz-request-id` (as the JS SDK reads it). */
export const requestIdOf = (headers: Readonly<Record<string, string>>): string | undefined => {
  const id = headers["x-amzn-requestid"] ?? headers["x-amzn-request-id"] ?? headers["x-amz-request-id"]
  // AWS request ids are short and printable; anything else is cleaned and cut before an error keeps it,
  // and neither may smuggle a credential into the error.
  if (id === undefined) return undefined
  return plainRequestId.test(id) ? redactSecretShapes(id) : scrubText(id, [], 200)
}

const plainRequestId = /^[\x21-\x7e]{0,200}$/

/**
 * The deepest nesting of objects and arrays a page may have. The model's output is four levels
 * deep; unknown members are tolerated, so the bound is generous, and it keeps every later step
 * (the Schema, the formatting of a mismatch) far from the stack's limit.
 */
export const maxNestingDepth = 64

type Nested = ReadonlyArray<unknown> | Readonly<Record<string, unknown>>

// Every object that JSON.parse makes is a record of its members.
const isNested = (value: unknown): value is Nested => typeof value === "object" && value !== null

const isList = (value: Nested): value is ReadonlyArray<unknown> => Array.isArray(value)

/** True when `root` nests objects and arrays deeper than `limit`; measured with a work list, never recursion. */
export const nestsDeeperThan = (root: unknown, limit: number): boolean => {
  if (!isNested(root)) return false
  const values: Array<Nested> = [root]
  const depths: Array<number> = [1]
  for (let next = values.pop(); next !== undefined; next = values.pop()) {
    const depth = depths.pop() ?? 0
    if (depth > limit) return true
    if (isList(next)) {
      for (const item of next) {
        if (isNested(item)) {
          values.push(item)
          depths.push(depth + 1)
        }
      }
    } else {
      // `for in` over a parsed object: its own members, without an array of them allocated per object.
      for (const key in next) {
        const item = next[key]
        if (isNested(item)) {
          values.push(item)
          depths.push(depth + 1)
        }
      }
    }
  }
  return false
}

/** The origin a `Location` points to (never its path or query, which may carry anything), in words. */
export const redirectTarget = (status: number, location: string | undefined): string => {
  // A browser's fetch with `redirect: "manual"` hides the redirect's status and target.
  if (status === 0) return "a target the runtime does not disclose"
  if (location === undefined || location.trim() === "") return "no Location"
  try {
    const url = new URL(location.trim())
    return url.origin === "null" ? `a ${url.protocol} location` : url.origin
  } catch {
    return "a location relative to the endpoint"
  }
}

/** The error code of a refused redirect: an {@link AwsServiceError} with fault `client`, never retried. */
export const redirectErrorCode = "Redirect"

/** A 3xx, or the status 0 of a redirect a browser's fetch kept opaque. */
export const isRedirect = (status: number): boolean => (status >= 300 && status < 400) || status === 0

const wholeNumber = /^\d+$/

/**
 * The server's wait hint in milliseconds: `x-amz-retry-after` (milliseconds), else `retry-after`
 * (seconds, or an HTTP date measured from `nowMillis`). `undefined` when absent or unreadable.
 */
export const retryAfterMillis = (headers: Readonly<Record<string, string>>, nowMillis: number): number | undefined => {
  const amzRetryAfter = headers["x-amz-retry-after"]?.trim()
  if (amzRetryAfter !== undefined && wholeNumber.test(amzRetryAfter)) return Number(amzRetryAfter)
  const retryAfter = headers["retry-after"]?.trim()
  if (retryAfter === undefined || retryAfter === "") return undefined
  if (wholeNumber.test(retryAfter)) return Number(retryAfter) * 1000
  const date = Date.parse(retryAfter)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMillis)
}

const interpretSuccess = <Output>(
  { decodeOutput, emptyBodyAllowed }: Pick<
    RequestOperation<never, Output, unknown>,
    "decodeOutput" | "emptyBodyAllowed"
  >,
  exchange: HttpExchange,
  attempt: AttemptContext,
  secrets: () => ReadonlyArray<string>
): Outcome<Output, ResponseDecodeError> => {
  // Built only for a failure: the usual page needs none of it.
  const failed = (kind: ResponseDecodeError["kind"], reason: string): Outcome<never, ResponseDecodeError> => ({
    ok: false,
    error: new ResponseDecodeError({
      kind,
      reason,
      requestId: requestIdOf(exchange.headers),
      httpStatus: exchange.status,
      ...contextOf(attempt)
    })
  })
  let json: unknown
  // An operation whose answer has no members may come with no body at all (StartAssociationsOnce).
  if (emptyBodyAllowed === true && exchange.body === "") {
    return decodeSuccess(decodeOutput({}), failed, attempt, secrets)
  }
  try {
    // V8's JSON.parse does not recurse, so any nesting parses; what reads the value afterwards might.
    json = JSON.parse(exchange.body)
  } catch {
    // Usually a body cut off mid-stream: the caller may retry it, unlike a schema mismatch.
    return failed("malformed", exchange.body.trim() === "" ? "the body was empty" : "the body is not valid JSON")
  }
  if (nestsDeeperThan(json, maxNestingDepth)) {
    return failed("limit", `the body nests objects or arrays deeper than ${maxNestingDepth} levels`)
  }
  return decodeSuccess(decodeOutput(json), failed, attempt, secrets)
}

const decodeSuccess = <Output>(
  decoded: Decoded<Output>,
  failed: (kind: ResponseDecodeError["kind"], reason: string) => Outcome<never, ResponseDecodeError>,
  attempt: AttemptContext,
  secrets: () => ReadonlyArray<string>
): Outcome<Output, ResponseDecodeError> => {
  const read = readDecoded(decoded, attempt.operation)
  // The Schema's account may quote the value it did not expect: server text like any other.
  return read.ok ? read : failed("schema", scrubText(read.error, secrets()))
}

const interpretFailure = <Modeled>(
  modeledError: RequestOperation<unknown, unknown, Modeled>["modeledError"],
  exchange: HttpExchange,
  context: ErrorContext,
  secrets: () => ReadonlyArray<string>
): ResponseError | Modeled => {
  if (isRedirect(exchange.status)) {
    // Following would send the signed request, session token included, wherever the server says;
    // the redirect's body is not read as an answer either.
    return new AwsServiceError({
      code: redirectErrorCode,
      awsMessage: `the endpoint redirected to ${
        redirectTarget(exchange.status, exchange.headers["location"])
      }; redirects are never followed (check the endpoint)`,
      fault: "client",
      ...context
    })
  }
  const held = secrets()
  // AWS quotes the canonical request, session token included, when it rejects a signature.
  const code = scrubText(extractErrorCode(exchange), held, 200)
  const awsMessage = scrubText(extractErrorMessage(exchange.body), held)
  // The modeled errors keep their own default message when AWS sends none.
  const message = awsMessage === "" ? {} : { message: awsMessage }
  // The one modeled error every operation shares; the others belong to their operations.
  if (code === "InternalServerError") return new InternalServerError({ ...message, ...context })
  const modeled = modeledError(code, message, context)
  if (modeled !== undefined) return modeled
  // SSM throttles with HTTP 400 and a code; a gateway in front of it may use 429 alone.
  if (throttlingErrorCodes.has(code) || exchange.status === 429) {
    return new ThrottlingError({ code, awsMessage, ...context })
  }
  return new AwsServiceError({ code, awsMessage, fault: exchange.status >= 500 ? "server" : "client", ...context })
}

/**
 * One HTTP exchange to the decoded page or the typed error. `attempt` (1 for the first) is recorded
 * on every error; `nowMillis` dates a `Retry-After` given as an HTTP date; `secrets` (asked only on
 * a failure) are the values no error may quote. Never fails otherwise: a non-JSON error body (an
 * HTML 503 from a proxy) still yields an error with its status; a redirect is an `AwsServiceError`
 * with code `Redirect`, never followed.
 */
export const interpretResponse = <Output, Modeled>(
  operation: Pick<RequestOperation<never, Output, Modeled>, "decodeOutput" | "modeledError" | "emptyBodyAllowed">,
  exchange: HttpExchange,
  attempt: AttemptContext,
  nowMillis: number,
  secrets: () => ReadonlyArray<string> = noSecrets
): Outcome<Output, ResponseError | Modeled> => {
  if (exchange.status >= 200 && exchange.status < 300) {
    return interpretSuccess(operation, exchange, attempt, secrets)
  }
  return {
    ok: false,
    error: interpretFailure(operation.modeledError, exchange, {
      requestId: requestIdOf(exchange.headers),
      httpStatus: exchange.status,
      ...contextOf(attempt),
      retryAfterMillis: retryAfterMillis(exchange.headers, nowMillis)
    }, secrets)
  }
}

/** A response that grew past `limitBytes` while it was read: reading stopped there. Not retried. */
export const tooLarge = (
  host: string,
  limitBytes: number,
  response: { readonly status: number; readonly headers: Readonly<Record<string, string>> },
  attempt: AttemptContext
): ResponseDecodeError =>
  new ResponseDecodeError({
    kind: "limit",
    reason: `the response from ${host} was larger than the limit of ${limitBytes} bytes; reading stopped there`,
    requestId: requestIdOf(response.headers),
    httpStatus: response.status,
    ...contextOf(attempt)
  })

/** A request that got no response: refused, reset, DNS, TLS. */
export const notSent = (detail: string | undefined, cause: unknown, attempt: AttemptContext): TransportError =>
  new TransportError({
    reason: detail === undefined ? "the request could not be sent" : `the request could not be sent: ${detail}`,
    cause,
    ...contextOf(attempt)
  })

/** A response whose body stopped before its end: the connection dropped mid-body. */
export const bodyCut = (
  cause: unknown,
  response: { readonly status: number; readonly headers: Readonly<Record<string, string>> },
  attempt: AttemptContext
): TransportError =>
  new TransportError({
    reason: "connection dropped while reading the response body",
    cause,
    requestId: requestIdOf(response.headers),
    httpStatus: response.status,
    ...contextOf(attempt)
  })

/** A request or response the HTTP client could not handle, in words (`reason`), with the response when one came. */
export const transportFailure = (
  reason: string,
  cause: unknown,
  attempt: AttemptContext,
  response?: { readonly status: number; readonly headers: Readonly<Record<string, string>> }
): TransportError =>
  new TransportError({
    reason,
    cause,
    ...(response === undefined ? {} : { requestId: requestIdOf(response.headers), httpStatus: response.status }),
    ...contextOf(attempt)
  })
