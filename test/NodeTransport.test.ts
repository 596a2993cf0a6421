/**
 * The Node transport (one request over \`node:http\` with its own deadline timer), on both lines:
 * the request ends at the attempt's deadline, its connection closed, and the service reports it
 * as its \`TimeoutError\`. Real loopback and real timers: the tests assert that the request ends,
 * never how fast.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Http from "node:http"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as NodeTransport from "ssm-association-executions/internal/nodeTransport"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"

const portOf = (httpServer: Http.Server): number => {
  const address = httpServer.address()
  return typeof address === "object" && address !== null ? address.port : 0
}

/** A loopback server for the length of the scope; \`handle\` sees every request. Its URL. */
const server = (handle: (request: Http.IncomingMessage) => void) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<Http.Server>((resolve) => {
        const httpServer = Http.createServer((request) => handle(request))
        httpServer.listen(0, "127.0.0.1", () => resolve(httpServer))
      })
    ),
    (httpServer) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          httpServer.closeAllConnections()
          httpServer.close(() => resolve())
        })
      )
  ).pipe(Effect.map((httpServer) => ({ url: `http://127.0.0.1:${portOf(httpServer)}/` })))

// Keep-alive agents for the length of the test, as the Node layers own them.
const agents = NodeTransport.keepAliveAgents

describe("the Node transport", () => {
  // These two wait on the transport's own timer (50 ms of real time): they assert that the request
  // ends, never how fast.
  it.effect("ends the request at the attempt's deadline and closes its connection", () =>
    Effect.scoped(Effect.gen(function*() {
      let markClosed = (): void => {}
      const closed = new Promise<void>((resolve) => {
        markClosed = resolve
      })
      const { url } = yield* server((request) => {
        request.socket.on("close", () => markClosed())
      })
      const transport = NodeTransport.make(yield* agents)
      const deadline = {
        atMillis: (yield* Clock.currentTimeMillis) + 50,
        timeoutMillis: 50,
        attempt: 2,
        operation: "DescribeAssociationExecutions"
      }
      const error = yield* transport({ url, headers: {}, body: "{}" }, deadline).pipe(Effect.flip)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") {
        assert.strictEqual(error.scope, "attempt")
        assert.strictEqual(error.timeoutMillis, 50)
        assert.strictEqual(error.attempts, 2)
      }
      yield* Effect.promise(() => closed)
    })))

  it.effect("gives the service's TimeoutError for an attempt the server never answers", () =>
    Effect.scoped(Effect.gen(function*() {
      const { url } = yield* server(() => {})
      const error = yield* Effect.flatMap(
        AssociationExecutions.AssociationExecutions,
        (service) => service.describe({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" })
      ).pipe(
        Effect.provide(NodeAssociationExecutions.layer({
          region: "us-east-1",
          endpoint: url,
          credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
          timeoutMillis: 50,
          retry: { maxAttempts: 1 }
        })),
        Effect.flip
      )
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") {
        assert.strictEqual(error.scope, "attempt")
        assert.strictEqual(error.timeoutMillis, 50)
        assert.strictEqual(error.attempts, 1)
      }
    })))
})
