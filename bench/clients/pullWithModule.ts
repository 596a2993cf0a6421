/** This module's item stream with default settings from a given layer, a count-only consumer. */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "../../src/AssociationExecutions.js"
import type { ConfigurationError } from "../../src/AssociationExecutionsError.js"
import { runClient, settings } from "./harness.js"

/** Pulls with this module and prints the report. */
export const pullWithModule = (
  kind: string,
  layer: (
    options: AssociationExecutions.Options
  ) => Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError>
): void =>
  runClient(kind, (count) =>
    Effect.gen(function*() {
      const service = yield* AssociationExecutions.AssociationExecutions
      const executions = service.stream({ AssociationId: settings.associationId }, {
        pageSize: settings.pageSize,
        ...(settings.maxItems === undefined ? {} : { maxItems: settings.maxItems })
      })
      // Counted a chunk (a page) at a time, as the SDK and floor clients count a page at a time.
      yield* Stream.runForEachChunk(executions, (chunk) => Effect.sync(() => count(chunk.length)))
    }).pipe(
      Effect.provide(layer({
        region: settings.region,
        endpoint: settings.endpointUrl,
        credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
      })),
      Effect.runPromise
    ))
