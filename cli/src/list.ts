/**
 * The `list` command: streams the executions of one or more associations through one service (so
 * they share its rate limiter and retry quota), prints each page as it arrives, and says on stderr
 * how to continue whenever the output stops before the end.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { PaginationError } from "ssm-association-executions/AssociationExecutionsError"
import type { AssociationExecutionFilter } from "ssm-association-executions/DescribeAssociationExecutions"
import type { Page } from "ssm-association-executions/Pagination"
import { continueFlags, exitCodeOf, Exited, failureLine, UsageError } from "./exitCodes.js"
import * as Format from "./format.js"
import { CliOutput } from "./output.js"
import * as Progress from "./progress.js"
import { parseDeadlineMillis, resolveTimeBound } from "./time.js"

/** What `list` was asked for, as typed on the command line. */
export interface ListArguments {
  readonly associationIds: ReadonlyArray<string>
  readonly status?: string | undefined
  readonly executionId?: string | undefined
  /** ISO-8601 or relative (`7d`). */
  readonly createdAfter?: string | undefined
  readonly createdBefore?: string | undefined
  readonly maxItems?: number | undefined
  readonly pageSize?: number | undefined
  readonly startingToken?: string | undefined
  /** A deadline for each association's whole listing, as a duration (`10m`). @default none */
  readonly deadline?: string | undefined
  /** Associations listed at the same time. @default all */
  readonly concurrency?: number | undefined
  /** @default `table` when stdout is a terminal, `ndjson` otherwise */
  readonly format?: Format.Format | undefined
  /** No progress line and no summary. */
  readonly quiet?: boolean | undefined
}

const usage = (message: string) => Effect.fail(new UsageError({ message }))

const timeFilter = (flag: string, text: string | undefined, type: "GREATER_THAN" | "LESS_THAN") =>
  text === undefined ? Effect.succeed([]) : Effect.flatMap(resolveTimeBound(text), (bound) =>
    Either.match(bound, {
      onLeft: (reason) => usage(`--${flag}: ${reason}`),
      onRight: (Value): Effect.Effect<ReadonlyArray<AssociationExecutionFilter>> =>
        Effect.succeed([{ Key: "CreatedTime", Value, Type: type }])
    }))

/** The AWS filters for the filter options; relative times are resolved against Effect's `Clock`. */
export const filtersOf = (args: ListArguments): Effect.Effect<ReadonlyArray<AssociationExecutionFilter>, UsageError> =>
  Effect.map(
    Effect.all([
      timeFilter("created-after", args.createdAfter, "GREATER_THAN"),
      timeFilter("created-before", args.createdBefore, "LESS_THAN")
    ]),
    ([after, before]): ReadonlyArray<AssociationExecutionFilter> => [
      ...(args.status === undefined ? [] : [{ Key: "Status", Value: args.status, Type: "EQUAL" } as const]),
      ...(args.executionId === undefined
        ? []
        : [{ Key: "ExecutionId", Value: args.executionId, Type: "EQUAL" } as const]),
      ...after,
      ...before
    ]
  )

/**
 * Checks what the option parser cannot: combinations, ranges and times. `local` allows no
 * association id (the local endpoint's first is used then).
 */
export const checkArguments = (
  args: ListArguments,
  options: { readonly local?: boolean | undefined } = {}
): Effect.Effect<void, UsageError> => {
  if (args.associationIds.length === 0 && options.local !== true) {
    return usage("Give --association-id ID (repeat it to list several), or --local to try the embedded endpoint")
  }
  if (args.startingToken !== undefined && new Set(args.associationIds).size > 1) {
    return usage("--starting-token continues one association: give a single --association-id with it")
  }
  if (args.maxItems !== undefined && args.maxItems < 1) return usage("--max-items must be 1 or more")
  if (args.pageSize !== undefined && (args.pageSize < 1 || args.pageSize > 50)) {
    return usage("--page-size must be from 1 to 50 (SSM's limit)")
  }
  if (args.concurrency !== undefined && args.concurrency < 1) return usage("--concurrency must be 1 or more")
  const deadline = deadlineMillisOf(args)
  if (Either.isLeft(deadline)) return usage(`--deadline: ${deadline.left}`)
  return Effect.asVoid(filtersOf(args))
}

const deadlineMillisOf = (args: ListArguments): Either.Either<number | undefined, string> =>
  args.deadline === undefined ? Either.right(undefined) : parseDeadlineMillis(args.deadline)

/** Where one association's listing stands. */
interface Entry {
  readonly associationId: string
  readonly started: boolean
  readonly finished: boolean
  /** After the last page printed: where to continue, `undefined` when nothing follows. */
  readonly resumeToken: string | undefined
  readonly failure: PaginationError | undefined
}

/**
 * Lists the executions of every association in `args`, printing as pages arrive. Fails with
 * `Exited` (after printing why) when an association could not be listed to the end, and with
 * `UsageError` for arguments that cannot work. A closed stdout ends the listing quietly.
 */
export const list = (
  args: ListArguments
): Effect.Effect<void, UsageError | Exited, AssociationExecutions.AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    yield* checkArguments(args)
    const filters = yield* filtersOf(args)
    const deadlineMillis = Either.getOrUndefined(deadlineMillisOf(args))
    const output = yield* CliOutput
    const service = yield* AssociationExecutions.AssociationExecutions
    const associationIds = [...new Set(args.associationIds)]
    const several = associationIds.length > 1
    const formatter = Format.formatter(
      args.format ?? (output.stdoutIsTerminal ? "table" : "ndjson"),
      { showAssociationId: several }
    )
    const quiet = args.quiet === true
    const startedAt = yield* Clock.currentTimeMillis
    const countsBefore = yield* Progress.requestCounts
    const stats = yield* Ref.make(Progress.emptyStats)
    const entries = yield* Ref.make<ReadonlyArray<Entry>>(associationIds.map((associationId) => ({
      associationId,
      started: false,
      finished: false,
      resumeToken: args.startingToken,
      failure: undefined
    })))
    const updateEntry = (index: number, change: Partial<Entry>) =>
      Ref.update(entries, (all) => all.map((entry, at) => at === index ? { ...entry, ...change } : entry))
    const writeLock = yield* Effect.makeSemaphore(1)

    const render = Effect.all([Ref.get(stats), Progress.requestCounts, Progress.elapsedSince(startedAt)]).pipe(
      Effect.map(([current, counts, elapsed]) =>
        Progress.progressLine(current, Progress.countsSince(countsBefore, counts), elapsed)
      )
    )

    const printAll = Effect.scoped(Effect.gen(function*() {
      const progress = output.stderrIsTerminal && !quiet ? yield* Progress.start(render) : Progress.silent
      // One page at a time, so pages of several associations never interleave mid-page. Writing a
      // page and recording its resume token are one step: a Ctrl-C between the two would print a
      // token that repeats the page.
      const writePage = (index: number, page: Page) =>
        writeLock.withPermits(1)(Effect.uninterruptible(Effect.gen(function*() {
          const before = yield* Ref.get(stats)
          yield* progress.printing(output.write(formatter.rows(page.items.map(Format.toRecord), before.items)))
          yield* Ref.set(stats, Progress.addPage(before, page.items))
          yield* updateEntry(index, { started: true, resumeToken: page.resumeToken })
        })))
      const listOne = (associationId: string, index: number) =>
        service.pages(
          { AssociationId: associationId, ...(filters.length === 0 ? {} : { Filters: filters }) },
          { pageSize: args.pageSize, maxItems: args.maxItems, startingToken: args.startingToken, deadlineMillis }
        ).pipe(
          Stream.runForEach((page) => writePage(index, page)),
          Effect.zipRight(updateEntry(index, { finished: true })),
          Effect.catchTag("PaginationError", (failure) => updateEntry(index, { finished: true, failure }))
        )
      yield* progress.printing(output.write(formatter.header))
      yield* Effect.forEach(associationIds, listOne, {
        concurrency: args.concurrency ?? associationIds.length,
        discard: true
      })
      const written = (yield* Ref.get(stats)).items
      yield* progress.printing(output.write(formatter.footer(written)))
    }))

    const interrupted = Effect.gen(function*() {
      for (const entry of yield* Ref.get(entries)) {
        if (entry.finished) continue
        const how = entry.resumeToken === undefined
          ? several ? `--association-id ${entry.associationId}` : "the same command"
          : continueFlags(entry.resumeToken, entry.associationId, several)
        yield* output.writeError(`Interrupted${several ? ` (${entry.associationId})` : ""}; continue with: ${how}\n`)
      }
    })

    const closed = yield* printAll.pipe(
      Effect.as(false),
      Effect.catchTag("StdoutClosed", () => Effect.succeed(true)),
      Effect.onInterrupt(() => interrupted)
    )
    // The reader went away (`| head`): that is how a pipeline says it has enough, not an error.
    if (closed) return

    const final = yield* Ref.get(entries)
    const failed = final.some((entry) => entry.failure !== undefined)
    const listed = yield* Ref.get(stats)
    // A summary of nothing says nothing when the failure line below explains why.
    if (!quiet && (listed.pages > 0 || !failed)) {
      const counts = Progress.countsSince(countsBefore, yield* Progress.requestCounts)
      const elapsed = yield* Progress.elapsedSince(startedAt)
      yield* output.writeError(Progress.summary(listed, counts, elapsed, associationIds.length))
    }
    for (const entry of final) {
      if (entry.failure !== undefined || entry.resumeToken === undefined) continue
      yield* output.writeError(
        `More executions follow${several ? ` for ${entry.associationId}` : ""}; continue with: ${
          continueFlags(entry.resumeToken, entry.associationId, several)
        }\n`
      )
    }
    const failures = final.flatMap((entry) =>
      entry.failure === undefined ? [] : [{ associationId: entry.associationId, failure: entry.failure }]
    )
    for (const { associationId, failure } of failures) {
      yield* output.writeError(`${failureLine(failure.error, { associationId, resume: failure.resume, several })}\n`)
    }
    const [first] = failures
    if (first !== undefined) return yield* new Exited({ code: exitCodeOf(first.failure.error) })
  })
