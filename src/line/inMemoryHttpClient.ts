/**
 * The in-memory SSM as an `HttpClient`, the Effect 3 way (`@effect/platform`'s): each request's
 * body read as text and answered by `internal/inMemory/webExchange.ts` (the model, as `fetch`
 * would show its answer), in this line's request, response and error types.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { HttpClientOptions, InMemorySsm } from "../internal/inMemory/api.js"
import { makeExchange } from "../internal/inMemory/webExchange.js"

const decoder = new TextDecoder()

const requestBody = (request: HttpClientRequest.HttpClientRequest): Either.Either<string, string> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Either.right("")
    case "Uint8Array":
      return Either.right(decoder.decode(body.body))
    case "Raw":
      return typeof body.body === "string"
        ? Either.right(body.body)
        : body.body instanceof Uint8Array
        ? Either.right(decoder.decode(body.body))
        : Either.left("a raw body that is neither text nor bytes")
    default:
      return Either.left(`a ${body._tag} body`)
  }
}

/** See `InMemorySsm.httpClient`. */
export const make = (model: InMemorySsm, options: HttpClientOptions = {}): HttpClient.HttpClient => {
  const exchange = makeExchange(model, options)
  return HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = requestBody(request)
      if (Either.isLeft(body)) {
        return yield* new HttpClientError.RequestError({ request, reason: "Encode", description: body.left })
      }
      const answer = yield* exchange({ method: request.method, url, headers: request.headers, body: body.right })
      if (answer._tag === "Response") return HttpClientResponse.fromWeb(request, answer.response)
      return yield* new HttpClientError.RequestError({
        request,
        reason: "Transport",
        cause: answer.cause,
        description: answer.description
      })
    })
  )
}
