/**
 * Node-only, the Effect 3 line: an `@effect/platform` `HttpClient` for small request/response exchanges (the credentials endpoints, and
 * users who want one), over the Node transport's exchange (`nodeTransport.ts`): keep-alive agents,
 * the whole response body read into memory, so reading it is a plain value instead of a Node
 * stream wrapped in an Effect stream per response. The body is bounded (`currentMaxResponseBytes`)
 * and redirects are answers, never followed.
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Http from "node:http"
import { type Agents, bodyBytes, exchange } from "../internal/nodeTransport.js"
import { ResponseTooLarge } from "../internal/transport.js"
import { currentMaxResponseBytes } from "./transport.js"

/** A response whose body has been read in full. */
class BufferedResponse implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress: Option.Option<string> = Option.none()
  private cachedHeaders: Headers.Headers | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly rawHeaders: Http.IncomingHttpHeaders,
    private readonly body: Buffer
  ) {}

  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.rawHeaders)
  }

  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.rawHeaders["set-cookie"] ?? [])
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => this.body.toString("utf8"))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.try({
      try: (): unknown => {
        const text = this.body.toString("utf8")
        return text === "" ? null : JSON.parse(text)
      },
      catch: (cause) => this.decodeError(cause)
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.sync(() => {
      const copy = new ArrayBuffer(this.body.byteLength)
      new Uint8Array(copy).set(this.body)
      return copy
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => UrlParams.fromInput(new URLSearchParams(this.body.toString("utf8"))),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.fail(this.decodeError(new Error("form data bodies are not supported by this client")))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.succeed(new Uint8Array(this.body))
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  toJSON(): unknown {
    return { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status }
  }

  toString(): string {
    return Inspectable.format(this.toJSON())
  }

  [Inspectable.NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}

/** The client over the given agents (keep-alive ones, so a connection serves many requests). */
export const make = (agents: Agents): HttpClient.HttpClient =>
  HttpClient.make((request, url, _signal, fiber) => {
    const body = bodyBytes(request.body)
    if (body === undefined) {
      return Effect.fail(
        new HttpClientError.RequestError({
          request,
          reason: "Encode",
          description: `a ${request.body._tag} body is not supported by this client`
        })
      )
    }
    const headers: Record<string, string> = { ...request.headers }
    if (request.body._tag === "Uint8Array") {
      headers["content-type"] ??= request.body.contentType
    }
    const limitBytes = fiber.getFiberRef(currentMaxResponseBytes)
    return exchange(agents, { method: request.method, url, headers, body }, undefined, limitBytes).pipe(
      Effect.map((response) => new BufferedResponse(request, response.status, response.headers, response.body)),
      Effect.mapError((failure): HttpClientError.HttpClientError => {
        switch (failure._tag) {
          case "BodyCut":
            return new HttpClientError.ResponseError({
              request,
              response: new BufferedResponse(request, failure.status, failure.headers, Buffer.alloc(0)),
              reason: "Decode",
              cause: failure.cause
            })
          case "TooLarge": {
            const cause = new ResponseTooLarge({ limitBytes: failure.limitBytes })
            return new HttpClientError.ResponseError({
              request,
              response: new BufferedResponse(request, failure.status, failure.headers, Buffer.alloc(0)),
              reason: "Decode",
              description: cause.message,
              cause
            })
          }
          case "NotSent":
          case "TimedOut":
            return new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: failure._tag === "NotSent" ? failure.cause : new Error("no response in time")
            })
        }
      })
    )
  })

/** Runs `effect` with the client over `agents` as its `HttpClient` (the credentials endpoints'). */
export const provide = (agents: Agents) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, HttpClient.HttpClient, make(agents))
