/**
 * Run, watch, explain, in an Effect application: start an association now, follow the execution
 * it created to its end (progress on stderr), and say why each target failed, from its Run
 * Command's exit code and stderr.
 *
 *   npx tsx examples/run-watch-explain.ts [association-id]
 */
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { ExecutionState, WatchOptions } from "ssm-association-executions/Watch"
import { main, runExample } from "./support/runExample.js"

/** Why one target failed, in a line. */
export interface Explanation {
  readonly resourceId: string
  readonly why: string
}

/** How the run ended, and why each target failed. */
export interface RunReport {
  readonly executionId: string
  readonly status: string
  readonly failed: ReadonlyArray<Explanation>
}

const progress = (state: ExecutionState) =>
  Console.error(
    `${state.Status} ${JSON.stringify(state.resourceCounts)}` +
      state.finishedTargets.map((target) => ` ${target.ResourceId}:${target.Status}`).join("")
  )

/** Starts the association, watches the new execution, explains its failures. */
export const runWatchExplain = (
  associationId: string,
  watchOptions: WatchOptions = { deadlineMillis: 15 * 60_000 }
) =>
  Effect.gen(function*() {
    const executions = yield* AssociationExecutions
    // StartAssociationsOnce returns no id: the new execution is the first created after now.
    const startedAt = new Date(yield* Clock.currentTimeMillis)
    yield* executions.startOnce({ AssociationIds: [associationId] })
    const final = yield* executions.watch({ AssociationId: associationId, createdAfter: startedAt }, watchOptions)
      .pipe(Stream.tap(progress), Stream.runLast)
    if (final._tag === "None") return yield* Effect.dieMessage("a watch ends with a terminal state")
    const failures = yield* executions.failures(associationId, {
      executionId: final.value.ExecutionId,
      output: true
    }).pipe(Stream.runCollect)
    const failed = Array.from(failures, ({ output, target }): Explanation => ({
      resourceId: target.ResourceId ?? "?",
      why: output?._tag === "Invocation"
        ? `exit ${output.invocation.ResponseCode}: ${output.invocation.StandardErrorContent?.trim().split("\n")[0]}`
        : output?._tag ?? "not asked"
    }))
    return { executionId: final.value.ExecutionId, status: final.value.Status, failed }
  })

/** The report as printed. */
export const report = (result: RunReport): string =>
  [
    `execution ${result.executionId}: ${result.status}`,
    ...result.failed.map((failure) => `  ${failure.resourceId}  ${failure.why}`)
  ].join("\n")

if (import.meta.url === `file://${process.argv[1]}`) {
  main(runExample((associationId) => runWatchExplain(associationId)), report)
}
