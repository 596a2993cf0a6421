import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as AssociationExecutions from "../src/AssociationExecutions.js"
import fixture from "./fixtures/start-associations-once.json" with { type: "json" }
import { awsError, type Reply, scriptedClient } from "./support/scriptedHttp.js"

const options: AssociationExecutions.Options = {
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  retry: { baseDelayMillis: 0, throttlingBaseDelayMillis: 0 },
  rateLimit: { adaptive: false }
}

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"

const start = (replies: ReadonlyArray<Reply>, request: unknown = { AssociationIds: [associationId] }) =>
  Effect.gen(function*() {
    const double = yield* scriptedClient(replies)
    const exit = yield* Effect.flatMap(
      AssociationExecutions.AssociationExecutions,
      // `unknown` input on purpose: bad input must be caught at run time too.
      (service) => service.startOnce(request as Parameters<AssociationExecutions.Service["startOnce"]>[0])
    ).pipe(
      Effect.provide(AssociationExecutions.layer(options).pipe(Layer.provide(double.layer))),
      Effect.exit
    )
    return { exit, requests: yield* Ref.get(double.requests) }
  })

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a failure")
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "None") return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return failure.value
}

describe("AssociationExecutions.startOnce", () => {
  it.effect("sends the fixture's request and accepts both answers AWS documents: {} and an empty body", () =>
    Effect.gen(function*() {
      for (const body of [fixture.response.body, ""]) {
        const { exit, requests } = yield* start([{ status: 200, body }])
        if (Exit.isFailure(exit)) return assert.fail(Cause.pretty(exit.cause))
        assert.deepStrictEqual(exit.value, {})
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(requests[0]?.target, "AmazonSSM.StartAssociationsOnce")
        assert.strictEqual(requests[0]?.body, fixture.request.body)
      }
    }))

  it.effect("ignores unknown members of the answer", () =>
    Effect.gen(function*() {
      const { exit } = yield* start([{ status: 200, body: "{\"Future\":[1,2]}" }])
      assert.deepStrictEqual(Exit.isSuccess(exit) ? exit.value : undefined, {})
    }))

  it.effect("checks the model's constraints (1 to 10 ids, each an id) and sends nothing when one is broken", () =>
    Effect.gen(function*() {
      const eleven = Array.from({ length: 11 }, () => associationId)
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{ AssociationIds: [] }, "AssociationIds"],
        [{ AssociationIds: eleven }, "AssociationIds"],
        [{ AssociationIds: [associationId, "not-an-id"] }, "AssociationIds[1]"],
        [{}, "AssociationIds"]
      ]
      for (const [request, field] of cases) {
        const { exit, requests } = yield* start([{ status: 200, body: "{}" }], request)
        const error = failureOf(exit)
        assert.strictEqual(error._tag, "InvalidInput")
        if (error._tag === "InvalidInput") {
          assert.strictEqual(error.field, field)
          assert.strictEqual(error.operation, "StartAssociationsOnce")
        }
        assert.strictEqual(requests.length, 0)
      }
      const ten = yield* start([{ status: 200, body: "{}" }], { AssociationIds: eleven.slice(1) })
      assert.isTrue(Exit.isSuccess(ten.exit))
    }))

  it.effect("types both modeled errors and sends each request once", () =>
    Effect.gen(function*() {
      for (const code of ["InvalidAssociation", "AssociationDoesNotExist"]) {
        const { exit, requests } = yield* start([awsError(400, code)])
        const error = failureOf(exit)
        assert.strictEqual(error._tag, code)
        if (error._tag === "InvalidAssociation" || error._tag === "AssociationDoesNotExist") {
          assert.strictEqual(error.operation, "StartAssociationsOnce")
          assert.strictEqual(error.requestId, `req-${code}`)
        }
        assert.strictEqual(requests.length, 1)
      }
    }))

  it.effect("retries throttles and answered server errors as usual: SSM said no, so nothing started", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* start([
        awsError(400, "ThrottlingException", "Rate exceeded"),
        awsError(500, "InternalServerError"),
        awsError(503, "ServiceUnavailable"),
        { status: 200, body: "{}" }
      ])
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 4)
    }))

  it.effect("retries a refused connection, which never reached SSM", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* start(["refused", "refused", { status: 200, body: "{}" }])
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 3)
    }))
})
