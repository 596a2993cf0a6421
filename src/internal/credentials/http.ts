/**
 * One small HTTP exchange with a local credentials endpoint (container or IMDS): what it sends and
 * how it can end. The exchange itself (a per-attempt timeout, the body read as text up to
 * {@link maxCredentialsResponseBytes}, redirects refused, the tokens redacted in spans) is spelled
 * per Effect line over that line's `HttpClient`: `line/credentialsHttp.ts`.
 */
import * as Data from "effect/Data"

/** A credentials document is about 1 KB; an endpoint that sends more than this is not one. */
export const maxCredentialsResponseBytes = 64 * 1024

/** The endpoint did not answer: refused, reset, or silent past the timeout. Worth another try. */
export class Unreachable extends Data.TaggedError("Unreachable")<{ readonly reason: string }> {}

/** The endpoint answered in a way that is never used (a redirect, an oversized body). Not worth another try. */
export class Rejected extends Data.TaggedError("Rejected")<{ readonly reason: string }> {}

/** One request to a credentials endpoint: no body, a few headers. */
export interface CredentialsRequest {
  readonly method: "GET" | "PUT"
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
}

/** How long one exchange may take, and which request headers are secrets (redacted in spans). */
export interface ExchangeOptions {
  readonly timeoutMillis: number
  readonly secretHeaders: ReadonlyArray<string>
}

/** Status and body of one answer. */
export interface TextResponse {
  readonly status: number
  readonly body: string
}

export const tooLargeReason = `answered with more than ${maxCredentialsResponseBytes} bytes`

export const timeoutReason = (timeoutMillis: number): string => `no answer within ${timeoutMillis} ms`
