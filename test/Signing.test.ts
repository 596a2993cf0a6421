import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { CredentialsError } from "ssm-association-executions/AssociationExecutionsError"
import { fromStatic } from "ssm-association-executions/Credentials"
import { parseAmzDate } from "ssm-association-executions/internal/encoding"
import { redactedHeaderNames, signRequest } from "ssm-association-executions/internal/signing"
import vectors from "./fixtures/sigv4-vectors.json" with { type: "json" }

const fixture = vectors
const { inputs } = fixture

const vector = (prefix: string) => {
  const found = fixture.vectors.find((candidate) => candidate.id.startsWith(prefix))
  if (found === undefined) throw new Error(`vector ${prefix} is missing from the fixture`)
  return found
}

const signingTime = new Date(parseAmzDate(inputs.amzDate) ?? Number.NaN)

const ssmHeaders = {
  "Content-Type": "application/x-amz-json-1.1",
  "X-Amz-Target": "AmazonSSM.DescribeAssociationExecutions"
}

const credentials = fromStatic({ accessKeyId: inputs.accessKeyId, secretAccessKey: inputs.secretAccessKey })
const sessionToken = "AQoDYXdzEXAMPLEsessiontoken"

const signVector = (
  prefix: string,
  options: { readonly sessionToken?: string; readonly includeContentSha256?: boolean } = {}
) => {
  const { request } = vector(prefix)
  return signRequest({ url: request.url, headers: ssmHeaders, body: request.body }, {
    region: inputs.region,
    credentials: options.sessionToken === undefined
      ? credentials
      : fromStatic({ ...inputs, sessionToken: options.sessionToken }),
    now: signingTime,
    includeContentSha256: options.includeContentSha256
  })
}

const signedHeaderList = (authorization: string | undefined) => /SignedHeaders=([^,]+)/.exec(authorization ?? "")?.[1]

describe("signRequest", () => {
  it.effect("vector A: the Authorization header and X-Amz-Date byte for byte", () =>
    Effect.gen(function*() {
      const headers = yield* signVector("A")
      assert.strictEqual(headers["authorization"], vector("A").authorization)
      assert.strictEqual(headers["x-amz-date"], vector("A").xAmzDate)
      assert.deepStrictEqual(Object.keys(headers).sort(), [
        "authorization",
        "content-type",
        "x-amz-date",
        "x-amz-target"
      ])
      assert.strictEqual(headers["content-type"], "application/x-amz-json-1.1")
    }))

  it.effect("vector B: a session token is sent and signed", () =>
    Effect.gen(function*() {
      const headers = yield* signVector("B", { sessionToken })
      assert.strictEqual(headers["authorization"], vector("B").authorization)
      assert.strictEqual(headers["x-amz-security-token"], sessionToken)
      assert.strictEqual(
        signedHeaderList(headers["authorization"]),
        "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
      )
    }))

  it.effect("vector D: includeContentSha256 sends and signs the body hash as the JS SDK does", () =>
    Effect.gen(function*() {
      const headers = yield* signVector("D", { includeContentSha256: true })
      assert.strictEqual(headers["authorization"], vector("D").authorization)
      assert.strictEqual(headers["x-amz-content-sha256"], vector("D").request.headersSigned["x-amz-content-sha256"])
    }))

  it.effect("vector E: botocore's spaced body hashes the exact string given", () =>
    Effect.gen(function*() {
      const headers = yield* signVector("E")
      assert.strictEqual(headers["authorization"], vector("E").authorization)
    }))

  it.effect("leaves content-length and user-agent unsigned (vector C's signed content-length is not produced)", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const headers = yield* signRequest({
        url: request.url,
        headers: { ...ssmHeaders, "Content-Length": "56", "User-Agent": "ssm-association-executions/0.1.0" },
        body: request.body
      }, { region: inputs.region, credentials, now: signingTime })
      assert.strictEqual(headers["authorization"], vector("A").authorization)
      assert.notStrictEqual(headers["authorization"], vector("C").authorization)
      assert.strictEqual(headers["content-length"], "56")
      assert.strictEqual(headers["user-agent"], "ssm-association-executions/0.1.0")
    }))

  it.effect("sends header values trimmed, a NBSP too, and signs them with inner runs made one space", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const sign = (custom: string) =>
        signRequest({ url: request.url, headers: { ...ssmHeaders, "X-Custom": custom }, body: request.body }, {
          region: inputs.region,
          credentials,
          now: signingTime
        })
      const padded = yield* sign("\u00a0\t a   b \u00a0")
      assert.strictEqual(padded["x-custom"], "a   b")
      assert.strictEqual(padded["authorization"], (yield* sign("a b"))["authorization"])
    }))

  it.effect("replaces a stale Authorization, X-Amz-Date and token from an earlier attempt", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const headers = yield* signRequest({
        url: request.url,
        headers: {
          ...ssmHeaders,
          Authorization: "AWS4-HMAC-SHA256 stale",
          "X-Amz-Date": "20000101T000000Z",
          "X-Amz-Security-Token": "stale-token"
        },
        body: request.body
      }, { region: inputs.region, credentials, now: signingTime })
      assert.strictEqual(headers["authorization"], vector("A").authorization)
      assert.strictEqual(headers["x-amz-date"], vector("A").xAmzDate)
      assert.isUndefined(headers["x-amz-security-token"])
    }))

  it.effect("signs for the given region and time, also on a loopback endpoint with a port", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const sign = (url: string) =>
        signRequest({ url, headers: ssmHeaders, body: request.body }, {
          region: "eu-west-1",
          credentials,
          now: new Date("2024-02-29T23:59:59.999Z")
        })
      const loopback = yield* sign("http://127.0.0.1:4566/")
      const otherPort = yield* sign("http://127.0.0.1:4567/")
      assert.strictEqual(loopback["x-amz-date"], "20240229T235959Z")
      assert.include(loopback["authorization"], "Credential=AKIDEXAMPLE/20240229/eu-west-1/ssm/aws4_request,")
      assert.strictEqual(signedHeaderList(loopback["authorization"]), "content-type;host;x-amz-date;x-amz-target")
      // The host header is signed with its port, so another port gives another signature.
      assert.notStrictEqual(loopback["authorization"], otherPort["authorization"])
    }))

  it.effect("the cached signing key never leaks between secrets, days or regions", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const sign = (options: { readonly secret: string; readonly region: string; readonly now: Date }) =>
        signRequest({ url: request.url, headers: ssmHeaders, body: request.body }, {
          region: options.region,
          credentials: fromStatic({ accessKeyId: inputs.accessKeyId, secretAccessKey: options.secret }),
          now: options.now
        })
      const base = { secret: inputs.secretAccessKey, region: inputs.region, now: signingTime }
      const signatures = new Set<string | undefined>()
      for (const variant of [base, { ...base, secret: "another-secret" }, { ...base, region: "eu-west-1" }]) {
        signatures.add((yield* sign(variant))["authorization"])
      }
      assert.strictEqual(signatures.size, 3)
      // More day/region pairs than the cache holds, then the vector again: eviction keeps results right.
      for (let day = 1; day <= 40; day++) {
        yield* sign({ ...base, now: new Date(Date.UTC(2020, 0, day)) })
      }
      assert.strictEqual((yield* sign(base))["authorization"], vector("A").authorization)
    }))

  it.effect("a failure inside the signer is a CredentialsError with a reason, not a defect", () =>
    Effect.gen(function*() {
      const { request } = vector("A")
      const badTime = yield* Effect.flip(
        signRequest({ url: request.url, headers: ssmHeaders, body: request.body }, {
          region: inputs.region,
          credentials,
          now: new Date(Number.NaN)
        })
      )
      assert.instanceOf(badTime, CredentialsError)
      assert.include(badTime.reason, "could not sign the request")
      const badUrl = yield* Effect.flip(
        signRequest({ url: "not a url", headers: ssmHeaders, body: request.body }, {
          region: inputs.region,
          credentials,
          now: signingTime
        })
      )
      assert.instanceOf(badUrl, CredentialsError)
      assert.include(badUrl.message, "could not sign the request")
    }))

  it.effect("the secret never appears in the result or in errors", () =>
    Effect.gen(function*() {
      const secretCredentials = fromStatic({ ...inputs, sessionToken })
      const headers = yield* signVector("B", { sessionToken })
      assert.notInclude(JSON.stringify(headers), inputs.secretAccessKey)
      assert.notInclude(String(Object.values(headers)), inputs.secretAccessKey)
      const error = yield* Effect.flip(
        signRequest({ url: "not a url", headers: ssmHeaders, body: "{}" }, {
          region: inputs.region,
          credentials: secretCredentials,
          now: signingTime
        })
      )
      for (const rendered of [String(error), JSON.stringify(error), error.message]) {
        assert.notInclude(rendered, inputs.secretAccessKey)
        assert.notInclude(rendered, sessionToken)
      }
    }))

  it("names the headers that carry secrets, in lower case", () => {
    assert.deepStrictEqual([...redactedHeaderNames].sort(), ["authorization", "x-amz-security-token"])
  })
})
