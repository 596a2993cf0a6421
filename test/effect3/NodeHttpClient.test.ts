/**
 * The Effect 3 line's Node \`HttpClient\` (the credentials endpoints' client, over the Node transport's
 * exchange). The Node transport itself is tested on both lines: test/NodeTransport.test.ts.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as Http from "node:http"
import * as NodeTransport from "../../src/internal/nodeTransport.js"
import * as NodeHttpClient from "../../src/line/nodeHttpClient.js"

const portOf = (httpServer: Http.Server): number => {
  const address = httpServer.address()
  return typeof address === "object" && address !== null ? address.port : 0
}

interface Server {
  readonly url: string
  readonly connections: () => number
}

/** A loopback server for the length of the test; `handle` answers every request. */
const server = (handle: (request: Http.IncomingMessage, body: string, response: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<readonly [Http.Server, Server]>((resume) => {
      let connections = 0
      const httpServer = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => handle(request, Buffer.concat(chunks).toString("utf8"), response))
      })
      httpServer.on("connection", () => connections++)
      httpServer.listen(0, "127.0.0.1", () => {
        const url = `http://127.0.0.1:${portOf(httpServer)}/`
        resume(Effect.succeed([httpServer, { url, connections: () => connections }]))
      })
    }),
    ([httpServer]) =>
      Effect.async<void>((resume) => {
        httpServer.closeAllConnections()
        httpServer.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(([, handle]) => handle))

const echo = (request: Http.IncomingMessage, body: string, response: Http.ServerResponse) => {
  response.writeHead(201, { "content-type": "application/json", "x-amzn-requestid": "req-1" })
  // In pieces, so the client must put the body together.
  response.write(JSON.stringify({ method: request.method, headers: request.headers, body }).slice(0, 5))
  response.end(JSON.stringify({ method: request.method, headers: request.headers, body }).slice(5))
}

// Keep-alive agents for the length of the test, as the Node layers own them.
const agents = NodeTransport.keepAliveAgents

const withClient = <A, E>(use: (client: HttpClient.HttpClient) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(agents, (owned) => use(NodeHttpClient.make(owned))))

describe("the Node HttpClient (credentials endpoints)", () => {
  it.scoped("sends a string body with its length and type, and reads status, headers and the whole body", () =>
    Effect.gen(function*() {
      const { url } = yield* server(echo)
      const response = yield* withClient((client) =>
        client.execute(
          HttpClientRequest.post(url).pipe(
            HttpClientRequest.setHeader("x-amz-target", "AmazonSSM.DescribeAssociationExecutions"),
            HttpClientRequest.bodyText("{\"a\":1}", "application/x-amz-json-1.1")
          )
        )
      )
      assert.strictEqual(response.status, 201)
      assert.strictEqual(response.headers["x-amzn-requestid"], "req-1")
      const echoed = yield* response.json
      assert.deepInclude(echoed, { method: "POST", body: "{\"a\":1}" })
      assert.deepInclude(Reflect.get(Object(echoed), "headers"), {
        "content-type": "application/x-amz-json-1.1",
        "content-length": "7",
        "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
      })
      assert.strictEqual(new TextDecoder().decode(yield* response.arrayBuffer), yield* response.text)
    }))

  it.scoped("keeps the connection alive across requests", () =>
    Effect.gen(function*() {
      const handle = yield* server(echo)
      const statuses = yield* withClient((client) =>
        Effect.forEach([1, 2, 3], () => Effect.flatMap(client.get(handle.url), (response) => response.text))
      )
      assert.strictEqual(statuses.length, 3)
      assert.strictEqual(handle.connections(), 1)
    }))

  it.scoped("reports a body cut off mid-way as a Decode response error, with the status it had", () =>
    Effect.gen(function*() {
      const { url } = yield* server((_request, _body, response) => {
        response.writeHead(200, { "content-length": "1000" })
        response.write("{\"AssociationExecutions\":[", () => response.socket?.end())
      })
      const error = yield* withClient((client) => client.get(url)).pipe(Effect.flip)
      assert.strictEqual(error._tag, "ResponseError")
      if (error._tag === "ResponseError") {
        assert.strictEqual(error.reason, "Decode")
        assert.strictEqual(error.response.status, 200)
      }
    }))

  it.scoped("reports a refused connection as a Transport request error", () =>
    Effect.gen(function*() {
      const { url } = yield* server(echo)
      // A port that was just free: listened on, then closed.
      const closedPort = yield* Effect.async<number>((resume) => {
        const probe = Http.createServer()
        probe.listen(0, "127.0.0.1", () => {
          const port = portOf(probe)
          probe.close(() => resume(Effect.succeed(port)))
        })
      })
      const error = yield* withClient((client) => client.get(url.replace(/:\d+\//, `:${closedPort}/`))).pipe(
        Effect.flip
      )
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag === "RequestError") assert.strictEqual(error.reason, "Transport")
    }))

  it.scoped("aborts the request when the fiber is interrupted", () =>
    Effect.gen(function*() {
      const received = yield* Deferred.make<void>()
      const closed = yield* Deferred.make<void>()
      const { url } = yield* server((request) => {
        // Never answers; tells the test when the client has gone.
        request.socket.on("close", () => Deferred.unsafeDone(closed, Effect.void))
        Deferred.unsafeDone(received, Effect.void)
      })
      const fiber = yield* withClient((client) => client.get(url)).pipe(Effect.fork)
      yield* Deferred.await(received)
      yield* Fiber.interrupt(fiber)
      yield* Deferred.await(closed)
      assert.isTrue(yield* Deferred.isDone(closed))
    }))

  it.scoped("refuses a streamed body with an Encode error, sending nothing", () =>
    Effect.gen(function*() {
      const handle = yield* server(echo)
      const error = yield* withClient((client) =>
        client.execute(
          HttpClientRequest.post(handle.url).pipe(
            HttpClientRequest.setBody(HttpBody.stream(Stream.make(new Uint8Array([1]))))
          )
        )
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag === "RequestError") assert.strictEqual(error.reason, "Encode")
      assert.strictEqual(handle.connections(), 0)
    }))
})
