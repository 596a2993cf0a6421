/**
 * The Effect 3 line's `HttpClient` errors (`@effect/platform`) become our `TransportError`, keeping
 * only the cause, never the request and its signed headers. Effect 4's sibling:
 * test/effect4/HttpClientErrors.test.ts.
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { TransportError } from "../../src/AssociationExecutionsError.js"
import { fromHttpClientError } from "../../src/line/transport.js"

const attemptOf = (attempt: number) => ({ attempt, operation: "DescribeAssociationExecutions" })

/** The mapped error, asserted to be a TransportError (a timed-out transport gives a TimeoutError). */
const transportError = (...args: Parameters<typeof fromHttpClientError>): TransportError => {
  const error = fromHttpClientError(...args)
  assert.instanceOf(error, TransportError)
  return error
}

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
