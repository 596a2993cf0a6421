/**
 * The Effect 3 line's HTTP double for shared tests (re-exported by `effect3.ts`, so `@line/testing`
 * has it): an `@effect/platform` `HttpClient` answering each request as a function says. Effect 4's
 * sibling: test/effect4/support/lineClient.ts.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Tracer from "effect/Tracer"

/** One request as the double sees it. */
export interface ScriptedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What the double answers: a web `Response`, or a transport failure with its `cause` (nothing came back). */
export type ScriptedAnswer = Response | { readonly transportFailure: unknown }

/** This line's `HttpClient` service, answering every request with `respond`. */
export const httpClientLayer = (
  respond: (request: ScriptedRequest) => Effect.Effect<ScriptedAnswer>
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request, url) =>
      Effect.flatMap(
        respond({
          method: request.method,
          url: url.toString(),
          headers: request.headers,
          body: request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        }),
        (answer) =>
          answer instanceof Response
            ? Effect.succeed(HttpClientResponse.fromWeb(request, answer))
            : Effect.fail(
              new HttpClientError.RequestError({ request, reason: "Transport", cause: answer.transportFailure })
            )
      )
    )
  )

/** This line's `HttpClient` over the runtime's `fetch`. */
export { layer as fetchHttpClientLayer } from "@effect/platform/FetchHttpClient"

/** A span as a test reads it back: its name, its attributes (as they stand) and its events. */
export interface RecordedSpan {
  readonly name: string
  readonly attributes: ReadonlyMap<string, unknown>
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: unknown }>
}

/** `effect` traced by this line's own tracer, each span it starts also recorded in `recorded`. */
export const withRecordedSpans =
  (recorded: Array<RecordedSpan>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(Effect.tracer, (native) =>
      Effect.withTracer(
        effect,
        Tracer.make({
          span: (...args) => {
            const span = native.span(...args)
            const events: Array<{ readonly name: string; readonly attributes: unknown }> = []
            const event = span.event.bind(span)
            span.event = (name, startTime, attributes) => {
              events.push({ name, attributes })
              event(name, startTime, attributes)
            }
            recorded.push({ name: span.name, attributes: span.attributes, events })
            return span
          },
          context: (f) => f()
        })
      ))
