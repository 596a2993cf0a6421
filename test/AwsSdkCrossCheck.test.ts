import {
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  paginateDescribeAssociationExecutions,
  paginateDescribeAssociationExecutionTargets,
  SSMClient
} from "@aws-sdk/client-ssm"
import { afterAll, assert, beforeAll, describe, it, vi } from "@effect/vitest"
import { fetchHttpClientLayer, withMinimumLogLevel } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"

// The official AWS SDK against the local endpoint: proves the endpoint speaks what real clients expect.

// The SDK warns once per process (process.emitWarning) that its future versions need Node 22. It skips
// the warning when this variable is "true" (see emitWarningIfUnsupportedVersion in @aws-sdk/core),
// so the variable is set for this file only.
beforeAll(() => {
  vi.stubEnv("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "true")
})
afterAll(() => {
  vi.unstubAllEnvs()
})

const clientFor = (
  endpoint: LocalEndpoint.LocalEndpointInfo,
  options: { readonly secretAccessKey?: string; readonly maxAttempts?: number } = {}
) =>
  new SSMClient({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: {
      accessKeyId: endpoint.credentials.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? Redacted.value(endpoint.credentials.secretAccessKey)
    },
    maxAttempts: options.maxAttempts ?? 3
  })

const sdkCall = <A>(run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (error) => error instanceof Error ? error : new Error(String(error)) })

const collect = <A>(pages: AsyncIterable<A>) =>
  sdkCall(async () => {
    const all: Array<A> = []
    for await (const page of pages) all.push(page)
    return all
  })

const withEndpoint = (options: LocalEndpoint.LocalEndpointOptions) =>
  Effect.acquireRelease(
    Effect.map(
      // Without the endpoint's per-request INFO line, so the test output stays quiet.
      LocalEndpoint.make(options).pipe(withMinimumLogLevel("Warning")),
      (endpoint) => ({ endpoint, client: clientFor(endpoint) })
    ),
    ({ client }) => Effect.sync(() => client.destroy())
  )

describe("@aws-sdk/client-ssm against the local endpoint", () => {
  it.live("paginates every execution in the service's order, every member intact", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: { seed: 21, associations: 2, executionsPerAssociation: 64 }
      })
      for (const associationId of endpoint.model.associationIds) {
        const pages = yield* collect(
          paginateDescribeAssociationExecutions({ client, pageSize: 7 }, { AssociationId: associationId })
        )
        assert.strictEqual(pages.length, 10)
        const received = pages.flatMap((page) => page.AssociationExecutions ?? [])
        assert.deepStrictEqual<ReadonlyArray<unknown>>(received, endpoint.model.executions(associationId))
      }
    })))

  it.live("applies filters across pages and follows the default page size", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: { seed: 22, associations: 1, executionsPerAssociation: 130 }
      })
      const associationId = endpoint.model.associationIds[0] ?? ""
      const unfiltered = yield* collect(
        paginateDescribeAssociationExecutions({ client }, { AssociationId: associationId })
      )
      assert.deepStrictEqual(unfiltered.map((page) => page.AssociationExecutions?.length), [50, 50, 30])
      const failed = yield* collect(paginateDescribeAssociationExecutions({ client, pageSize: 5 }, {
        AssociationId: associationId,
        Filters: [{ Key: "Status", Type: "EQUAL", Value: "Failed" }]
      }))
      assert.deepStrictEqual(
        failed.flatMap((page) => page.AssociationExecutions ?? []).map((execution) => execution.ExecutionId),
        endpoint.model.executions(associationId).filter((execution) => execution.Status === "Failed").map((execution) =>
          execution.ExecutionId
        )
      )
    })))

  it.live("paginates an execution's targets", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: { seed: 23, associations: 1, executionsPerAssociation: 3 }
      })
      const associationId = endpoint.model.associationIds[0] ?? ""
      for (const execution of endpoint.model.executions(associationId)) {
        const pages = yield* collect(paginateDescribeAssociationExecutionTargets({ client, pageSize: 1 }, {
          AssociationId: associationId,
          ExecutionId: execution.ExecutionId
        }))
        assert.deepStrictEqual<ReadonlyArray<unknown>>(
          pages.flatMap((page) => page.AssociationExecutionTargets ?? []),
          endpoint.model.targets(associationId, execution.ExecutionId)
        )
      }
    })))

  it.live("lists every execution's targets exactly as the library's targets stream does", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: { seed: 21, associations: 1, executionsPerAssociation: 16 }
      })
      const service = yield* AssociationExecutions.make({
        region: endpoint.region,
        endpoint: endpoint.url,
        credentials: endpoint.credentials
      }).pipe(Effect.provide(fetchHttpClientLayer))
      const associationId = endpoint.model.associationIds[0] ?? ""
      const pageSize = 2
      // What either client saw of a target: every member a reader of the output relies on, dates as time.
      const seen = (target: {
        readonly ResourceId?: string | undefined
        readonly ResourceType?: string | undefined
        readonly Status?: string | undefined
        readonly DetailedStatus?: string | undefined
        readonly LastExecutionDate?: Date | undefined
        readonly OutputSource?: {
          readonly OutputSourceId?: string | undefined
          readonly OutputSourceType?: string | undefined
        } | undefined
      }) => ({
        ResourceId: target.ResourceId,
        ResourceType: target.ResourceType,
        Status: target.Status,
        DetailedStatus: target.DetailedStatus,
        LastExecutionDate: target.LastExecutionDate?.getTime(),
        OutputSource: target.OutputSource === undefined
          ? undefined
          : { Id: target.OutputSource.OutputSourceId, Type: target.OutputSource.OutputSourceType }
      })
      const everything: Array<ReturnType<typeof seen>> = []
      let mostPages = 0
      for (const execution of endpoint.model.executions(associationId)) {
        const input = { AssociationId: associationId, ExecutionId: execution.ExecutionId }
        // A copy: the SDK's paginator writes NextToken and MaxResults into the input it is given.
        const sdkPages = yield* collect(paginateDescribeAssociationExecutionTargets({ client, pageSize }, { ...input }))
        const bySdk = sdkPages.flatMap((page) => page.AssociationExecutionTargets ?? []).map(seen)
        const byLibrary = Array.from(
          yield* Stream.runCollect(service.targets(input, { pageSize }))
        ).map(seen)
        assert.deepStrictEqual(bySdk, byLibrary, execution.ExecutionId)
        assert.deepStrictEqual(byLibrary, endpoint.model.targets(associationId, execution.ExecutionId).map(seen))
        assert.strictEqual(sdkPages.length, Math.max(1, Math.ceil(byLibrary.length / pageSize)))
        mostPages = Math.max(mostPages, sdkPages.length)
        everything.push(...byLibrary)
      }
      // The comparison covered what the data can hold: several pages, both kinds of node, runs with
      // and without output, every detailed status.
      assert.strictEqual(mostPages, 3)
      assert.isTrue(everything.some((target) => target.ResourceId?.startsWith("mi-") === true))
      assert.isTrue(everything.some((target) => target.ResourceId?.startsWith("i-") === true))
      assert.isTrue(everything.every((target) => target.ResourceType === "ManagedInstance"))
      assert.isTrue(everything.some((target) => target.OutputSource === undefined))
      assert.isTrue(everything.some((target) => target.OutputSource?.Type === "RunCommand"))
      assert.isTrue(everything.some((target) => target.LastExecutionDate === undefined))
      assert.deepStrictEqual(
        [...new Set(everything.map((target) => target.DetailedStatus))].sort(),
        ["Failed", "Pending", "Success", "TimedOut"]
      )
    })))

  it.live("names an unknown execution of a known association AssociationExecutionDoesNotExist", () =>
    Effect.scoped(Effect.gen(function*() {
      const { endpoint } = yield* withEndpoint({
        generate: { seed: 27, associations: 1, executionsPerAssociation: 2 }
      })
      const client = clientFor(endpoint, { maxAttempts: 1 })
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const service = yield* AssociationExecutions.make({
        region: endpoint.region,
        endpoint: endpoint.url,
        credentials: endpoint.credentials
      }).pipe(Effect.provide(fetchHttpClientLayer))
      const input = {
        AssociationId: endpoint.model.associationIds[0] ?? "",
        ExecutionId: "00000000-0000-4000-8000-000000000000"
      }
      const bySdk = yield* Effect.flip(
        sdkCall(() => client.send(new DescribeAssociationExecutionTargetsCommand(input)))
      )
      assert.strictEqual(bySdk.name, "AssociationExecutionDoesNotExist")
      const byLibrary = yield* Effect.flip(service.describeTargets(input))
      assert.strictEqual(byLibrary._tag, bySdk.name)
      // Both clients asked once: the error is not retried.
      assert.deepStrictEqual(
        (yield* endpoint.model.requests).map((entry) => [entry.operation, entry.status, entry.code]),
        [
          ["DescribeAssociationExecutionTargets", 400, "AssociationExecutionDoesNotExist"],
          ["DescribeAssociationExecutionTargets", 400, "AssociationExecutionDoesNotExist"]
        ]
      )
    })))

  it.live("receives AssociationDoesNotExist, InvalidNextToken and ValidationException by name", () =>
    Effect.scoped(Effect.gen(function*() {
      const { endpoint } = yield* withEndpoint({
        generate: { seed: 24, associations: 1, executionsPerAssociation: 12 }
      })
      const client = clientFor(endpoint, { maxAttempts: 1 })
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const associationId = endpoint.model.associationIds[0] ?? ""
      const describe = (input: ConstructorParameters<typeof DescribeAssociationExecutionsCommand>[0]) =>
        sdkCall(() => client.send(new DescribeAssociationExecutionsCommand(input)))

      const missing = yield* Effect.flip(describe({ AssociationId: "11111111-2222-4333-8444-555555555555" }))
      assert.strictEqual(missing.name, "AssociationDoesNotExist")
      assert.strictEqual(missing.message, "Association 11111111-2222-4333-8444-555555555555 does not exist.")

      const first = yield* describe({ AssociationId: associationId, MaxResults: 5 })
      const token = first.NextToken ?? ""
      const tampered = `${token.slice(0, 4)}${token[4] === "A" ? "B" : "A"}${token.slice(5)}`
      const invalidToken = yield* Effect.flip(
        describe({ AssociationId: associationId, MaxResults: 5, NextToken: tampered })
      )
      assert.strictEqual(invalidToken.name, "InvalidNextToken")
      const reused = yield* Effect.flip(describe({ AssociationId: associationId, MaxResults: 6, NextToken: token }))
      assert.strictEqual(reused.name, "InvalidNextToken")

      const invalid = yield* Effect.flip(describe({ AssociationId: associationId, MaxResults: 100 }))
      assert.strictEqual(invalid.name, "ValidationException")
      assert.strictEqual(
        invalid.message,
        "1 validation error detected: Value '100' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"
      )
    })))

  it.live("signs requests the endpoint accepts, and a wrong secret is rejected", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: { seed: 25, associations: 1, executionsPerAssociation: 2 }
      })
      const associationId = endpoint.model.associationIds[0] ?? ""
      const accepted = yield* sdkCall(() =>
        client.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }))
      )
      assert.strictEqual(accepted.AssociationExecutions?.length, 2)
      const wrong = clientFor(endpoint, { secretAccessKey: "not-the-local-secret", maxAttempts: 1 })
      yield* Effect.addFinalizer(() => Effect.sync(() => wrong.destroy()))
      const rejected = yield* Effect.flip(
        sdkCall(() => wrong.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId })))
      )
      assert.strictEqual(rejected.name, "InvalidSignatureException")
    })))

  it.live("retries a scripted 500 on one page and still lists everything once", () =>
    Effect.scoped(Effect.gen(function*() {
      const { client, endpoint } = yield* withEndpoint({
        generate: {
          seed: 26,
          associations: 1,
          executionsPerAssociation: 15,
          faults: [{ page: 2, attempts: 1, answer: InMemorySsm.Fault.internalServerError() }]
        }
      })
      const associationId = endpoint.model.associationIds[0] ?? ""
      const pages = yield* collect(paginateDescribeAssociationExecutions({ client, pageSize: 5 }, {
        AssociationId: associationId
      }))
      assert.deepStrictEqual(
        pages.flatMap((page) => page.AssociationExecutions ?? []).map((execution) => execution.ExecutionId),
        endpoint.model.executions(associationId).map((execution) => execution.ExecutionId)
      )
      const log = yield* endpoint.model.requests
      assert.deepStrictEqual(log.map((entry) => [entry.page, entry.attempt, entry.status]), [
        [1, 1, 200],
        [2, 1, 500],
        [2, 2, 200],
        [3, 1, 200]
      ])
    })))
})
