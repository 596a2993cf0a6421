import { assert, describe, it } from "@effect/vitest"
import { fetchHttpClientLayer, TestClock } from "@line/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { createServer } from "node:http"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import {
  InvalidAssociation,
  isAssociationExecutionsError,
  StartOnceError,
  StartOutcomeUnknown,
  TransportError
} from "ssm-association-executions/AssociationExecutionsError"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import type { HttpClient } from "ssm-association-executions/line/transport"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"
import type { StartOnceOptions } from "ssm-association-executions/StartAssociationsOnce"
import fixture from "./fixtures/start-associations-once.json" with { type: "json" }
import { failureOf } from "./support/exits.js"
import { awsError, type Reply, scriptedClient, scriptedHttpByOperation } from "./support/scriptedHttp.js"

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

  it.effect("checks its own options before anything is sent", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [StartOnceOptions, string]> = [
        [{ confirmWithinMillis: Number.NaN }, "options.confirmWithinMillis"],
        [{ confirmWithinMillis: -1 }, "options.confirmWithinMillis"],
        [{ confirmEveryMillis: 0 }, "options.confirmEveryMillis"],
        [{ confirmEveryMillis: Number.POSITIVE_INFINITY }, "options.confirmEveryMillis"]
      ]
      for (const [startOptions, field] of cases) {
        const double = yield* scriptedClient([{ status: 200, body: "{}" }])
        const exit = yield* Effect.flatMap(
          AssociationExecutions.AssociationExecutions,
          (service) => service.startOnce({ AssociationIds: [associationId] }, startOptions)
        ).pipe(
          Effect.provide(AssociationExecutions.layer(options).pipe(Layer.provide(double.layer))),
          Effect.exit
        )
        const error = failureOf(exit)
        assert.strictEqual(error._tag === "InvalidInput" ? error.field : error._tag, field)
        assert.strictEqual((yield* Ref.get(double.requests)).length, 0)
      }
    }))

  it("its errors are this module's, and StartOutcomeUnknown crosses a worker boundary intact", () => {
    const unknown = new StartOutcomeUnknown({
      associationIds: [associationId],
      requestedAt: new Date("2025-06-02T00:00:00.000Z"),
      cause: new TransportError({ reason: "connection reset", operation: "StartAssociationsOnce", attempts: 1 }),
      detail: "no check for a new execution was asked for"
    })
    assert.isTrue(isAssociationExecutionsError(unknown))
    assert.isTrue(isAssociationExecutionsError(new InvalidAssociation({})))
    const encoded = Schema.encodeSync(StartOnceError)(unknown)
    const decoded = Schema.decodeUnknownSync(StartOnceError)(JSON.parse(JSON.stringify(encoded)))
    assert.strictEqual(decoded._tag, "StartOutcomeUnknown")
    if (decoded._tag === "StartOutcomeUnknown") {
      assert.strictEqual(decoded.requestedAt.toISOString(), "2025-06-02T00:00:00.000Z")
      assert.strictEqual(decoded.cause._tag, "TransportError")
      assert.strictEqual(decoded.message, unknown.message)
    }
  })

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

// ---------------------------------------------------------------------------------------------
// A start whose answer was lost
// ---------------------------------------------------------------------------------------------

const modelLayer = (faults: ReadonlyArray<InMemorySsm.ScriptedFault>, timeoutMillis?: number) =>
  AssociationExecutionsTest.layer({
    model: { seed: 5, associations: 1, executionsPerAssociation: 3, runs: { visibleAfterMillis: 3000 } },
    faults,
    timeoutMillis
  })

/** Starts the model's association under TestClock; the runs it started and the operations it was sent. */
const startOnModel = (options?: StartOnceOptions) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(Date.parse("2025-06-02T00:00:00.000Z"))
    const model = yield* AssociationExecutionsTest.Model
    const service = yield* AssociationExecutions.AssociationExecutions
    const exit = yield* AssociationExecutionsTest.runWithTestClock(
      Effect.exit(service.startOnce({ AssociationIds: [model.associationIds[0] ?? ""] }, options))
    )
    return {
      exit,
      started: yield* model.started,
      operations: (yield* model.requests).map((request) => request.operation)
    }
  })

describe("AssociationExecutions.startOnce when the answer is lost after SSM acted", () => {
  for (
    const [name, answer] of [
      ["the connection drops before the answer", InMemorySsm.Fault.drop("beforeHeaders")],
      ["the connection drops mid-answer", InMemorySsm.Fault.drop("midBody")],
      ["the answer is cut", InMemorySsm.Fault.cutBody(1)]
    ] as const
  ) {
    it.effect(`${name}: starts exactly once, found by a check for the new execution, not sent again`, () =>
      Effect.gen(function*() {
        const { exit, operations, started } = yield* startOnModel()
        assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        assert.strictEqual(started.length, 1)
        assert.strictEqual(operations.filter((operation) => operation === "StartAssociationsOnce").length, 1)
        // Invisible for 3 s, looked for every 2 s: at 0, 2 and 4 s.
        assert.deepStrictEqual(operations.slice(1), [
          "DescribeAssociationExecutions",
          "DescribeAssociationExecutions",
          "DescribeAssociationExecutions"
        ])
      }).pipe(Effect.provide(modelLayer([{ operation: "StartAssociationsOnce", attempts: 1, answer }]))))
  }

  it.effect("an attempt that times out after sending is checked for before it is sent again", () =>
    Effect.gen(function*() {
      const { exit, operations, started } = yield* startOnModel()
      assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
      // The timed-out request was interrupted before the model acted (it is not even logged): the
      // check looked every 2 s for the whole 20 s window, found nothing, and only then sent it again.
      assert.strictEqual(started.length, 1)
      assert.deepStrictEqual(operations, [
        ...Array.from({ length: 11 }, () => "DescribeAssociationExecutions"),
        "StartAssociationsOnce"
      ])
    }).pipe(Effect.provide(modelLayer([
      { operation: "StartAssociationsOnce", attempts: 1, answer: InMemorySsm.Fault.latency(5000) }
    ], 1000))))

  it.effect("a look answered after the window closed does not close it: one more is sent after the end", () =>
    Effect.gen(function*() {
      // The start times out at 10 s (unacted); the window runs 10-13 s; the first look, sent at 10 s,
      // is answered at 14 s. It saw the server only at some moment inside the window, so the engine
      // looks once more (sent at 14 s) before it sends the start again.
      const { exit, operations, started } = yield* startOnModel({ confirmWithinMillis: 3000, confirmEveryMillis: 2000 })
      assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
      assert.strictEqual(started.length, 1)
      assert.deepStrictEqual(operations, [
        "DescribeAssociationExecutions",
        "DescribeAssociationExecutions",
        "StartAssociationsOnce"
      ])
    }).pipe(Effect.provide(modelLayer([
      { operation: "StartAssociationsOnce", attempts: 1, answer: InMemorySsm.Fault.latency(15_000) },
      { operation: "DescribeAssociationExecutions", times: 1, answer: InMemorySsm.Fault.latency(4000) }
    ], 10_000))))

  it.effect("with confirmWithinMillis 0: StartOutcomeUnknown at once, saying the start may have happened", () =>
    Effect.gen(function*() {
      const { exit, operations, started } = yield* startOnModel({ confirmWithinMillis: 0 })
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "StartOutcomeUnknown")
      if (error._tag === "StartOutcomeUnknown") {
        assert.strictEqual(error.cause._tag, "TransportError")
        assert.strictEqual(error.requestedAt.toISOString(), "2025-06-02T00:00:00.000Z")
        assert.include(error.message, "may have started")
        assert.include(error.message, "look for executions created after 2025-06-02T00:00:00.000Z")
      }
      assert.strictEqual(started.length, 1)
      assert.deepStrictEqual(operations, ["StartAssociationsOnce"])
    }).pipe(Effect.provide(modelLayer([
      { operation: "StartAssociationsOnce", attempts: 1, answer: InMemorySsm.Fault.drop("beforeHeaders") }
    ]))))

  it.effect("a check that cannot be made: StartOutcomeUnknown naming why, and nothing sent again", () =>
    Effect.gen(function*() {
      const { exit, operations, started } = yield* startOnModel()
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "StartOutcomeUnknown")
      if (error._tag === "StartOutcomeUnknown") assert.include(error.detail, "AccessDeniedException")
      assert.strictEqual(started.length, 1)
      assert.deepStrictEqual(operations, ["StartAssociationsOnce", "DescribeAssociationExecutions"])
    }).pipe(Effect.provide(modelLayer([
      { operation: "StartAssociationsOnce", attempts: 1, answer: InMemorySsm.Fault.drop("beforeHeaders") },
      { operation: "DescribeAssociationExecutions", answer: InMemorySsm.Fault.error("AccessDeniedException", 400) }
    ]))))
})

// These run on real time, with windows of a few milliseconds: the double answers through a real
// promise, which TestClock cannot wait for. They assert what happened, never how long it took.
describe("AssociationExecutions.startOnce when a lost request started nothing", () => {
  const empty: Reply = { status: 200, body: "{\"AssociationExecutions\":[]}" }
  const run = (
    layerOptions: AssociationExecutions.Options,
    double: { readonly layer: Layer.Layer<HttpClient> }
  ) =>
    Effect.flatMap(AssociationExecutions.AssociationExecutions, (service) =>
      Effect.exit(
        service.startOnce({ AssociationIds: [associationId] }, { confirmWithinMillis: 30, confirmEveryMillis: 10 })
      )).pipe(
        Effect.provide(AssociationExecutions.layer(layerOptions).pipe(Layer.provide(double.layer)))
      )

  it.live("sends it again only after a whole window without a new execution", () =>
    Effect.gen(function*() {
      const double = yield* scriptedHttpByOperation({
        "AmazonSSM.StartAssociationsOnce": ["drop", { status: 200, body: "{}" }],
        "AmazonSSM.DescribeAssociationExecutions": [empty]
      })
      const before = Date.now()
      const exit = yield* run(options, double)
      const after = Date.now()
      assert.isTrue(Exit.isSuccess(exit))
      const requests = yield* Ref.get(double.requests)
      const operations = requests.map((request) => request.target.replace("AmazonSSM.", ""))
      assert.strictEqual(operations[0], "StartAssociationsOnce")
      assert.strictEqual(operations.at(-1), "StartAssociationsOnce")
      const checks = operations.slice(1, -1)
      assert.isAtLeast(checks.length, 2, "looked at the start and at the end of the window")
      assert.isTrue(checks.every((operation) => operation === "DescribeAssociationExecutions"))
      // The check looks for executions created after the request was sent (less a second's margin).
      const check = JSON.parse(requests[1]?.body ?? "{}")
      const since = Date.parse(check.Filters[0].Value)
      assert.deepStrictEqual({ ...check, Filters: [{ ...check.Filters[0], Value: "" }] }, {
        AssociationId: associationId,
        Filters: [{ Key: "CreatedTime", Value: "", Type: "GREATER_THAN" }],
        MaxResults: 1
      })
      assert.isAtLeast(since, before - 1000)
      assert.isAtMost(since, after - 1000)
    }))

  it.live("gives up with the transport error once every start allowed was lost and none started", () =>
    Effect.gen(function*() {
      const double = yield* scriptedHttpByOperation({
        "AmazonSSM.StartAssociationsOnce": ["drop"],
        "AmazonSSM.DescribeAssociationExecutions": [empty]
      })
      const exit = yield* run({ ...options, retry: { ...options.retry, maxAttempts: 2 } }, double)
      assert.strictEqual(failureOf(exit)._tag, "TransportError")
      const starts = (yield* Ref.get(double.requests)).filter((request) =>
        request.target === "AmazonSSM.StartAssociationsOnce"
      )
      assert.strictEqual(starts.length, 2)
    }))
})

describe("AssociationExecutions.startOnce over real sockets", () => {
  // A port that was just free: connections to it are refused, so nothing can have been started.
  const closedPort = Effect.promise(() =>
    new Promise<number>((resolve) => {
      const server = createServer()
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 9))
      })
    })
  )

  for (
    const [name, layerOf] of [
      ["the Node transport", (settings: AssociationExecutions.Options) => NodeAssociationExecutions.layer(settings)],
      [
        "fetch",
        (settings: AssociationExecutions.Options) =>
          AssociationExecutions.layer(settings).pipe(Layer.provide(fetchHttpClientLayer))
      ]
    ] as const
  ) {
    it.live(`${name}: a refused connection is retried as usual, since it never reached SSM`, () =>
      Effect.gen(function*() {
        const port = yield* closedPort
        const exit = yield* Effect.flatMap(
          AssociationExecutions.AssociationExecutions,
          (service) => service.startOnce({ AssociationIds: [associationId] })
        ).pipe(
          Effect.provide(layerOf({
            ...options,
            endpoint: `http://127.0.0.1:${port}`,
            retry: { ...options.retry, maxAttempts: 3 }
          })),
          Effect.exit
        )
        const error = failureOf(exit)
        // Held as a start that may have happened, it would have been checked for (and failed as
        // StartOutcomeUnknown): refused, it is retried to the last attempt and ends as it is.
        assert.strictEqual(error._tag, "TransportError")
        if (error._tag === "TransportError") assert.strictEqual(error.attempts, 3)
      }))
  }
})
