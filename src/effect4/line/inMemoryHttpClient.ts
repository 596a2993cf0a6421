/**
 * The in-memory SSM as an `HttpClient`, the Effect 4 way (`effect/http`'s): each request's body
 * read as text and answered by `internal/inMemory/webExchange.ts` (the model, as `fetch` would show
 * its answer), in this line's request, response and error types.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Result from "effect/Result"
import type { HttpClientOptions, InMemorySsm } from "../internal/inMemory/api.js"
import { makeExchange } from "../internal/inMemory/webExchange.js"

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

/** See `InMemorySsm.httpClient`. */
export const make = (model: InMemorySsm, options: HttpClientOptions = {}): HttpClient.HttpClient => {
  const exchange = makeExchange(model, options)
  return HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = requestBody(request)
      if (Result.isFailure(body)) {
        return yield* new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({ request, description: body.failure })
        })
      }
      const answer = yield* exchange({ method: request.method, url, headers: request.headers, body: body.success })
      if (answer._tag === "Response") return HttpClientResponse.fromWeb(request, answer.response)
      return yield* new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({ request, cause: answer.cause, description: answer.description })
      })
    })
  )
}
