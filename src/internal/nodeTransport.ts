/**
 * *Node-only*: one request over `node:http`/`node:https` with keep-alive agents, the whole body
 * read into memory up to a bound (counted as it arrives; past it the socket is destroyed), no
 * redirect ever followed, and one timer per request for the attempt's deadline. It skips the platform's
 * `HttpClient` pipeline, which costs more CPU per request than the rest of a page. The Node
 * `HttpClient` (`nodeHttpClient.ts`) is built on the same exchange.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import * as Https from "node:https"
import type { ResponseDecodeError, TimeoutError, TransportError } from "../AssociationExecutionsError.js"
import { callback } from "../line/callback.js"
import { bodyCut, type HttpExchange, notSent, tooLarge } from "./response.js"
import { defaultMaxResponseBytes, millisLeft, timedOut, type Transport } from "./transport.js"

/** The keep-alive agents a transport sends through; their owner destroys them. */
export interface Agents {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

/** Keep-alive agents for the scope, so one connection serves many requests; destroyed when it closes. */
export const keepAliveAgents: Effect.Effect<Agents, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync((): Agents => ({
    http: new Http.Agent({ keepAlive: true }),
    https: new Https.Agent({ keepAlive: true })
  })),
  (agents) =>
    Effect.sync(() => {
      agents.http.destroy()
      agents.https.destroy()
    })
)

/** A response read whole. Header names are lowercase, as Node gives them. */
export interface RawResponse {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: Buffer
}

/** Why an exchange did not complete. */
export type ExchangeFailure =
  | { readonly _tag: "NotSent"; readonly cause: unknown }
  | {
    readonly _tag: "BodyCut"
    readonly cause: unknown
    readonly status: number
    readonly headers: Http.IncomingHttpHeaders
  }
  | { readonly _tag: "TimedOut" }
  | {
    readonly _tag: "TooLarge"
    readonly limitBytes: number
    readonly status: number
    readonly headers: Http.IncomingHttpHeaders
  }

export interface RawRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array | string
}

const cutOff = () => new Error("the connection closed before the body was complete")

/**
 * Sends `request` and reads the whole response, at most `maxResponseBytes` of body; ends it after
 * `timeoutMillis` when given. A redirect is a response like any other: `node:http` never follows one.
 */
export const exchange = (
  agents: Agents,
  request: RawRequest,
  timeoutMillis: number | undefined,
  maxResponseBytes: number = defaultMaxResponseBytes
): Effect.Effect<RawResponse, ExchangeFailure> =>
  callback<RawResponse, ExchangeFailure>((resumeFiber) => {
    // Node may report one broken exchange several ways (error, aborted, end); the first one counts.
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    // The body as it arrives. Emptied once the exchange is settled: Node's objects for one request
    // (the response and its listeners, which hold this list) are often promoted and then kept in old
    // space until a major GC, and the list would keep every body's memory there with them (about a
    // page's size of RSS per page, 30 MB by the next major GC).
    const chunks: Array<Buffer> = []
    const resume = (effect: Effect.Effect<RawResponse, ExchangeFailure>) => {
      if (settled) return
      settled = true
      chunks.length = 0
      if (timer !== undefined) clearTimeout(timer)
      resumeFiber(effect)
    }
    const secure = request.url.protocol === "https:"
    const body = request.body
    const outgoing = (secure ? Https : Http).request(request.url, {
      method: request.method,
      headers: {
        ...request.headers,
        "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength
      },
      agent: secure ? agents.https : agents.http
    })
    const notSent = (cause: unknown) => resume(Effect.fail({ _tag: "NotSent", cause }))
    outgoing.on("error", notSent)
    outgoing.on("response", (incoming) => {
      outgoing.off("error", notSent)
      const bodyCut = (cause: unknown) =>
        resume(Effect.fail({ _tag: "BodyCut", cause, status: incoming.statusCode ?? 0, headers: incoming.headers }))
      outgoing.on("error", bodyCut)
      incoming.on("error", bodyCut)
      incoming.on("aborted", () => bodyCut(cutOff()))
      // Past the bound the socket goes: what the server still sends is never read, so memory stays bounded.
      const refuse = () => {
        resume(Effect.fail({
          _tag: "TooLarge",
          limitBytes: maxResponseBytes,
          status: incoming.statusCode ?? 0,
          headers: incoming.headers
        }))
        outgoing.destroy()
      }
      const declared = Number(incoming.headers["content-length"])
      if (declared > maxResponseBytes) return refuse()
      let received = 0
      incoming.on("data", (chunk: Buffer) => {
        if (settled) return
        received += chunk.byteLength
        if (received > maxResponseBytes) return refuse()
        chunks.push(chunk)
      })
      incoming.on("end", () => {
        if (!incoming.complete) return bodyCut(cutOff())
        const body = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks)
        resume(Effect.succeed({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }))
      })
    })
    // The time runs from here to the last byte of the body.
    if (timeoutMillis !== undefined) {
      timer = setTimeout(() => {
        resume(Effect.fail({ _tag: "TimedOut" }))
        outgoing.destroy()
      }, timeoutMillis)
    }
    outgoing.end(body)
    return Effect.sync(() => {
      if (timer !== undefined) clearTimeout(timer)
      outgoing.destroy()
    })
  })

/** Node's header record as one string per name (repeated headers joined, as `Headers.fromInput` does). */
export const flatHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const flat: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value !== undefined) flat[name] = typeof value === "string" ? value : value.join(", ")
  }
  return flat
}

/** The transport over `agents`. */
export const make = (agents: Agents): Transport => (request, deadline) =>
  Effect.flatMap(
    millisLeft(deadline),
    (left) =>
      exchange(
        agents,
        { method: "POST", url: new URL(request.url), headers: request.headers, body: request.body },
        left,
        request.maxResponseBytes ?? defaultMaxResponseBytes
      )
        .pipe(
          Effect.map((response): HttpExchange => ({
            status: response.status,
            headers: flatHeaders(response.headers),
            body: response.body.toString("utf8")
          })),
          Effect.mapError((failure): TransportError | TimeoutError | ResponseDecodeError => {
            switch (failure._tag) {
              case "TimedOut":
                return timedOut(deadline)
              case "TooLarge":
                return tooLarge(
                  new URL(request.url).host,
                  failure.limitBytes,
                  { status: failure.status, headers: flatHeaders(failure.headers) },
                  deadline
                )
              case "NotSent":
                return notSent(messageOf(failure.cause), failure.cause, deadline)
              case "BodyCut":
                return bodyCut(
                  failure.cause,
                  { status: failure.status, headers: flatHeaders(failure.headers) },
                  deadline
                )
            }
          })
        )
  )

const messageOf = (cause: unknown): string | undefined => cause instanceof Error ? cause.message : undefined

/** A request body as an `HttpClient` of either line holds it (their `HttpBody` unions have these cases). */
export type ClientBody =
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Uint8Array"; readonly body: Uint8Array }
  | { readonly _tag: "Raw"; readonly body: unknown }
  | { readonly _tag: "FormData" }
  | { readonly _tag: "Stream" }

/** The body as bytes, or `undefined` for a kind of body the Node clients do not send (streams, forms). */
export const bodyBytes = (body: ClientBody): Uint8Array | string | undefined => {
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
