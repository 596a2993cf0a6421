/**
 * The Effect 4 line's `HttpClient` errors (`effect/http`) become our `TransportError`, keeping only
 * the cause, never the request and its signed headers. Effect 3's sibling:
 * test/effect3/HttpClientErrors.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import { TransportError } from "ssm-association-executions/AssociationExecutionsError"
import { fromHttpClientError } from "ssm-association-executions/line/transport"

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
  const failed = (reason: HttpClientError.HttpClientErrorReason) => new HttpClientError.HttpClientError({ reason })

  it("turns a transport failure into a TransportError that keeps only the cause", () => {
    const cause = new TypeError("fetch failed")
    const error = fromHttpClientError(failed(new HttpClientError.TransportError({ request, cause })), attemptOf(2))
    assert.instanceOf(error, TransportError)
    assert.strictEqual(error.reason, "the request could not be sent: fetch failed")
    assert.strictEqual(error.cause, cause)
    assert.strictEqual(error.attempts, 2)
    assert.strictEqual(error.httpStatus, undefined)
    assert.notInclude(error.message, secret)
    assert.notInclude(JSON.stringify(error), secret)
  })

  it("names the reason of the other request failures", () => {
    const encode = transportError(failed(new HttpClientError.EncodeError({ request })), attemptOf(1))
    assert.strictEqual(encode.reason, "the request body could not be encoded")
    const url = transportError(
      failed(new HttpClientError.InvalidUrlError({ request, description: "bad host" })),
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
      const clientError = yield* Effect.flip(response.text)
      const error = transportError(clientError, attemptOf(1))
      assert.strictEqual(error.reason, "connection dropped while reading the response body")
      assert.strictEqual(error.httpStatus, 200)
      assert.strictEqual(error.requestId, "req-9")
      assert.notInclude(JSON.stringify(error), secret)
    }))

  it("names the other response failures", () => {
    const response = HttpClientResponse.fromWeb(request, new Response(null, { status: 204 }))
    const empty = transportError(failed(new HttpClientError.EmptyBodyError({ request, response })), attemptOf(1))
    assert.strictEqual(empty.reason, "the response had no body")
    const status = transportError(failed(new HttpClientError.StatusCodeError({ request, response })), attemptOf(1))
    assert.strictEqual(status.reason, "unexpected HTTP status 204")
  })
})
