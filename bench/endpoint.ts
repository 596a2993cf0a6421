/**
 * The local endpoint in its own process for the benchmark, so its CPU and memory are not counted
 * against any client. Tells the parent (over IPC) where it listens, and answers how many requests
 * it has served since the last reset.
 */
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as LocalEndpoint from "../src/LocalEndpoint.js"

/** What the endpoint process tells its parent. */
export type EndpointMessage =
  | {
    readonly type: "ready"
    readonly url: string
    readonly region: string
    readonly associationId: string
    readonly accessKeyId: string
    readonly secretAccessKey: string
  }
  | { readonly type: "requests"; readonly count: number }

/** What the parent asks: the request count, which also resets it. */
export type EndpointQuestion = { readonly type: "takeRequestCount" }

const executions = Number(process.argv[2] ?? "50000")

const tell = (message: EndpointMessage) => process.send?.(message)

const program = Effect.gen(function*() {
  const endpoint = yield* LocalEndpoint.make({
    generate: { seed: 1, associations: 1, executionsPerAssociation: executions }
  })
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
    associationId: endpoint.model.associationIds[0] ?? "",
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
