import { assert, describe, it } from "@effect/vitest"
import {
  extendScope,
  fetchHttpClientLayer,
  fork,
  httpClientLayer,
  isDone,
  type ScriptedRequest,
  TestClock,
  withEnvironment,
  yieldNow
} from "@line/testing"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Scope from "effect/Scope"
import * as fs from "node:fs"
import * as http from "node:http"
import * as path from "node:path"
import { inspect } from "node:util"
import { CredentialsError } from "ssm-association-executions/AssociationExecutionsError"
import type { AwsCredentials, CredentialsProvider } from "ssm-association-executions/Credentials"
import * as Credentials from "ssm-association-executions/Credentials"
import { cached } from "ssm-association-executions/internal/credentials/cache"
import { chain } from "ssm-association-executions/internal/credentials/provider"
import * as NodeHostSystem from "ssm-association-executions/internal/nodeHostSystem"
import { assertNotShown, readable, shaped } from "./support/secretShapes.js"
import { makeHome } from "./support/tempHome.js"

const secret = "wJalrXUtnFEMI-K7MDENG-SECRET"
const sessionToken = "IQoJb3JpZ2luX2VjE-SESSION-TOKEN"

const withEnv = withEnvironment

const assertNoSecret = (value: unknown) => {
  for (const text of [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 10 })]) {
    assert.notInclude(text, secret)
    assert.notInclude(text, sessionToken)
  }
  if (value instanceof Error) {
    assert.notInclude(value.message, secret)
    assert.notInclude(value.message, sessionToken)
  }
}

// A success fails the test (with the value as its error).
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, A, R> => Effect.flip(effect)

/** The reason of an exit's CredentialsError; empty when it succeeded. */
const failureReason = <A>(exit: Exit.Exit<A, CredentialsError>): Effect.Effect<string> =>
  Effect.match(exit, { onFailure: (error) => error.reason, onSuccess: () => "" })

const resolvedCredentials = (result: Credentials.ProviderResult): AwsCredentials => {
  assert.strictEqual(result._tag, "Resolved")
  if (result._tag !== "Resolved") throw new Error("unreachable")
  return result.credentials
}

const notApplicableReason = (result: Credentials.ProviderResult): string => {
  assert.strictEqual(result._tag, "NotApplicable")
  return result._tag === "NotApplicable" ? result.reason : ""
}

// ---------------------------------------------------------------------------------------------
// Loopback HTTP server and HttpClient doubles
// ---------------------------------------------------------------------------------------------

interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: http.IncomingHttpHeaders
}

interface Answer {
  readonly status: number
  readonly body: string
}

/** A server on 127.0.0.1, port 0, answering with `handler`; closed with the test's scope. */
const loopbackServer = (handler: (request: RecordedRequest) => Answer) =>
  Effect.gen(function*() {
    const requests: Array<RecordedRequest> = []
    const server = yield* Effect.acquireRelease(
      Effect.promise(() =>
        new Promise<http.Server>((resolve) => {
          const server = http.createServer((incoming, outgoing) => {
            const request = { method: incoming.method ?? "", path: incoming.url ?? "", headers: incoming.headers }
            requests.push(request)
            const answer = handler(request)
            outgoing.writeHead(answer.status, { "content-type": "application/json" })
            outgoing.end(answer.body)
          })
          server.listen(0, "127.0.0.1", () => resolve(server))
        })
      ),
      (server) =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          })
        )
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    return { url: `http://127.0.0.1:${port}`, requests }
  })

/** An HttpClient double; `answer` sees each request and its 1-based attempt number. */
const clientDouble = (
  answer: (request: ScriptedRequest, url: URL, attempt: number) => Answer | "never" | "refused"
) =>
  Effect.gen(function*() {
    const calls = yield* Ref.make<Array<string>>([])
    const layer = httpClientLayer((request) =>
      Effect.gen(function*() {
        const url = new URL(request.url)
        const seen = yield* Ref.updateAndGet(calls, (calls) => [...calls, `${request.method} ${url.pathname}`])
        const result = answer(request, url, seen.length)
        if (result === "never") return yield* Effect.never
        if (result === "refused") return { transportFailure: "ECONNREFUSED" }
        return new Response(result.body, { status: result.status })
      })
    )
    return { layer, calls }
  })

const containerDocument = (expiration = "2030-01-01T00:00:00Z") =>
  JSON.stringify({
    AccessKeyId: "ASIACONTAINER",
    SecretAccessKey: secret,
    Token: sessionToken,
    Expiration: expiration,
    RoleArn: "arn:aws:iam::123456789012:role/task"
  })

const imdsDocument = JSON.stringify({
  Code: "Success",
  LastUpdated: "2029-12-31T18:00:00Z",
  Type: "AWS-HMAC",
  AccessKeyId: "ASIAINSTANCE",
  SecretAccessKey: secret,
  Token: sessionToken,
  Expiration: "2030-01-01T00:00:00Z"
})

const ok = (body: string): Answer => ({ status: 200, body })

/** Advances the TestClock in steps, letting forked fibers schedule their next sleeps in between. */
const advance = (millis: number, step = 100) =>
  Effect.gen(function*() {
    for (let elapsed = 0; elapsed < millis; elapsed += step) {
      yield* TestClock.adjust(Math.min(step, millis - elapsed))
      yield* yieldNow
    }
  })

// ---------------------------------------------------------------------------------------------
// Environment and chain
// ---------------------------------------------------------------------------------------------

describe("environment", () => {
  it.effect("resolves keys and the session token from the environment", () =>
    Effect.gen(function*() {
      const result = yield* Credentials.environment.resolve.pipe(
        withEnv({ AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: sessionToken })
      )
      const credentials = resolvedCredentials(result)
      assert.strictEqual(credentials.accessKeyId, "AKIDENV")
      assert.strictEqual(Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(credentials.sessionToken && Redacted.value(credentials.sessionToken), sessionToken)
      assertNoSecret(result)
    }))

  it.effect("does not apply without AWS_ACCESS_KEY_ID and fails with only half a pair", () =>
    Effect.gen(function*() {
      const none = yield* Credentials.environment.resolve.pipe(withEnv({}))
      assert.include(notApplicableReason(none), "AWS_ACCESS_KEY_ID")
      const error = yield* failureOf(Credentials.environment.resolve.pipe(withEnv({ AWS_ACCESS_KEY_ID: "AKIDENV" })))
      assert.include(error.reason, "AWS_SECRET_ACCESS_KEY")
    }))
})

const counting = (name: string, result: Credentials.ProviderResult | CredentialsError) =>
  Effect.map(Ref.make(0), (count) => ({
    count,
    provider: Credentials.makeProvider(
      name,
      Effect.andThen(
        Ref.update(count, (n) => n + 1),
        result instanceof CredentialsError ? Effect.fail(result) : Effect.succeed(result)
      )
    )
  }))

const someCredentials = (accessKeyId: string, expiration?: Date): AwsCredentials => ({
  ...Credentials.fromStatic({ accessKeyId, secretAccessKey: secret, sessionToken }),
  ...(expiration === undefined ? {} : { expiration })
})

describe("chain", () => {
  it.effect("returns the first provider that applies and never asks the later ones", () =>
    Effect.gen(function*() {
      const first = yield* counting("first", Credentials.ProviderResult.NotApplicable({ reason: "nothing here" }))
      const second = yield* counting(
        "second",
        Credentials.ProviderResult.Resolved({ credentials: someCredentials("AKID2") })
      )
      const third = yield* counting(
        "third",
        Credentials.ProviderResult.Resolved({ credentials: someCredentials("AKID3") })
      )
      const credentials = yield* chain([first.provider, second.provider, third.provider])
      assert.strictEqual(credentials.accessKeyId, "AKID2")
      assert.deepStrictEqual([yield* Ref.get(first.count), yield* Ref.get(second.count), yield* Ref.get(third.count)], [
        1,
        1,
        0
      ])
    }))

  it.effect("stops at a provider that fails, naming it and what was tried before", () =>
    Effect.gen(function*() {
      const skipped = yield* counting("skipped", Credentials.ProviderResult.NotApplicable({ reason: "not set" }))
      const broken = yield* counting("broken", new CredentialsError({ reason: "endpoint answered HTTP 500" }))
      const later = yield* counting(
        "later",
        Credentials.ProviderResult.Resolved({ credentials: someCredentials("AKID") })
      )
      const error = yield* failureOf(chain([skipped.provider, broken.provider, later.provider]))
      assert.strictEqual(error.reason, "broken: endpoint answered HTTP 500")
      assert.deepStrictEqual(error.tried, ["skipped: not set"])
      assert.strictEqual(yield* Ref.get(later.count), 0)
    }))

  it.effect("lists every provider and why it did not apply when none does", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(
        chain([
          Credentials.environment,
          Credentials.makeProvider(
            "custom",
            Effect.succeed(Credentials.ProviderResult.NotApplicable({ reason: "off" }))
          )
        ]).pipe(withEnv({}))
      )
      assert.strictEqual(error._tag, "CredentialsError")
      assert.strictEqual(error.reason, "No AWS credentials found")
      assert.deepStrictEqual(error.tried, ["environment: AWS_ACCESS_KEY_ID is not set", "custom: off"])
      assert.include(error.message, "tried: environment: AWS_ACCESS_KEY_ID is not set; custom: off")
    }))

  it.effect("says so when no provider was given", () =>
    Effect.gen(function*() {
      const error = yield* failureOf(chain([]))
      assert.include(error.reason, "No credentials provider")
    }))
})

// ---------------------------------------------------------------------------------------------
// Container
// ---------------------------------------------------------------------------------------------

const fetchLayer = fetchHttpClientLayer

describe("container", () => {
  it.effect("does not apply when neither URI variable is set", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => ok(containerDocument()))
      const result = yield* Credentials.container().resolve.pipe(withEnv({}), Effect.provide(double.layer))
      assert.include(notApplicableReason(result), "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
      assert.deepStrictEqual(yield* Ref.get(double.calls), [])
    }))

  it.effect("fetches AWS_CONTAINER_CREDENTIALS_FULL_URI with the authorization token", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* loopbackServer(() => ok(containerDocument()))
      const result = yield* Credentials.container().resolve.pipe(
        withEnv({
          AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v1/credentials?id=7`,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: "token-from-env"
        }),
        Effect.provide(fetchLayer)
      )
      const credentials = resolvedCredentials(result)
      assert.strictEqual(credentials.accessKeyId, "ASIACONTAINER")
      assert.strictEqual(Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(credentials.expiration?.toISOString(), "2030-01-01T00:00:00.000Z")
      assert.deepStrictEqual(server.requests.map((request) => [request.method, request.path]), [[
        "GET",
        "/v1/credentials?id=7"
      ]])
      assert.strictEqual(server.requests[0]?.headers.authorization, "token-from-env")
      assertNoSecret(result)
    })))

  it.effect("appends AWS_CONTAINER_CREDENTIALS_RELATIVE_URI to the agent address, ahead of the full URI", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* loopbackServer(() => ok(containerDocument()))
      const result = yield* Credentials.container({ relativeUriOrigin: server.url }).resolve.pipe(
        withEnv({
          AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/abc",
          AWS_CONTAINER_CREDENTIALS_FULL_URI: "https://unused.invalid/creds"
        }),
        Effect.provide(fetchLayer)
      )
      assert.strictEqual(resolvedCredentials(result).accessKeyId, "ASIACONTAINER")
      assert.deepStrictEqual(server.requests.map((request) => request.path), ["/v2/credentials/abc"])
      assert.isUndefined(server.requests[0]?.headers.authorization)
    })))

  it.effect("prefers the token file (EKS Pod Identity) over the token variable, reading it on Node", () =>
    Effect.scoped(
      Effect.gen(function*() {
        const directory = yield* makeHome()
        const tokenFile = path.join(directory, "eks-pod-identity-token")
        fs.writeFileSync(tokenFile, "token-from-file\n")
        const server = yield* loopbackServer(() => ok(containerDocument()))
        yield* Credentials.container().resolve.pipe(
          withEnv({
            AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v1/credentials`,
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
            AWS_CONTAINER_AUTHORIZATION_TOKEN: "token-from-env"
          }),
          Effect.provide(fetchLayer)
        )
        assert.strictEqual(server.requests[0]?.headers.authorization, "token-from-file")
      }).pipe(Effect.provide(NodeHostSystem.layer))
    ))

  it.effect("fails when the token file is set but files cannot be read on this runtime", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => ok(containerDocument()))
      const error = yield* failureOf(
        Credentials.container({ maxRetries: 0 }).resolve.pipe(
          withEnv({
            AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds",
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "/var/run/token"
          }),
          Effect.provide(double.layer)
        )
      )
      assert.include(error.reason, "NodeAssociationExecutions")
      assert.deepStrictEqual(yield* Ref.get(double.calls), [])
    }))

  it.effect("refuses plain HTTP to hosts other than loopback and the ECS/EKS agents", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => ok(containerDocument()))
      const check = (uri: string) =>
        Credentials.container({ maxRetries: 0 }).resolve.pipe(
          withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri }),
          Effect.provide(double.layer),
          Effect.exit
        )
      const refused = yield* check("http://example.com/creds")
      assert.include(yield* failureReason(refused), "example.com")
      for (
        const allowed of ["http://169.254.170.23/v1/credentials", "http://127.0.0.2:8080/x", "https://example.com/c"]
      ) {
        assert.isTrue(Exit.isSuccess(yield* check(allowed)), allowed)
      }
    }))

  it.effect("reports the endpoint's error code and message, without echoing credentials", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* loopbackServer(() => ({
        status: 403,
        body: JSON.stringify({ Code: "AccessDenied", Message: "token rejected" })
      }))
      const error = yield* failureOf(
        Credentials.container({ maxRetries: 0 }).resolve.pipe(
          withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds` }),
          Effect.provide(fetchLayer)
        )
      )
      assert.include(error.reason, "HTTP 403 (AccessDenied: token rejected)")
    })))

  it.effect("redacts credential shapes in the endpoint's error message, which the client never held", () =>
    Effect.gen(function*() {
      const message = `role ${readable.roleArn} has ${shaped.temporaryAccessKeyId} ${shaped.secretAccessKey} ` +
        `token ${shaped.sessionToken}`
      const double = yield* clientDouble(() => ({
        status: 500,
        body: JSON.stringify({ Code: "InternalError", Message: message })
      }))
      const error = yield* failureOf(
        Credentials.container({ maxRetries: 0 }).resolve.pipe(
          withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds" }),
          Effect.provide(double.layer)
        )
      )
      assertNotShown(error, Object.values(shaped))
      assert.include(
        error.reason,
        `(InternalError: role ${readable.roleArn} has [redacted] [redacted] token [redacted])`
      )
    }))

  it.effect("rejects a document without Expiration and never quotes its values", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() =>
        ok(JSON.stringify({ AccessKeyId: "ASIA", SecretAccessKey: secret, Token: sessionToken }))
      )
      const error = yield* failureOf(
        Credentials.container({ maxRetries: 0 }).resolve.pipe(
          withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds" }),
          Effect.provide(double.layer)
        )
      )
      assert.include(error.reason, "Expiration")
      assertNoSecret(error)
    }))

  it.effect("times out each attempt after 1 s and retries 3 times, 1 s apart", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble((_request, _url, attempt) => (attempt < 3 ? "never" : ok(containerDocument())))
      const fiber = yield* Credentials.container().resolve.pipe(
        withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds" }),
        Effect.provide(double.layer),
        fork
      )
      yield* advance(3_900)
      assert.strictEqual((yield* Ref.get(double.calls)).length, 2)
      assert.isFalse(yield* isDone(fiber))
      yield* advance(200)
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(resolvedCredentials(result).accessKeyId, "ASIACONTAINER")
      assert.strictEqual((yield* Ref.get(double.calls)).length, 3)
    }))

  it.effect("gives up after the last retry with the reason", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => "refused")
      const fiber = yield* Credentials.container().resolve.pipe(
        withEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds" }),
        Effect.provide(double.layer),
        Effect.exit,
        fork
      )
      yield* advance(5_000)
      assert.include(yield* failureReason(yield* Fiber.join(fiber)), "connection failed")
      assert.strictEqual((yield* Ref.get(double.calls)).length, 4)
    }))
})

// ---------------------------------------------------------------------------------------------
// IMDSv2
// ---------------------------------------------------------------------------------------------

const imdsRole = "ec2-role"

/** A well-behaved IMDSv2: token first, role list and credentials only with the token. */
const imdsHandler = (request: RecordedRequest): Answer => {
  if (request.method === "PUT" && request.path === "/latest/api/token") {
    return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] === "21600"
      ? ok("imds-session-token")
      : { status: 400, body: "" }
  }
  if (request.headers["x-aws-ec2-metadata-token"] !== "imds-session-token") return { status: 401, body: "" }
  if (request.path === "/latest/meta-data/iam/security-credentials/") return ok(`${imdsRole}\n`)
  if (request.path === `/latest/meta-data/iam/security-credentials/${imdsRole}`) return ok(imdsDocument)
  return { status: 404, body: "" }
}

describe("instanceMetadata", () => {
  it.effect("puts a token, reads the role, then its credentials", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* loopbackServer(imdsHandler)
      const result = yield* Credentials.instanceMetadata({ endpoint: server.url }).resolve.pipe(
        withEnv({}),
        Effect.provide(fetchLayer)
      )
      const credentials = resolvedCredentials(result)
      assert.strictEqual(credentials.accessKeyId, "ASIAINSTANCE")
      assert.strictEqual(credentials.sessionToken && Redacted.value(credentials.sessionToken), sessionToken)
      assert.deepStrictEqual(server.requests.map((request) => `${request.method} ${request.path}`), [
        "PUT /latest/api/token",
        "GET /latest/meta-data/iam/security-credentials/",
        `GET /latest/meta-data/iam/security-credentials/${imdsRole}`
      ])
      assertNoSecret(result)
    })))

  it.effect("takes the endpoint from AWS_EC2_METADATA_SERVICE_ENDPOINT, or the IPv6 address in IPv6 mode", () =>
    Effect.gen(function*() {
      const hosts: Array<string> = []
      const double = yield* clientDouble((request, url) => {
        hosts.push(url.host)
        return imdsHandler({
          method: request.method,
          path: url.pathname,
          headers: { ...request.headers }
        })
      })
      yield* Credentials.instanceMetadata().resolve.pipe(
        withEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://10.0.0.1:1338/" }),
        Effect.provide(double.layer)
      )
      yield* Credentials.instanceMetadata().resolve.pipe(
        withEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: "IPv6" }),
        Effect.provide(double.layer)
      )
      yield* Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(double.layer))
      assert.deepStrictEqual([hosts[0], hosts[3], hosts[6]], ["10.0.0.1:1338", "[fd00:ec2::254]", "169.254.169.254"])
    }))

  it.effect("does not apply when AWS_EC2_METADATA_DISABLED is set (unless it is \"false\")", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble((request, url) =>
        imdsHandler({ method: request.method, path: url.pathname, headers: { ...request.headers } })
      )
      const disabled = yield* Credentials.instanceMetadata().resolve.pipe(
        withEnv({ AWS_EC2_METADATA_DISABLED: "true" }),
        Effect.provide(double.layer)
      )
      assert.include(notApplicableReason(disabled), "AWS_EC2_METADATA_DISABLED")
      assert.deepStrictEqual(yield* Ref.get(double.calls), [])
      const enabled = yield* Credentials.instanceMetadata().resolve.pipe(
        withEnv({ AWS_EC2_METADATA_DISABLED: "false" }),
        Effect.provide(double.layer)
      )
      assert.strictEqual(enabled._tag, "Resolved")
    }))

  it.effect("does not apply off EC2: the token request is refused at the connection", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => "refused")
      const result = yield* Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(double.layer))
      assert.include(notApplicableReason(result), "no metadata service at http://169.254.169.254")
      assert.strictEqual((yield* Ref.get(double.calls)).length, 1)
    }))

  it.effect("does not apply when the token request gets no answer within 1 s", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => "never")
      const fiber = yield* Credentials.instanceMetadata().resolve.pipe(
        withEnv({}),
        Effect.provide(double.layer),
        fork
      )
      yield* advance(999, 333)
      assert.isFalse(yield* isDone(fiber))
      yield* advance(1)
      const result = yield* Fiber.join(fiber)
      assert.include(notApplicableReason(result), "no answer within 1000 ms")
    }))

  it.effect("does not apply when IMDSv2 is refused or no role is attached", () =>
    Effect.gen(function*() {
      const refused = yield* clientDouble(() => ({ status: 403, body: "" }))
      const noV2 = yield* Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(refused.layer))
      assert.include(notApplicableReason(noV2), "IMDSv1 is not supported")
      const noRole = yield* clientDouble((request) => request.method === "PUT" ? ok("t") : { status: 404, body: "" })
      const result = yield* Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(noRole.layer))
      assert.include(notApplicableReason(result), "no IAM role")
    }))

  it.effect("retries a failed role or credentials request once", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble((request, url, attempt) =>
        attempt === 2 || attempt === 4
          ? { status: 503, body: "" }
          : imdsHandler({ method: request.method, path: url.pathname, headers: { ...request.headers } })
      )
      const result = yield* Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(double.layer))
      assert.strictEqual(resolvedCredentials(result).accessKeyId, "ASIAINSTANCE")
      assert.strictEqual((yield* Ref.get(double.calls)).length, 5)
      const failing = yield* clientDouble((request) => request.method === "PUT" ? ok("t") : { status: 500, body: "" })
      const error = yield* failureOf(
        Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(failing.layer))
      )
      assert.include(error.reason, "HTTP 500")
      assert.strictEqual((yield* Ref.get(failing.calls)).length, 3)
    }))

  it.effect("fails when the credentials document says it is not a success", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble((request, url) =>
        url.pathname.endsWith(imdsRole)
          ? ok(JSON.stringify({ Code: "Failed", AccessKeyId: "A", SecretAccessKey: secret }))
          : imdsHandler({ method: request.method, path: url.pathname, headers: { ...request.headers } })
      )
      const error = yield* failureOf(
        Credentials.instanceMetadata().resolve.pipe(withEnv({}), Effect.provide(double.layer))
      )
      assert.include(error.reason, "Code Failed")
      assertNoSecret(error)
    }))
})

// ---------------------------------------------------------------------------------------------
// Cache
// ---------------------------------------------------------------------------------------------

const minute = 60_000

/** A credentials effect that takes `delayMillis`, counts its calls and expires `lifetimeMillis` after it ran. */
const slowSource = (options: {
  readonly delayMillis?: number
  readonly lifetimeMillis?: number
  readonly fail?: (call: number) => boolean
}) =>
  Effect.gen(function*() {
    const calls = yield* Ref.make(0)
    const resolve = Effect.gen(function*() {
      const call = yield* Ref.updateAndGet(calls, (n) => n + 1)
      if (options.delayMillis !== undefined) yield* Effect.sleep(options.delayMillis)
      if (options.fail?.(call) === true) return yield* new CredentialsError({ reason: `refresh ${call} failed` })
      const now = yield* Clock.currentTimeMillis
      return someCredentials(
        `AKID${call}`,
        options.lifetimeMillis === undefined ? undefined : new Date(now + options.lifetimeMillis)
      )
    })
    return { calls, resolve }
  })

describe("cached", () => {
  it.effect("fetches long-term credentials once", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({})
      const { get } = yield* cached(source.resolve)
      yield* get
      yield* TestClock.adjust("30 days")
      const credentials = yield* get
      assert.strictEqual(credentials.accessKeyId, "AKID1")
      assert.strictEqual(yield* Ref.get(source.calls), 1)
    })))

  it.effect("refreshes expiring credentials 5 minutes before they expire", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ lifetimeMillis: 15 * minute })
      const { get } = yield* cached(source.resolve)
      assert.strictEqual((yield* get).accessKeyId, "AKID1")
      yield* TestClock.adjust(10 * minute - 1)
      assert.strictEqual((yield* get).accessKeyId, "AKID1")
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* get).accessKeyId, "AKID2")
      assert.strictEqual(yield* Ref.get(source.calls), 2)
    })))

  it.effect("honours refreshBeforeMillis", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ lifetimeMillis: 15 * minute })
      const { get } = yield* cached(source.resolve, { refreshBeforeMillis: minute })
      yield* get
      yield* TestClock.adjust(14 * minute - 1)
      yield* get
      assert.strictEqual(yield* Ref.get(source.calls), 1)
      yield* TestClock.adjust(1)
      yield* get
      assert.strictEqual(yield* Ref.get(source.calls), 2)
    })))

  it.effect("shares one refresh among concurrent callers", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ delayMillis: 1_000, lifetimeMillis: 15 * minute })
      const { get } = yield* cached(source.resolve)
      const first = yield* fork(Effect.all(Array.from({ length: 20 }, () => get), { concurrency: "unbounded" }))
      yield* advance(1_000)
      const firstRound = yield* Fiber.join(first)
      assert.deepStrictEqual(new Set(firstRound.map((credentials) => credentials.accessKeyId)), new Set(["AKID1"]))
      assert.strictEqual(yield* Ref.get(source.calls), 1)

      yield* TestClock.adjust(10 * minute)
      const second = yield* fork(Effect.all(Array.from({ length: 20 }, () => get), { concurrency: "unbounded" }))
      yield* advance(1_000)
      const secondRound = yield* Fiber.join(second)
      assert.deepStrictEqual(new Set(secondRound.map((credentials) => credentials.accessKeyId)), new Set(["AKID2"]))
      assert.strictEqual(yield* Ref.get(source.calls), 2)
    })))

  it.effect("answers current credentials at once, without waiting for a refresh", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ delayMillis: 60_000, lifetimeMillis: 15 * minute })
      const cache = yield* cached(source.resolve)
      assert.isTrue(Option.isNone(yield* cache.current))
      const first = yield* fork(cache.get)
      yield* advance(60_000, 10_000)
      assert.strictEqual((yield* Fiber.join(first)).accessKeyId, "AKID1")
      assert.strictEqual(Option.getOrUndefined(yield* cache.current)?.accessKeyId, "AKID1")
      // Within five minutes of expiry the credentials are no longer current: an attempt then waits.
      yield* TestClock.adjust(10 * minute)
      assert.isTrue(Option.isNone(yield* cache.current))
    })))

  it.effect("shares a failed refresh too, and tries again on the next call", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ delayMillis: 1_000, fail: (call) => call === 1 })
      const { get } = yield* cached(source.resolve)
      const fiber = yield* fork(
        Effect.all(Array.from({ length: 10 }, () => Effect.exit(get)), { concurrency: "unbounded" })
      )
      yield* advance(1_000)
      const results = yield* Fiber.join(fiber)
      for (const result of results) assert.strictEqual(yield* failureReason(result), "refresh 1 failed")
      assert.strictEqual(yield* Ref.get(source.calls), 1)
      const retry = yield* fork(get)
      yield* advance(1_000)
      assert.strictEqual((yield* Fiber.join(retry)).accessKeyId, "AKID2")
    })))

  it.effect("keeps using still-valid credentials when a refresh fails", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ lifetimeMillis: 15 * minute, fail: (call) => call === 2 })
      const { get } = yield* cached(source.resolve)
      yield* get
      yield* TestClock.adjust(11 * minute)
      assert.strictEqual((yield* get).accessKeyId, "AKID1")
      assert.strictEqual((yield* get).accessKeyId, "AKID3")
      assert.strictEqual(yield* Ref.get(source.calls), 3)
    })))

  it.effect("fails once the credentials have expired and the refresh fails", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ lifetimeMillis: 15 * minute, fail: (call) => call > 1 })
      const { get } = yield* cached(source.resolve)
      yield* get
      yield* TestClock.adjust(15 * minute)
      const error = yield* failureOf(get)
      assert.strictEqual(error.reason, "refresh 2 failed")
    })))

  it.effect("does not strand other callers when the caller that started the refresh is interrupted", () =>
    Effect.scoped(Effect.gen(function*() {
      const source = yield* slowSource({ delayMillis: 1_000, lifetimeMillis: 15 * minute })
      const { get } = yield* cached(source.resolve)
      const starter = yield* fork(get)
      yield* yieldNow
      const waiter = yield* fork(get)
      yield* yieldNow
      yield* Fiber.interrupt(starter)
      yield* advance(1_000)
      assert.strictEqual((yield* Fiber.join(waiter)).accessKeyId, "AKID1")
      assert.strictEqual(yield* Ref.get(source.calls), 1)
    })))
})

// ---------------------------------------------------------------------------------------------
// fromProvider
// ---------------------------------------------------------------------------------------------

describe("fromProvider", () => {
  it.effect("wraps an AWS SDK-style provider, keeping the session token and expiration", () =>
    Effect.gen(function*() {
      const expiration = new Date("2030-01-01T00:00:00Z")
      const provider = Credentials.fromProvider(() =>
        Promise.resolve({ accessKeyId: "ASIASDK", secretAccessKey: secret, sessionToken, expiration })
      )
      const credentials = resolvedCredentials(yield* provider.resolve)
      assert.strictEqual(credentials.accessKeyId, "ASIASDK")
      assert.strictEqual(Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(credentials.expiration, expiration)
      assertNoSecret(credentials)
    }))

  it.effect("keeps the rejection's message", () =>
    Effect.gen(function*() {
      const rejected = Credentials.fromProvider(() =>
        Promise.reject(new Error("Could not load credentials from any providers"))
      )
      const error = yield* failureOf(chain([rejected]))
      assert.strictEqual(
        error.reason,
        "fromProvider: the provider failed: Could not load credentials from any providers"
      )
      const named = Credentials.fromProvider(() => Promise.reject("token expired"), { name: "sso" })
      assert.strictEqual(
        (yield* failureOf(chain([named]))).reason,
        "sso: the provider failed: token expired"
      )
    }))

  it.effect("redacts credential shapes in the rejection's message", () =>
    Effect.gen(function*() {
      const leaky = Credentials.fromProvider(() =>
        Promise.reject(new Error(`refresh failed for ${shaped.accessKeyId}: {"sessionToken":"${shaped.sessionToken}"}`))
      )
      const error = yield* failureOf(chain([leaky]))
      assertNotShown(error, Object.values(shaped))
      assert.strictEqual(
        error.reason,
        "fromProvider: the provider failed: refresh failed for [redacted]: {\"sessionToken\":\"[redacted]\"}"
      )
    }))

  it.effect("rejects a result without a secret", () =>
    Effect.gen(function*() {
      const provider = Credentials.fromProvider(() => Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "" }))
      assert.include((yield* failureOf(provider.resolve)).reason, "secretAccessKey")
    }))

  it.effect("is cached as a layer caches it: one call while the credentials are fresh, another before they expire", () =>
    Effect.scoped(Effect.gen(function*() {
      let calls = 0
      const provider = Credentials.fromProvider(() => {
        calls += 1
        return Promise.resolve({
          accessKeyId: `ASIA${calls}`,
          secretAccessKey: secret,
          expiration: new Date(Date.UTC(1970, 0, 1, 0, 15))
        })
      })
      const { get } = yield* cached(chain([provider]))
      const first = yield* get
      const second = yield* get
      yield* TestClock.adjust(10 * minute)
      const third = yield* get
      const ids = [first, second, third].map((credentials) => credentials.accessKeyId)
      assert.deepStrictEqual(ids, ["ASIA1", "ASIA1", "ASIA2"])
      assert.strictEqual(calls, 2)
    })))
})

// ---------------------------------------------------------------------------------------------
// Layers and secrets
// ---------------------------------------------------------------------------------------------

// What a layer does with a list of providers: asks them in order, cached for the layer's lifetime.
const resolveOnce = <R>(providers: ReadonlyArray<CredentialsProvider<R>>) =>
  Effect.scoped(Effect.flatMap(cached(chain(providers)), (source) => source.get))

describe("chains", () => {
  it.effect("defaultChain resolves the environment first", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => "refused")
      const credentials = yield* resolveOnce(Credentials.defaultChain()).pipe(
        Effect.provide(double.layer),
        withEnv({ AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: secret })
      )
      assert.strictEqual(credentials.accessKeyId, "AKIDENV")
      assert.deepStrictEqual(yield* Ref.get(double.calls), [])
    }))

  it.effect("defaultChain lists environment, container and IMDS when nothing applies", () =>
    Effect.gen(function*() {
      const double = yield* clientDouble(() => "refused")
      const error = yield* failureOf(
        resolveOnce(Credentials.defaultChain()).pipe(
          Effect.provide(double.layer),
          withEnv({})
        )
      )
      assert.deepStrictEqual(error.tried.map((entry) => entry.split(":")[0]), [
        "environment",
        "container",
        "instance metadata (IMDSv2)"
      ])
      assertNoSecret(error)
    }))

  it.effect("one provider reports why it did not apply", () =>
    Effect.gen(function*() {
      const provider: CredentialsProvider = Credentials.makeProvider(
        "vault",
        Effect.succeed(Credentials.ProviderResult.NotApplicable({ reason: "VAULT_ADDR is not set" }))
      )
      const error = yield* failureOf(resolveOnce([provider]))
      assert.deepStrictEqual(error.tried, ["vault: VAULT_ADDR is not set"])
    }))

  it("never shows a secret in credentials, results or errors", () => {
    const credentials = someCredentials("AKIDSAFE", new Date(0))
    assertNoSecret(credentials)
    assertNoSecret(Credentials.ProviderResult.Resolved({ credentials }))
    assertNoSecret(new CredentialsError({ reason: "x", tried: ["environment: AWS_ACCESS_KEY_ID is not set"] }))
  })
})

describe("cached, shutting down", () => {
  it.effect("closing the scope interrupts a refresh whose provider never answers", () =>
    Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Deferred.make<void>()
      const scope = yield* Scope.make()
      const never: Effect.Effect<AwsCredentials, CredentialsError> = Deferred.succeed(started, undefined).pipe(
        Effect.andThen(Effect.never),
        Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
      )
      const { get } = yield* extendScope(cached(never), scope)
      yield* fork(get)
      yield* Deferred.await(started)
      yield* Scope.close(scope, Exit.void)
      assert.isTrue(yield* Deferred.isDone(interrupted))
    }))
})
