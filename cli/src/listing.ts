/**
 * What every listing command shares (`list`, `targets`, `failures`): one or more streams of pages
 * printed as they arrive in the chosen format (or kept for `--query`), a progress line and a
 * summary on stderr, the flags to continue whenever the output stops before the end, and the one
 * line and exit code of a failure. A command brings only what is its own: its {@link Kind} (record
 * shape, stats, words) and its {@link Unit}s (the streams to run).
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { PaginationError, ResumePoint } from "ssm-association-executions/AssociationExecutionsError"
import * as Debug from "./debug.js"
import { continueFlags, ExitCode, exitCodeOf, Exited, failureLine, UsageError } from "./exitCodes.js"
import * as Format from "./format.js"
import { CliOutput } from "./output.js"
import * as Progress from "./progress.js"
import { applyQuery } from "./query.js"

/** A page as printed: its items and where to continue after it (`undefined`: nothing follows). */
export interface PrintedPage<Item> {
  readonly items: ReadonlyArray<Item>
  readonly resumeToken: string | undefined
}

/** One listing of a run: whose it is (an association id, named in hints when there are several) and its pages. */
export interface Unit<Item> {
  readonly id: string
  readonly pages: Stream.Stream<PrintedPage<Item>, PaginationError>
}

/** What a command's records are and how its stderr talks about them. */
export interface Kind<Item, Rec> {
  readonly shape: Format.Shape<Item, Rec>
  /** What the summary counts of an item: its status and its time. */
  readonly facts: (item: Item) => Progress.ItemFacts
  /** The summary's time line: which time the span is of. */
  readonly timeLabel: string
  /** One item, in hints (`More executions follow`, `20 targets were printed`). */
  readonly noun: string
  /** The summary's first line. */
  readonly head: (stats: Progress.ListStats, units: number) => string
}

/** One run of a listing command. */
export interface Run<Item, Rec> {
  readonly kind: Kind<Item, Rec>
  readonly units: ReadonlyArray<Unit<Item>>
  /** Where the units start (their `--starting-token`), for the NextToken when nothing is printed. */
  readonly startingToken: string | undefined
  /** @default `table` when stdout is a terminal, `ndjson` otherwise */
  readonly format?: Format.Format | undefined
  readonly query?: string | undefined
  readonly quiet?: boolean | undefined
  /** Units listed at the same time. @default all */
  readonly concurrency?: number | undefined
}

/** Where each unit can continue, when it stopped before the end (e.g. `--max-items`). */
export type ListResult = ReadonlyArray<{ readonly associationId: string; readonly startingToken: string }>

/** Why one unit ended early: the error, and where to continue. */
interface Failure {
  readonly error: PaginationError["error"]
  readonly resume: ResumePoint | undefined
}

/** Where one unit stands. */
interface Entry {
  readonly id: string
  readonly finished: boolean
  /** After the last page printed: where to continue, `undefined` when nothing follows. */
  readonly resumeToken: string | undefined
  readonly failure: Failure | undefined
}

/** Where the one unit continues, for the document's NextToken. */
const nextTokenOf = (entries: ReadonlyArray<Entry>): string | undefined => {
  const [only, ...others] = entries
  if (only === undefined || others.length > 0) return undefined
  return only.failure === undefined ? only.resumeToken : only.failure.resume?.startingToken ?? only.resumeToken
}

/**
 * What a run writes to stdout: a format written page by page, or, with `--query`, the records
 * kept until the end and the query's result printed then.
 */
interface Sink<Rec> {
  readonly header: string
  readonly rows: (records: ReadonlyArray<Rec>, alreadyWritten: number) => string
  /** The end, with the NextToken when the listing stopped early; fails when the query cannot apply. */
  readonly end: (written: number, nextToken: string | undefined) => Either.Either<string, string>
}

const sinkOf = <Item, Rec>(
  shape: Format.Shape<Item, Rec>,
  format: Format.Format,
  query: string | undefined,
  options: Format.FormatOptions
): Sink<Rec> => {
  if (query === undefined) {
    const formatter = Format.formatterOf(shape, format, options)
    return {
      header: formatter.header,
      rows: formatter.rows,
      end: (written, token) => Either.right(formatter.footer(written, token))
    }
  }
  const kept: Array<Rec> = []
  return {
    header: "",
    rows: (records) => {
      kept.push(...records)
      return ""
    },
    end: (_written, token) =>
      Either.map(
        applyQuery(Format.documentOf(shape.member, kept, token), query),
        (value) => Format.formatValue(value, format, options)
      )
  }
}

/**
 * Runs every unit, printing pages as they arrive. Fails with `Exited` (after printing why) when a
 * unit could not be listed to the end, and with `UsageError` when the query cannot apply. A closed
 * stdout ends the run quietly. However the run ends (done, a failure, Ctrl-C or SIGTERM), the
 * output ends whole: a json or yaml document is closed, with the NextToken to continue from.
 */
export const run = <Item, Rec>(
  spec: Run<Item, Rec>
): Effect.Effect<ListResult, UsageError | Exited, CliOutput> =>
  Effect.gen(function*() {
    const { kind } = spec
    const output = yield* CliOutput
    const several = spec.units.length > 1
    const sink = sinkOf(
      kind.shape,
      spec.format ?? (output.stdoutIsTerminal ? "table" : "ndjson"),
      spec.query,
      { showAssociationId: several, width: output.stdoutColumns }
    )
    const quiet = spec.quiet === true
    // --debug writes its own lines on stderr; a progress line redrawn over them would garble both.
    const progressShown = output.stderrIsTerminal && !quiet && !(yield* FiberRef.get(Debug.enabled))
    const startedAt = yield* Clock.currentTimeMillis
    const countsBefore = yield* Progress.requestCounts
    const stats = yield* Ref.make(Progress.emptyStats)
    const entries = yield* Ref.make<ReadonlyArray<Entry>>(spec.units.map((unit) => ({
      id: unit.id,
      finished: false,
      resumeToken: spec.startingToken,
      failure: undefined
    })))
    const updateEntry = (index: number, change: Partial<Entry>) =>
      Ref.update(entries, (all) => all.map((entry, at) => at === index ? { ...entry, ...change } : entry))
    const writeLock = yield* Effect.makeSemaphore(1)
    // The header waits for the first page (or the end): a listing refused as a usage error (a
    // rejected --starting-token) then leaves stdout empty, as every usage error does.
    const document = yield* Ref.make<"unwritten" | "open" | "closed">("unwritten")
    const openDocument = Effect.gen(function*() {
      if ((yield* Ref.get(document)) !== "unwritten") return
      yield* output.write(sink.header)
      yield* Ref.set(document, "open")
    })
    const refusedAsUsage = Effect.map(
      Ref.get(entries),
      (all) => all.some((entry) => entry.failure !== undefined && exitCodeOf(entry.failure.error) === ExitCode.usage)
    )

    const render = Effect.all([Ref.get(stats), Progress.requestCounts, Progress.elapsedSince(startedAt)]).pipe(
      Effect.map(([current, counts, elapsed]) =>
        Progress.progressLine(current, Progress.countsSince(countsBefore, counts), elapsed)
      )
    )

    // The end of the output, written once, after the last page or when the run is cut short.
    const writeEnd = Effect.gen(function*() {
      const state = yield* Ref.get(document)
      if (state === "closed") return
      yield* Ref.set(document, "closed")
      if (state === "unwritten" && (yield* refusedAsUsage)) return
      if (state === "unwritten") yield* output.write(sink.header)
      const ending = sink.end((yield* Ref.get(stats)).items, nextTokenOf(yield* Ref.get(entries)))
      if (Either.isLeft(ending)) return yield* new UsageError({ message: ending.left })
      yield* output.write(ending.right)
    })

    const printAll = Effect.scoped(Effect.gen(function*() {
      const progress = progressShown ? yield* Progress.start(render) : Progress.silent
      // One page at a time, so pages of several units never interleave mid-page. Writing a page and
      // recording its resume token are one step: a Ctrl-C between the two would print a token that
      // repeats the page.
      const writePage = (index: number, page: PrintedPage<Item>) =>
        writeLock.withPermits(1)(Effect.uninterruptible(Effect.gen(function*() {
          const before = yield* Ref.get(stats)
          yield* progress.printing(openDocument)
          yield* progress.printing(output.write(sink.rows(page.items.map(kind.shape.toRecord), before.items)))
          yield* Ref.set(stats, Progress.addItems(before, page.items.map(kind.facts)))
          yield* updateEntry(index, { resumeToken: page.resumeToken })
        })))
      const runOne = (unit: Unit<Item>, index: number) =>
        unit.pages.pipe(
          Stream.runForEach((page) => writePage(index, page)),
          Effect.zipRight(updateEntry(index, { finished: true })),
          Effect.catchTag(
            "PaginationError",
            (failure) =>
              updateEntry(index, { finished: true, failure: { error: failure.error, resume: failure.resume } })
          )
        )
      yield* Effect.forEach(spec.units, runOne, {
        concurrency: spec.concurrency ?? spec.units.length,
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
          ? several ? `--association-id ${entry.id}` : "the same command"
          : continueFlags(entry.resumeToken, entry.id, several)
        yield* output.writeError(`Interrupted${several ? ` (${entry.id})` : ""}; continue with: ${how}\n`)
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
      yield* output.writeError(
        Progress.summaryOf(listed, counts, elapsed, {
          head: kind.head(listed, spec.units.length),
          timeLabel: kind.timeLabel
        })
      )
    }
    for (const entry of final) {
      if (entry.failure !== undefined || entry.resumeToken === undefined) continue
      yield* output.writeError(
        `More ${kind.noun}s follow${several ? ` for ${entry.id}` : ""}; continue with: ${
          continueFlags(entry.resumeToken, entry.id, several)
        }\n`
      )
    }
    const failures = final.flatMap((entry) =>
      entry.failure === undefined ? [] : [{ id: entry.id, failure: entry.failure }]
    )
    for (const { failure, id } of failures) {
      yield* output.writeError(
        `${failureLine(failure.error, { associationId: id, resume: failure.resume, several, noun: kind.noun })}\n`
      )
    }
    const [first] = failures
    if (first !== undefined) return yield* new Exited({ code: exitCodeOf(first.failure.error) })
    return final.flatMap((entry) =>
      entry.resumeToken === undefined ? [] : [{ associationId: entry.id, startingToken: entry.resumeToken }]
    )
  })
