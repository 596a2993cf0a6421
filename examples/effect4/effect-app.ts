/**
 * The Effect 4 line in an application: an app-level service built on `AssociationExecutions`,
 * the layer wired once from the environment (or a profile), typed errors handled by tag.
 */
import { Context, Effect, Layer, Stream } from "effect"
import { AssociationExecutions } from "ssm-association-executions/effect4/AssociationExecutions"
import type { AssociationExecution } from "ssm-association-executions/effect4/DescribeAssociationExecutions"
import * as NodeAssociationExecutions from "ssm-association-executions/effect4/NodeAssociationExecutions"

/** What the application wants to know: how an association's executions ended, by status. */
export interface HealthReport {
  readonly associationId: string
  readonly executions: number
  readonly byStatus: Readonly<Record<string, number>>
}

/** An application service: it depends on `AssociationExecutions`, never on HTTP or credentials. */
export class AssociationHealth extends Context.Service<AssociationHealth, {
  readonly report: (associationId: string) => Effect.Effect<HealthReport, string>
}>()("example/AssociationHealth") {
  static readonly layer = Layer.effect(
    AssociationHealth,
    Effect.gen(function*() {
      const executions = yield* AssociationExecutions
      const report = (associationId: string) =>
        executions.stream({ AssociationId: associationId }, { pageSize: 50 }).pipe(
          Stream.runFold(
            (): HealthReport => ({ associationId, executions: 0, byStatus: {} }),
            (report, execution: AssociationExecution) => {
              const status = execution.Status ?? "Unknown"
              return {
                ...report,
                executions: report.executions + 1,
                byStatus: { ...report.byStatus, [status]: (report.byStatus[status] ?? 0) + 1 }
              }
            }
          ),
          // A stream fails with a PaginationError; its `error` is the typed cause, its `resume` the place to continue.
          Effect.catchTag("PaginationError", (failure) =>
            failure.error._tag === "AssociationDoesNotExist"
              ? Effect.fail(`No association ${associationId} in this account and region`)
              : Effect.fail(`Listing stopped: ${failure.message}`)),
          Effect.withSpan("AssociationHealth.report")
        )
      return AssociationHealth.of({ report })
    })
  )
}

/** The application's layers: the service over the Node layer (environment, then `~/.aws`). */
export const AppLayer = AssociationHealth.layer.pipe(Layer.provide(NodeAssociationExecutions.layerConfig()))

export const program = (associationId: string) =>
  Effect.gen(function*() {
    const health = yield* AssociationHealth
    return yield* health.report(associationId)
  })
