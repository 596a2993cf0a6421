/**
 * Composed into an Effect application: an app-level service built on `AssociationExecutions`,
 * layers wired once, configuration from the environment (or a profile), typed errors handled by tag.
 *
 *   npx tsx examples/effect-app.ts [association-id]
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { AssociationExecution } from "ssm-association-executions/DescribeAssociationExecutions"
import { main, runExample } from "./support/runExample.js"

/** What the application wants to know: how an association's executions ended, by status. */
export interface HealthReport {
  readonly associationId: string
  readonly executions: number
  readonly byStatus: Readonly<Record<string, number>>
  readonly latestFailure: Date | undefined
}

/** An application service: it depends on `AssociationExecutions`, never on HTTP or credentials. */
export class AssociationHealth extends Effect.Service<AssociationHealth>()("example/AssociationHealth", {
  effect: Effect.gen(function*() {
    const executions = yield* AssociationExecutions
    const report = (associationId: string) =>
      executions.stream({ AssociationId: associationId }, { pageSize: 50 }).pipe(
        Stream.runFold<HealthReport, AssociationExecution>(
          { associationId, executions: 0, byStatus: {}, latestFailure: undefined },
          (report, execution) => {
            const status = execution.Status ?? "Unknown"
            const failedAt = status === "Failed" ? execution.CreatedTime : undefined
            return {
              ...report,
              executions: report.executions + 1,
              byStatus: { ...report.byStatus, [status]: (report.byStatus[status] ?? 0) + 1 },
              latestFailure: report.latestFailure ?? failedAt
            }
          }
        ),
        Effect.withSpan("AssociationHealth.report")
      )
    return { report } as const
  })
}) {}

/** The application: one report, with the failures a user can act on turned into messages. */
export const program = (associationId: string) =>
  Effect.gen(function*() {
    const health = yield* AssociationHealth
    return yield* health.report(associationId)
  }).pipe(
    // A stream fails with a PaginationError; its `error` is the typed cause, its `resume` the place to continue.
    Effect.catchTag("PaginationError", (failure) =>
      failure.error._tag === "AssociationDoesNotExist"
        ? Effect.fail(`No association ${associationId} in this account and region`)
        : Effect.fail(`Listing stopped: ${failure.message}`)),
    Effect.provide(AssociationHealth.Default)
  )

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    runExample(program),
    (report) =>
      `${report.associationId}: ${report.executions} executions ${JSON.stringify(report.byStatus)}` +
      (report.latestFailure === undefined ? "" : `, latest failure ${report.latestFailure.toISOString()}`)
  )
}
