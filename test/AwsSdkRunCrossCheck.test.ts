/**
 * The official AWS SDK v3 against the local endpoint's runs: it starts an association, lists and
 * drills into the new execution and reads each target's invocation as the library does, and its
 * `waitUntilCommandExecuted` waiter follows an invocation to its end. Real time, short runs: only
 * outcomes are asserted, never durations.
 */
import {
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  GetCommandInvocationCommand,
  SSMClient,
  StartAssociationsOnceCommand,
  waitUntilCommandExecuted
} from "@aws-sdk/client-ssm"
import { afterAll, assert, beforeAll, describe, it, vi } from "@effect/vitest"
import { fetchHttpClientLayer, withMinimumLogLevel } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"

// As in AwsSdkCrossCheck.test.ts: the SDK's once-per-process Node version warning, off for this file.
beforeAll(() => {
  vi.stubEnv("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true")
})
afterAll(() => {
  vi.unstubAllEnvs()
})

const sdkCall = <A>(run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (error) => error instanceof Error ? error : new Error(String(error)) })

/** A local endpoint whose history ends now (so its commands are within AWS's 30 days), an SDK client and the library. */
const withEndpoint = (runs: InMemorySsm.RunOptions, faults: ReadonlyArray<InMemorySsm.ScriptedFault> = []) =>
  Effect.gen(function*() {
    const endpoint = yield* LocalEndpoint.make({
      generate: { seed: 31, associations: 1, executionsPerAssociation: 4, now: new Date(), runs, faults }
    }).pipe(withMinimumLogLevel("Warning"))
    const client = yield* Effect.acquireRelease(
      Effect.sync(() =>
        new SSMClient({
          endpoint: endpoint.url,
          region: endpoint.region,
          credentials: {
            accessKeyId: endpoint.credentials.accessKeyId,
            secretAccessKey: Redacted.value(endpoint.credentials.secretAccessKey)
          },
          maxAttempts: 3
        })
      ),
      (client) => Effect.sync(() => client.destroy())
    )
    const library = yield* AssociationExecutions.make({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.credentials,
      retry: { baseDelayMillis: 1, throttlingBaseDelayMillis: 1 }
    }).pipe(Effect.provide(fetchHttpClientLayer))
    return { endpoint, client, library, associationId: endpoint.model.associationIds[0] ?? "" }
  })

/** The first run the model started, once it exists. */
const firstRun = (model: InMemorySsm.InMemorySsm) =>
  Effect.flatMap(
    model.started,
    ([run]) => run === undefined ? Effect.die(new Error("no run started")) : Effect.succeed(run)
  )

describe("@aws-sdk/client-ssm against the local endpoint's runs", () => {
  it.live("starts a run, sees it finish, and reads every target's invocation as the library does", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, client, endpoint, library } = yield* withEndpoint({
        durationMillis: 600,
        visibleAfterMillis: 50,
        failureRate: 0.5,
        outputBucket: { bucket: "run-logs" }
      })
      const started = yield* sdkCall(() =>
        client.send(new StartAssociationsOnceCommand({ AssociationIds: [associationId] }))
      )
      assert.strictEqual(started.$metadata.httpStatusCode, 200)
      const run = yield* firstRun(endpoint.model)
      yield* Effect.sleep(`${Math.max(0, run.finishedAt - Date.now()) + 50} millis`)

      const executions = yield* sdkCall(() =>
        client.send(
          new DescribeAssociationExecutionsCommand({
            AssociationId: associationId,
            Filters: [{ Key: "ExecutionId", Type: "EQUAL", Value: run.ExecutionId }]
          })
        )
      )
      const [execution] = executions.AssociationExecutions ?? []
      const failed = run.targets.filter((target) => target.failed).length
      assert.strictEqual(execution?.Status, failed > 0 ? "Failed" : "Success")
      assert.strictEqual(execution?.CreatedTime?.getTime(), run.createdAt)
      const byLibrary = yield* library.describe({
        AssociationId: associationId,
        Filters: [{ Key: "ExecutionId", Type: "EQUAL", Value: run.ExecutionId }]
      })
      assert.deepStrictEqual<unknown>(byLibrary.AssociationExecutions, executions.AssociationExecutions)

      const targets = yield* sdkCall(() =>
        client.send(
          new DescribeAssociationExecutionTargetsCommand({ AssociationId: associationId, ExecutionId: run.ExecutionId })
        )
      )
      assert.strictEqual(targets.AssociationExecutionTargets?.length, run.targets.length)
      for (const target of targets.AssociationExecutionTargets ?? []) {
        assert.strictEqual(target.OutputSource?.OutputSourceType, "RunCommand")
        const input = { CommandId: target.OutputSource?.OutputSourceId ?? "", InstanceId: target.ResourceId ?? "" }
        const { $metadata, ...bySdk } = yield* sdkCall(() => client.send(new GetCommandInvocationCommand(input)))
        assert.strictEqual($metadata.httpStatusCode, 200)
        assert.deepStrictEqual<unknown>(bySdk, yield* library.getCommandInvocation(input))
        assert.strictEqual(bySdk.Status, target.Status)
        assert.strictEqual(bySdk.ResponseCode === 0, target.Status === "Success")
        assert.include(bySdk.StandardOutputUrl ?? "", `/run-logs/${input.CommandId}/${input.InstanceId}/`)
      }
    })))

  it.live("names InvocationDoesNotExist, InvalidPluginName and AssociationDoesNotExist as the library does", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint, library } = yield* withEndpoint({})
      const associationId = endpoint.model.associationIds[0] ?? ""
      const execution = endpoint.model.executions(associationId).find((candidate) =>
        endpoint.model.targets(associationId, candidate.ExecutionId).some((target) => target.OutputSource)
      )
      const target = endpoint.model.targets(associationId, execution?.ExecutionId ?? "").find((candidate) =>
        candidate.OutputSource
      )
      const known = { CommandId: target?.OutputSource?.OutputSourceId ?? "", InstanceId: target?.ResourceId ?? "" }
      const cases: ReadonlyArray<
        readonly [string, Effect.Effect<unknown, Error>, Effect.Effect<unknown, { _tag: string }>]
      > = [
        [
          "InvocationDoesNotExist",
          sdkCall(() =>
            client.send(
              new GetCommandInvocationCommand({ ...known, CommandId: "00000000-0000-4000-8000-000000000000" })
            )
          ),
          library.getCommandInvocation({ ...known, CommandId: "00000000-0000-4000-8000-000000000000" })
        ],
        [
          "InvalidPluginName",
          sdkCall(() => client.send(new GetCommandInvocationCommand({ ...known, PluginName: "deploy" }))),
          library.getCommandInvocation({ ...known, PluginName: "deploy" })
        ],
        [
          "AssociationDoesNotExist",
          sdkCall(() =>
            client.send(new StartAssociationsOnceCommand({ AssociationIds: ["11111111-2222-4333-8444-555555555555"] }))
          ),
          library.startOnce({ AssociationIds: ["11111111-2222-4333-8444-555555555555"] })
        ]
      ]
      for (const [code, bySdk, byLibrary] of cases) {
        assert.strictEqual((yield* Effect.flip(bySdk)).name, code)
        assert.strictEqual((yield* Effect.flip(byLibrary))._tag, code)
      }
      // The history's invocation answers too.
      assert.strictEqual(
        (yield* sdkCall(() => client.send(new GetCommandInvocationCommand(known)))).CommandId,
        known.CommandId
      )
    })))

  it.live("waitUntilCommandExecuted follows a target's command to Success", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, client, endpoint, library } = yield* withEndpoint({
        durationMillis: 1200,
        visibleAfterMillis: 50,
        failureRate: 0
      })
      yield* library.startOnce({ AssociationIds: [associationId] })
      const run = yield* firstRun(endpoint.model)
      const last = run.targets.at(-1)
      const input = { CommandId: last?.CommandId ?? "", InstanceId: last?.ResourceId ?? "" }
      const result = yield* sdkCall(() =>
        waitUntilCommandExecuted({ client, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 }, input)
      )
      assert.strictEqual(result.state, "SUCCESS")
      assert.strictEqual(result.reason?.Status, "Success")
      // Whatever the machine's pace, the waiter saw only answers it retries (not yet visible, still
      // running) before the last one, which it accepted.
      const polls = (yield* endpoint.model.requests).filter((request) => request.operation === "GetCommandInvocation")
      assert.isTrue(polls.every((poll) => poll.status === 200 || poll.code === "InvocationDoesNotExist"))
      assert.strictEqual(polls.at(-1)?.status, 200)
    })))

  it.live("waitUntilCommandExecuted fails on a Failed command, as it is defined to", () =>
    Effect.scoped(Effect.gen(function*() {
      const { associationId, client, endpoint, library } = yield* withEndpoint({
        durationMillis: 400,
        visibleAfterMillis: 50,
        failureRate: 1
      })
      yield* library.startOnce({ AssociationIds: [associationId] })
      const run = yield* firstRun(endpoint.model)
      const target = run.targets[0]
      const error = yield* Effect.flip(sdkCall(() =>
        waitUntilCommandExecuted(
          { client, maxWaitTime: 20, minDelay: 0.1, maxDelay: 0.2 },
          { CommandId: target?.CommandId ?? "", InstanceId: target?.ResourceId ?? "" }
        )
      ))
      assert.include(error.message, "FAILURE")
      assert.include(error.message, "\"Status\":\"Failed\"")
    })))

  it.live("an answer dropped after the start: the SDK retries and starts twice, the library starts once", () =>
    Effect.scoped(Effect.gen(function*() {
      const drop: InMemorySsm.ScriptedFault = {
        operation: "StartAssociationsOnce",
        attempts: 1,
        answer: InMemorySsm.Fault.drop("beforeHeaders")
      }
      const { associationId, client, endpoint, library } = yield* withEndpoint({ visibleAfterMillis: 50 }, [drop])
      yield* sdkCall(() => client.send(new StartAssociationsOnceCommand({ AssociationIds: [associationId] })))
      assert.strictEqual((yield* endpoint.model.started).length, 2, "the SDK started it twice")

      // The same fault again (attempts count afresh), now for the library.
      yield* endpoint.model.clearRequests
      yield* library.startOnce({ AssociationIds: [associationId] }, { confirmEveryMillis: 25 })
      assert.strictEqual((yield* endpoint.model.started).length, 3, "the library started it once")
      const operations = (yield* endpoint.model.requests).map((request) => request.operation)
      assert.strictEqual(operations.filter((operation) => operation === "StartAssociationsOnce").length, 1)
      assert.include(operations, "DescribeAssociationExecutions")
    })))
})
