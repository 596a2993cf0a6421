/**
 * How one signed request reaches the endpoint: the whole exchange, by the attempt's deadline. The
 * layer chooses the transport: over any `HttpClient` the exchange is raced against the time left;
 * the Node entry's transport (`nodeTransport.ts`) arms one timer per request itself.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { TimeoutError, type TransportError } from "../AssociationExecutionsError.js"
import { fromHttpClientError, type HttpExchange } from "./response.js"
import { redactedHeaderNames } from "./signing.js"

/** One signed request. */
export interface OutgoingRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** When the current attempt must be over, and what to report when it is not. */
export interface AttemptDeadline {
  /** On Effect's `Clock`. */
  readonly atMillis: number
  /** The configured limit, for the error. */
  readonly timeoutMillis: number
  readonly attempt: number
}

/** The error of an attempt that ran out of time. */
export const timedOut = (deadline: AttemptDeadline): TimeoutError =>
  new TimeoutError({ scope: "attempt", timeoutMillis: deadline.timeoutMillis, attempts: deadline.attempt })

/** The time left until `deadline`, never below zero. */
export const millisLeft = (deadline: AttemptDeadline): Effect.Effect<number> =>
  Effect.map(Clock.currentTimeMillis, (now) => Math.max(0, deadline.atMillis - now))

/** Sends one request and reads its whole response, by the deadline. */
export type Transport = (
  request: OutgoingRequest,
  deadline: AttemptDeadline
) => Effect.Effect<HttpExchange, TransportError | TimeoutError>

const contentType = "application/x-amz-json-1.1"

/** A transport over any `HttpClient`: the exchange races a timer for the time left. */
export const fromHttpClient = (client: HttpClient.HttpClient): Transport => {
  // Our call span already carries the exchange; the platform's span per request would double the
  // tracing cost, and its trace headers mean nothing to AWS.
  const untraced = HttpClient.withTracerDisabledWhen(client, () => true)
  return (request, deadline) =>
    Effect.flatMap(millisLeft(deadline), (left) =>
      untraced.execute(
        HttpClientRequest.post(request.url).pipe(
          HttpClientRequest.setHeaders(request.headers),
          HttpClientRequest.bodyText(request.body, contentType)
        )
      ).pipe(
        Effect.flatMap((response) =>
          Effect.map(response.text, (text): HttpExchange => ({
            status: response.status,
            headers: response.headers,
            body: text
          }))
        ),
        Effect.mapError((error) => fromHttpClientError(error, deadline.attempt)),
        Effect.timeoutFail({ duration: Duration.millis(left), onTimeout: () => timedOut(deadline) }),
        Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...redactedHeaderNames])
      ))
}
