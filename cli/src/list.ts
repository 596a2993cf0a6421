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
import type { PaginationError, ResumePoint } from "ssm-association-executions/AssociationExecutionsError"
import type {
  AssociationExecution,
  AssociationExecutionFilter
} from "ssm-association-executions/DescribeAssociationExecutions"
import { emptyWindow, normalizeStatus, parseCliInputJson, parseFilterArguments } from "./awsInput.js"
import { continueFlags, exitCodeOf, Exited, failureLine, UsageError } from "./exitCodes.js"
import * as Format from "./format.js"
import { CliOutput } from "./output.js"
import * as Progress from "./progress.js"
import { applyQuery, checkQuery } from "./query.js"
import { parseDeadlineMillis, resolveTimeBound } from "./time.js"

/** What `list` was asked for, as typed on the command line. */
export interface ListArguments {
  readonly associationIds: ReadonlyArray<string>
  /** `--filters` values: aws-cli shorthand or JSON. */
  readonly filters?: ReadonlyArray<string> | undefined
  /** aws-cli's request skeleton, inline JSON or `file://`. */
  readonly cliInputJson?: string | undefined
  /** A JMESPath expression over the output document. */
  readonly query?: string | undefined
  /** One request, its page. */
  readonly noPaginate?: boolean | undefined
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

const fromEither = <A>(either: Either.Either<A, string>): Effect.Effect<A, UsageError> =>
  Either.match(either, { onLeft: usage, onRight: Effect.succeed })

const timeFilter = (flag: string, text: string | undefined, type: "GREATER_THAN" | "LESS_THAN") =>
  text === undefined ? Effect.succeed([]) : Effect.flatMap(resolveTimeBound(text), (bound) =>
    Either.match(bound, {
      onLeft: (reason) => usage(`--${flag}: ${reason}`),
      onRight: (Value): Effect.Effect<ReadonlyArray<AssociationExecutionFilter>> =>
        Effect.succeed([{ Key: "CreatedTime", Value, Type: type }])
    }))

/** What to list, from the flags and `--cli-input-json` together: flags on the command line win. */
export interface ListRequest {
  readonly associationIds: ReadonlyArray<string>
  readonly filters: ReadonlyArray<AssociationExecutionFilter>
  readonly pageSize: number | undefined
  readonly startingToken: string | undefined
}

/**
 * The request `args` describe: `--cli-input-json` first, the aws-cli flags over it, then the
 * shortcut filters added; relative times are resolved against Effect's `Clock`.
 */
export const requestOf = (args: ListArguments): Effect.Effect<ListRequest, UsageError> =>
  Effect.gen(function*() {
    const input = args.cliInputJson === undefined ? {} : yield* fromEither(parseCliInputJson(args.cliInputJson))
    const given = args.filters !== undefined && args.filters.length > 0
      ? yield* fromEither(parseFilterArguments(args.filters))
      : input.Filters ?? []
    const status = args.status === undefined
      ? []
      : [
        {
          Key: "Status",
          Value: yield* fromEither(Either.mapLeft(normalizeStatus(args.status), (reason) => `--status: ${reason}`)),
          Type: "EQUAL"
        } as const
      ]
    const execution = args.executionId === undefined
      ? []
      : [{ Key: "ExecutionId", Value: args.executionId, Type: "EQUAL" } as const]
    const after = yield* timeFilter("created-after", args.createdAfter, "GREATER_THAN")
    const before = yield* timeFilter("created-before", args.createdBefore, "LESS_THAN")
    const filters: ReadonlyArray<AssociationExecutionFilter> = [...given, ...status, ...execution, ...after, ...before]
    const empty = emptyWindow(filters)
    if (empty !== undefined) return yield* usage(empty)
    return {
      associationIds: args.associationIds.length > 0
        ? args.associationIds
        : input.AssociationId === undefined
        ? []
        : [input.AssociationId],
      filters,
      pageSize: args.pageSize ?? input.MaxResults,
      startingToken: args.startingToken ?? input.NextToken
    }
  })

/** The AWS filters for the filter options; relative times are resolved against Effect's `Clock`. */
export const filtersOf = (args: ListArguments): Effect.Effect<ReadonlyArray<AssociationExecutionFilter>, UsageError> =>
  Effect.map(requestOf(args), (request) => request.filters)

/**
 * Checks what the option parser cannot: combinations, ranges, filters, times and the query.
 * `local` allows no association id (the local endpoint's first is used then).
 */
export const checkArguments = (
  args: ListArguments,
  options: { readonly local?: boolean | undefined } = {}
): Effect.Effect<void, UsageError> =>
  Effect.gen(function*() {
    const request = yield* requestOf(args)
    if (request.associationIds.length === 0 && options.local !== true) {
      return yield* usage(
        "Give --association-id ID (repeat it to list several), or --local to try the embedded endpoint"
      )
    }
    if (request.startingToken !== undefined && new Set(request.associationIds).size > 1) {
      return yield* usage("--starting-token continues one association: give a single --association-id with it")
    }
    if (args.maxItems !== undefined && args.maxItems < 1) return yield* usage("--max-items must be 1 or more")
    if (request.pageSize !== undefined && (request.pageSize < 1 || request.pageSize > 50)) {
      return yield* usage("--page-size must be from 1 to 50 (SSM's limit)")
    }
    if (args.noPaginate === true && args.maxItems !== undefined) {
      return yield* usage("--max-items counts across pages; with --no-paginate use --page-size")
    }
    if (args.concurrency !== undefined && args.concurrency < 1) return yield* usage("--concurrency must be 1 or more")
    const deadline = deadlineMillisOf(args)
    if (Either.isLeft(deadline)) return yield* usage(`--deadline: ${deadline.left}`)
    if (args.query !== undefined) yield* fromEither(checkQuery(args.query))
  })

const deadlineMillisOf = (args: ListArguments): Either.Either<number | undefined, string> =>
  args.deadline === undefined ? Either.right(undefined) : parseDeadlineMillis(args.deadline)

/** Why one association's listing ended early: the error, and where to continue. */
interface Failure {
  readonly error: PaginationError["error"]
  readonly resume: ResumePoint | undefined
}

/** Where one association's listing stands. */
interface Entry {
  readonly associationId: string
  readonly started: boolean
  readonly finished: boolean
  /** After the last page printed: where to continue, `undefined` when nothing follows. */
  readonly resumeToken: string | undefined
  readonly failure: Failure | undefined
}

/** A page as printed: its executions and where to continue after it. */
interface PrintedPage {
  readonly items: ReadonlyArray<AssociationExecution>
  readonly resumeToken: string | undefined
}

/** Where the one association's listing continues, for the document's NextToken. */
const nextTokenOf = (entries: ReadonlyArray<Entry>): string | undefined => {
  const [only, ...others] = entries
  if (only === undefined || others.length > 0) return undefined
  return only.failure === undefined ? only.resumeToken : only.failure.resume?.startingToken ?? only.resumeToken
}

/**
 * What `list` writes to stdout: a format written page by page, or, with `--query`, the records
 * kept until the end and the query's result printed then.
 */
interface Sink {
  readonly header: string
  readonly rows: (records: ReadonlyArray<Format.FlatExecution>, alreadyWritten: number) => string
  /** The end, with the NextToken when the listing stopped early; fails when the query cannot apply. */
  readonly end: (written: number, nextToken: string | undefined) => Either.Either<string, string>
}

const sinkOf = (format: Format.Format, query: string | undefined, options: Format.FormatOptions): Sink => {
  if (query === undefined) {
    const formatter = Format.formatter(format, options)
    return {
      header: formatter.header,
      rows: formatter.rows,
      end: (written, token) => Either.right(formatter.footer(written, token))
    }
  }
  const kept: Array<Format.FlatExecution> = []
  return {
    header: "",
    rows: (records) => {
      kept.push(...records)
      return ""
    },
    end: (_written, token) =>
      Either.map(
        applyQuery(Format.outputDocument(kept, token), query),
        (value) => Format.formatValue(value, format, options)
      )
  }
}

/** Where each association's listing can continue, when it stopped before the end (e.g. `--max-items`). */
export type ListResult = ReadonlyArray<{ readonly associationId: string; readonly startingToken: string }>

/**
 * Lists the executions of every association in `args`, printing as pages arrive. Fails with
 * `Exited` (after printing why) when an association could not be listed to the end, and with
 * `UsageError` for arguments that cannot work. A closed stdout ends the listing quietly. However
 * the listing ends (done, a failure, Ctrl-C or SIGTERM), the output ends whole: a json or yaml
 * document is closed, with the NextToken to continue from.
 */
export const list = (
  args: ListArguments
): Effect.Effect<ListResult, UsageError | Exited, AssociationExecutions.AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    yield* checkArguments(args)
    const request = yield* requestOf(args)
    const { filters } = request
    const deadlineMillis = Either.getOrUndefined(deadlineMillisOf(args))
    const output = yield* CliOutput
    const service = yield* AssociationExecutions.AssociationExecutions
    const associationIds = [...new Set(request.associationIds)]
    const several = associationIds.length > 1
    const sink = sinkOf(
      args.format ?? (output.stdoutIsTerminal ? "table" : "ndjson"),
      args.query,
      { showAssociationId: several, width: output.stdoutColumns }
    )
    const quiet = args.quiet === true
    const startedAt = yield* Clock.currentTimeMillis
    const countsBefore = yield* Progress.requestCounts
    const stats = yield* Ref.make(Progress.emptyStats)
    const entries = yield* Ref.make<ReadonlyArray<Entry>>(associationIds.map((associationId) => ({
      associationId,
      started: false,
      finished: false,
      resumeToken: request.startingToken,
      failure: undefined
    })))
    const updateEntry = (index: number, change: Partial<Entry>) =>
      Ref.update(entries, (all) => all.map((entry, at) => at === index ? { ...entry, ...change } : entry))
    const writeLock = yield* Effect.makeSemaphore(1)
    const headerWritten = yield* Ref.make(false)

    const render = Effect.all([Ref.get(stats), Progress.requestCounts, Progress.elapsedSince(startedAt)]).pipe(
      Effect.map(([current, counts, elapsed]) =>
        Progress.progressLine(current, Progress.countsSince(countsBefore, counts), elapsed)
      )
    )

    // The end of the output, written once, after the last page or when the listing is cut short.
    const writeEnd = Effect.gen(function*() {
      if (!(yield* Ref.get(headerWritten))) return
      yield* Ref.set(headerWritten, false)
      const ending = sink.end((yield* Ref.get(stats)).items, nextTokenOf(yield* Ref.get(entries)))
      if (Either.isLeft(ending)) return yield* new UsageError({ message: ending.left })
      yield* output.write(ending.right)
    })

    const printAll = Effect.scoped(Effect.gen(function*() {
      const progress = output.stderrIsTerminal && !quiet ? yield* Progress.start(render) : Progress.silent
      // One page at a time, so pages of several associations never interleave mid-page. Writing a
      // page and recording its resume token are one step: a Ctrl-C between the two would print a
      // token that repeats the page.
      const writePage = (index: number, page: PrintedPage) =>
        writeLock.withPermits(1)(Effect.uninterruptible(Effect.gen(function*() {
          const before = yield* Ref.get(stats)
          yield* progress.printing(output.write(sink.rows(page.items.map(Format.toRecord), before.items)))
          yield* Ref.set(stats, Progress.addPage(before, page.items))
          yield* updateEntry(index, { started: true, resumeToken: page.resumeToken })
        })))
      const input = (associationId: string) => ({
        AssociationId: associationId,
        ...(filters.length === 0 ? {} : { Filters: filters })
      })
      const listOne = (associationId: string, index: number) =>
        service.pages(
          input(associationId),
          { pageSize: request.pageSize, maxItems: args.maxItems, startingToken: request.startingToken, deadlineMillis }
        ).pipe(
          Stream.runForEach((page) => writePage(index, page)),
          Effect.zipRight(updateEntry(index, { finished: true })),
          Effect.catchTag(
            "PaginationError",
            (failure) =>
              updateEntry(index, { finished: true, failure: { error: failure.error, resume: failure.resume } })
          )
        )
      // --no-paginate: one request, as aws-cli sends it; its NextToken is the raw one.
      const describeOne = (associationId: string, index: number) =>
        service.describe({
          ...input(associationId),
          ...(request.pageSize === undefined ? {} : { MaxResults: request.pageSize }),
          ...(request.startingToken === undefined ? {} : { NextToken: request.startingToken })
        }).pipe(
          Effect.matchEffect({
            onFailure: (error) => updateEntry(index, { finished: true, failure: { error, resume: undefined } }),
            onSuccess: (answer) =>
              Effect.zipRight(
                writePage(index, { items: answer.AssociationExecutions, resumeToken: answer.NextToken }),
                updateEntry(index, { finished: true })
              )
          })
        )
      yield* progress.printing(output.write(sink.header))
      yield* Ref.set(headerWritten, true)
      yield* Effect.forEach(associationIds, args.noPaginate === true ? describeOne : listOne, {
        concurrency: args.concurrency ?? associationIds.length,
        discard: true
      })
      yield* progress.printing(writeEnd)
    }))

    const interrupted = Effect.gen(function*() {
      // The document ends whole, with the NextToken to continue from, even on Ctrl-C.
      yield* Effect.ignore(writeEnd)
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
    if (closed) return []

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
    return final.flatMap((entry) =>
      entry.resumeToken === undefined ? [] : [{ associationId: entry.associationId, startingToken: entry.resumeToken }]
    )
  })
