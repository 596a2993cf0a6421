/**
 * The library pointed at the embedded local endpoint: no AWS account, the same HTTP and SigV4
 * path as against AWS. The endpoint's history ends now, so "the last 7 days" finds executions; it
 * logs each request at debug level only, so the program's stdout is its own.
 *
 *   npx tsx examples/local-endpoint.ts
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { AssociationExecutions, layer } from "ssm-association-executions/AssociationExecutions"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import { main } from "./support/runExample.js"

/** The executions of the last 7 days of the local endpoint's first association, newest first. */
export const lastWeek = Effect.gen(function*() {
  // A local SSM on 127.0.0.1 for the life of the scope; a fixed `now` in `generate` pins its dates.
  const endpoint = yield* LocalEndpoint.make({ generate: { seed: 7, executionsPerAssociation: 300 } })
  // Its URL, the region it serves, and the credentials it accepts (a fixed local test key).
  const local = layer({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.credentials
  }).pipe(Layer.provide(FetchHttpClient.layer))
  const associationId = endpoint.model.associationIds[0] ?? ""
  const weekAgo = new Date(Date.now() - 7 * 24 * 3_600_000).toISOString()
  const executions = yield* Effect.flatMap(AssociationExecutions, (service) =>
    Stream.runCollect(service.stream({
      AssociationId: associationId,
      Filters: [{ Key: "CreatedTime", Value: weekAgo, Type: "GREATER_THAN" }]
    }))).pipe(Effect.provide(local))
  return { endpoint, associationId, executions: Chunk.toReadonlyArray(executions) }
})

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    Effect.scoped(lastWeek),
    ({ associationId, executions }) =>
      `${associationId}: ${executions.length} executions in the last 7 days` +
      (executions[0]?.CreatedTime === undefined ? "" : `, the newest at ${executions[0].CreatedTime.toISOString()}`)
  )
}
