import { assert, describe, it } from "@effect/vitest"
import { recordOf } from "@line/testing"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { extractErrorCode, extractErrorMessage, sanitizeErrorCode } from "ssm-association-executions/internal/errorCode"

const ExtractionCases = Schema.Struct({
  cases: Schema.Array(Schema.Struct({
    id: Schema.String,
    headers: recordOf(Schema.String),
    body: Schema.String,
    botocoreMessage: Schema.String,
    jsCurrent: Schema.NullOr(Schema.String)
  }))
})

const { cases } = Schema.decodeUnknownSync(ExtractionCases)(
  JSON.parse(readFileSync(new URL("./fixtures/error-code-extraction-cases.json", import.meta.url), "utf8"))
)

const lowercaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

const isJsonObject = (body: string): boolean => {
  try {
    const parsed: unknown = JSON.parse(body)
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
  } catch {
    return false
  }
}

describe("extractErrorCode on every case of error-code-extraction-cases.json", () => {
  it("covers all 19 cases of the file", () => {
    assert.strictEqual(cases.length, 19)
  })

  for (const testCase of cases) {
    // The spec's recommended algorithm reads __type, then code, then the header, as jsCurrent does;
    // where jsCurrent names nothing (empty or HTML bodies, no header) the algorithm says Unknown.
    const expected = testCase.jsCurrent ?? "Unknown"
    const why = testCase.jsCurrent === null
      ? "no __type, code or header: Unknown, as the recommended algorithm says"
      : "same order as the file's jsCurrent (__type, code, header)"
    it(`${testCase.id} -> ${expected} (${why})`, () => {
      assert.strictEqual(
        extractErrorCode({ headers: lowercaseKeys(testCase.headers), body: testCase.body }),
        expected
      )
    })
  }

  for (const testCase of cases.filter((candidate) => isJsonObject(candidate.body))) {
    it(`${testCase.id}: message is ${JSON.stringify(testCase.botocoreMessage)} (message ?? Message ?? "", as botocore reads a JSON body)`, () => {
      assert.strictEqual(extractErrorMessage(testCase.body), testCase.botocoreMessage)
    })
  }

  for (const testCase of cases.filter((candidate) => !isJsonObject(candidate.body))) {
    const expected = testCase.body.trim()
    it(`${testCase.id}: a body that is not a JSON object is its own message (${JSON.stringify(expected)}), per spec 4.4`, () => {
      assert.strictEqual(extractErrorMessage(testCase.body), expected)
    })
  }
})

describe("extractErrorCode, cases beyond the file", () => {
  const extra: ReadonlyArray<
    readonly [name: string, headers: Readonly<Record<string, string>>, body: string, code: string]
  > = [
    ["keeps what follows the LAST # (the JS SDK would say b)", {}, "{\"__type\":\"a#b#Foo\"}", "Foo"],
    ["finds a Code key in any case", {}, "{\"Code\":\"FooError\"}", "FooError"],
    ["finds a CODE key in any case", {}, "{\"CODE\":\"FooError\"}", "FooError"],
    ["skips a __type that is not a string", {}, "{\"__type\":42,\"code\":\"FooError\"}", "FooError"],
    ["skips an empty __type", { "x-amzn-errortype": "FooError" }, "{\"__type\":\"\"}", "FooError"],
    [
      "reads the header when the body is HTML",
      { "x-amzn-errortype": "ServiceUnavailable" },
      "<html>503</html>",
      "ServiceUnavailable"
    ],
    [
      "trims spaces around a comma-joined header",
      { "x-amzn-errortype": " ThrottlingException , Other" },
      "",
      "ThrottlingException"
    ],
    ["ignores a body that is a JSON array", {}, "[{\"__type\":\"FooError\"}]", "Unknown"],
    [
      "reads a namespaced SSM code",
      {},
      "{\"__type\":\"com.amazonaws.ssm#AssociationDoesNotExist\"}",
      "AssociationDoesNotExist"
    ]
  ]
  for (const [name, headers, body, code] of extra) {
    it(`${name}: ${code}`, () => {
      assert.strictEqual(extractErrorCode({ headers, body }), code)
    })
  }
})

describe("extractErrorMessage", () => {
  const messages: ReadonlyArray<readonly [name: string, body: string, message: string]> = [
    ["message", "{\"__type\":\"X\",\"message\":\"lower\"}", "lower"],
    ["Message", "{\"__type\":\"X\",\"Message\":\"upper\"}", "upper"],
    ["message before Message", "{\"Message\":\"upper\",\"message\":\"lower\"}", "lower"],
    ["Message when message is null", "{\"message\":null,\"Message\":\"upper\"}", "upper"],
    ["empty when absent", "{\"__type\":\"AssociationDoesNotExist\"}", ""],
    ["empty for an empty body", "", ""],
    ["empty when the message is not a string", "{\"message\":{\"text\":\"x\"}}", ""]
  ]
  for (const [name, body, message] of messages) {
    it(`reads ${name}`, () => {
      assert.strictEqual(extractErrorMessage(body), message)
    })
  }
})

describe("sanitizeErrorCode", () => {
  const forms: ReadonlyArray<readonly [raw: string, code: string]> = [
    ["FooError", "FooError"],
    ["FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"],
    ["smithy.example#FooError", "FooError"],
    ["smithy.example#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError"],
    ["ThrottlingException,ThrottlingException", "ThrottlingException"],
    ["a#b#Foo", "Foo"],
    ["", ""]
  ]
  for (const [raw, code] of forms) {
    it(`${JSON.stringify(raw)} -> ${JSON.stringify(code)}`, () => {
      assert.strictEqual(sanitizeErrorCode(raw), code)
    })
  }
})
