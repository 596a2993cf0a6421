import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as LocalEndpoint from "ssm-association-executions/effect4/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/effect4/NodeAssociationExecutions"
import { AssociationHealth, program } from "../../examples/effect4/effect-app.js"
import { script } from "../../examples/effect4/stream-script.js"

// The Effect 4 examples against the local endpoint, over loopback HTTP with SigV4, as a user's
// program would run them. Real time, so only outcomes are asserted.
const local = Effect.gen(function*() {
  const endpoint = yield* LocalEndpoint.make({ generate: { seed: 7, associations: 2, executionsPerAssociation: 300 } })
  const layer = NodeAssociationExecutions.layer({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.credentials
  })
  return { endpoint, layer, associationId: endpoint.model.associationIds[0] ?? "" }
})

describe("Effect 4 examples", () => {
  it.live("effect-app reports the association's executions by status", () =>
    Effect.gen(function*() {
      const target = yield* local
      const report = yield* program(target.associationId).pipe(
        Effect.provide(AssociationHealth.layer.pipe(Layer.provide(target.layer)))
      )
      const truth = target.endpoint.model.executions(target.associationId)
      assert.strictEqual(report.executions, truth.length)
      assert.strictEqual(report.byStatus["Failed"], truth.filter((execution) => execution.Status === "Failed").length)
    }).pipe(Effect.scoped))

  it.live("effect-app turns an unknown association into a message", () =>
    Effect.gen(function*() {
      const target = yield* local
      const error = yield* Effect.flip(
        program("00000000-0000-4000-8000-000000000000").pipe(
          Effect.provide(AssociationHealth.layer.pipe(Layer.provide(target.layer)))
        )
      )
      assert.include(error, "No association 00000000-0000-4000-8000-000000000000")
    }).pipe(Effect.scoped))

  it.live("stream-script takes ten failures lazily and resumes a listing exactly from its checkpoint", () =>
    Effect.gen(function*() {
      const target = yield* local
      const result = yield* Effect.promise(() => script(target.layer, target.associationId))
      const truth = target.endpoint.model.executions(target.associationId)
      const failed = truth.filter((execution) => execution.Status === "Failed").slice(0, 10)
      assert.deepStrictEqual(
        result.failures.map((execution) => execution.ExecutionId),
        failed.map((e) => e.ExecutionId)
      )
      assert.strictEqual(result.firstCount, 100)
      assert.strictEqual(result.firstCount + result.rest, truth.length)
    }).pipe(Effect.scoped))
})
