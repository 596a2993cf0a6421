/**
 * The Effect 4 line's HTTP double for shared tests (re-exported by test/support/line/effect4.ts, so
 * `@line/testing` has it): an `effect/http` `HttpClient` answering each request as a function says.
 * The same exports as test/support/line/effect3Http.ts.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"

/** One request as the double sees it. */
export interface ScriptedRequest {
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
          url: url.toString(),
          headers: request.headers,
          body: request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        }),
        (answer) =>
          answer instanceof Response
            ? Effect.succeed(HttpClientResponse.fromWeb(request, answer))
            : Effect.fail(
              new HttpClientError.HttpClientError({
                reason: new HttpClientError.TransportError({ request, cause: answer.transportFailure })
              })
            )
      )
    )
  )

/** This line's `HttpClient` over the runtime's `fetch`. */
export { layer as fetchHttpClientLayer } from "effect/http/FetchHttpClient"
