/**
 * Run, watch, explain, from a plain async script: start, await the execution's final state as a
 * promise, then read each failure's command output with `for await`.
 *
 *   npx tsx examples/run-watch-explain-script.ts [association-id]
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { WatchOptions } from "ssm-association-executions/Watch"
import { main, target } from "./support/runExample.js"

/** Starts the association, awaits the run, and returns one line per failed target. */
export const runScript = async (
  layer: Layer.Layer<AssociationExecutions, unknown>,
  associationId: string,
  watchOptions: WatchOptions = { deadlineMillis: 15 * 60_000 }
) => {
  const runtime = ManagedRuntime.make(layer)
  try {
    const executions = await runtime.runPromise(AssociationExecutions)
    const startedAt = new Date()
    await runtime.runPromise(executions.startOnce({ AssociationIds: [associationId] }))
    const final = await runtime.runPromise(
      executions.awaitExecution({ AssociationId: associationId, createdAfter: startedAt }, watchOptions)
    )
    const lines: Array<string> = []
    const failures = executions.failures(associationId, { executionId: final.ExecutionId, output: true })
    for await (const { output, target } of Stream.toAsyncIterableRuntime(failures, await runtime.runtime())) {
      lines.push(
        output?._tag === "Invocation"
          ? `${target.ResourceId} exit ${output.invocation.ResponseCode} ${
            output.invocation.StandardErrorUrl || "(no S3)"
          }`
          : `${target.ResourceId} ${output?._tag ?? "-"}`
      )
    }
    return { executionId: final.ExecutionId, status: final.Status, lines }
  } finally {
    await runtime.dispose()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    Effect.scoped(Effect.gen(function*() {
      const chosen = yield* target(process.argv[2])
      console.error(`Running on ${chosen.description}`)
      return yield* Effect.tryPromise({
        try: () => runScript(chosen.layer, chosen.associationId),
        catch: (error) => error
      })
    })),
    (result) => [`execution ${result.executionId}: ${result.status}`, ...result.lines].join("\n")
  )
}
