/**
 * The Node layers' `HttpClient` for the credentials endpoints (`line/nodeHttpClient.ts`, one per
 * Effect line) over real loopback servers: what the container and IMDS providers get from it, a
 * document read whole, a body past 64 KiB stopped, a redirect refused, a refused connection, and a
 * status that carries no body. Real sockets, so nothing here reads the clock.
 */
import { assert, describe, it } from "@effect/vitest"
import { withEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import * as http from "node:http"
import type { CredentialsError } from "ssm-association-executions/AssociationExecutionsError"
import * as Credentials from "ssm-association-executions/Credentials"
import { keepAliveAgents } from "ssm-association-executions/internal/nodeTransport"
import * as NodeHttpClient from "ssm-association-executions/line/nodeHttpClient"

const secret = "wJalrXUtnFEMI-K7MDENG-NODE-SECRET"

const containerDocument = JSON.stringify({
  AccessKeyId: "ASIANODE",
  SecretAccessKey: secret,
  Token: "node-session-token",
  Expiration: "2030-01-01T00:00:00Z"
})

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void

/** A server on 127.0.0.1, an ephemeral port, answering with `handle`; closed with the test's scope. */
const server = (handle: Handler) =>
  Effect.gen(function*() {
    const paths: Array<string> = []
    const running = yield* Effect.acquireRelease(
      Effect.promise(() =>
        new Promise<http.Server>((resolve) => {
          const created = http.createServer((request, response) => {
            paths.push(request.url ?? "")
            request.resume()
            handle(request, response)
          })
          created.listen(0, "127.0.0.1", () => resolve(created))
        })
      ),
      (running) =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            running.closeAllConnections()
            running.close(() => resolve())
          })
        )
    )
    const address = running.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    return { origin: `http://127.0.0.1:${port}`, paths }
  })

const answer =
  (status: number, body: string, headers: Record<string, string> = {}): Handler => (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers })
    response.end(body)
  }

// Writes 16 KiB pieces until the client hangs up.
const endlessBody: Handler = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  const piece = "x".repeat(16 * 1024)
  const write = () => {
    if (response.destroyed) return
    response.write(piece, write)
  }
  write()
}

/** A port that was just free: listened on, then closed. */
const closedPort = Effect.promise(() =>
  new Promise<number>((resolve) => {
    const probe = http.createServer()
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
)

/** The container provider once, over the Node client with keep-alive agents of the test's scope. */
const resolveContainer = (url: string) =>
  Effect.flatMap(keepAliveAgents, (agents) =>
    Credentials.container({ maxRetries: 0 }).resolve.pipe(
      withEnvironment({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url }),
      NodeHttpClient.provide(agents)
    ))

const failure = <A, R>(effect: Effect.Effect<A, CredentialsError, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason)

describe("the Node HttpClient of the credentials endpoints", () => {
  it.live("reads a container endpoint's document whole", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* server(answer(200, containerDocument))
      const result = yield* resolveContainer(`${endpoint.origin}/v1/credentials`)
      assert.strictEqual(result._tag, "Resolved")
      if (result._tag === "Resolved") assert.strictEqual(result.credentials.accessKeyId, "ASIANODE")
      assert.deepStrictEqual(endpoint.paths, ["/v1/credentials"])
    })))

  it.live("stops an endless body at 64 KiB and uses none of it", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* server(endlessBody)
      const reason = yield* failure(resolveContainer(`${endpoint.origin}/creds`))
      assert.include(reason, `more than ${64 * 1024} bytes`)
      assert.strictEqual(endpoint.paths.length, 1)
    })))

  it.live("refuses a redirect and never asks its target", () =>
    Effect.scoped(Effect.gen(function*() {
      const elsewhere = yield* server(answer(200, containerDocument))
      const redirecting = yield* server(answer(307, "", { location: `${elsewhere.origin}/creds` }))
      const reason = yield* failure(resolveContainer(`${redirecting.origin}/creds`))
      assert.include(reason, `redirected to ${elsewhere.origin}`)
      assert.deepStrictEqual(elsewhere.paths, [])
    })))

  it.live("reports a status without a body by its number", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* server(answer(204, ""))
      const reason = yield* failure(resolveContainer(`${endpoint.origin}/creds`))
      assert.include(reason, "answered HTTP 204")
    })))

  it.live("reports a refused connection as one", () =>
    Effect.scoped(Effect.gen(function*() {
      const reason = yield* failure(resolveContainer(`http://127.0.0.1:${yield* closedPort}/creds`))
      assert.include(reason, "connection failed")
    })))
})
