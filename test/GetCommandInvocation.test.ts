import { assert, describe, it } from "@effect/vitest"
import { type RecordedSpan, withRecordedSpans } from "@line/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as GetCommandInvocation from "ssm-association-executions/GetCommandInvocation"
import failed from "./fixtures/get-command-invocation.failed.json" with { type: "json" }
import succeeded from "./fixtures/get-command-invocation.success.json" with { type: "json" }
import { failureOf } from "./support/exits.js"
import { awsError, type Reply, scriptedClient } from "./support/scriptedHttp.js"

const options: AssociationExecutions.Options = {
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  retry: { baseDelayMillis: 0, throttlingBaseDelayMillis: 0 },
  rateLimit: { adaptive: false }
}

const input = { CommandId: "0a1b2c3d-4e5f-4a6b-8c7d-0123456789ab", InstanceId: "i-0fedcba9876543210" }

const invoke = (replies: ReadonlyArray<Reply>, request: unknown = input) =>
  Effect.gen(function*() {
    const double = yield* scriptedClient(replies)
    const exit = yield* Effect.flatMap(
      AssociationExecutions.AssociationExecutions,
      // `unknown` input on purpose: bad input must be caught at run time too.
      (service) =>
        service.getCommandInvocation(
          request as Parameters<AssociationExecutions.Service["getCommandInvocation"]>[0]
        )
    ).pipe(
      Effect.provide(AssociationExecutions.layer(options).pipe(Layer.provide(double.layer))),
      Effect.exit
    )
    return { exit, requests: yield* Ref.get(double.requests) }
  })

describe("AssociationExecutions.getCommandInvocation", () => {
  it.effect("sends the fixture's request and decodes its answers as the AWS SDK does, time strings kept", () =>
    Effect.gen(function*() {
      for (const fixture of [succeeded, failed]) {
        const request: unknown = JSON.parse(fixture.request.body)
        const { exit, requests } = yield* invoke([{ status: 200, body: fixture.response.body }], request)
        if (Exit.isFailure(exit)) return assert.fail(Cause.pretty(exit.cause))
        assert.strictEqual(requests[0]?.target, "AmazonSSM.GetCommandInvocation")
        assert.strictEqual(requests[0]?.body, fixture.request.body)
        const { $metadata: _metadata, ...expected } = fixture.expected
        assert.deepStrictEqual(exit.value, expected)
      }
    }))

  it.effect("tolerates unknown members and nulls, and does not enforce output constraints", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({
        Status: "SUCCESS",
        DocumentVersion: "",
        ResponseCode: -1,
        ExecutionEndDateTime: "",
        StandardErrorUrl: null,
        CloudWatchOutputConfig: { CloudWatchLogGroupName: null, CloudWatchOutputEnabled: true },
        SomethingNew: { nested: [1] }
      })
      const { exit } = yield* invoke([{ status: 200, body }])
      if (Exit.isFailure(exit)) return assert.fail(Cause.pretty(exit.cause))
      assert.deepStrictEqual(exit.value, {
        Status: "SUCCESS",
        DocumentVersion: "",
        ResponseCode: -1,
        ExecutionEndDateTime: "",
        CloudWatchOutputConfig: { CloudWatchOutputEnabled: true }
      })
    }))

  it.effect("checks every input constraint of the model and sends nothing when one is broken", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{ ...input, CommandId: "too-short" }, "CommandId"],
        [{ ...input, CommandId: `${input.CommandId}x` }, "CommandId"],
        [{ ...input, InstanceId: "i-083e1601960282cd" }, "InstanceId"],
        [{ ...input, InstanceId: "mi-0123456789abcdef" }, "InstanceId"],
        [{ ...input, PluginName: "aws" }, "PluginName"],
        [{ InstanceId: input.InstanceId }, "CommandId"],
        [{ CommandId: input.CommandId }, "InstanceId"]
      ]
      for (const [request, field] of cases) {
        const { exit, requests } = yield* invoke([{ status: 200, body: "{}" }], request)
        const error = failureOf(exit)
        assert.strictEqual(error._tag, "InvalidInput")
        if (error._tag === "InvalidInput") {
          assert.strictEqual(error.field, field)
          assert.strictEqual(error.operation, "GetCommandInvocation")
        }
        assert.strictEqual(requests.length, 0)
      }
      // Each id form the pattern allows is accepted.
      for (const InstanceId of ["i-0123abcd", "i-0123456789abcdef0", "mi-0123456789abcdef0"]) {
        const { exit } = yield* invoke([{ status: 200, body: "{}" }], { ...input, InstanceId, PluginName: "step" })
        assert.isTrue(Exit.isSuccess(exit), InstanceId)
      }
    }))

  it.effect("types each modeled error, with a default message when AWS sends none, and retries none of them", () =>
    Effect.gen(function*() {
      for (const code of ["InvocationDoesNotExist", "InvalidCommandId", "InvalidInstanceId", "InvalidPluginName"]) {
        const { exit, requests } = yield* invoke([awsError(400, code)])
        const error = failureOf(exit)
        assert.strictEqual(error._tag, code)
        assert.strictEqual(requests.length, 1)
        if (error._tag === code && "requestId" in error) {
          assert.strictEqual(error.requestId, `req-${code}`)
          assert.strictEqual(error.operation, "GetCommandInvocation")
          assert.notStrictEqual(error.message, "")
        }
      }
      const withMessage = failureOf(
        (yield* invoke([awsError(400, "InvalidInstanceId", "Instances not in a valid state")])).exit
      )
      assert.strictEqual(withMessage.message, "Instances not in a valid state")
    }))

  it.effect("traces a modeled error as a failed attempt, not retried, on the call's one span", () =>
    Effect.gen(function*() {
      const recorded: Array<RecordedSpan> = []
      const { exit } = yield* invoke([awsError(400, "InvocationDoesNotExist")]).pipe(withRecordedSpans(recorded))
      assert.strictEqual(failureOf(exit)._tag, "InvocationDoesNotExist")
      assert.deepStrictEqual(recorded.map((span) => span.name), ["GetCommandInvocation"])
      assert.deepStrictEqual(recorded[0]?.events, [{
        name: "attempt failed",
        attributes: {
          attempt: 1,
          "error.type": "InvocationDoesNotExist",
          "retry.class": "none",
          "http.response.status_code": 400,
          "aws.request_id": "req-InvocationDoesNotExist",
          "retry.scheduled": false
        }
      }])
    }))

  it.effect("reads another operation's modeled error code as an AwsServiceError, not as that error", () =>
    Effect.gen(function*() {
      const error = failureOf((yield* invoke([awsError(400, "AssociationDoesNotExist")])).exit)
      assert.strictEqual(error._tag, "AwsServiceError")
      if (error._tag === "AwsServiceError") assert.strictEqual(error.code, "AssociationDoesNotExist")
    }))

  it.effect("retries throttles, 500s and dropped connections (it only reads)", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* invoke([
        awsError(400, "ThrottlingException", "Rate exceeded"),
        awsError(500, "InternalServerError"),
        "drop",
        { status: 200, body: succeeded.response.body }
      ])
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 4)
    }))
})

describe("GetCommandInvocation time strings", () => {
  it("parses instants, and reads an empty or foreign string as absent", () => {
    assert.strictEqual(
      GetCommandInvocation.parseDateTime("2019-02-14T19:26:26.439Z")?.toISOString(),
      "2019-02-14T19:26:26.439Z"
    )
    assert.isUndefined(GetCommandInvocation.parseDateTime(""))
    assert.isUndefined(GetCommandInvocation.parseDateTime(undefined))
    assert.isUndefined(GetCommandInvocation.parseDateTime("yesterday"))
  })

  it("parses the ISO-8601 durations AWS sends, and nothing else", () => {
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT0.541S"), 541)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT44.002S"), 44_002)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT1H0.271S"), 3_600_271)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT2M"), 120_000)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("P1DT1S"), 86_401_000)
    for (const bad of ["", "P", "PT", "0.5S", "PT-1S", "1 hour", undefined]) {
      assert.isUndefined(GetCommandInvocation.parseElapsedTime(bad), String(bad))
    }
  })
})
