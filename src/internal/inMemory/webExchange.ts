/**
 * One request answered by the model as `fetch` would show the answer: a web `Response` (a body cut
 * mid-way fails to read, as a reset connection's does), or nothing when the connection dropped
 * before headers. Each line's `HttpClient` adapter (`line/inMemoryHttpClient.ts`) wraps this in its
 * own request, response and error types.
 */
import * as Effect from "effect/Effect"
import type { HttpClientOptions, InMemorySsm } from "./api.js"
import { signatureVerification } from "./localSignatures.js"

/** What a request got: a response, or a connection closed before one arrived. */
export type WebExchange =
  | { readonly _tag: "Response"; readonly response: Response }
  | { readonly _tag: "NotSent"; readonly cause: Error; readonly description: string }

// What fetch in Node reports when the peer closes the socket mid-body.
const terminatedBody = (partialBody: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      if (partialBody !== "") controller.enqueue(new TextEncoder().encode(partialBody))
      controller.error(new TypeError("terminated"))
    }
  })

/** The exchange of requests to `model`, signatures checked when `options` ask for it. */
export const makeExchange = (model: InMemorySsm, options: HttpClientOptions = {}) => {
  const handleOptions = options.verifySignatures === true ? { signature: signatureVerification() } : {}
  return (request: {
    readonly method: string
    readonly url: URL
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
  }): Effect.Effect<WebExchange> =>
    Effect.map(
      model.handle(
        {
          method: request.method,
          path: `${request.url.pathname}${request.url.search}`,
          headers: { host: request.url.host, ...request.headers },
          body: request.body
        },
        handleOptions
      ),
      (answer): WebExchange => {
        if (answer._tag === "Response") {
          return {
            _tag: "Response",
            response: new Response(answer.body, { status: answer.status, headers: answer.headers })
          }
        }
        return answer.stage === "beforeHeaders"
          ? {
            _tag: "NotSent",
            cause: new TypeError("fetch failed", { cause: new Error("socket hang up") }),
            description: "the connection was closed before a response arrived"
          }
          : {
            _tag: "Response",
            response: new Response(terminatedBody(answer.partialBody), {
              status: answer.status,
              headers: answer.headers
            })
          }
      }
    )
}
