/**
 * Text from outside made safe to keep in an error: what is shaped like an AWS credential is replaced
 * even when the client does not hold it, and plain text that merely looks a little like one stays.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { requestIdOf } from "ssm-association-executions/internal/response"
import { redactSecretShapes, scrubText } from "ssm-association-executions/internal/scrub"
import { assertNotShown, base64Of, readable, shaped } from "./support/secretShapes.js"

describe("redactSecretShapes", () => {
  it("replaces access key ids and the other AWS unique ids, wherever they stand", () => {
    assert.strictEqual(
      redactSecretShapes(`keys ${shaped.accessKeyId}, "${shaped.temporaryAccessKeyId}" and (${shaped.roleId})`),
      "keys [redacted], \"[redacted]\" and ([redacted])"
    )
    // A SigV4 credential scope keeps its date, region and service: what a signing mismatch needs.
    assert.strictEqual(
      redactSecretShapes(`Credential=${shaped.accessKeyId}/20240101/us-east-1/ssm/aws4_request`),
      "Credential=[redacted]/20240101/us-east-1/ssm/aws4_request"
    )
    // Too short, or part of a longer word: not an id.
    assert.strictEqual(redactSecretShapes("AKIA1234 xAKIAIOSFODNN7EXAMPLE"), "AKIA1234 xAKIAIOSFODNN7EXAMPLE")
  })

  it("replaces a 40-character secret key standing alone or after any name that says secret", () => {
    assert.strictEqual(redactSecretShapes(`key ${shaped.secretAccessKey} rejected`), "key [redacted] rejected")
    // A key without digits is not taken for one when it stands alone, but its name gives it away.
    const noDigits = base64Of(40, 5).replace(/[0-9]/g, "x")
    assert.strictEqual(redactSecretShapes(`bare ${noDigits}`), `bare ${noDigits}`)
    const named: ReadonlyArray<readonly [string, string]> = [
      [`aws_secret_access_key = ${noDigits}`, "aws_secret_access_key = [redacted]"],
      [`AWS_SECRET_ACCESS_KEY=${noDigits}`, "AWS_SECRET_ACCESS_KEY=[redacted]"],
      [`{"SecretAccessKey": "${noDigits}"}`, "{\"SecretAccessKey\": \"[redacted]\"}"],
      [`{\\"secret\\":\\"${noDigits}\\"}`, "{\\\"secret\\\":\\\"[redacted]\\\"}"],
      ["password: hunter2", "password: [redacted]"]
    ]
    for (const [text, expected] of named) assert.strictEqual(redactSecretShapes(text), expected)
  })

  it("replaces session tokens: long base64 runs, and the values of token names however short", () => {
    assert.strictEqual(redactSecretShapes(`token ${shaped.sessionToken} end`), "token [redacted] end")
    assert.strictEqual(redactSecretShapes("{\"Token\":\"abc-123\"}"), "{\"Token\":\"[redacted]\"}")
    assert.strictEqual(redactSecretShapes("aws_session_token=abc"), "aws_session_token=[redacted]")
    assert.strictEqual(redactSecretShapes("x-amz-security-token:abc123"), "x-amz-security-token:[redacted]")
  })

  it("leaves request ids, hashes, ARNs, paths, pagination tokens and prose alone", () => {
    const plain = [
      `request ${readable.requestId} failed`,
      `sha1 ${readable.sha1}, sha256 ${readable.sha256}`,
      `User: ${readable.roleArn} is not authorized to perform: ssm:DescribeAssociationExecutions`,
      `x-amz-id-2: ${readable.s3ExtendedRequestId}`,
      `${readable.path}: not found`,
      "InvalidNextToken: The specified token is not valid. NextToken=abc",
      "The security token included in the request is expired",
      "Error loading SSO Token: Token for my-sso does not exist",
      "ThrottlingException: Rate exceeded"
    ]
    for (const text of plain) assert.strictEqual(redactSecretShapes(text), text)
  })
})

describe("scrubText with secret shapes", () => {
  it("redacts a shape that an escape sequence or a line break split", () => {
    const [head, tail] = [shaped.accessKeyId.slice(0, 8), shaped.accessKeyId.slice(8)]
    const split = `${head}\u001b[0m${tail}`
    assert.strictEqual(scrubText(`id ${split} end`, []), "id [redacted] end")
  })

  it("redacts a shape whole before cutting, so no part of it is left at the cut", () => {
    for (let start = 970; start <= 1000; start += 5) {
      const text = `${"a".repeat(start)} ${shaped.secretAccessKey} tail`
      const scrubbed = scrubText(text, [], 1000)
      assert.notInclude(scrubbed, shaped.secretAccessKey.slice(0, 4))
    }
  })

  it("reads a whole megabyte of hyphenated words and still finds the shape at its end", () => {
    const large = `${"word-".repeat(200_000)}${shaped.accessKeyId}`
    assert.include(scrubText(large, [], 10 * large.length), "[redacted]")
  })
})

describe("a server's error message echoing credentials it was never sent", () => {
  const echo = `User ${readable.roleArn} (${shaped.roleId}) with ${shaped.accessKeyId}: aws_secret_access_key=` +
    `${shaped.secretAccessKey}, X-Amz-Security-Token: ${shaped.sessionToken}; request ${readable.requestId}`

  it.effect("is redacted in the typed error: its message, JSON, String and Cause", () =>
    Effect.gen(function*() {
      const model = yield* AssociationExecutionsTest.Model
      const executions = yield* AssociationExecutions
      const failure = yield* Stream.runCollect(executions.stream({ AssociationId: model.associationIds[0] ?? "" }))
        .pipe(
          Effect.flip
        )
      const error = failure.error
      assert.strictEqual(error._tag, "AwsServiceError")
      assertNotShown(error, Object.values(shaped))
      assertNotShown(failure, Object.values(shaped))
      // What helps the reader stays: the principal's ARN, the request id, the names of the values.
      assert.include(error.message, readable.roleArn)
      assert.include(error.message, readable.requestId)
      assert.include(error.message, "aws_secret_access_key=[redacted]")
    }).pipe(Effect.provide(AssociationExecutionsTest.layer({
      model: { seed: 2, associations: 1, executionsPerAssociation: 10 },
      faults: [{ page: 1, answer: InMemorySsm.Fault.error("AccessDeniedException", 400, echo) }]
    }))))

  it("is redacted in a request id header too", () => {
    assert.strictEqual(requestIdOf({ "x-amzn-requestid": shaped.accessKeyId }), "[redacted]")
    assert.strictEqual(requestIdOf({ "x-amzn-requestid": readable.requestId }), readable.requestId)
  })
})
