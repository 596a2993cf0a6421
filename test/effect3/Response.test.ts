import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { readdirSync, readFileSync } from "node:fs"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  InternalServerError,
  InvalidNextToken,
  ResponseDecodeError,
  ThrottlingError,
  TransportError
} from "../../src/AssociationExecutionsError.js"
import { describeExecutions } from "../../src/internal/operation.js"
import type { HttpExchange, ResponseError } from "../../src/internal/response.js"
import { interpretResponse, requestIdOf, retryAfterMillis, throttlingErrorCodes } from "../../src/internal/response.js"
import { scrubText } from "../../src/internal/scrub.js"
import { fromHttpClientError } from "../../src/line/transport.js"

const validPageBody = JSON.stringify({ AssociationExecutions: [] })

const Headers = Schema.Record({ key: Schema.String, value: Schema.String })
const WireResponse = Schema.Struct({ status: Schema.Number, headers: Headers, body: Schema.String })
const ErrorFixture = Schema.Struct({
  response: WireResponse,
  expected: Schema.Struct({
    code: Schema.String,
    fault: Schema.Literal("client", "server"),
    httpStatus: Schema.Number,
    message: Schema.String
  })
})
const PageFixture = Schema.Struct({
  response: WireResponse,
  expected: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})

const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"))

const lowercaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

const exchangeOf = (response: typeof WireResponse.Type): HttpExchange => ({
  status: response.status,
  headers: lowercaseKeys(response.headers),
  body: response.body
})

const now = Date.UTC(2015, 7, 30, 12, 36, 0)

const attemptOf = (attempt: number) => ({ attempt, operation: "DescribeAssociationExecutions" })

// The executions operation models an unknown association and a bad NextToken.
const interpret = (exchange: HttpExchange, attempt: number, secrets?: () => ReadonlyArray<string>) =>
  interpretResponse(
    describeExecutions,
    exchange,
    attemptOf(attempt),
    now,
    secrets
  )

type ExecutionsFailure = ResponseError | AssociationDoesNotExist | InvalidNextToken

const failureOf = (exchange: HttpExchange, attempt = 1): ExecutionsFailure => {
  const result = interpret(exchange, attempt)
  if (result.ok) return assert.fail(`expected a failure, got ${JSON.stringify(result.value)}`)
  return result.error
}

const errorResponse = (status: number, body: string, headers: Record<string, string> = {}): HttpExchange => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1", ...headers },
  body
})

/** The AWS message an error carries, whichever field its class keeps it in. */
const awsMessageOf = (error: ExecutionsFailure): string =>
  error instanceof ThrottlingError || error instanceof AwsServiceError ? error.awsMessage : error.message

/** The mapped error, asserted to be a TransportError (a timed-out transport gives a TimeoutError). */
const transportError = (...args: Parameters<typeof fromHttpClientError>): TransportError => {
  const error = fromHttpClientError(...args)
  assert.instanceOf(error, TransportError)
  return error
}

describe("interpretResponse on every error fixture", () => {
  const errorFiles = readdirSync(new URL("../fixtures/errors/", import.meta.url)).filter((file) =>
    file.endsWith(".json")
  )

  it("finds all 14 error fixtures", () => {
    assert.strictEqual(errorFiles.length, 14)
  })

  for (const file of errorFiles) {
    const fixture = Schema.decodeUnknownSync(ErrorFixture)(readJson(`errors/${file}`))
    const { expected } = fixture
    const expectedTag = expected.code === "AssociationDoesNotExist" || expected.code === "InvalidNextToken" ||
        expected.code === "InternalServerError"
      ? expected.code
      : throttlingErrorCodes.has(expected.code)
      ? "ThrottlingError"
      : "AwsServiceError"

    it(`${file} -> ${expectedTag} with status, request id, message and attempts`, () => {
      const error = failureOf(exchangeOf(fixture.response), 3)
      assert.strictEqual(error._tag, expectedTag)
      assert.strictEqual(error.httpStatus, expected.httpStatus)
      assert.strictEqual(error.requestId, fixture.response.headers["x-amzn-RequestId"])
      assert.strictEqual(error.attempts, 3)
      assert.strictEqual(error.operation, "DescribeAssociationExecutions")
      if (error instanceof AwsServiceError) {
        assert.strictEqual(error.code, expected.code)
        assert.strictEqual(error.fault, expected.fault)
      }
      if (error instanceof ThrottlingError) assert.strictEqual(error.code, expected.code)
      if (expected.message !== "") assert.strictEqual(awsMessageOf(error), expected.message)
    })
  }
})

describe("interpretResponse on error variants", () => {
  it("gives a modeled error its default message when AWS sends none", () => {
    const error = failureOf(errorResponse(400, "{\"__type\":\"AssociationDoesNotExist\"}"))
    assert.instanceOf(error, AssociationDoesNotExist)
    assert.strictEqual(error.message, new AssociationDoesNotExist({}).message)
    const token = failureOf(errorResponse(400, "{\"__type\":\"InvalidNextToken\",\"message\":\"\"}"))
    assert.instanceOf(token, InvalidNextToken)
    assert.strictEqual(token.message, new InvalidNextToken({}).message)
  })

  it("reads Message when message is absent", () => {
    const error = failureOf(errorResponse(500, "{\"__type\":\"InternalServerError\",\"Message\":\"boom\"}"))
    assert.instanceOf(error, InternalServerError)
    assert.strictEqual(error.message, "boom")
  })

  it("maps namespaced and Coral-style __type values to the modeled classes", () => {
    assert.instanceOf(
      failureOf(errorResponse(400, "{\"__type\":\"com.amazonaws.ssm#AssociationDoesNotExist\"}")),
      AssociationDoesNotExist
    )
    assert.instanceOf(
      failureOf(errorResponse(400, "{\"__type\":\"com.amazon.coral.service#InvalidNextToken:http://x/\"}")),
      InvalidNextToken
    )
  })

  it("maps every throttling code of spec 5.2 to ThrottlingError, even with a message", () => {
    for (const code of throttlingErrorCodes) {
      const error = failureOf(errorResponse(400, JSON.stringify({ __type: code, message: "slow down" })))
      assert.instanceOf(error, ThrottlingError)
      assert.strictEqual(error.code, code)
      assert.strictEqual(error.awsMessage, "slow down")
    }
    assert.strictEqual(throttlingErrorCodes.size, 14)
  })

  it("treats HTTP 429 as throttling whatever the code", () => {
    const error = failureOf(errorResponse(429, "{\"__type\":\"SomethingElse\"}"))
    assert.instanceOf(error, ThrottlingError)
    assert.strictEqual(error.code, "SomethingElse")
    assert.strictEqual(error.httpStatus, 429)
  })

  it("keeps status and fault for an HTML 503 from a proxy, with code Unknown", () => {
    const error = failureOf({
      status: 503,
      headers: { "content-type": "text/html" },
      body: "<html>Service Unavailable</html>"
    })
    assert.instanceOf(error, AwsServiceError)
    assert.strictEqual(error.code, "Unknown")
    assert.strictEqual(error.fault, "server")
    assert.strictEqual(error.httpStatus, 503)
    assert.strictEqual(error.requestId, undefined)
  })

  it("reads the code from x-amzn-errortype when the body has none", () => {
    const error = failureOf({ status: 502, headers: { "x-amzn-errortype": "BadGateway:http://x/" }, body: "" })
    assert.instanceOf(error, AwsServiceError)
    assert.strictEqual(error.code, "BadGateway")
    assert.strictEqual(error.fault, "server")
  })

  it("reports an unknown 4xx code as a client fault", () => {
    const error = failureOf(errorResponse(403, "{\"__type\":\"OptInRequired\"}"))
    assert.instanceOf(error, AwsServiceError)
    assert.strictEqual(error.fault, "client")
  })

  it("puts the retry hint on the error", () => {
    const error = failureOf(errorResponse(400, "{\"__type\":\"ThrottlingException\"}", { "retry-after": "2" }))
    assert.strictEqual(error.retryAfterMillis, 2000)
    assert.strictEqual(
      failureOf(errorResponse(400, "{\"__type\":\"ThrottlingException\"}")).retryAfterMillis,
      undefined
    )
  })
})

describe("interpretResponse on 2xx", () => {
  for (const name of ["page1", "page2", "filtered-empty"]) {
    it(`decodes the ${name} fixture to its expected values and request id`, () => {
      const fixture = Schema.decodeUnknownSync(PageFixture)(readJson(`describe-association-executions.${name}.json`))
      const exchange = exchangeOf(fixture.response)
      const result = interpret(exchange, 1)
      if (!result.ok) return assert.fail(result.error.message)
      const { NextToken, requestId, timestampsNote: _timestampsNote, ...members } = fixture.expected
      assert.deepStrictEqual(
        JSON.parse(JSON.stringify(result.value)),
        NextToken === null ? members : { ...members, NextToken }
      )
      if (requestId !== undefined) assert.strictEqual(requestIdOf(exchange.headers), requestId)
    })
  }

  const malformed: ReadonlyArray<readonly [name: string, body: string]> = [
    ["an empty body", ""],
    ["a body cut off mid-stream", "{\"AssociationExecutions\":[{\"AssociationId\":\"8dfe"],
    ["an HTML body", "<html>ok</html>"]
  ]
  for (const [name, body] of malformed) {
    it(`fails with a malformed ResponseDecodeError for ${name}`, () => {
      const error = failureOf({ status: 200, headers: { "x-amzn-requestid": "req-2" }, body }, 2)
      assert.instanceOf(error, ResponseDecodeError)
      assert.strictEqual(error.kind, "malformed")
      assert.strictEqual(error.requestId, "req-2")
      assert.strictEqual(error.httpStatus, 200)
      assert.strictEqual(error.attempts, 2)
    })
  }

  it("fails with a schema ResponseDecodeError naming the member for valid JSON of the wrong shape", () => {
    const error = failureOf({
      status: 200,
      headers: {},
      body: "{\"AssociationExecutions\":[{\"CreatedTime\":\"yesterday\"}]}"
    })
    assert.instanceOf(error, ResponseDecodeError)
    assert.strictEqual(error.kind, "schema")
    assert.include(error.reason, "AssociationExecutions[0].CreatedTime")
  })

  it("fails with a schema ResponseDecodeError for JSON that is not an object", () => {
    const error = failureOf({ status: 200, headers: {}, body: "[]" })
    assert.instanceOf(error, ResponseDecodeError)
    assert.strictEqual(error.kind, "schema")
  })
})

describe("requestIdOf", () => {
  it("prefers x-amzn-requestid, then x-amzn-request-id, then x-amz-request-id", () => {
    assert.strictEqual(
      requestIdOf({ "x-amz-request-id": "c", "x-amzn-request-id": "b", "x-amzn-requestid": "a" }),
      "a"
    )
    assert.strictEqual(requestIdOf({ "x-amz-request-id": "c", "x-amzn-request-id": "b" }), "b")
    assert.strictEqual(requestIdOf({ "x-amz-request-id": "c" }), "c")
    assert.strictEqual(requestIdOf({}), undefined)
  })
})

describe("retryAfterMillis", () => {
  const cases: ReadonlyArray<readonly [name: string, headers: Record<string, string>, millis: number | undefined]> = [
    ["x-amz-retry-after in milliseconds", { "x-amz-retry-after": "1500" }, 1500],
    ["retry-after in seconds", { "retry-after": "3" }, 3000],
    ["retry-after as an HTTP date, from now", { "retry-after": "Sun, 30 Aug 2015 12:36:05 GMT" }, 5000],
    ["retry-after as an HTTP date already past", { "retry-after": "Sun, 30 Aug 2015 12:35:00 GMT" }, 0],
    ["x-amz-retry-after before retry-after", { "x-amz-retry-after": "250", "retry-after": "9" }, 250],
    ["retry-after when x-amz-retry-after is unreadable", { "x-amz-retry-after": "soon", "retry-after": "1" }, 1000],
    ["nothing for an unreadable retry-after", { "retry-after": "whenever" }, undefined],
    ["nothing without a hint", {}, undefined]
  ]
  for (const [name, headers, millis] of cases) {
    it(`reads ${name}`, () => {
      assert.strictEqual(retryAfterMillis(headers, now), millis)
    })
  }
})

describe("fromHttpClientError", () => {
  const secret = "AQoDYXdzEXAMPLEsessiontoken"
  const request = HttpClientRequest.post("https://ssm.us-east-1.amazonaws.com/").pipe(
    HttpClientRequest.setHeaders({
      "authorization":
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ssm/aws4_request, Signature=${secret}`,
      "x-amz-security-token": secret
    })
  )

  it("turns a transport RequestError into a TransportError that keeps only the cause", () => {
    const cause = new TypeError("fetch failed")
    const error = fromHttpClientError(
      new HttpClientError.RequestError({ request, reason: "Transport", cause }),
      attemptOf(2)
    )
    assert.instanceOf(error, TransportError)
    assert.strictEqual(error.reason, "the request could not be sent: fetch failed")
    assert.strictEqual(error.cause, cause)
    assert.strictEqual(error.attempts, 2)
    assert.strictEqual(error.httpStatus, undefined)
    assert.notInclude(error.message, secret)
    assert.notInclude(JSON.stringify(error), secret)
  })

  it("names the reason of the other request failures", () => {
    const encode = transportError(new HttpClientError.RequestError({ request, reason: "Encode" }), attemptOf(1))
    assert.strictEqual(encode.reason, "the request body could not be encoded")
    const url = transportError(
      new HttpClientError.RequestError({ request, reason: "InvalidUrl", description: "bad host" }),
      attemptOf(1)
    )
    assert.strictEqual(url.reason, "the endpoint URL is not valid: bad host")
  })

  it.effect("reports a body that breaks off mid-stream as a dropped connection, with status and request id", () =>
    Effect.gen(function*() {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("{\"AssociationExecutions\":["))
          controller.error(new Error("socket hang up"))
        }
      })
      const response = HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: 200, headers: { "x-amzn-RequestId": "req-9" } })
      )
      const platformError = yield* Effect.flip(response.text)
      const error = transportError(platformError, attemptOf(1))
      assert.strictEqual(error.reason, "connection dropped while reading the response body")
      assert.strictEqual(error.httpStatus, 200)
      assert.strictEqual(error.requestId, "req-9")
      assert.notInclude(JSON.stringify(error), secret)
    }))

  it("names the other response failures", () => {
    const response = HttpClientResponse.fromWeb(request, new Response(null, { status: 204 }))
    const empty = transportError(
      new HttpClientError.ResponseError({ request, response, reason: "EmptyBody" }),
      attemptOf(1)
    )
    assert.strictEqual(empty.reason, "the response had no body")
    const status = transportError(
      new HttpClientError.ResponseError({ request, response, reason: "StatusCode" }),
      attemptOf(1)
    )
    assert.strictEqual(status.reason, "unexpected HTTP status 204")
  })
})

describe("interpretResponse on hostile answers", () => {
  const secrets = ["IQoJ-SESSION/TOKEN+==", "wJalr-SECRET-KEY", "0123456789abcdef0123456789abcdef"]
  const failureWithSecrets = (exchange: HttpExchange): ExecutionsFailure => {
    const result = interpret(exchange, 1, () => secrets)
    return result.ok ? assert.fail("expected a failure") : result.error
  }

  it("refuses every 3xx as a Redirect client error naming only the Location's origin", () => {
    for (const status of [300, 301, 302, 303, 304, 307, 308]) {
      const error = failureOf(
        errorResponse(status, validPageBody, { location: "https://Evil.Example:8443/path?X-Amz-Security-Token=abc" }),
        2
      )
      assert.instanceOf(error, AwsServiceError)
      if (!(error instanceof AwsServiceError)) continue
      assert.strictEqual(error.code, "Redirect")
      assert.strictEqual(error.fault, "client")
      assert.strictEqual(error.httpStatus, status)
      assert.strictEqual(error.attempts, 2)
      assert.include(error.awsMessage, "redirected to https://evil.example:8443;")
      assert.notInclude(error.message, "path")
      assert.notInclude(error.message, "X-Amz-Security-Token")
    }
  })

  it("says what it can of a relative, missing, non-HTTP or hidden redirect target", () => {
    const messageOf = (status: number, headers: Record<string, string>) => {
      const error = failureOf(errorResponse(status, "", headers))
      return error instanceof AwsServiceError ? error.awsMessage : assert.fail(error.message)
    }
    assert.include(messageOf(302, { location: "/elsewhere?token=1" }), "a location relative to the endpoint")
    assert.include(messageOf(302, {}), "redirected to no Location")
    assert.include(messageOf(302, { location: "javascript:alert(1)" }), "a javascript: location")
    // A browser's fetch in manual mode: status 0, no headers.
    assert.include(messageOf(0, {}), "a target the runtime does not disclose")
  })

  it("accepts 64 levels of nesting and refuses 65 as a limit error", () => {
    const nested = (levels: number) =>
      `{"AssociationExecutions":[{"AssociationId":"a","Extra":${"[".repeat(levels - 3)}${"]".repeat(levels - 3)}}]}`
    assert.isTrue(interpret({ status: 200, headers: {}, body: nested(64) }, 1).ok)
    const error = failureOf({ status: 200, headers: { "x-amzn-requestid": "req-3" }, body: nested(65) })
    assert.instanceOf(error, ResponseDecodeError)
    if (!(error instanceof ResponseDecodeError)) return
    assert.strictEqual(error.kind, "limit")
    assert.strictEqual(error.requestId, "req-3")
  })

  it("never overflows the stack on deep bodies where the Schema would quote the value", () => {
    for (const levels of [3_000, 100_000]) {
      for (
        const body of [
          `{"AssociationExecutions":${"[".repeat(levels)}${"]".repeat(levels)}}`,
          `{"AssociationExecutions":[{"AlarmConfiguration":{"Alarms":${"[".repeat(levels)}${"]".repeat(levels)}}}]}`,
          `${"{\"a\":".repeat(levels)}1${"}".repeat(levels)}`
        ]
      ) {
        const error = failureOf({ status: 200, headers: {}, body })
        assert.instanceOf(error, ResponseDecodeError)
        assert.include(error.message, "deeper than 64 levels")
      }
    }
  })

  it("cleans and cuts a schema mismatch that quotes a huge value", () => {
    const huge = `\u001b[31m${secrets[0]}\n${"y".repeat(20_000)}`
    const error = failureWithSecrets({
      status: 200,
      headers: {},
      body: JSON.stringify({ AssociationExecutions: [{ AssociationId: { huge } }] })
    })
    assert.instanceOf(error, ResponseDecodeError)
    if (!(error instanceof ResponseDecodeError)) return
    assert.strictEqual(error.kind, "schema")
    assert.include(error.reason, "AssociationExecutions[0].AssociationId")
    assert.include(error.reason, "[cut, ")
    assert.isAtMost(error.reason.length, 1100)
    assert.notInclude(error.reason, secrets[0] ?? "")
    assert.notInclude(error.reason, "\u001b")
  })

  it("scrubs the attempt's secrets from messages and codes, and cleans escapes and line breaks", () => {
    const message = `Canonical request:\nx-amz-security-token:${secrets[0]}\nSignature=${secrets[2]}\n` +
      `secret ${secrets[1]} encoded ${encodeURIComponent(secrets[0] ?? "")} \u001b[2J\u001b]8;;http://x\u0007link\u202e`
    for (const status of [400, 403, 500]) {
      const error = failureWithSecrets(
        errorResponse(status, JSON.stringify({ __type: `Weird${secrets[1]}`, message }))
      )
      const text = `${error.message} ${JSON.stringify(error)}`
      for (const secret of [...secrets, encodeURIComponent(secrets[0] ?? "")]) assert.notInclude(text, secret)
      assert.include(awsMessageOf(error), "x-amz-security-token:[redacted] Signature=[redacted] secret [redacted]")
      assert.notMatch(error.message, /[\u0000-\u001f\u202e]/)
      if (error instanceof AwsServiceError) assert.strictEqual(error.code, "Weird[redacted]")
    }
  })

  it("scrubs the message of a modeled error too, and cuts a huge HTML body", () => {
    const modeled = failureWithSecrets(
      errorResponse(400, JSON.stringify({ __type: "InvalidNextToken", message: `token ${secrets[0]}` }))
    )
    assert.instanceOf(modeled, InvalidNextToken)
    assert.strictEqual(modeled.message, "token [redacted]")
    const html = failureWithSecrets(errorResponse(502, `<html>${"<p>bad gateway</p>\n".repeat(10_000)}</html>`))
    assert.instanceOf(html, AwsServiceError)
    assert.isAtMost(awsMessageOf(html).length, 1100)
    assert.include(awsMessageOf(html), "[cut, ")
  })

  it("cleans and cuts a request id that is not an AWS one", () => {
    assert.strictEqual(requestIdOf({ "x-amzn-requestid": "4e8f-ok" }), "4e8f-ok")
    const odd = requestIdOf({ "x-amzn-requestid": `\u001b[31m${"r".repeat(1000)}` })
    assert.isDefined(odd)
    assert.notInclude(odd ?? "", "\u001b")
    assert.isAtMost((odd ?? "").length, 260)
  })
})

describe("scrubText", () => {
  it("replaces secrets before and after escapes go, so an escape cannot split one back together", () => {
    assert.strictEqual(scrubText("a SEC\u001b[0mRET b", ["SECRET"]), "a [redacted] b")
    assert.strictEqual(scrubText("a SECRET b", [""]), "a SECRET b")
  })

  it("cuts without splitting a surrogate pair, and says how much was cut", () => {
    const text = `${"a".repeat(9)}😀tail`
    assert.strictEqual(scrubText(text, [], 10), `${"a".repeat(9)}… [cut, 6 more characters]`)
  })
})
