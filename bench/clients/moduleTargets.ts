/**
 * Benchmark client: DescribeAssociationExecutionTargets paged through this module on Node
 * (`NodeAssociationExecutions.layer`), one execution's targets, a count-only consumer.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "../../src/AssociationExecutions.js"
import * as NodeAssociationExecutions from "../../src/NodeAssociationExecutions.js"
import { runClient, settings } from "./harness.js"

runClient("module-targets", (count) =>
  Effect.gen(function*() {
    const service = yield* AssociationExecutions.AssociationExecutions
    const targets = service.targets(
      { AssociationId: settings.targetsAssociationId, ExecutionId: settings.targetsExecutionId },
      { pageSize: settings.pageSize }
    )
    // A chunk (a page) at a time, as the executions clients count.
    yield* Stream.runForEachChunk(targets, (chunk) => Effect.sync(() => count(chunk.length)))
  }).pipe(
    Effect.provide(NodeAssociationExecutions.layer({
      region: settings.region,
      endpoint: settings.endpointUrl,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
    })),
    Effect.runPromise
  ))
