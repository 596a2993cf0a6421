/**
 * Consumed as a lazy stream in a plain async script: filters, `take`, `for await`, and a
 * checkpoint to resume from. Nothing is fetched until the loop pulls, and stopping early fetches
 * nothing more.
 *
 *   npx tsx examples/stream-script.ts [association-id]
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { AssociationExecution } from "ssm-association-executions/DescribeAssociationExecutions"
import { main, target } from "./support/runExample.js"

/**
 * Prints the ten newest failed executions of the last 30 days, then lists the rest of the
 * association in two sittings, checkpointing between them as a long job would.
 */
export const script = async (
  layer: Layer.Layer<AssociationExecutions, unknown>,
  associationId: string,
  now: Date
) => {
  const runtime = ManagedRuntime.make(layer)
  try {
    const executions = await runtime.runPromise(AssociationExecutions)
    const thirtyDaysAgo = new Date(now.getTime() - 30 * 24 * 3_600_000)

    // 1. A filtered stream, consumed lazily: only the pages needed for ten items are requested.
    const recentFailures = executions.stream({
      AssociationId: associationId,
      Filters: [
        { Key: "Status", Value: "Failed", Type: "EQUAL" },
        { Key: "CreatedTime", Value: thirtyDaysAgo.toISOString(), Type: "GREATER_THAN" }
      ]
    }).pipe(Stream.take(10))
    const failures: Array<AssociationExecution> = []
    for await (const execution of Stream.toAsyncIterableRuntime(recentFailures, await runtime.runtime())) {
      failures.push(execution)
    }

    // 2. A long listing in two sittings: stop after 100 items, keep the resume token, continue later.
    const firstSitting = await runtime.runPromise(
      Stream.runCollect(executions.pages({ AssociationId: associationId }, { maxItems: 100 }))
    )
    const pages = [...firstSitting]
    const checkpoint = pages.at(-1)?.resumeToken // store it anywhere: it is a plain string
    const firstCount = pages.reduce((count, page) => count + page.items.length, 0)
    const rest = checkpoint === undefined ? 0 : await runtime.runPromise(
      Stream.runCount(executions.stream({ AssociationId: associationId }, { startingToken: checkpoint }))
    )
    return { failures, firstCount, restCount: rest, checkpoint }
  } finally {
    await runtime.dispose()
  }
}

/** What the script found, as printed. */
export const report = (result: Awaited<ReturnType<typeof script>>): string =>
  [
    `${result.failures.length} failed executions in the last 30 days (at most 10):`,
    ...result.failures.map((execution) =>
      `  ${execution.CreatedTime?.toISOString()}  ${execution.ExecutionId}  ${execution.Status}`
    ),
    `first sitting: ${result.firstCount} items; checkpoint ${result.checkpoint ?? "(none)"}`,
    `second sitting: ${result.restCount} items`
  ].join("\n")

if (import.meta.url === `file://${process.argv[1]}`) {
  main(
    Effect.scoped(Effect.gen(function*() {
      // The association given on the command line, on AWS when an account is configured.
      const chosen = yield* target(process.argv[2])
      console.error(`Listing from ${chosen.description}`)
      return yield* Effect.tryPromise({
        try: () => script(chosen.layer, chosen.associationId, new Date()),
        catch: (error) => error
      })
    })),
    report
  )
}
