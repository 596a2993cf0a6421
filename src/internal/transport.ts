/**
 * How one signed request reaches the endpoint: the whole exchange, by the attempt's deadline, never
 * following a redirect and never reading more than a bounded number of bytes. The layer chooses the
 * transport: over any `HttpClient` the exchange is raced against the time left (each line's
 * `line/transport.ts`, over that line's `HttpClient`); the Node entry's transport
 * (`nodeTransport.ts`) arms one timer per request itself.
 */
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { type ResponseDecodeError, TimeoutError, type TransportError } from "../AssociationExecutionsError.js"
import type { AttemptContext, HttpExchange } from "./response.js"

/**
 * The most bytes of one response any transport reads before it stops with an error. A page of 50
 * executions is tens of KB; the bound only keeps a broken or hostile endpoint from filling memory.
 */
export const defaultMaxResponseBytes = 10 * 1024 * 1024

/** One signed request. */
export interface OutgoingRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  /** The most bytes of response body to read; more is a `ResponseDecodeError` of kind `limit`. @default defaultMaxResponseBytes */
  readonly maxResponseBytes?: number | undefined
}

/** When the current attempt must be over, and what to report when it is not. */
export interface AttemptDeadline extends AttemptContext {
  /** On Effect's `Clock`. */
  readonly atMillis: number
  /** The configured limit, for the error. */
  readonly timeoutMillis: number
}

/** The error of an attempt that ran out of time; `detail` says what it waited for when not the response. */
export const timedOut = (deadline: AttemptDeadline, detail?: string): TimeoutError =>
  new TimeoutError({
    scope: "attempt",
    timeoutMillis: deadline.timeoutMillis,
    attempts: deadline.attempt,
    operation: deadline.operation,
    ...(detail === undefined ? {} : { detail })
  })

/** The time left until `deadline`, never below zero. */
export const millisLeft = (deadline: AttemptDeadline): Effect.Effect<number> =>
  Effect.map(Clock.currentTimeMillis, (now) => Math.max(0, deadline.atMillis - now))

/** Sends one request and reads its whole response, by the deadline. Never follows a redirect. */
export type Transport = (
  request: OutgoingRequest,
  deadline: AttemptDeadline
) => Effect.Effect<HttpExchange, TransportError | TimeoutError | ResponseDecodeError>

/** The content type of every request: awsJson1.1. */
export const contentType = "application/x-amz-json-1.1"

/** A body that grew past the bound it was read with. */
export class ResponseTooLarge extends Data.TaggedError("ResponseTooLarge")<{ readonly limitBytes: number }> {
  override get message(): string {
    return `the response was larger than the limit of ${this.limitBytes} bytes`
  }
}
