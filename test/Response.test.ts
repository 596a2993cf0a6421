import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  InternalServerError,
  InvalidNextToken,
  ResponseDecodeError,
  ThrottlingError
} from "ssm-association-executions/AssociationExecutionsError"
import { describeExecutions } from "ssm-association-executions/internal/operation"
import type { HttpExchange, ResponseError } from "ssm-association-executions/internal/response"
import {
  interpretResponse,
  requestIdOf,
  retryAfterMillis,
  throttlingErrorCodes
} from "ssm-association-executions/internal/response"
import { scrubText } from "ssm-association-executions/internal/scrub"

const validPageBody = JSON.stringify({ AssociationExecutions: [] })

/** A fixture's recorded answer, as the fixtures write it (header names in any case). */
interface WireResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isStringRecord = (value: unknown): value is Readonly<Record<string, string>> =>
  isRecord(value) && Object.values(value).every((item) => typeof item === "string")

// The fixtures are checked as they are read, so a malformed one fails its own test by name.
const wireResponseOf = (value: unknown): WireResponse => {
  if (
    isRecord(value) && typeof value["status"] === "number" && isStringRecord(value["headers"]) &&
    typeof value["body"] === "string"
  ) return { status: value["status"], headers: value["headers"], body: value["body"] }
  return assert.fail(`not a recorded response: ${JSON.stringify(value)}`)
}

interface ErrorFixture {
  readonly response: WireResponse
  readonly expected: {
    readonly code: string
    readonly fault: "client" | "server"
    readonly httpStatus: number
    readonly message: string
  }
}

const errorFixtureOf = (value: unknown): ErrorFixture => {
  const expected = isRecord(value) ? value["expected"] : undefined
  if (
    isRecord(value) && isRecord(expected) && typeof expected["code"] === "string" &&
    (expected["fault"] === "client" || expected["fault"] === "server") &&
    typeof expected["httpStatus"] === "number" && typeof expected["message"] === "string"
  ) {
    return {
      response: wireResponseOf(value["response"]),
      expected: {
        code: expected["code"],
        fault: expected["fault"],
        httpStatus: expected["httpStatus"],
        message: expected["message"]
      }
    }
  }
  return assert.fail(`not an error fixture: ${JSON.stringify(value)}`)
}

const pageFixtureOf = (
  value: unknown
): { readonly response: WireResponse; readonly expected: Readonly<Record<string, unknown>> } => {
  const expected = isRecord(value) ? value["expected"] : undefined
  if (isRecord(value) && isRecord(expected)) return { response: wireResponseOf(value["response"]), expected }
  return assert.fail(`not a page fixture: ${JSON.stringify(value)}`)
}

const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8"))

const lowercaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

const exchangeOf = (response: WireResponse): HttpExchange => ({
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

describe("interpretResponse on every error fixture", () => {
  const errorFiles = readdirSync(new URL("./fixtures/errors/", import.meta.url)).filter((file) =>
    file.endsWith(".json")
  )

  it("finds all 14 error fixtures", () => {
    assert.strictEqual(errorFiles.length, 14)
  })

  for (const file of errorFiles) {
    const fixture = errorFixtureOf(readJson(`errors/${file}`))
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
      const fixture = pageFixtureOf(readJson(`describe-association-executions.${name}.json`))
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

  // Effect 3's Schema quotes the value it did not expect (so the reason is cut), Effect 4's does not;
  // on both the reason names the member and stays short and clean.
  it("keeps a schema mismatch about a huge value short, clean and free of secrets", () => {
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
