/**
 * Drill down: from an association to what failed, where. In an Effect application, `failures`
 * groups the failed targets of the failed executions by resource; in a plain script, `targets`
 * streams one execution's resources with `for await` (its test runs it; it needs an execution id).
 *
 *   npx tsx examples/drill-down.ts [association-id]
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { Failure } from "ssm-association-executions/Pagination"
import { main, runExample } from "./support/runExample.js"

/** Where an association failed in the last `days` days: failed targets per resource, and where to read why. */
export interface FailureReport {
  readonly failedTargets: number
  readonly byResource: Readonly<Record<string, number>>
  /** The output source (a Run Command id) of the newest failure of each resource. */
  readonly newestOutput: Readonly<Record<string, string>>
}

/** In an Effect application: one stream of what failed, where, folded into a report. */
export const failureReport = (associationId: string, days = 30) =>
  Effect.gen(function*() {
    const executions = yield* AssociationExecutions
    const since = new Date(Date.now() - days * 24 * 3_600_000)
    return yield* executions.failures(associationId, { createdAfter: since }).pipe(
      Stream.runFold<FailureReport, Failure>(
        { failedTargets: 0, byResource: {}, newestOutput: {} },
        (report, { target }) => {
          const resource = target.ResourceId ?? "unknown"
          return {
            failedTargets: report.failedTargets + 1,
            byResource: { ...report.byResource, [resource]: (report.byResource[resource] ?? 0) + 1 },
            newestOutput: {
              [resource]: target.OutputSource?.OutputSourceId ?? "",
              ...report.newestOutput
            }
          }
        }
      )
    )
  })

/** In a plain script: the resources one execution ran on, lazily, with `for await`. */
export const targetsOf = async (
  layer: Layer.Layer<AssociationExecutions, unknown>,
  associationId: string,
  executionId: string
) => {
  const runtime = ManagedRuntime.make(layer)
  try {
    const executions = await runtime.runPromise(AssociationExecutions)
    const lines: Array<string> = []
    const targets = executions.targets({ AssociationId: associationId, ExecutionId: executionId }, { pageSize: 50 })
    for await (const target of Stream.toAsyncIterableRuntime(targets, await runtime.runtime())) {
      lines.push(`${target.ResourceId}  ${target.Status}  ${target.OutputSource?.OutputSourceId ?? "-"}`)
    }
    return lines
  } finally {
    await runtime.dispose()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    runExample((associationId) => failureReport(associationId)),
    (report) => `${report.failedTargets} failed targets in the last 30 days: ${JSON.stringify(report.byResource)}`
  )
}
