/**
 * Node-only: an `HttpClient` for small request/response exchanges such as AWS JSON APIs, over
 * `node:http`/`node:https` with keep-alive agents. The whole response body is read into memory
 * before the response is handed over, so reading it is a plain value instead of a Node stream
 * wrapped in an Effect stream per response (about 1 ms of CPU per request less on loopback).
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import type * as HttpBody from "@effect/platform/HttpBody"
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
import * as Http from "node:http"
import * as Https from "node:https"
import { AttemptTimedOut, currentAttemptTimeoutMillis, enforcesAttemptTimeout } from "./attemptDeadline.js"

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

/** The body as bytes, or `undefined` for a kind of body this client does not send (streams, forms). */
const bodyBytes = (body: HttpBody.HttpBody): Uint8Array | string | undefined => {
  switch (body._tag) {
    case "Empty":
      return ""
    case "Uint8Array":
      return body.body
    case "Raw":
      return typeof body.body === "string" || body.body instanceof Uint8Array ? body.body : undefined
    case "FormData":
    case "Stream":
      return undefined
  }
}

/**
 * The client over the given agents (keep-alive ones, so a connection serves many requests). Inside
 * an attempt of this module it ends the request at the attempt timeout itself (see `attemptDeadline.ts`).
 */
export const make = (agents: { readonly http: Http.Agent; readonly https: Https.Agent }): HttpClient.HttpClient =>
  enforcesAttemptTimeout(HttpClient.make((request, url, _signal, fiber) => {
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
    const headers: Record<string, string | number> = { ...request.headers }
    if (request.body._tag === "Uint8Array") {
      headers["content-type"] ??= request.body.contentType
    }
    headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength
    const secure = url.protocol === "https:"
    const timeoutMillis = fiber.getFiberRef(currentAttemptTimeoutMillis)
    return Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((resumeFiber) => {
      // Node may report one broken exchange several ways (error, aborted, end); the first one counts.
      let settled = false
      let timer: ReturnType<typeof setTimeout> | undefined
      const resume = (
        effect: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>
      ) => {
        if (settled) return
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        resumeFiber(effect)
      }
      const outgoing = (secure ? Https : Http).request(url, {
        method: request.method,
        headers,
        agent: secure ? agents.https : agents.http
      })
      const fail = (cause: unknown) =>
        resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))
      outgoing.on("error", fail)
      outgoing.on("response", (incoming) => {
        const chunks: Array<Buffer> = []
        outgoing.off("error", fail)
        const failBody = (cause: unknown) => {
          const partial = new BufferedResponse(request, incoming.statusCode ?? 0, incoming.headers, Buffer.alloc(0))
          resume(
            Effect.fail(new HttpClientError.ResponseError({ request, response: partial, reason: "Decode", cause }))
          )
        }
        outgoing.on("error", failBody)
        incoming.on("error", failBody)
        incoming.on("aborted", () => failBody(new Error("the connection closed before the body was complete")))
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
        incoming.on("end", () => {
          if (!incoming.complete) return failBody(new Error("the connection closed before the body was complete"))
          resume(Effect.succeed(
            new BufferedResponse(
              request,
              incoming.statusCode ?? 0,
              incoming.headers,
              chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks)
            )
          ))
        })
      })
      // The attempt's time runs from here to the last byte of the body.
      if (timeoutMillis !== undefined) {
        timer = setTimeout(() => {
          fail(new AttemptTimedOut(timeoutMillis))
          outgoing.destroy()
        }, timeoutMillis)
      }
      outgoing.end(body)
      return Effect.sync(() => {
        if (timer !== undefined) clearTimeout(timer)
        outgoing.destroy()
      })
    })
  }))
