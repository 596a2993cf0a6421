/**
 * The local endpoint in its own process for the benchmark, so its CPU and memory are not counted
 * against any client. Tells the parent (over IPC) where it listens, and answers how many requests
 * it has served since the last reset.
 *
 * Two associations: the generated one whose executions are listed (seed 1), and one execution with
 * as many targets as there are executions, so DescribeAssociationExecutionTargets pages as often as
 * DescribeAssociationExecutions does (the generator gives only 1-6 targets per execution).
 */
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as InMemorySsm from "../src/InMemorySsm.js"
import * as LocalEndpoint from "../src/LocalEndpoint.js"

/** What the endpoint process tells its parent. */
export type EndpointMessage =
  | {
    readonly type: "ready"
    readonly url: string
    readonly region: string
    readonly associationId: string
    /** The association and execution whose targets are listed. */
    readonly targetsAssociationId: string
    readonly targetsExecutionId: string
    readonly accessKeyId: string
    readonly secretAccessKey: string
  }
  | { readonly type: "requests"; readonly count: number }

/** What the parent asks: the request count, which also resets it. */
export type EndpointQuestion = { readonly type: "takeRequestCount" }

const executions = Number(process.argv[2] ?? "50000")

const tell = (message: EndpointMessage) => process.send?.(message)

const targetsAssociationId = "5e1f0b7a-0c3d-4e2f-9a8b-7c6d5e4f3a2b"
const targetsExecutionId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

/** A generated association as data `InMemorySsm.make` takes. */
const asInput = (association: InMemorySsm.AssociationRecord): InMemorySsm.AssociationInput => ({
  AssociationId: association.AssociationId,
  executions: association.executions.map(({ AssociationId: _, ...execution }) => ({
    ...execution,
    targets: (association.targets.get(execution.ExecutionId) ?? []).map((
      { AssociationId: _association, ExecutionId: _execution, ...target }
    ) => target)
  }))
})

/** One execution that ran on `count` instances, as a large State Manager association does. */
const manyTargets = (count: number): InMemorySsm.AssociationInput => {
  const started = Date.parse("2025-06-01T11:00:00.000Z")
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0")
  return {
    AssociationId: targetsAssociationId,
    executions: [{
      AssociationVersion: "3",
      ExecutionId: targetsExecutionId,
      Status: "Failed",
      DetailedStatus: "Failed",
      CreatedTime: new Date(started),
      LastExecutionDate: new Date(started + 3_600_000),
      targets: Array.from({ length: count }, (_, index) => {
        const failed = index % 23 === 0
        return {
          ResourceId: `i-${hex(0x1f00000 + index * 7919, 17)}`,
          ResourceType: "ManagedInstance",
          Status: failed ? "Failed" : "Success",
          DetailedStatus: failed ? "Failed" : "Success",
          LastExecutionDate: new Date(started + 800 + (index * 37) % 3_500_000),
          OutputSource: {
            OutputSourceId: `${hex(index, 8)}-4f1c-4b2a-9d3e-${hex(index * 2654435761 % 2 ** 48, 12)}`,
            OutputSourceType: "RunCommand"
          }
        }
      })
    }]
  }
}

const program = Effect.gen(function*() {
  const generated = yield* InMemorySsm.generate({ seed: 1, associations: 1, executionsPerAssociation: executions })
  const model = yield* InMemorySsm.make({
    associations: [...generated.associations.map(asInput), manyTargets(executions)]
  })
  const endpoint = yield* LocalEndpoint.make({ model })
  const take = Effect.gen(function*() {
    const count = (yield* endpoint.model.requests).length
    yield* endpoint.model.clearRequests
    tell({ type: "requests", count })
  })
  process.on("message", () => Effect.runFork(take))
  tell({
    type: "ready",
    url: endpoint.url,
    region: endpoint.region,
    associationId: generated.associationIds[0] ?? "",
    targetsAssociationId,
    targetsExecutionId,
    accessKeyId: endpoint.credentials.accessKeyId,
    secretAccessKey: Redacted.value(endpoint.credentials.secretAccessKey)
  })
  yield* Effect.never
}).pipe(
  Effect.scoped,
  // One log line per request would cost the endpoint more than serving it.
  Logger.withMinimumLogLevel(LogLevel.None)
)

Effect.runFork(program)
process.on("disconnect", () => process.exit(0))
