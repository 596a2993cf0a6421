/**
 * The Effect 4 line's item stream with default settings from a given layer, a count-only consumer:
 * the same pull as `bench/clients/pullWithModule.ts`, spelled for Effect 4 (a page is an array there).
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "../../src/effect4/AssociationExecutions.js"
import type { ConfigurationError } from "../../src/effect4/AssociationExecutionsError.js"
import { runClient, settings } from "../clients/harness.js"

/** Pulls with the Effect 4 line and prints the report. */
export const pullWithModule = <R>(
  kind: string,
  layer: Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError, R>,
  requirements: Layer.Layer<R>
): void =>
  runClient(kind, (count) =>
    Effect.gen(function*() {
      const service = yield* AssociationExecutions.AssociationExecutions
      const executions = service.stream({ AssociationId: settings.associationId }, {
        pageSize: settings.pageSize,
        ...(settings.maxItems === undefined ? {} : { maxItems: settings.maxItems })
      })
      // Counted a page at a time, as the Effect 3 client counts a chunk (a page) at a time.
      yield* Stream.runForEachArray(executions, (page) => Effect.sync(() => count(page.length)))
    }).pipe(
      Effect.provide(layer),
      Effect.provide(requirements),
      Effect.runPromise
    ))

/** The options every client passes: where, and as whom. */
export const options = {
  region: settings.region,
  endpoint: settings.endpointUrl,
  credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
}
