/**
 * Node-only, the Effect 4 line: an `effect/http` `HttpClient` for small request/response
 * exchanges (the credentials endpoints), over the Node transport's exchange
 * (`internal/nodeTransport.ts`): keep-alive agents, the whole body read into memory and bounded
 * (`currentMaxResponseBytes`), redirects answers, never followed.
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import type * as Http from "node:http"
import { type Agents, bodyBytes, exchange, flatHeaders } from "../internal/nodeTransport.js"
import { ResponseTooLarge } from "../internal/transport.js"
import { currentMaxResponseBytes } from "./transport.js"

// The statuses whose answers carry no body (the Fetch standard's Response refuses one).
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/** The answer as a web `Response` (a plain value, read at once); a status it cannot hold fails. */
const toResponse = (
  request: HttpClientRequest.HttpClientRequest,
  status: number,
  headers: Http.IncomingHttpHeaders,
  body: Uint8Array<ArrayBuffer>
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.try({
    try: () =>
      HttpClientResponse.fromWeb(
        request,
        new Response(nullBodyStatuses.has(status) ? null : body, { status, headers: flatHeaders(headers) })
      ),
    catch: (cause) =>
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({ request, cause, description: `an answer with status ${status}` })
      })
  })

/** The client over the given agents (keep-alive ones, so a connection serves many requests). */
export const make = (agents: Agents): HttpClient.HttpClient =>
  HttpClient.make((request, url, _signal, fiber) => {
    const body = bodyBytes(request.body)
    if (body === undefined) {
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({
            request,
            description: `a ${request.body._tag} body is not supported by this client`
          })
        })
      )
    }
    const headers: Record<string, string> = { ...request.headers }
    if (request.body._tag === "Uint8Array") {
      headers["content-type"] ??= request.body.contentType
    }
    const limitBytes = fiber.getRef(currentMaxResponseBytes)
    return exchange(agents, { method: request.method, url, headers, body }, undefined, limitBytes).pipe(
      Effect.matchEffect({
        // Copied into a plain ArrayBuffer, which is what a web Response takes (a credentials document is small).
        onSuccess: (response) => toResponse(request, response.status, response.headers, new Uint8Array(response.body)),
        onFailure: (failure) => {
          switch (failure._tag) {
            case "BodyCut":
            case "TooLarge": {
              const cause = failure._tag === "BodyCut"
                ? failure.cause
                : new ResponseTooLarge({ limitBytes: failure.limitBytes })
              return Effect.flatMap(
                toResponse(request, failure.status, failure.headers, new Uint8Array(0)),
                (response) =>
                  Effect.fail(
                    new HttpClientError.HttpClientError({
                      reason: new HttpClientError.DecodeError({
                        request,
                        response,
                        cause,
                        ...(cause instanceof Error ? { description: cause.message } : {})
                      })
                    })
                  )
              )
            }
            case "NotSent":
            case "TimedOut":
              return Effect.fail(
                new HttpClientError.HttpClientError({
                  reason: new HttpClientError.TransportError({
                    request,
                    cause: failure._tag === "NotSent" ? failure.cause : new Error("no response in time")
                  })
                })
              )
          }
        }
      })
    )
  })

/** Runs `effect` with the client over `agents` as its `HttpClient` (the credentials endpoints'). */
export const provide = (agents: Agents) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, HttpClient.HttpClient, make(agents))
