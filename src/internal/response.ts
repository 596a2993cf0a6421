/**
 * Turns one HTTP exchange into the decoded output or the typed error it stands for, and is the one
 * place where @effect/platform's client errors become ours.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  InternalServerError,
  InvalidNextToken,
  ResponseDecodeError,
  ThrottlingError,
  TransportError
} from "../AssociationExecutionsError.js"
import type { DescribeAssociationExecutionsOutput } from "../DescribeAssociationExecutions.js"
import { extractErrorCode, extractErrorMessage } from "./errorCode.js"
import { formatMemberPath } from "./memberPath.js"
import { decodeOutput } from "./outputDecoder.js"

/** One HTTP response as read from the wire. Header names are lowercase. */
export interface HttpExchange {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Everything {@link interpretResponse} can fail with. */
export type ResponseError =
  | AssociationDoesNotExist
  | InvalidNextToken
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
export const requestIdOf = (headers: Readonly<Record<string, string>>): string | undefined =>
  headers["x-amzn-requestid"] ?? headers["x-amzn-request-id"] ?? headers["x-amz-request-id"]

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

/** The first schema mismatch, short: `AssociationExecutions[0].CreatedTime: expected ...`. */
const describeMismatch = (issue: ParseResult.ParseIssue): string => {
  const [first] = ParseResult.ArrayFormatter.formatIssueSync(issue)
  if (first === undefined) return "the body does not match the DescribeAssociationExecutions output"
  return first.path.length === 0 ? first.message : `${formatMemberPath(first.path)}: ${first.message}`
}

const interpretSuccess = (
  exchange: HttpExchange,
  context: { readonly requestId: string | undefined; readonly httpStatus: number; readonly attempts: number }
): Either.Either<DescribeAssociationExecutionsOutput, ResponseDecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(exchange.body)
  } catch {
    // Usually a body cut off mid-stream: the caller may retry it, unlike a schema mismatch.
    return Either.left(
      new ResponseDecodeError({
        kind: "malformed",
        reason: exchange.body.trim() === "" ? "the body was empty" : "the body is not valid JSON",
        ...context
      })
    )
  }
  return Either.mapLeft(
    decodeOutput(json),
    (error) => new ResponseDecodeError({ kind: "schema", reason: describeMismatch(error.issue), ...context })
  )
}

const interpretFailure = (
  exchange: HttpExchange,
  context: {
    readonly requestId: string | undefined
    readonly httpStatus: number
    readonly attempts: number
    readonly retryAfterMillis: number | undefined
  }
): ResponseError => {
  const code = extractErrorCode(exchange)
  const awsMessage = extractErrorMessage(exchange.body)
  // The modeled errors keep their own default message when AWS sends none.
  const message = awsMessage === "" ? {} : { message: awsMessage }
  switch (code) {
    case "AssociationDoesNotExist":
      return new AssociationDoesNotExist({ ...message, ...context })
    case "InvalidNextToken":
      return new InvalidNextToken({ ...message, ...context })
    case "InternalServerError":
      return new InternalServerError({ ...message, ...context })
  }
  // SSM throttles with HTTP 400 and a code; a gateway in front of it may use 429 alone.
  if (throttlingErrorCodes.has(code) || exchange.status === 429) {
    return new ThrottlingError({ code, awsMessage, ...context })
  }
  return new AwsServiceError({ code, awsMessage, fault: exchange.status >= 500 ? "server" : "client", ...context })
}

/**
 * One HTTP exchange to the decoded page or the typed error. `attempt` (1 for the first) is recorded
 * on every error; `nowMillis` dates a `Retry-After` given as an HTTP date. Never fails otherwise:
 * a non-JSON error body (an HTML 503 from a proxy) still yields an error with its status.
 */
export const interpretResponse = (
  exchange: HttpExchange,
  attempt: number,
  nowMillis: number
): Either.Either<DescribeAssociationExecutionsOutput, ResponseError> => {
  const context = { requestId: requestIdOf(exchange.headers), httpStatus: exchange.status, attempts: attempt }
  if (exchange.status >= 200 && exchange.status < 300) return interpretSuccess(exchange, context)
  return Either.left(
    interpretFailure(exchange, { ...context, retryAfterMillis: retryAfterMillis(exchange.headers, nowMillis) })
  )
}

/** A request that got no response: refused, reset, DNS, TLS. */
export const notSent = (detail: string | undefined, cause: unknown, attempt: number): TransportError =>
  new TransportError({
    reason: detail === undefined ? "the request could not be sent" : `the request could not be sent: ${detail}`,
    cause,
    attempts: attempt
  })

/** A response whose body stopped before its end: the connection dropped mid-body. */
export const bodyCut = (
  cause: unknown,
  response: { readonly status: number; readonly headers: Readonly<Record<string, string>> },
  attempt: number
): TransportError =>
  new TransportError({
    reason: "connection dropped while reading the response body",
    cause,
    requestId: requestIdOf(response.headers),
    httpStatus: response.status,
    attempts: attempt
  })

const detailOf = (error: HttpClientError.RequestError): string | undefined =>
  error.description ?? (error.cause instanceof Error ? error.cause.message : undefined)

const requestFailureReason = (error: HttpClientError.RequestError): string => {
  const detail = detailOf(error)
  const withDetail = (text: string) => detail === undefined ? text : `${text}: ${detail}`
  switch (error.reason) {
    case "Transport":
      return withDetail("the request could not be sent")
    case "Encode":
      return withDetail("the request body could not be encoded")
    case "InvalidUrl":
      return withDetail("the endpoint URL is not valid")
  }
}

const responseFailureReason = (error: HttpClientError.ResponseError): string => {
  switch (error.reason) {
    case "Decode":
      return "connection dropped while reading the response body"
    case "EmptyBody":
      return "the response had no body"
    case "StatusCode":
      return `unexpected HTTP status ${error.response.status}`
  }
}

/**
 * The one place platform errors become ours. Only the underlying cause is kept, never the
 * platform error itself: that carries the request, and with it the signed headers.
 */
export const fromHttpClientError = (error: HttpClientError.HttpClientError, attempt: number): TransportError =>
  error._tag === "RequestError"
    ? error.reason === "Transport"
      ? notSent(detailOf(error), error.cause, attempt)
      : new TransportError({ reason: requestFailureReason(error), cause: error.cause, attempts: attempt })
    : error.reason === "Decode"
    ? bodyCut(error.cause, error.response, attempt)
    : new TransportError({
      reason: responseFailureReason(error),
      cause: error.cause,
      requestId: requestIdOf(error.response.headers),
      httpStatus: error.response.status,
      attempts: attempt
    })
