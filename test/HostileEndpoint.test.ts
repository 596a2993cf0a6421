/**
 * Endpoints that misbehave on purpose, each a loopback server for one test: redirects to another
 * origin, bodies nested thousands of levels deep, bodies that never end, and error messages that
 * quote the request's secrets back. Whatever answers, the client stays bounded, follows nothing,
 * and no error it returns quotes a secret. Both entries are checked: the core one over
 * `FetchHttpClient`, and the Node one over its own transport.
 */
import { assert, describe, it } from "@effect/vitest"
import { fetchHttpClientLayer, fork, TestClock, withEnvironment } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import { inspect } from "node:util"
import * as Zlib from "node:zlib"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import {
  AwsServiceError,
  CredentialsError,
  type DescribeError,
  ResponseDecodeError,
  TimeoutError
} from "ssm-association-executions/AssociationExecutionsError"
import * as Credentials from "ssm-association-executions/Credentials"
import * as NodeTransport from "ssm-association-executions/internal/nodeTransport"
import type { Transport } from "ssm-association-executions/internal/transport"
import { callback } from "ssm-association-executions/line/callback"
import * as NodeHttpClient from "ssm-association-executions/line/nodeHttpClient"
import { fromHttpClient, HttpClient } from "ssm-association-executions/line/transport"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"
import * as RetryPolicy from "ssm-association-executions/RetryPolicy"

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"
const secretAccessKey = "wJalrXUtnFEMI-K7MDENG-HOSTILE-SECRET"
const sessionToken = "IQoJb3JpZ2luX2VjEHOSTILE/SESSION+TOKEN=="
const credentials = { accessKeyId: "ASIAHOSTILE", secretAccessKey, sessionToken }

/** A test on real time with a scope for its servers (`it.scopedLive` on Effect 3 only). */
const scopedLive = <E>(name: string, body: () => Effect.Effect<void, E, Scope.Scope>) =>
  it.live(name, () => Effect.scoped(body()))

// ---------------------------------------------------------------------------------------------
// A loopback server per test
// ---------------------------------------------------------------------------------------------

interface Recorded {
  readonly method: string
  readonly path: string
  readonly headers: Http.IncomingHttpHeaders
}

interface Server {
  readonly url: string
  readonly origin: string
  readonly requests: ReadonlyArray<Recorded>
  /** Ends when a client connection to this server has closed. */
  readonly hungUp: Effect.Effect<void>
}

type Handler = (request: Http.IncomingMessage, response: Http.ServerResponse) => void

/** A server on 127.0.0.1, an ephemeral port, answering with `handle`; closed with the test's scope. */
const server = (handle: Handler) =>
  Effect.gen(function*() {
    const requests: Array<Recorded> = []
    let hangUp = (): void => {}
    const hungUpOnce = new Promise<void>((resolve) => {
      hangUp = resolve
    })
    const hungUp = Effect.promise(() => hungUpOnce)
    const httpServer = yield* Effect.acquireRelease(
      callback<Http.Server, never>((resume) => {
        const created = Http.createServer((request, response) => {
          requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers })
          // The request body is never needed; reading it lets the exchange go on normally.
          request.resume()
          handle(request, response)
        })
        created.on("connection", (socket) => socket.on("close", () => hangUp()))
        created.listen(0, "127.0.0.1", () => resume(Effect.succeed(created)))
        return Effect.void
      }),
      (httpServer) =>
        callback<void, never>((resume) => {
          httpServer.closeAllConnections()
          httpServer.close(() => resume(Effect.void))
          return Effect.void
        })
    )
    const address = httpServer.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    const running: Server = { url: `http://127.0.0.1:${port}/`, origin: `http://127.0.0.1:${port}`, requests, hungUp }
    return running
  })

const answer =
  (status: number, body: string, headers: Record<string, string> = {}): Handler => (_request, response) => {
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": "req-1",
      ...headers
    })
    response.end(body)
  }

const validPage = JSON.stringify({ AssociationExecutions: [{ AssociationId: associationId, ExecutionId: "stolen" }] })

/** Writes a page that never ends, as fast as the client reads it, until the client hangs up. */
const endlessBody: Handler = (_request, response) => {
  response.writeHead(200, { "content-type": "application/x-amz-json-1.1" })
  response.write("{\"AssociationExecutions\":[")
  const chunk = Buffer.alloc(64 * 1024, " ")
  const pump = () => {
    while (!response.destroyed) {
      if (!response.write(chunk)) return void response.once("drain", pump)
    }
  }
  pump()
}

// ---------------------------------------------------------------------------------------------
// Both entries
// ---------------------------------------------------------------------------------------------

const serviceOptions = (endpoint: string) => ({
  region: "us-east-1",
  endpoint,
  credentials,
  // Room for a retry, so a test can tell that none happened; no real wait if one does.
  retry: { maxAttempts: 3, baseDelayMillis: 1, maxDelayMillis: 1 }
})

const entries = {
  fetch: (endpoint: string) =>
    AssociationExecutions.layer(serviceOptions(endpoint)).pipe(Layer.provide(fetchHttpClientLayer)),
  node: (endpoint: string) => NodeAssociationExecutions.layer(serviceOptions(endpoint))
}

const describeFailure = <E>(layer: Layer.Layer<AssociationExecutions.AssociationExecutions, E>) =>
  Effect.flatMap(
    AssociationExecutions.AssociationExecutions,
    (service) => service.describe({ AssociationId: associationId })
  )
    .pipe(
      Effect.provide(Layer.orDie(layer)),
      Effect.match({
        onFailure: (error): DescribeError => error,
        onSuccess: (): DescribeError => assert.fail("expected a failure")
      })
    )

const hasControlCharacter = (text: string): boolean =>
  Array.from(text).some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)

/** Every way an error may end up printed: its message, its JSON, Node's inspection. */
const printed = (error: unknown): string =>
  [
    String(error),
    JSON.stringify(error) ?? "",
    inspect(error, { depth: 10 }),
    error instanceof Error ? error.message : ""
  ]
    .join("\n")

// ---------------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------------

describe("redirects are never followed", () => {
  for (const [entry, layerOf] of Object.entries(entries)) {
    scopedLive(
      `${entry}: 301/302/303/307/308 to another origin fail as Redirect, nothing sent there`,
      () =>
        Effect.gen(function*() {
          const elsewhere = yield* server(answer(200, validPage))
          for (const status of [301, 302, 303, 307, 308]) {
            const redirecting = yield* server(
              answer(status, "", { location: `${elsewhere.origin}/steal?token=${sessionToken}&code=abc` })
            )
            const error = yield* describeFailure(layerOf(redirecting.url))
            assert.instanceOf(error, AwsServiceError)
            if (!(error instanceof AwsServiceError)) continue
            assert.strictEqual(error.code, "Redirect")
            assert.strictEqual(error.fault, "client")
            assert.strictEqual(error.httpStatus, status)
            assert.strictEqual(RetryPolicy.classify(error), "none")
            assert.include(error.message, `redirected to ${elsewhere.origin};`)
            // Only the origin: never the path or query, which may carry anything.
            assert.notInclude(printed(error), "steal")
            assert.notInclude(printed(error), sessionToken)
            assert.strictEqual(redirecting.requests.length, 1, "a redirect is not retried")
          }
          assert.strictEqual(elsewhere.requests.length, 0, "nothing reaches the redirect's target")
        })
    )
  }

  scopedLive(
    "node: a redirect whose server clock is far off is not mistaken for clock skew and retried",
    () =>
      Effect.gen(function*() {
        const redirecting = yield* server(
          answer(302, "", { location: "http://127.0.0.1:9/", date: "Mon, 01 Jan 2001 00:00:00 GMT" })
        )
        const error = yield* describeFailure(entries.node(redirecting.url))
        assert.instanceOf(error, AwsServiceError)
        assert.strictEqual(redirecting.requests.length, 1)
      })
  )
})

// ---------------------------------------------------------------------------------------------
// Nesting
// ---------------------------------------------------------------------------------------------

const deepArrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`
const deepObjects = (levels: number) => `${"{\"a\":".repeat(levels)}1${"}".repeat(levels)}`

describe("deep nesting is a typed error, never a stack overflow", () => {
  for (const [entry, layerOf] of Object.entries(entries)) {
    scopedLive(
      `${entry}: 3,000 and 100,000 levels, in an unknown member and where executions belong`,
      () =>
        Effect.gen(function*() {
          for (const levels of [3_000, 100_000]) {
            for (
              const body of [
                `{"AssociationExecutions":[{"AssociationId":"${associationId}","Extra":${deepArrays(levels)}}]}`,
                `{"AssociationExecutions":[{"AssociationId":"${associationId}","Extra":${deepObjects(levels)}}]}`,
                `{"AssociationExecutions":${deepArrays(levels)}}`,
                `{"AssociationExecutions":[{"AlarmConfiguration":{"Alarms":${deepArrays(levels)}}}]}`
              ]
            ) {
              const deep = yield* server(answer(200, body))
              const error = yield* describeFailure(layerOf(deep.url))
              assert.instanceOf(error, ResponseDecodeError)
              if (!(error instanceof ResponseDecodeError)) continue
              assert.strictEqual(error.kind, "limit")
              assert.include(error.message, "deeper than 64 levels")
              assert.strictEqual(RetryPolicy.classify(error), "none")
              assert.strictEqual(deep.requests.length, 1)
            }
          }
        })
    )
  }
})

// ---------------------------------------------------------------------------------------------
// Size
// ---------------------------------------------------------------------------------------------

// Keep-alive agents for the length of the test, as the Node layers own them.
const agents = NodeTransport.keepAliveAgents

const fetchTransport = Effect.map(HttpClient, fromHttpClient).pipe(Effect.provide(fetchHttpClientLayer))

const transports: Record<string, Effect.Effect<Transport, never, Scope.Scope>> = {
  fetch: fetchTransport,
  node: Effect.map(agents, NodeTransport.make)
}

// Live tests: the deadline is on the wall clock, as the Node transport's timer is.
const deadline = Effect.map(
  Clock.currentTimeMillis,
  (now) => ({ atMillis: now + 30_000, timeoutMillis: 30_000, attempt: 1, operation: "DescribeAssociationExecutions" })
)

describe("responses are bounded while they are read", () => {
  for (const [entry, transportOf] of Object.entries(transports)) {
    scopedLive(
      `${entry} transport: an endless body stops at the limit, with the limit and the host`,
      () =>
        Effect.gen(function*() {
          const endless = yield* server(endlessBody)
          const transport = yield* transportOf
          const error = yield* transport(
            { url: endless.url, headers: {}, body: "{}", maxResponseBytes: 256 * 1024 },
            yield* deadline
          )
            .pipe(Effect.flip)
          assert.instanceOf(error, ResponseDecodeError)
          if (!(error instanceof ResponseDecodeError)) return
          assert.strictEqual(error.kind, "limit")
          assert.strictEqual(error.httpStatus, 200)
          assert.include(error.reason, `${256 * 1024} bytes`)
          assert.include(error.reason, endless.origin.slice("http://".length))
          // The client hung up on a server that would have gone on forever.
          yield* endless.hungUp
        })
    )

    scopedLive(`${entry} transport: a body up to the limit is read whole`, () =>
      Effect.gen(function*() {
        const body = `{"AssociationExecutions":[],"Padding":"${"x".repeat(1000)}"}`
        const exact = yield* server(answer(200, body))
        const transport = yield* transportOf
        const exchange = yield* transport({
          url: exact.url,
          headers: {},
          body: "{}",
          maxResponseBytes: Buffer.byteLength(body)
        }, yield* deadline)
        assert.strictEqual(exchange.body, body)
      }))
  }

  scopedLive(
    "fetch transport: a small compressed body that inflates past the limit stops at the limit",
    () =>
      Effect.gen(function*() {
        // 256 KiB of one letter gzips to a few hundred bytes: its declared length is within the
        // limit, what fetch hands over is not, so the length alone must not let it through whole.
        const compressed = Zlib.gzipSync(`{"Padding":"${"x".repeat(256 * 1024)}"}`)
        const inflating = yield* server((_request, response) => {
          response.writeHead(200, { "content-encoding": "gzip", "content-length": String(compressed.byteLength) })
          response.end(compressed)
        })
        const transport = yield* fetchTransport
        const error = yield* transport(
          { url: inflating.url, headers: {}, body: "{}", maxResponseBytes: 64 * 1024 },
          yield* deadline
        ).pipe(Effect.flip)
        assert.isBelow(compressed.byteLength, 64 * 1024)
        assert.instanceOf(error, ResponseDecodeError)
        if (!(error instanceof ResponseDecodeError)) return
        assert.strictEqual(error.kind, "limit")
      })
  )

  scopedLive(
    "node transport: a declared length over the limit is refused before the body is read",
    () =>
      Effect.gen(function*() {
        const declared = yield* server((_request, response) => {
          response.writeHead(200, { "content-length": String(1024 * 1024 * 1024) })
          response.write("{")
        })
        const transport = NodeTransport.make(yield* agents)
        const error = yield* transport(
          { url: declared.url, headers: {}, body: "{}", maxResponseBytes: 1024 },
          yield* deadline
        )
          .pipe(Effect.flip)
        assert.instanceOf(error, ResponseDecodeError)
        yield* declared.hungUp
      })
  )

  for (const [entry, layerOf] of Object.entries(entries)) {
    scopedLive(
      `${entry}: the service stops an endless page at the default 10 MiB and does not retry it`,
      () =>
        Effect.gen(function*() {
          const endless = yield* server(endlessBody)
          const error = yield* describeFailure(layerOf(endless.url))
          assert.instanceOf(error, ResponseDecodeError)
          if (!(error instanceof ResponseDecodeError)) return
          assert.strictEqual(error.kind, "limit")
          assert.include(error.message, `${10 * 1024 * 1024} bytes`)
          assert.strictEqual(RetryPolicy.classify(error), "none")
          assert.strictEqual(endless.requests.length, 1)
        })
    )

    scopedLive(`${entry}: maxResponseBytes sets the limit`, () =>
      Effect.gen(function*() {
        const page = yield* server(
          answer(200, JSON.stringify({ AssociationExecutions: [], Padding: "x".repeat(4096) }))
        )
        const limited = (endpoint: string) =>
          entry === "fetch"
            ? AssociationExecutions.layer({ ...serviceOptions(endpoint), maxResponseBytes: 1024 }).pipe(
              Layer.provide(fetchHttpClientLayer)
            )
            : NodeAssociationExecutions.layer({ ...serviceOptions(endpoint), maxResponseBytes: 1024 })
        const error = yield* describeFailure(limited(page.url))
        assert.instanceOf(error, ResponseDecodeError)
        if (error instanceof ResponseDecodeError) assert.include(error.message, "1024 bytes")
      }))
  }

  it.effect("a limit that is not a positive number is a ConfigurationError when the layer is built", () =>
    Effect.gen(function*() {
      for (const maxResponseBytes of [0, -1, Number.NaN]) {
        const built = yield* Layer.build(NodeAssociationExecutions.layer({ maxResponseBytes, region: "us-east-1" }))
          .pipe(
            Effect.scoped,
            Effect.flip
          )
        assert.strictEqual(built._tag, "ConfigurationError")
        assert.include(built.message, "maxResponseBytes")
      }
    }))
})

// ---------------------------------------------------------------------------------------------
// Secrets quoted back
// ---------------------------------------------------------------------------------------------

/** What AWS says when a signature does not match, made worse: escapes, line breaks, and length. */
const echoingSignatureError: Handler = (request, response) => {
  const token = String(request.headers["x-amz-security-token"])
  const signature = String(request.headers["authorization"]).split("Signature=")[1] ?? ""
  const message = "The request signature we calculated does not match the signature you provided.\n\n" +
    "The Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-amz-json-1.1\n" +
    `x-amz-security-token:${token}\n'\n\u001b[31mred\u001b[0m\u001b]0;title\u0007 signature ${signature} ` +
    `key ${secretAccessKey} encoded ${encodeURIComponent(token)} ${"x".repeat(5000)}`
  response.writeHead(403, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1" })
  response.end(JSON.stringify({ __type: "SignatureDoesNotMatch", message }))
}

describe("secrets a server quotes back are scrubbed", () => {
  for (const [entry, layerOf] of Object.entries(entries)) {
    scopedLive(
      `${entry}: the canonical request in SignatureDoesNotMatch loses the token, key and signature`,
      () =>
        Effect.gen(function*() {
          const signatures: Array<string> = []
          const echoing = yield* server((request, response) => {
            signatures.push(String(request.headers["authorization"]).split("Signature=")[1] ?? "")
            echoingSignatureError(request, response)
          })
          const error = yield* describeFailure(layerOf(echoing.url))
          assert.instanceOf(error, AwsServiceError)
          if (!(error instanceof AwsServiceError)) return
          assert.strictEqual(error.code, "SignatureDoesNotMatch")
          const text = printed(error)
          for (const secret of [sessionToken, encodeURIComponent(sessionToken), secretAccessKey, ...signatures]) {
            assert.notInclude(text, secret)
          }
          assert.include(error.awsMessage, "x-amz-security-token:[redacted]")
          assert.include(error.awsMessage, "signature [redacted]")
          // One line, no escapes, cut with the cut said.
          assert.isFalse(hasControlCharacter(error.message))
          assert.include(error.awsMessage, "[cut, ")
          assert.isAtMost(error.awsMessage.length, 1100)
        })
    )
  }
})

// ---------------------------------------------------------------------------------------------
// Credentials endpoints
// ---------------------------------------------------------------------------------------------

const withEnv = withEnvironment

const containerDocument = JSON.stringify({
  AccessKeyId: "ASIASTOLEN",
  SecretAccessKey: secretAccessKey,
  Token: sessionToken,
  Expiration: "2030-01-01T00:00:00Z"
})

const credentialsClients = {
  fetch: Effect.succeed(fetchHttpClientLayer),
  node: Effect.map(agents, (owned) => Layer.succeed(HttpClient, NodeHttpClient.make(owned)))
}

const resolveContainer = (
  url: string,
  clientLayer: Layer.Layer<HttpClient>,
  environment: Record<string, string> = {}
) =>
  Credentials.container({ retryDelayMillis: 1 }).resolve.pipe(
    withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, ...environment }),
    Effect.provide(clientLayer),
    Effect.flip
  )

describe("credentials endpoints stay bounded and follow nothing", () => {
  for (const [entry, clientOf] of Object.entries(credentialsClients)) {
    scopedLive(
      `${entry}: a container endpoint's redirect is refused, its target never asked, no retry`,
      () =>
        Effect.gen(function*() {
          const elsewhere = yield* server(answer(200, containerDocument))
          const redirecting = yield* server(answer(307, "", { location: `${elsewhere.origin}/creds?x=1` }))
          const error = yield* resolveContainer(redirecting.url, yield* clientOf)
          assert.instanceOf(error, CredentialsError)
          assert.include(error.message, `redirected to ${elsewhere.origin};`)
          assert.notInclude(error.message, "creds?x")
          assert.strictEqual(elsewhere.requests.length, 0)
          assert.strictEqual(redirecting.requests.length, 1)
        })
    )

    scopedLive(`${entry}: a container endpoint's endless body stops at 64 KiB`, () =>
      Effect.gen(function*() {
        const endless = yield* server(endlessBody)
        const error = yield* resolveContainer(endless.url, yield* clientOf)
        assert.instanceOf(error, CredentialsError)
        assert.include(error.message, `more than ${64 * 1024} bytes`)
        assert.strictEqual(endless.requests.length, 1)
        yield* endless.hungUp
      }))

    scopedLive(
      `${entry}: IMDS redirecting the credentials request is refused, never "not here"`,
      () =>
        Effect.gen(function*() {
          const elsewhere = yield* server(answer(200, containerDocument))
          const imds = yield* server((request, response) => {
            if (request.method === "PUT") return answer(200, "imds-session-token")(request, response)
            if (request.url === "/latest/meta-data/iam/security-credentials/") {
              return answer(200, "role")(request, response)
            }
            answer(302, "", { location: `${elsewhere.origin}/latest` })(request, response)
          })
          const error = yield* Credentials.instanceMetadata({ endpoint: imds.origin }).resolve.pipe(
            withEnv({}),
            Effect.provide(yield* clientOf),
            Effect.flip
          )
          assert.instanceOf(error, CredentialsError)
          assert.include(error.message, "redirected to")
          assert.strictEqual(elsewhere.requests.length, 0)
          assert.strictEqual(imds.requests.length, 3, "token, role, one credentials request: no retry")
        })
    )
  }

  scopedLive(
    "a container endpoint that quotes the authorization token back has it scrubbed",
    () =>
      Effect.gen(function*() {
        const authorization = "container-authorization-token-value"
        const echoing = yield* server((request, response) =>
          answer(
            403,
            JSON.stringify({ Code: "Denied", Message: `bad token ${request.headers["authorization"]}\n\u001b[2J` })
          )(request, response)
        )
        const error = yield* resolveContainer(echoing.url, fetchHttpClientLayer, {
          AWS_CONTAINER_AUTHORIZATION_TOKEN: authorization
        })
        assert.instanceOf(error, CredentialsError)
        assert.include(error.message, "Denied: bad token [redacted]")
        assert.notInclude(printed(error), authorization)
        assert.isFalse(hasControlCharacter(error.message))
      })
  )

  it.effect("a credentials wait cut by the attempt's deadline says so in the TimeoutError", () =>
    Effect.scoped(Effect.gen(function*() {
      let markReached = (): void => {}
      const reachedOnce = new Promise<void>((resolve) => {
        markReached = resolve
      })
      // A container endpoint that takes the request and never answers.
      const silent = yield* server(() => markReached())
      const service = yield* AssociationExecutions.make({
        region: "us-east-1",
        endpoint: "http://127.0.0.1:9/",
        credentials: [Credentials.container()],
        timeoutMillis: 500,
        retry: { maxAttempts: 1 }
      }).pipe(Effect.provide(fetchHttpClientLayer))
      const fiber = yield* service.describe({ AssociationId: associationId }).pipe(
        withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: silent.url }),
        Effect.flip,
        fork
      )
      yield* Effect.promise(() => reachedOnce)
      yield* TestClock.adjust(500)
      const error = yield* Fiber.join(fiber)
      assert.instanceOf(error, TimeoutError)
      if (!(error instanceof TimeoutError)) return
      assert.strictEqual(error.scope, "attempt")
      assert.include(error.message, "while waiting for credentials")
      assert.include(error.message, "500 ms")
    })))
})
