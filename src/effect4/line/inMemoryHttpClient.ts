/**
 * The in-memory SSM as an `HttpClient`, the Effect 4 way (`effect/http`'s): each request handed to
 * the model's wire handler without a socket, and its transport faults turned into what `fetch`
 * would show.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Result from "effect/Result"
import type { HttpClientOptions, InMemorySsm } from "../internal/inMemory/api.js"
import { signatureVerification } from "../internal/inMemory/localSignatures.js"

const decoder = new TextDecoder()

const requestBody = (request: HttpClientRequest.HttpClientRequest): Result.Result<string, string> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Result.succeed("")
    case "Uint8Array":
      return Result.succeed(body.text ?? decoder.decode(body.body))
    case "Raw":
      return typeof body.body === "string"
        ? Result.succeed(body.body)
        : body.body instanceof Uint8Array
        ? Result.succeed(decoder.decode(body.body))
        : Result.fail("a raw body that is neither text nor bytes")
    default:
      return Result.fail(`a ${body._tag} body`)
  }
}

// What fetch in Node reports when the peer closes the socket mid-body.
const terminatedBody = (partialBody: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      if (partialBody !== "") controller.enqueue(new TextEncoder().encode(partialBody))
      controller.error(new TypeError("terminated"))
    }
  })

/** See `InMemorySsm.httpClient`. */
export const make = (model: InMemorySsm, options: HttpClientOptions = {}): HttpClient.HttpClient => {
  const handleOptions = options.verifySignatures === true ? { signature: signatureVerification() } : {}
  return HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = requestBody(request)
      if (Result.isFailure(body)) {
        return yield* new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({ request, description: body.failure })
        })
      }
      const headers: Record<string, string> = { host: url.host, ...request.headers }
      const response = yield* model.handle(
        { method: request.method, path: `${url.pathname}${url.search}`, headers, body: body.success },
        handleOptions
      )
      if (response._tag === "Response") {
        return HttpClientResponse.fromWeb(
          request,
          new Response(response.body, { status: response.status, headers: response.headers })
        )
      }
      if (response.stage === "beforeHeaders") {
        return yield* new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({
            request,
            cause: new TypeError("fetch failed", { cause: new Error("socket hang up") }),
            description: "the connection was closed before a response arrived"
          })
        })
      }
      return HttpClientResponse.fromWeb(
        request,
        new Response(terminatedBody(response.partialBody), { status: response.status, headers: response.headers })
      )
    })
  )
}
