/**
 * The local endpoint in its own process for the benchmark, so its CPU and memory are not counted
 * against any client. Tells the parent (over IPC) where it listens, and answers how many requests
 * it has served since the last reset.
 *
 * Three associations, all generated on demand (the model makes each page's items when asked, so
 * none is held): the one whose executions are listed (seed 1, `argv[2]` executions); one of a
 * million (`argv[3]`), for the memory runs; and one execution that ran on as many targets as the
 * first association has executions, so DescribeAssociationExecutionTargets pages as often as
 * DescribeAssociationExecutions does (the generator gives only 1-6 targets per execution otherwise).
 */
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import { generateAssociation } from "../src/internal/inMemory/dataset.js"
import * as Model from "../src/internal/inMemory/model.js"
import * as LocalEndpoint from "../src/LocalEndpoint.js"

/** What the endpoint process tells its parent. */
export type EndpointMessage =
  | {
    readonly type: "ready"
    readonly url: string
    readonly region: string
    readonly associationId: string
    /** The association of a million executions (or `argv[3]`), for the memory runs. */
    readonly millionAssociationId: string
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
const millionExecutions = Number(process.argv[3] ?? "1000000")

const tell = (message: EndpointMessage) => process.send?.(message)

/**
 * One execution that ran on `count` instances and failed on some, as a large State Manager
 * association does: the first generated one that failed, so its targets carry dates and output.
 */
const fleet = (count: number) => {
  for (let index = 0;; index++) {
    const association = generateAssociation({ seed: "fleet", index, executions: 1, targetsPerExecution: count })
    const execution = association.executions.at(0)
    if (execution?.Status === "Failed") return { association, execution }
  }
}

const program = Effect.gen(function*() {
  const listed = generateAssociation({ seed: 1, index: 0, executions })
  const million = generateAssociation({ seed: 1, index: 1, executions: millionExecutions })
  const targets = fleet(executions)
  const model = yield* Model.make([listed, million, targets.association], {})
  const endpoint = yield* LocalEndpoint.make({ model })
  const take = Effect.gen(function*() {
    // The log keeps only the most recent requests; the count covers them all.
    const count = yield* endpoint.model.requestCount
    yield* endpoint.model.clearRequests
    tell({ type: "requests", count })
  })
  process.on("message", () => Effect.runFork(take))
  tell({
    type: "ready",
    url: endpoint.url,
    region: endpoint.region,
    associationId: listed.AssociationId,
    millionAssociationId: million.AssociationId,
    targetsAssociationId: targets.association.AssociationId,
    targetsExecutionId: targets.execution.ExecutionId,
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
