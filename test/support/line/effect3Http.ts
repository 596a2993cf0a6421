/**
 * The Effect 3 line's HTTP double for shared tests (re-exported by `effect3.ts`, so `@line/testing`
 * has it): an `@effect/platform` `HttpClient` answering each request as a function says. Effect 4's
 * sibling: test/effect4/support/lineHttp.ts.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
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
              new HttpClientError.RequestError({ request, reason: "Transport", cause: answer.transportFailure })
            )
      )
    )
  )

/** This line's `HttpClient` over the runtime's `fetch`. */
export { layer as fetchHttpClientLayer } from "@effect/platform/FetchHttpClient"
