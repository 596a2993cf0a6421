import { assert, describe, it } from "@effect/vitest"
import { captureLogs, withMinimumLogLevel } from "@line/testing"
import { AwsV4Signer } from "aws4fetch"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import { errorBody, type ExecutionsPage, executionsPage } from "./support/wireJson.js"

interface Exchange {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

class FetchFailed extends Data.TaggedError("FetchFailed")<{ readonly stage: string }> {}

/** Signs with aws4fetch (as this package's client does) and sends with fetch over loopback. */
const send = (
  endpoint: LocalEndpoint.LocalEndpointInfo,
  body: unknown,
  options: {
    readonly accessKeyId?: string
    readonly secretAccessKey?: string
    readonly region?: string
    readonly datetime?: string
    readonly target?: string
    readonly unsigned?: boolean
  } = {}
): Effect.Effect<Exchange, FetchFailed> =>
  Effect.gen(function*() {
    const headers = {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": options.target ?? "AmazonSSM.DescribeAssociationExecutions"
    }
    const text = JSON.stringify(body)
    const signed = options.unsigned === true
      ? { url: new URL(`${endpoint.url}/`), headers: new Headers(headers) }
      : yield* Effect.tryPromise({
        try: () =>
          new AwsV4Signer({
            method: "POST",
            url: `${endpoint.url}/`,
            headers,
            body: text,
            accessKeyId: options.accessKeyId ?? endpoint.credentials.accessKeyId,
            secretAccessKey: options.secretAccessKey ?? Redacted.value(endpoint.credentials.secretAccessKey),
            service: "ssm",
            region: options.region ?? endpoint.region,
            ...(options.datetime === undefined ? {} : { datetime: options.datetime })
          }).sign(),
        catch: () => new FetchFailed({ stage: "sign" })
      })
    const response = yield* Effect.tryPromise({
      try: () => fetch(signed.url, { method: "POST", headers: signed.headers, body: text }),
      catch: () => new FetchFailed({ stage: "connect" })
    })
    const responseText = yield* Effect.tryPromise({
      try: () => response.text(),
      catch: () => new FetchFailed({ stage: "body" })
    })
    return { status: response.status, headers: response.headers, text: responseText }
  })

const errorOf = (exchange: Exchange) => ({
  status: exchange.status,
  ...errorBody(exchange.text)
})

/**
 * Starts an endpoint without its per-request INFO log line, so the test output stays quiet; the
 * logging test below starts one with `LocalEndpoint.make` and checks those lines itself.
 */
const start = (options: LocalEndpoint.LocalEndpointOptions) =>
  LocalEndpoint.make(options).pipe(withMinimumLogLevel("Warning"))

const basicDateTime = (millis: number) => new Date(millis).toISOString().replace(/[-:]|\.\d{3}/g, "")

describe("LocalEndpoint", () => {
  // The server judges signature time by the wall clock, so these tests run live.
  it.live("serves signed requests with AWS's response headers, keeping connections alive", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* start({
        generate: { seed: 4, associations: 2, executionsPerAssociation: 12 }
      })
      assert.match(endpoint.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.notStrictEqual(endpoint.port, 0)
      const associationId = endpoint.model.associationIds[1] ?? ""
      const exchange = yield* send(endpoint, { AssociationId: associationId, MaxResults: 5 })
      assert.strictEqual(exchange.status, 200, exchange.text)
      assert.strictEqual(exchange.headers.get("content-type"), "application/x-amz-json-1.1")
      assert.match(exchange.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f-]{36}$/)
      assert.isFalse(Number.isNaN(Date.parse(exchange.headers.get("date") ?? "")))
      assert.strictEqual(exchange.headers.get("connection"), "keep-alive")
      const page = executionsPage(exchange.text)
      assert.deepStrictEqual(
        page.AssociationExecutions.map((execution) => execution.ExecutionId),
        endpoint.model.executions(associationId).slice(0, 5).map((execution) => execution.ExecutionId)
      )
      const next = yield* send(endpoint, { AssociationId: associationId, MaxResults: 5, NextToken: page.NextToken })
      assert.strictEqual(executionsPage(next.text).AssociationExecutions.length, 5)
    })))

  it.live("rejects unsigned, unknown-key, wrong-secret, wrong-region and expired requests like AWS", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* start({
        generate: { seed: 4, associations: 1, executionsPerAssociation: 3 }
      })
      const body = { AssociationId: endpoint.model.associationIds[0] }
      assert.strictEqual(
        errorOf(yield* send(endpoint, body, { unsigned: true })).__type,
        "MissingAuthenticationTokenException"
      )
      assert.deepStrictEqual(errorOf(yield* send(endpoint, body, { accessKeyId: "AKIDSOMEONEELSE" })), {
        status: 400,
        __type: "UnrecognizedClientException",
        message: "The security token included in the request is invalid."
      })
      const wrongSecret = errorOf(yield* send(endpoint, body, { secretAccessKey: "guessed" }))
      assert.strictEqual(wrongSecret.__type, "InvalidSignatureException")
      assert.include(wrongSecret.message ?? "", "does not match the signature you provided")
      assert.deepStrictEqual(errorOf(yield* send(endpoint, body, { region: "eu-west-1" })), {
        status: 400,
        __type: "InvalidSignatureException",
        message: "Credential should be scoped to a valid region, not 'eu-west-1'."
      })
      const expired = yield* send(endpoint, body, { datetime: basicDateTime(Date.now() - 10 * 60_000) })
      assert.include(errorOf(expired).message ?? "", "Signature expired")
      // Clients correct their clock skew from this header.
      assert.isTrue(Math.abs(Date.parse(expired.headers.get("date") ?? "") - Date.now()) < 60_000)
    })))

  it.live("accepts anything when signature checks are off, and routes by X-Amz-Target", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* start({
        verifySignatures: false,
        model: yield* InMemorySsm.generate({ seed: 2, associations: 1, executionsPerAssociation: 3 })
      })
      const body = { AssociationId: endpoint.model.associationIds[0] }
      assert.strictEqual((yield* send(endpoint, body, { unsigned: true })).status, 200)
      const unknown = yield* send(endpoint, body, { unsigned: true, target: "AmazonSSM.ListAssociations" })
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(unknown.text, "{\"__type\":\"UnknownOperationException\"}")
    })))

  it.live("drops connections before headers or mid-body as scripted", () =>
    Effect.scoped(Effect.gen(function*() {
      const model = yield* InMemorySsm.generate({
        seed: 2,
        associations: 1,
        executionsPerAssociation: 3,
        faults: [
          { attempts: 1, answer: InMemorySsm.Fault.drop("beforeHeaders") },
          { attempts: 2, answer: InMemorySsm.Fault.drop("midBody") },
          { attempts: 3, answer: InMemorySsm.Fault.cutBody(10) }
        ]
      })
      const endpoint = yield* start({ model })
      const body = { AssociationId: model.associationIds[0] }
      assert.strictEqual((yield* Effect.flip(send(endpoint, body))).stage, "connect")
      assert.strictEqual((yield* Effect.flip(send(endpoint, body))).stage, "body")
      const cut = yield* send(endpoint, body)
      assert.strictEqual(cut.status, 200)
      assert.strictEqual(cut.text.length, 10)
      assert.strictEqual((yield* send(endpoint, body)).status, 200)
      assert.deepStrictEqual((yield* model.requests).map((entry) => entry.outcome), [
        "Drop",
        "Drop",
        "CutBody",
        "Response"
      ])
    })))

  it.live("answers ThrottlingException past the generated model's rate limit, once its burst is spent", () =>
    Effect.scoped(Effect.gen(function*() {
      // One token per 100 s: nothing refills while the test runs, so the burst alone decides.
      const endpoint = yield* start({
        generate: {
          seed: 5,
          associations: 1,
          executionsPerAssociation: 3,
          rateLimit: { requestsPerSecond: 0.01, burst: 3 }
        }
      })
      const body = { AssociationId: endpoint.model.associationIds[0] }
      for (let sent = 0; sent < 3; sent++) assert.strictEqual((yield* send(endpoint, body)).status, 200)
      assert.deepStrictEqual(errorOf(yield* send(endpoint, body)), {
        status: 400,
        __type: "ThrottlingException",
        message: "Rate exceeded"
      })
      assert.deepStrictEqual((yield* endpoint.model.requests).map((entry) => entry.code), [
        undefined,
        undefined,
        undefined,
        "ThrottlingException"
      ])
    })))

  it.live("remembers the generated model's requestLogLimit most recent requests, and counts every one", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* start({
        generate: { seed: 5, associations: 1, executionsPerAssociation: 3, requestLogLimit: 2 }
      })
      const associationId = endpoint.model.associationIds[0] ?? ""
      for (let sent = 0; sent < 5; sent++) yield* send(endpoint, { AssociationId: associationId })
      yield* send(endpoint, { AssociationId: associationId }, { unsigned: true })
      assert.deepStrictEqual((yield* endpoint.model.requests).map((entry) => [entry.attempt, entry.code]), [
        [5, undefined],
        [undefined, "MissingAuthenticationTokenException"]
      ])
      assert.strictEqual(yield* endpoint.model.requestCount, 6)
    })))

  it.live("logs one debug line per request with operation, status, code and latency, and never the secret", () =>
    Effect.scoped(Effect.gen(function*() {
      const lines: Array<string> = []
      const capture = captureLogs(lines)
      const generate = { seed: 4, associations: 1, executionsPerAssociation: 3 }
      // At the default level an embedding application hears nothing: its stdout stays its own.
      const quiet = yield* capture(LocalEndpoint.make({ generate }))
      yield* send(quiet, { AssociationId: quiet.model.associationIds[0] })
      yield* send(quiet, { AssociationId: "not-an-id" })
      assert.strictEqual(yield* quiet.model.requestCount, 2)
      assert.deepStrictEqual(lines, [])
      const endpoint = yield* LocalEndpoint.make({ generate }).pipe(capture, withMinimumLogLevel("Debug"))
      const associationId = endpoint.model.associationIds[0] ?? ""
      yield* send(endpoint, { AssociationId: associationId })
      yield* send(endpoint, { AssociationId: associationId, MaxResults: 99 })
      yield* send(endpoint, { AssociationId: associationId }, { secretAccessKey: "guessed" })
      assert.strictEqual(lines.length, 3)
      assert.match(lines[0] ?? "", /^DescribeAssociationExecutions 200 - \d+ms$/)
      assert.match(lines[1] ?? "", /^DescribeAssociationExecutions 400 ValidationException \d+ms$/)
      assert.match(lines[2] ?? "", /^DescribeAssociationExecutions 400 InvalidSignatureException \d+ms$/)
      const secret = Redacted.value(endpoint.credentials.secretAccessKey)
      assert.isTrue(lines.every((line) => !line.includes(secret) && !line.includes("Signature=")))
    })))

  it.live("its history ends when it starts, unless a fixed now is given", () =>
    Effect.scoped(Effect.gen(function*() {
      const generate = { seed: 4, associations: 2, executionsPerAssociation: 50 }
      const before = Date.now()
      const live = yield* start({ generate })
      const after = Date.now()
      const fixedNow = new Date("2025-06-01T12:00:00.000Z")
      const fixed = yield* start({ generate: { ...generate, now: fixedNow } })
      const truth = yield* InMemorySsm.generate({ ...generate, now: fixedNow })
      for (const associationId of truth.associationIds) {
        const newest = live.model.executions(associationId)[0]?.CreatedTime.getTime() ?? 0
        // The generator puts the newest execution 1 minute to 6 hours before its now.
        assert.isAtMost(newest, after - 60_000)
        assert.isAtLeast(newest, before - 6 * 3_600_000)
        // Fixed: exactly the model's data; live: the same history, moved.
        assert.deepStrictEqual(fixed.model.executions(associationId), truth.executions(associationId))
        assert.deepStrictEqual(
          live.model.executions(associationId).map((execution) => [execution.ExecutionId, execution.Status]),
          truth.executions(associationId).map((execution) => [execution.ExecutionId, execution.Status])
        )
      }
    })))

  it.live("prints a banner with the URL, the associations and paste-able environment lines", () =>
    Effect.scoped(Effect.gen(function*() {
      const endpoint = yield* start({
        generate: { seed: 8, associations: 2, executionsPerAssociation: 4 }
      })
      const banner = LocalEndpoint.startupBanner(endpoint)
      assert.include(banner, endpoint.url)
      for (const id of endpoint.model.associationIds) assert.include(banner, id)
      assert.include(
        banner,
        `export AWS_ENDPOINT_URL_SSM=${endpoint.url} AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=${InMemorySsm.localCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${
          Redacted.value(InMemorySsm.localCredentials.secretAccessKey)
        }`
      )
    })))

  it.live("fails with LocalEndpointError when the port is taken, and closes on demand", () =>
    Effect.scoped(Effect.gen(function*() {
      const first = yield* start({ generate: { seed: 1, associations: 1, executionsPerAssociation: 1 } })
      const clash = yield* Effect.flip(start({ port: first.port, model: first.model }))
      assert.strictEqual(clash._tag, "LocalEndpointError")
      yield* first.close
      yield* first.close
      const afterClose = yield* Effect.flip(send(first, { AssociationId: first.model.associationIds[0] }))
      assert.strictEqual(afterClose._tag, "FetchFailed")
    })))

  it.live("serves a generated million: its first pages across a checkpoint and its last, holding none of them", () =>
    Effect.scoped(Effect.gen(function*() {
      const heapBefore = process.memoryUsage().heapUsed
      const endpoint = yield* start({
        generate: { seed: "million", associations: 1, executionsPerAssociation: 1_000_000 }
      })
      // A million records would take hundreds of megabytes; made on demand, the model keeps a few
      // numbers per thousand executions (the margin is for whatever else the test worker allocates).
      assert.isBelow(process.memoryUsage().heapUsed - heapBefore, 64 * 2 ** 20)
      const [association] = endpoint.model.associations
      assert.isDefined(association)
      if (association === undefined) return
      const { AssociationId: associationId, executions } = association
      assert.strictEqual(executions.length, 1_000_000)
      assert.include(LocalEndpoint.startupBanner(endpoint), `${associationId}  (1000000 executions)`)
      // Each read makes the execution afresh: equal, never the same object.
      assert.notStrictEqual(executions.at(999_999), executions.at(999_999))
      assert.deepStrictEqual(executions.at(999_999), executions.at(999_999))

      const idsOf = (page: ExecutionsPage) => page.AssociationExecutions.map((execution) => execution.ExecutionId)
      const pageOf = (body: unknown) =>
        Effect.map(send(endpoint, body), (exchange) => {
          assert.strictEqual(exchange.status, 200, exchange.text)
          return executionsPage(exchange.text)
        })
      // 22 pages of 50 cross the first checkpoint (execution 1024): contiguous, in the service's order.
      const received: Array<ExecutionsPage["AssociationExecutions"][number]> = []
      let token: string | undefined
      for (let index = 0; index < 22; index++) {
        const page = yield* pageOf({ AssociationId: associationId, MaxResults: 50, NextToken: token })
        received.push(...page.AssociationExecutions)
        token = page.NextToken
        assert.isDefined(token)
      }
      assert.deepStrictEqual(
        received.map((execution) => [execution.ExecutionId, execution.CreatedTime]),
        executions.slice(0, 1100).map((execution) => [execution.ExecutionId, execution.CreatedTime.getTime() / 1000])
      )

      // The last page: everything up to the 50th from the end, found by its CreatedTime.
      const bound = (executions.at(-50)?.CreatedTime.getTime() ?? 0) + 1
      assert.isAbove(executions.at(-201)?.CreatedTime.getTime() ?? 0, bound)
      const expected = executions.slice(-200).filter((execution) => execution.CreatedTime.getTime() < bound)
      const last = yield* pageOf({
        AssociationId: associationId,
        Filters: [{ Key: "CreatedTime", Value: new Date(bound).toISOString(), Type: "LESS_THAN" }]
      })
      assert.deepStrictEqual(idsOf(last), expected.slice(0, 50).map((execution) => execution.ExecutionId))
      assert.strictEqual(idsOf(last).at(-1) === executions.at(-1)?.ExecutionId, expected.length <= 50)
      assert.strictEqual(last.NextToken !== undefined, expected.length > 50)
      // The oldest execution runs the first version.
      assert.strictEqual(executions.at(-1)?.AssociationVersion, "1")
    })))

  it.effect("provides itself as a scoped layer", () =>
    Effect.gen(function*() {
      const endpoint = yield* LocalEndpoint.LocalEndpoint
      assert.strictEqual(endpoint.region, "eu-central-1")
      assert.deepStrictEqual(endpoint.model.associationIds.length, 1)
    }).pipe(
      Effect.provide(
        LocalEndpoint.layer({
          region: "eu-central-1",
          generate: { seed: 3, associations: 1, executionsPerAssociation: 2 }
        })
      )
    ))
})
