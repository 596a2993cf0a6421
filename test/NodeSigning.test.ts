import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Credentials from "ssm-association-executions/Credentials"
import { signRequestNode as nodeCryptoSigner } from "ssm-association-executions/internal/nodeSigning"
import type { RequestSigner } from "ssm-association-executions/internal/signing"
import { type SigningOptions, signRequest } from "ssm-association-executions/internal/signing"
import { signRequestSync } from "ssm-association-executions/internal/syncSigning"
import vectors from "./fixtures/sigv4-vectors.json" with { type: "json" }

const secret = vectors.inputs.secretAccessKey
const vectorTime = new Date("2015-08-30T12:36:00Z")
const target = "AmazonSSM.DescribeAssociationExecutions"
const body = "{\"AssociationId\":\"8dfe3659-4309-493a-8755-0123456789ab\"}"

const options = (overrides: Partial<SigningOptions> = {}): SigningOptions => ({
  region: "us-east-1",
  credentials: Credentials.fromStatic({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret }),
  now: vectorTime,
  ...overrides
})

const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": target }

// Both synchronous signers (node:crypto for Node, plain code for the test layer) against aws4fetch.
const synchronousSigners: ReadonlyArray<readonly [string, RequestSigner]> = [
  ["node:crypto", nodeCryptoSigner],
  ["plain code", signRequestSync]
]

for (const [signerName, signRequestNode] of synchronousSigners) {
  describe(`the ${signerName} signer`, () => {
    it.effect("signs SigV4 vector A as the spec gives it", () =>
      Effect.gen(function*() {
        const signed = yield* signRequestNode({ url: "https://ssm.us-east-1.amazonaws.com/", headers, body }, options())
        assert.strictEqual(signed["authorization"], vectors.vectors[0]?.authorization)
        assert.strictEqual(signed["x-amz-date"], "20150830T123600Z")
      }))

    // The same inputs through both signers: every header byte for byte.
    const cases: ReadonlyArray<readonly [string, string, Record<string, string>, Partial<SigningOptions>]> = [
      ["vector B: a session token", "https://ssm.us-east-1.amazonaws.com/", headers, {
        credentials: Credentials.fromStatic({
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: secret,
          sessionToken: "AQoDYXdzEXAMPLEsessiontoken"
        })
      }],
      ["vector D: the body hash header", "https://ssm.us-east-1.amazonaws.com/", headers, {
        includeContentSha256: true
      }],
      ["a loopback endpoint with a port", "http://127.0.0.1:4566/", headers, {}],
      ["a path with repeated slashes and reserved characters", "http://127.0.0.1:4566/a//b c/(x)!*", headers, {}],
      ["a query string", "http://localhost:4566/ssm?b=2&a=1&a=0&c=%20", headers, {}],
      ["inner runs of spaces and unsigned headers", "https://ssm.eu-west-1.amazonaws.com/", {
        ...headers,
        "x-custom": "  a   b  ",
        "user-agent": "ua",
        "Content-Length": "56",
        authorization: "stale"
      }, { region: "eu-west-1" }],
      ["NBSP and tabs around values (fetch's Headers would keep the NBSP)", "https://ssm.us-east-1.amazonaws.com/", {
        ...headers,
        "x-custom": "\u00a0\ta\u00a0\u00a0b\t\u00a0",
        "user-agent": "\u00a0ua "
      }, {}],
      ["another day and region (a new signing key)", "https://ssm.ap-south-1.amazonaws.com/", headers, {
        region: "ap-south-1",
        now: new Date("2026-11-26T23:59:59.999Z")
      }]
    ]
    for (const [name, url, requestHeaders, overrides] of cases) {
      it.effect(`matches the aws4fetch signer: ${name}`, () =>
        Effect.gen(function*() {
          const request = { url, headers: requestHeaders, body }
          const fromNode = yield* signRequestNode(request, options(overrides))
          const fromAws4fetch = yield* signRequest(request, options(overrides))
          assert.deepStrictEqual(fromNode, fromAws4fetch)
        }))
    }

    const withToken = (sessionToken: string) =>
      options({
        credentials: Credentials.fromStatic({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken })
      })

    const paddedTokens: ReadonlyArray<readonly [string, string]> = [
      ["empty", ""],
      ["padded, as read from a CRLF file", " AQoDYXdzEXAMPLEtoken\r\n"]
    ]
    for (const [name, token] of paddedTokens) {
      it.effect(`both signers send a ${name} session token the same way`, () =>
        Effect.gen(function*() {
          const request = { url: "https://ssm.us-east-1.amazonaws.com/", headers, body }
          const fromNode = yield* signRequestNode(request, withToken(token))
          assert.deepStrictEqual(fromNode, yield* signRequest(request, withToken(token)))
          assert.strictEqual(fromNode["x-amz-security-token"], token.trim() === "" ? undefined : token.trim())
        }))
    }

    const unsafeTokens: ReadonlyArray<readonly [string, string]> = [
      ["a line break", "SUPERSECRET\ntoken"],
      ["a non-Latin-1 character", "SUPERSECRET€"]
    ]
    for (const [name, token] of unsafeTokens) {
      it.effect(`both signers refuse a session token with ${name}, without quoting it`, () =>
        Effect.gen(function*() {
          const request = { url: "https://ssm.us-east-1.amazonaws.com/", headers, body }
          for (const sign of [signRequestNode, signRequest]) {
            const error = yield* Effect.flip(sign(request, withToken(token)))
            assert.strictEqual(error._tag, "CredentialsError")
            assert.notInclude(error.message, "SUPERSECRET")
          }
        }))
    }

    it.effect("a malformed URL is a CredentialsError, not a defect, and names no secret", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(signRequestNode({ url: "not a url", headers, body }, options()))
        assert.strictEqual(error._tag, "CredentialsError")
        assert.notInclude(error.message, secret)
      }))
  })
}
