import { assert, describe, it } from "@effect/vitest"
import { fork, httpClientLayer, type RecordedSpan, TestClock, withEnvironment, withRecordedSpans } from "@line/testing"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import page1 from "./fixtures/describe-association-executions.page1.json" with { type: "json" }
import vectors from "./fixtures/sigv4-vectors.json" with { type: "json" }
import { failureOf } from "./support/exits.js"

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"
const secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
const sessionToken = "AQoDYXdzEXAMPLEsessiontoken"
const vectorTime = Date.parse("2015-08-30T12:36:00Z")

interface RecordedRequest {
  readonly url: string
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

type Reply =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  | "drop"
  | "hang"

/** An HttpClient double that records each request and answers from a script (the last reply repeats). */
const scriptedClient = (replies: ReadonlyArray<Reply>) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const layer = httpClientLayer((request) =>
      Effect.gen(function*() {
        const sent = yield* Ref.updateAndGet(requests, (list) => [...list, request])
        const reply = replies[Math.min(sent.length, replies.length) - 1] ?? "drop"
        if (reply === "hang") return yield* Effect.never
        if (reply === "drop") return { transportFailure: "ECONNRESET" }
        return new Response(reply.body, {
          status: reply.status,
          headers: { "content-type": "application/x-amz-json-1.1", ...reply.headers }
        })
      })
    )
    return { requests, layer }
  })

const ok = { status: 200, body: page1.response.body, headers: { "x-amzn-requestid": "req-ok" } }
const awsError = (status: number, type: string, message = "", headers: Record<string, string> = {}): Reply => ({
  status,
  body: JSON.stringify(message === "" ? { __type: type } : { __type: type, message }),
  headers: { "x-amzn-requestid": `req-${type}`, ...headers }
})

const fastRetries = { baseDelayMillis: 0, throttlingBaseDelayMillis: 0 }

// The adaptive limiter slows down after a throttle by sleeping on the clock; these tests are about
// retries, so it stays off here (RateLimit.test.ts covers it under TestClock).
const baseOptions: AssociationExecutions.Options = {
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret },
  retry: fastRetries,
  rateLimit: { adaptive: false }
}

const describeWith = (
  replies: ReadonlyArray<Reply>,
  options: AssociationExecutions.Options = baseOptions,
  input: unknown = { AssociationId: associationId }
) =>
  Effect.gen(function*() {
    const double = yield* scriptedClient(replies)
    const exit = yield* Effect.gen(function*() {
      const service = yield* AssociationExecutions.AssociationExecutions
      // `unknown` input on purpose: bad input must be caught at run time too.
      return yield* service.describe(input as Parameters<AssociationExecutions.Service["describe"]>[0])
    }).pipe(
      Effect.provide(AssociationExecutions.layer(options).pipe(Layer.provide(double.layer))),
      Effect.exit
    )
    return { exit, requests: yield* Ref.get(double.requests) }
  })

describe("AssociationExecutions.describe", () => {
  it.effect("sends the awsJson1.1 request the spec describes, signed exactly as SigV4 vector A", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorTime)
      const { exit, requests } = yield* describeWith([ok])
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 1)
      const [request] = requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.url, "https://ssm.us-east-1.amazonaws.com/")
      assert.strictEqual(request?.body, vectors.vectors[0]?.request.body)
      assert.strictEqual(request?.headers["content-type"], "application/x-amz-json-1.1")
      assert.strictEqual(request?.headers["x-amz-target"], "AmazonSSM.DescribeAssociationExecutions")
      assert.strictEqual(request?.headers["x-amz-date"], "20150830T123600Z")
      assert.strictEqual(request?.headers["authorization"], vectors.vectors[0]?.authorization)
      assert.strictEqual(request?.headers["amz-sdk-request"], "attempt=1; max=5")
    }))

  it.effect("signs the session token as vector B", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorTime)
      const { requests } = yield* describeWith([ok], {
        ...baseOptions,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken }
      })
      assert.strictEqual(requests[0]?.headers["x-amz-security-token"], sessionToken)
      assert.strictEqual(requests[0]?.headers["authorization"], vectors.vectors[1]?.authorization)
    }))

  it.effect("decodes the response", () =>
    Effect.gen(function*() {
      const { exit } = yield* describeWith([ok])
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isFailure(exit)) return
      assert.strictEqual(exit.value.AssociationExecutions.length, 2)
      assert.strictEqual(exit.value.AssociationExecutions[0]?.CreatedTime?.toISOString(), "2019-02-18T16:03:47.119Z")
      assert.strictEqual(exit.value.NextToken, JSON.parse(page1.response.body).NextToken)
    }))

  const badInputs: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a malformed association id", { AssociationId: "aws.ssm.8dfe3659-4309-493a-8755-0123456789ab" }, "AssociationId"],
    ["a missing association id", {}, "AssociationId"],
    ["MaxResults above 50", { AssociationId: associationId, MaxResults: 51 }, "MaxResults"],
    ["MaxResults not an integer", { AssociationId: associationId, MaxResults: 1.5 }, "MaxResults"],
    ["an empty filter list", { AssociationId: associationId, Filters: [] }, "Filters"],
    [
      "an unknown filter key",
      { AssociationId: associationId, Filters: [{ Key: "Owner", Value: "x", Type: "EQUAL" }] },
      "Filters[0].Key"
    ],
    [
      "an empty filter value",
      { AssociationId: associationId, Filters: [{ Key: "Status", Value: "", Type: "EQUAL" }] },
      "Filters[0].Value"
    ]
  ]
  for (const [name, input, field] of badInputs) {
    it.effect(`rejects ${name} with InvalidInput and sends nothing`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* describeWith([ok], baseOptions, input)
        const error = failureOf(exit)
        assert.strictEqual(error._tag, "InvalidInput")
        if (error._tag === "InvalidInput") assert.strictEqual(error.field, field)
        assert.strictEqual(requests.length, 0)
      }))
  }

  const notRetried: ReadonlyArray<readonly [Reply, string]> = [
    [awsError(400, "AssociationDoesNotExist", "Association x does not exist."), "AssociationDoesNotExist"],
    [awsError(400, "InvalidNextToken"), "InvalidNextToken"],
    [awsError(400, "ValidationException", "1 validation error detected"), "AwsServiceError"],
    [awsError(400, "AccessDeniedException", "User: x is not authorized"), "AwsServiceError"],
    [awsError(400, "UnrecognizedClientException"), "AwsServiceError"],
    [{ status: 200, body: "{\"AssociationExecutions\":\"not a list\"}" }, "ResponseDecodeError"]
  ]
  for (const [reply, tag] of notRetried) {
    it.effect(`${tag} from ${typeof reply === "object" ? reply.body.slice(0, 40) : reply} is final after one request`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* describeWith([reply, ok])
        const error = failureOf(exit)
        assert.strictEqual(error._tag, tag)
        assert.strictEqual(requests.length, 1)
        if ("attempts" in error) assert.strictEqual(error.attempts, 1)
      }))
  }

  it.effect("carries the request id and status of the AWS error", () =>
    Effect.gen(function*() {
      const { exit } = yield* describeWith([awsError(400, "AssociationDoesNotExist", "Association x does not exist.")])
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "AssociationDoesNotExist")
      if (error._tag !== "AssociationDoesNotExist") return
      assert.strictEqual(error.requestId, "req-AssociationDoesNotExist")
      assert.strictEqual(error.httpStatus, 400)
      assert.strictEqual(error.message, "Association x does not exist.")
    }))

  const retried: ReadonlyArray<readonly [Reply, string]> = [
    [awsError(500, "InternalServerError"), "InternalServerError"],
    [awsError(400, "ThrottlingException", "Rate exceeded"), "ThrottlingError"],
    [{ status: 503, body: "<html>Service Unavailable</html>" }, "AwsServiceError"],
    ["drop", "TransportError"],
    [{ status: 200, body: "{\"AssociationExecutions\":[{\"Associat" }, "ResponseDecodeError"]
  ]
  for (const [reply, tag] of retried) {
    it.effect(`${tag} is retried with the same body, and succeeds when the service recovers`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* describeWith([reply, reply, ok])
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(requests.length, 3)
        assert.deepStrictEqual(requests.map((request) => request.body), Array(3).fill(requests[0]?.body))
        assert.deepStrictEqual(
          requests.map((request) => request.headers["amz-sdk-request"]),
          ["attempt=1; max=5", "attempt=2; max=5", "attempt=3; max=5"]
        )
      }))

    it.effect(`${tag} fails after maxAttempts with the attempt count`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* describeWith([reply], {
          ...baseOptions,
          retry: { ...fastRetries, maxAttempts: 3 }
        })
        const error = failureOf(exit)
        assert.strictEqual(error._tag, tag)
        assert.strictEqual(requests.length, 3)
        if ("attempts" in error) assert.strictEqual(error.attempts, 3)
      }))
  }

  it.effect("corrects its clock from the server's Date after a skew error, and signs again as the next attempt", () =>
    Effect.gen(function*() {
      const serverTime = new Date(vectorTime + 3_600_000)
      yield* TestClock.setTime(vectorTime)
      const skewed = awsError(400, "InvalidSignatureException", "Signature expired: 20150830T123600Z is now earlier", {
        date: serverTime.toUTCString()
      })
      const { exit, requests } = yield* describeWith([skewed, ok], { ...baseOptions, retry: { maxAttempts: 2 } })
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 2)
      assert.strictEqual(requests[0]?.headers["x-amz-date"], "20150830T123600Z")
      assert.strictEqual(requests[1]?.headers["x-amz-date"], "20150830T133600Z")
      // One retry loop: the re-signed request is the next attempt, at once (no backoff on the clock).
      assert.strictEqual(requests[0]?.headers["amz-sdk-request"], "attempt=1; max=2")
      assert.strictEqual(requests[1]?.headers["amz-sdk-request"], "attempt=2; max=2")
    }))

  it.effect("a skew error on the last attempt is not retried", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorTime)
      const skewed = awsError(400, "InvalidSignatureException", "Signature expired", {
        date: new Date(vectorTime + 3_600_000).toUTCString()
      })
      const { exit, requests } = yield* describeWith([skewed, ok], { ...baseOptions, retry: { maxAttempts: 1 } })
      assert.strictEqual(failureOf(exit)._tag, "AwsServiceError")
      assert.strictEqual(requests.length, 1)
    }))

  it.effect("does not retry a skew error forever when the clock is already corrected", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorTime)
      const skewed = awsError(400, "InvalidSignatureException", "Signature expired", {
        date: new Date(vectorTime + 3_600_000).toUTCString()
      })
      const { exit, requests } = yield* describeWith([skewed], { ...baseOptions, retry: { maxAttempts: 5 } })
      assert.strictEqual(failureOf(exit)._tag, "AwsServiceError")
      assert.strictEqual(requests.length, 2)
    }))

  it.effect("re-signs every request signed with a skewed clock, also when another one taught the offset", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(vectorTime)
      const serverTime = vectorTime + 3_600_000
      const arrived = yield* Deferred.make<void>()
      const arrivals = yield* Ref.make(0)
      // Both first attempts are in flight together before either is answered, so both were signed
      // before the offset was learned.
      const client = httpClientLayer((request) =>
        Effect.gen(function*() {
          const count = yield* Ref.updateAndGet(arrivals, (n) => n + 1)
          if (count === 2) yield* Deferred.succeed(arrived, undefined)
          yield* Deferred.await(arrived)
          const amzDate = request.headers["x-amz-date"] ?? ""
          const signedAt = Date.parse(
            amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z")
          )
          const skewed = Math.abs(serverTime - signedAt) > 300_000
          const headers = { date: new Date(serverTime).toUTCString(), "content-type": "application/x-amz-json-1.1" }
          return skewed
            ? new Response("{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired\"}", {
              status: 400,
              headers
            })
            : new Response(ok.body, { status: 200, headers })
        })
      )
      const results = yield* Effect.flatMap(AssociationExecutions.AssociationExecutions, (service) =>
        Effect.all([
          service.describe({ AssociationId: associationId }),
          service.describe({ AssociationId: associationId })
        ], { concurrency: 2 })).pipe(
          Effect.provide(
            AssociationExecutions.layer({ ...baseOptions, retry: { maxAttempts: 2 } }).pipe(
              Layer.provide(client)
            )
          )
        )
      assert.strictEqual(results.length, 2)
      assert.strictEqual(yield* Ref.get(arrivals), 4)
    }))

  it.effect("traces one span per call, with each failed attempt as an event and no secret anywhere", () =>
    Effect.gen(function*() {
      const recorded: Array<RecordedSpan> = []
      const { exit } = yield* describeWith([awsError(400, "ThrottlingException", "Rate exceeded"), ok]).pipe(
        withRecordedSpans(recorded)
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(recorded.map(({ name }) => name), ["DescribeAssociationExecutions"])
      const [call] = recorded
      assert.strictEqual(call?.attributes.get("aws.attempts"), 2)
      assert.strictEqual(call?.events.length, 1)
      assert.deepInclude(call?.events[0], { name: "attempt failed" })
      assert.deepInclude(Reflect.get(Object(call?.events[0]), "attributes"), {
        attempt: 1,
        "error.type": "ThrottlingError",
        "aws.error_code": "ThrottlingException",
        "retry.class": "throttling",
        "retry.scheduled": true
      })
      const everything = JSON.stringify({ attributes: [...(call?.attributes ?? [])], events: call?.events })
      assert.notInclude(everything, secret)
      assert.notInclude(everything, "Rate exceeded")
    }))

  it.effect("times out an attempt that gets no response, and aborts it", () =>
    Effect.gen(function*() {
      const done = yield* Deferred.make<void>()
      const fiber = yield* describeWith(["hang"], { ...baseOptions, timeoutMillis: 1_000, retry: { maxAttempts: 1 } })
        .pipe(Effect.ensuring(Deferred.succeed(done, undefined)), fork)
      // Step the clock until the attempt has timed out (the fiber may still be building its layer).
      for (let step = 0; step < 10 && !(yield* Deferred.isDone(done)); step++) {
        yield* TestClock.adjust("500 millis")
      }
      const { exit, requests } = yield* Fiber.join(fiber)
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.strictEqual(error.scope, "attempt")
      assert.strictEqual(requests.length, 1)
    }))

  it.effect("interrupting a call aborts the request in flight", () =>
    Effect.gen(function*() {
      const arrived = yield* Deferred.make<void>()
      const aborted = yield* Deferred.make<void>()
      const client = httpClientLayer(() =>
        Deferred.succeed(arrived, undefined).pipe(
          Effect.andThen(Effect.never),
          Effect.onInterrupt(() => Deferred.succeed(aborted, undefined))
        )
      )
      const fiber = yield* Effect.flatMap(
        AssociationExecutions.AssociationExecutions,
        (service) => service.describe({ AssociationId: associationId })
      ).pipe(
        Effect.provide(
          AssociationExecutions.layer(baseOptions).pipe(
            Layer.provide(client)
          )
        ),
        fork
      )
      yield* Deferred.await(arrived)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(yield* Deferred.isDone(aborted))
    }))

  it.effect("never puts the secret or the session token in an error", () =>
    Effect.gen(function*() {
      const { exit } = yield* describeWith(["drop"], {
        ...baseOptions,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken },
        retry: { maxAttempts: 1 }
      })
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "TransportError")
      if (Exit.isSuccess(exit)) return
      for (const text of [String(error), JSON.stringify(error), Cause.pretty(exit.cause)]) {
        assert.notInclude(text, secret)
        assert.notInclude(text, sessionToken)
      }
    }))

  it.effect("without credentials fails with a CredentialsError that lists the chain, and sends nothing", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* describeWith([ok], { region: "us-east-1" }).pipe(
        withEnvironment({ AWS_EC2_METADATA_DISABLED: "true" })
      )
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "CredentialsError")
      if (error._tag === "CredentialsError") assert.strictEqual(error.tried.length, 3)
      assert.strictEqual(requests.length, 0)
    }))
})

describe("AssociationExecutions.layerConfig", () => {
  const environment = withEnvironment

  it.effect("reads region, endpoint, credentials and max attempts from the environment", () =>
    Effect.gen(function*() {
      const double = yield* scriptedClient([awsError(500, "InternalServerError")])
      const exit = yield* Effect.flatMap(
        AssociationExecutions.AssociationExecutions,
        (service) => service.describe({ AssociationId: associationId })
      ).pipe(
        Effect.provide(AssociationExecutions.layerConfig({ retry: fastRetries }).pipe(Layer.provide(double.layer))),
        environment({
          AWS_REGION: "eu-west-1",
          AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:4566",
          AWS_ACCESS_KEY_ID: "AKIDLOCAL",
          AWS_SECRET_ACCESS_KEY: "local-secret",
          AWS_MAX_ATTEMPTS: "2"
        }),
        Effect.exit
      )
      const requests = yield* Ref.get(double.requests)
      assert.strictEqual(failureOf(exit)._tag, "InternalServerError")
      assert.strictEqual(requests.length, 2)
      assert.strictEqual(requests[0]?.url, "http://127.0.0.1:4566/")
      assert.include(requests[0]?.headers["authorization"] ?? "", "Credential=AKIDLOCAL/19700101/eu-west-1/ssm/")
    }))

  it.effect("explicit options win over the environment", () =>
    Effect.gen(function*() {
      const double = yield* scriptedClient([ok])
      yield* Effect.flatMap(
        AssociationExecutions.AssociationExecutions,
        (service) => service.describe({ AssociationId: associationId })
      ).pipe(
        Effect.provide(
          AssociationExecutions.layerConfig({ ...baseOptions, region: "ap-southeast-2" }).pipe(
            Layer.provide(double.layer)
          )
        ),
        environment({ AWS_REGION: "eu-west-1" })
      )
      const requests = yield* Ref.get(double.requests)
      assert.strictEqual(requests[0]?.url, "https://ssm.ap-southeast-2.amazonaws.com/")
    }))

  it.effect("fails to build with a ConfigurationError when no region is configured", () =>
    Effect.gen(function*() {
      const double = yield* scriptedClient([ok])
      const exit = yield* Layer.build(AssociationExecutions.layerConfig().pipe(Layer.provide(double.layer))).pipe(
        Effect.scoped,
        environment({}),
        Effect.exit
      )
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.include(String(error), "AWS_REGION")
    }))
})
