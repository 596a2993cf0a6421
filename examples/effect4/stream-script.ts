/**
 * The Effect 4 line in a plain async script: a filtered stream pulled lazily with `for await`, and
 * a checkpoint to resume from. Nothing is fetched until the loop pulls.
 */
import { type Layer, ManagedRuntime, Stream } from "effect"
import { AssociationExecutions } from "ssm-association-executions/effect4/AssociationExecutions"
import type { AssociationExecution } from "ssm-association-executions/effect4/DescribeAssociationExecutions"

export const script = async (layer: Layer.Layer<AssociationExecutions, unknown>, associationId: string) => {
  const runtime = ManagedRuntime.make(layer)
  try {
    const executions = await runtime.runPromise(AssociationExecutions)

    // 1. The ten newest failed executions: only the pages needed for ten items are requested.
    const recentFailures = executions.stream({
      AssociationId: associationId,
      Filters: [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
    }).pipe(Stream.take(10))
    const failures: Array<AssociationExecution> = []
    for await (const execution of Stream.toAsyncIterableWith(recentFailures, await runtime.context())) {
      failures.push(execution)
    }

    // 2. A long listing in two sittings: stop after 100 items, keep the resume token, continue later.
    const pages = await runtime.runPromise(
      Stream.runCollect(executions.pages({ AssociationId: associationId }, { maxItems: 100 }))
    )
    const checkpoint = pages.at(-1)?.resumeToken // store it anywhere: it is a plain string
    const rest = checkpoint === undefined ? 0 : await runtime.runPromise(
      Stream.runCount(executions.stream({ AssociationId: associationId }, { startingToken: checkpoint }))
    )
    return { failures, firstCount: pages.reduce((count, page) => count + page.items.length, 0), rest, checkpoint }
  } finally {
    await runtime.dispose()
  }
}
