import { assert, describe, it } from "@effect/vitest"
import { TestClock, withMinimumLogLevel } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { createHash } from "node:crypto"
import * as Credentials from "ssm-association-executions/Credentials"
import {
  base64UrlDecode,
  base64UrlEncode,
  formatAmzDate,
  parseAmzDate,
  toHex
} from "ssm-association-executions/internal/encoding"
import { signRequestNode } from "ssm-association-executions/internal/nodeSigning"
import { type RequestSigner, signRequest } from "ssm-association-executions/internal/signing"
import * as Sigv4 from "ssm-association-executions/internal/sigv4"
import { type ReceivedRequest, verify, type VerifyOptions } from "ssm-association-executions/internal/sigv4Verify"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import vectors from "./fixtures/sigv4-vectors.json" with { type: "json" }

const { inputs } = vectors
const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")

describe("sigv4 canonical request", () => {
  it("builds the canonical request and string to sign of every spec vector", () => {
    for (const vector of vectors.vectors) {
      const url = new URL(vector.request.url)
      const headers: Record<string, string> = { ...vector.request.headersSigned }
      const canonical = Sigv4.canonicalRequest({
        method: vector.request.method,
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        signedHeaders: Object.keys(headers),
        payloadHash: headers["x-amz-content-sha256"] ?? vector.request.payloadSha256
      })
      assert.strictEqual(canonical, vector.canonicalRequest, vector.id)
      const scope = Sigv4.credentialScope(inputs.amzDate.slice(0, 8), inputs.region, inputs.service)
      assert.strictEqual(
        Sigv4.stringToSign(inputs.amzDate, scope, sha256Hex(canonical)),
        vector.stringToSign,
        vector.id
      )
    }
  })

  it("trims header values and makes each inner run of whitespace one space", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["  a   b  ", "a b"],
      ["\ta \t b\r\n", "a b"],
      ["\u00a0a\u00a0\u00a0b\u00a0", "a b"],
      ["   ", ""],
      ["application/x-amz-json-1.1", "application/x-amz-json-1.1"]
    ]
    for (const [value, canonical] of cases) assert.strictEqual(Sigv4.canonicalHeaderValue(value), canonical)
  })

  it("encodes the path and query as sent, the way aws4fetch and the AWS SDKs do", () => {
    assert.strictEqual(Sigv4.canonicalUri("/"), "/")
    assert.strictEqual(Sigv4.canonicalUri("/a//b%20c/(x)!*"), "/a/b%2520c/%28x%29%21%2A")
    assert.strictEqual(Sigv4.canonicalQuery(""), "")
    // Sorted by name and then value, not as "name=value" text ("a-b" sorts after "a" here, not before).
    assert.strictEqual(Sigv4.canonicalQuery("b=2&a-b=3&a=1&a=0&c=%20&=x&d"), "a=0&a=1&a-b=3&b=2&c=%20&d=")
    assert.strictEqual(Sigv4.canonicalQuery("q=a+b&r=%zz"), "q=a%20b&r=%25zz")
  })
})

// The same request through both signers, then through the verifier: a header value with spaces at
// both ends and an inner run (plain, tabs, NBSP). Any side that trims or collapses differently fails here.
const signers: ReadonlyArray<readonly [string, RequestSigner]> = [
  ["aws4fetch", signRequest],
  ["node:crypto", signRequestNode]
]
const paddedValues: ReadonlyArray<readonly [string, string]> = [
  ["spaces around it and inside", "  a   b  "],
  ["tabs and spaces around it and inside", "\t a \t\t b \t"],
  ["NBSP around it and inside (fetch's Headers keeps it)", "\u00a0a\u00a0\u00a0b\u00a0"],
  ["an inner run only", "a    b"]
]
const signingTime = new Date("2015-08-30T12:36:00Z")
const credentials = Credentials.fromStatic({
  accessKeyId: inputs.accessKeyId,
  secretAccessKey: inputs.secretAccessKey,
  sessionToken: "AQoDYXdzEXAMPLEsessiontoken"
})
const verifyOptions: VerifyOptions = {
  credentials: [{
    accessKeyId: inputs.accessKeyId,
    secretAccessKey: Redacted.make(inputs.secretAccessKey),
    sessionToken: Redacted.make("AQoDYXdzEXAMPLEsessiontoken")
  }],
  regions: ["us-east-1"],
  service: "ssm",
  windowMillis: 5 * 60_000
}
const ssmHeaders = {
  "content-type": "application/x-amz-json-1.1",
  "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
}
const body = "{\"AssociationId\":\"8dfe3659-4309-493a-8755-0123456789ab\"}"

const received = (url: URL, headers: Readonly<Record<string, string>>): ReceivedRequest => ({
  method: "POST",
  path: `${url.pathname}${url.search}`,
  headers: { ...headers, host: url.host },
  body
})

describe("the signers and the verifier agree", () => {
  for (const [name, value] of paddedValues) {
    it.effect(`on a header value with ${name}`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(signingTime.getTime())
        const url = new URL("http://127.0.0.1:4566/")
        const request = { url: url.href, headers: { ...ssmHeaders, "X-Custom": value }, body }
        const options = { region: "us-east-1", credentials, now: signingTime, includeContentSha256: true }
        const fromAws4fetch = yield* signRequest(request, options)
        const fromNode = yield* signRequestNode(request, options)
        assert.deepStrictEqual(fromNode, fromAws4fetch)
        assert.strictEqual(fromNode["x-custom"], value.trim())
        // As sent, and as an HTTP layer may hand it over with the padding kept (Node's parser keeps NBSP).
        yield* verify(received(url, fromNode), verifyOptions)
        yield* verify(received(url, { ...fromNode, "x-custom": value }), verifyOptions)
        // The verifier does check the header: another inner word is another signature.
        const tampered = yield* Effect.flip(verify(received(url, { ...fromNode, "x-custom": "a b c" }), verifyOptions))
        assert.strictEqual(
          tampered._tag === "SignatureRejected" ? tampered.code : tampered._tag,
          "InvalidSignatureException"
        )
      }))
  }

  const urls: ReadonlyArray<string> = [
    "http://127.0.0.1:4566/a//b c/(x)!*",
    "http://localhost:4566/ssm?b=2&a-b=3&a=1&a=0&c=%20&=x&d",
    "https://ssm.us-east-1.amazonaws.com/?q=a+b&r=%zz"
  ]
  for (const [name, sign] of signers) {
    for (const url of urls) {
      it.effect(`on the path and query of ${url}, signed by ${name}`, () =>
        Effect.gen(function*() {
          yield* TestClock.setTime(signingTime.getTime())
          const signed = yield* sign({ url, headers: ssmHeaders, body }, {
            region: "us-east-1",
            credentials,
            now: signingTime
          })
          yield* verify(received(new URL(url), signed), verifyOptions)
        }))
    }
  }

  // Over loopback: fetch keeps a NBSP at the ends of a value, Node's parser too, and the verifier trims it.
  for (const [name, sign] of signers) {
    it.live(`over HTTP, a request signed by ${name} with a NBSP-padded value is accepted`, () =>
      Effect.scoped(Effect.gen(function*() {
        const endpoint = yield* LocalEndpoint.make({ generate: { seed: 3, associations: 1 } }).pipe(
          withMinimumLogLevel("Warning")
        )
        const text = JSON.stringify({ AssociationId: endpoint.model.associationIds[0] })
        const value = "\u00a0a\u00a0\u00a0b\u00a0"
        const signed = yield* sign({
          url: `${endpoint.url}/`,
          headers: { ...ssmHeaders, "x-custom": value },
          body: text
        }, {
          region: endpoint.region,
          credentials: Credentials.fromStatic({
            accessKeyId: endpoint.credentials.accessKeyId,
            secretAccessKey: Redacted.value(endpoint.credentials.secretAccessKey)
          }),
          now: new Date()
        })
        const response = yield* Effect.tryPromise(async () => {
          const sent = await fetch(`${endpoint.url}/`, {
            method: "POST",
            headers: { ...signed, "x-custom": value },
            body: text
          })
          return { status: sent.status, text: await sent.text() }
        })
        assert.strictEqual(response.status, 200, response.text)
      })))
  }
})

describe("encoding", () => {
  it("writes lowercase hex, two digits a byte", () => {
    assert.strictEqual(toHex(new Uint8Array([0, 1, 15, 16, 171, 255])), "00010f10abff")
    assert.strictEqual(toHex(new Uint8Array([222, 173, 190, 239]).buffer), "deadbeef")
    assert.strictEqual(toHex(new Uint8Array(0)), "")
  })

  it("round-trips base64url and refuses every other spelling", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 27, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + 11) % 256)
      const text = base64UrlEncode(bytes)
      assert.match(text, /^[A-Za-z0-9_-]*$/)
      assert.deepStrictEqual(Option.getOrUndefined(base64UrlDecode(text)), bytes)
    }
    assert.strictEqual(base64UrlEncode(new Uint8Array([251, 255, 191])), "-_-_")
    // Padding, the standard alphabet, whitespace, an impossible length and stray low bits ("YR" is "a" too).
    for (const text of ["YQ==", "+/+/", "YQ ", "Y", "YR"]) assert.isTrue(Option.isNone(base64UrlDecode(text)), text)
    assert.deepStrictEqual(Option.getOrUndefined(base64UrlDecode("YQ")), new Uint8Array([97]))
  })

  it("formats and parses X-Amz-Date, refusing dates that do not exist", () => {
    assert.strictEqual(formatAmzDate(new Date("2015-08-30T12:36:00.999Z")), "20150830T123600Z")
    assert.strictEqual(formatAmzDate(Date.UTC(2026, 10, 26, 23, 59, 59)), "20261126T235959Z")
    assert.strictEqual(parseAmzDate("20150830T123600Z"), Date.UTC(2015, 7, 30, 12, 36, 0))
    // Date.UTC would read year 15 as 1915.
    assert.strictEqual(parseAmzDate("00150830T123600Z"), Date.parse("0015-08-30T12:36:00Z"))
    for (const text of ["20150230T000000Z", "20151301T000000Z", "20150830T240000Z", "20150830T123660Z"]) {
      assert.isUndefined(parseAmzDate(text), text)
    }
    for (
      const text of ["2015-08-30T12:36:00Z", "20150830T123600", "20150830t123600z", "Sun, 30 Aug 2015 12:36:00 GMT"]
    ) {
      assert.isUndefined(parseAmzDate(text), text)
    }
  })
})
