/**
 * The model as `effect/http`'s `HttpClient` (Effect 4 only; `test/effect3/InMemoryHttpClient.test.ts`
 * checks the same of the Effect 3 line's, over `@effect/platform`).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { errorBody, executionsPage } from "../support/wireJson.js"

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"

const describeRequest = HttpClientRequest.post("http://ssm.local/").pipe(
  HttpClientRequest.setHeader("x-amz-target", "AmazonSSM.DescribeAssociationExecutions"),
  HttpClientRequest.bodyText(JSON.stringify({ AssociationId: associationId }), "application/x-amz-json-1.1")
)

const model = (faults: ReadonlyArray<InMemorySsm.ScriptedFault> = []) =>
  InMemorySsm.make({
    associations: [{
      AssociationId: associationId,
      executions: [1, 2, 3, 4].map((n) => ({
        ExecutionId: `00000000-0000-4000-8000-00000000000${n}`,
        Status: "Success",
        CreatedTime: new Date(Date.UTC(2019, 1, 18, n))
      }))
    }],
    faults
  })

describe("InMemorySsm.httpClient (effect/http)", () => {
  it.effect("drops connections and cuts bodies as real transports do", () =>
    Effect.gen(function*() {
      const ssm = yield* model([
        { attempts: 1, answer: InMemorySsm.Fault.drop("beforeHeaders") },
        { attempts: 2, answer: InMemorySsm.Fault.drop("midBody") },
        { attempts: 3, answer: InMemorySsm.Fault.cutBody(20) }
      ])
      const client = InMemorySsm.httpClient(ssm)
      const send = client.execute(describeRequest)
      const beforeHeaders = yield* Effect.flip(send)
      assert.strictEqual(beforeHeaders.reason._tag, "TransportError")
      const midBody = yield* send
      assert.strictEqual(midBody.status, 200)
      const unreadable = yield* Effect.flip(midBody.text)
      assert.strictEqual(unreadable.reason._tag, "DecodeError")
      const cut = yield* send
      assert.strictEqual(cut.status, 200)
      assert.strictEqual((yield* cut.text).length, 20)
      const whole = yield* HttpClient.filterStatusOk(client).execute(describeRequest)
      assert.strictEqual(executionsPage(yield* whole.text).AssociationExecutions.length, 4)
      assert.deepStrictEqual((yield* ssm.requests).map((entry) => entry.outcome), [
        "Drop",
        "Drop",
        "CutBody",
        "Response"
      ])
    }))

  it.effect("checks signatures only when asked to", () =>
    Effect.gen(function*() {
      const ssm = yield* model()
      const open = yield* InMemorySsm.httpClient(ssm).execute(describeRequest)
      assert.strictEqual(open.status, 200)
      const checked = yield* InMemorySsm.httpClient(ssm, { verifySignatures: true }).execute(describeRequest)
      assert.strictEqual(checked.status, 400)
      assert.strictEqual(errorBody(yield* checked.text).__type, "MissingAuthenticationTokenException")
    }))
})
