/**
 * *Node-only*: the engine of `LocalEndpoint.ts`: a `node:http` server on 127.0.0.1 handing each
 * request to the model's wire handler, writing its answer (or dropping the connection as a fault
 * asks), and logging one debug line per request.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { LocalEndpointError } from "../line/localEndpointError.js"
import { callback, clockMillis, wallClock } from "../line/localServer.js"
import { withClock } from "../line/virtualClock.js"
import type { InMemorySsm } from "./inMemory/api.js"
import * as Dataset from "./inMemory/dataset.js"
import { localCredentials, signatureVerification } from "./inMemory/localSignatures.js"
import * as Model from "./inMemory/model.js"
import type { HandleOptions, WireResponse } from "./inMemory/wire.js"
import type { LocalEndpointInfo, LocalEndpointOptions } from "./localEndpointApi.js"

const headersOf = (request: Http.IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value
  }
  return headers
}

const readBody = (request: Http.IncomingMessage) =>
  callback<string, LocalEndpointError>((resume) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resume(Effect.succeed(Buffer.concat(chunks).toString("utf8"))))
    request.on("error", (cause) => resume(Effect.fail(new LocalEndpointError({ reason: "request aborted", cause }))))
  })

const send = (response: Http.ServerResponse, wire: WireResponse) =>
  Effect.sync(() => {
    if (wire._tag === "Response") {
      response.writeHead(wire.status, wire.headers)
      response.end(wire.body)
    } else if (wire.stage === "beforeHeaders") {
      response.socket?.destroy()
    } else {
      // Headers promise the whole body; the socket dies after part of it, as a reset connection does.
      response.writeHead(wire.status, wire.headers)
      response.write(wire.partialBody, () => response.socket?.destroy())
    }
  })

const serve = (
  model: InMemorySsm,
  options: HandleOptions,
  clock: Clock.Clock,
  request: Http.IncomingMessage,
  response: Http.ServerResponse
) =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    const body = yield* readBody(request)
    const wire = yield* model.handle(
      { method: request.method ?? "GET", path: request.url ?? "/", headers: headersOf(request), body },
      options
    )
    yield* send(response, wire)
    const latency = (yield* Clock.currentTimeMillis) - started
    const { code, operation, outcome, status } = wire.entry
    const detail = code ?? (outcome === "Response" ? "-" : outcome)
    // Debug: the embedding application's logs (and its stdout, where Effect's default logger
    // writes) stay its own; the CLI's `local` raises its level to print one line per request.
    yield* Effect.logDebug(`${operation === "" ? "-" : operation} ${status ?? "dropped"} ${detail} ${latency}ms`)
  }).pipe(
    // A client that went away mid-request is its own business, not the application's.
    Effect.catchTag("LocalEndpointError", (error) => Effect.logDebug(error.message)),
    (effect) => withClock(effect, clock)
  )

/** See `LocalEndpoint.make`. */
export const make = (
  options: LocalEndpointOptions = {}
): Effect.Effect<LocalEndpointInfo, LocalEndpointError, Scope.Scope> =>
  Effect.gen(function*() {
    // Clients sign with the wall clock, so by default the server judges time by it too.
    const clock = options.clock ?? wallClock()
    const given = options.generate ?? { seed: 1 }
    const generate = given.now === undefined ? { ...given, now: new Date(clockMillis(clock)) } : given
    const model = options.model ?? (yield* Model.make(Dataset.generate(generate), generate))
    const region = options.region ?? "us-east-1"
    const credentials = options.credentials ?? [localCredentials]
    const [printed] = credentials
    if (printed === undefined) {
      return yield* new LocalEndpointError({ reason: "at least one accepted credential pair is required" })
    }
    const handleOptions: HandleOptions = options.verifySignatures === false ? {} : {
      signature: signatureVerification({ credentials, regions: [region] })
    }
    const run = yield* FiberSet.makeRuntime<never, void, never>()
    const server = Http.createServer({ keepAlive: true }, (request, response) => {
      run(serve(model, handleOptions, clock, request, response))
    })
    const closed = yield* Ref.make(false)
    const close = Effect.flatMap(Ref.getAndSet(closed, true), (already) =>
      already ? Effect.void : callback<void>((resume) => {
        server.close(() =>
          resume(Effect.void)
        )
        server.closeAllConnections()
      }))
    const port = yield* Effect.acquireRelease(
      callback<number, LocalEndpointError>((resume) => {
        server.once("error", (cause) => resume(Effect.fail(new LocalEndpointError({ reason: cause.message, cause }))))
        server.listen(options.port ?? 0, "127.0.0.1", () => {
          const address: AddressInfo | string | null = server.address()
          resume(
            typeof address === "object" && address !== null
              ? Effect.succeed(address.port)
              : Effect.fail(new LocalEndpointError({ reason: "the server has no TCP address" }))
          )
        })
      }),
      () => close
    )
    return { url: `http://127.0.0.1:${port}`, port, region, model, credentials: printed, close }
  })
