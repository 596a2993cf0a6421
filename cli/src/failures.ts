/**
 * The `failures` command: what failed, where. The failed targets of the failed executions of one
 * association, one flat record each (execution, resource, statuses, output source), from the
 * library's resumable `failures` stream; printed, summarised and resumed as `list` is
 * (`listing.ts`), `--starting-token` taking a record's resume token. `--with-output` adds each
 * failure's Run Command invocation (`failureRecords.ts`).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { PaginationError } from "ssm-association-executions/AssociationExecutionsError"
import type { Failure } from "ssm-association-executions/Pagination"
import { emptyWindow } from "./awsInput.js"
import type { FailuresOptions } from "./commands/failures.js"
import { type Exited, fromEither, usage, type UsageError } from "./exitCodes.js"
import { failureOutputShape, failureShape, type FlatFailure } from "./failureRecords.js"
import * as Listing from "./listing.js"
import type { CliOutput } from "./output.js"
import { plural } from "./progress.js"
import { checkQuery } from "./query.js"
import type { ConnectionArguments } from "./serviceLayer.js"
import { resolveTimeBound } from "./time.js"

/**
 * What the listing reads of `failures`' options (`commands/failures.ts`), any of them left out: the
 * options' own type, so a flag is declared once.
 */
export type FailuresArguments = Partial<Omit<FailuresOptions, keyof ConnectionArguments | "local">>

const timeBound = (flag: string, text: string | undefined) =>
  text === undefined ? Effect.succeed(undefined) : Effect.flatMap(
    resolveTimeBound(text),
    (bound) => fromEither(Either.mapLeft(bound, (reason) => `--${flag}: ${reason}`))
  )

/** The time window, resolved against Effect's `Clock`; refused when it is empty. */
export const windowOf = (
  args: FailuresArguments
): Effect.Effect<{ readonly after: string | undefined; readonly before: string | undefined }, UsageError> =>
  Effect.gen(function*() {
    const after = yield* timeBound("created-after", args.createdAfter)
    const before = yield* timeBound("created-before", args.createdBefore)
    const empty = emptyWindow([
      ...(after === undefined ? [] : [{ Key: "CreatedTime", Value: after, Type: "GREATER_THAN" } as const]),
      ...(before === undefined ? [] : [{ Key: "CreatedTime", Value: before, Type: "LESS_THAN" } as const])
    ])
    if (empty !== undefined) return yield* usage(empty)
    return { after, before }
  })

/** Checks what the option parser cannot. `local` allows no association id (the local endpoint's first is used). */
export const checkFailuresArguments = (
  args: FailuresArguments,
  options: { readonly local?: boolean | undefined } = {}
): Effect.Effect<void, UsageError> =>
  Effect.gen(function*() {
    if (args.associationId === undefined && options.local !== true) {
      return yield* usage("Give --association-id ID, or --local to try the embedded endpoint")
    }
    yield* windowOf(args)
    if (args.maxItems !== undefined && args.maxItems < 1) return yield* usage("--max-items must be 1 or more")
    if (args.pageSize !== undefined && (args.pageSize < 1 || args.pageSize > 50)) {
      return yield* usage("--page-size must be from 1 to 50 (SSM's limit)")
    }
    if (args.concurrency !== undefined && args.concurrency < 1) return yield* usage("--concurrency must be 1 or more")
    if (args.query !== undefined) yield* fromEither(checkQuery(args.query))
  })

/** `failures`' records and words. */
export const failureKind = (associationId: string, withOutput = false): Listing.Kind<Failure, FlatFailure> => ({
  shape: withOutput ? failureOutputShape : failureShape,
  // The target's detailed status says how it failed; the span is of the executions' creation.
  facts: (failure) => ({
    status: failure.target.DetailedStatus ?? failure.target.Status,
    time: failure.execution.CreatedTime
  }),
  timeLabel: "CreatedTime",
  noun: "failure",
  head: (stats) => `${plural(stats.items, "failed target")} of the failed executions of association ${associationId}`
})

/**
 * The records as pages: each chunk the stream delivers is a page that continues after its last
 * record. With `maxItems`, one record more is asked for, so that the end says truly whether more
 * follow; a stream that ends on its own ends with an empty page that says nothing follows.
 */
export const pagesOf = (
  records: Stream.Stream<Failure, PaginationError>,
  maxItems: number | undefined
): Stream.Stream<Listing.PrintedPage<Failure>, PaginationError> =>
  Stream.suspend(() => {
    let delivered = 0
    let more = false
    const limit = maxItems ?? Number.POSITIVE_INFINITY
    const limited = maxItems === undefined ? records : Stream.take(records, maxItems + 1)
    return Stream.chunks(limited).pipe(
      Stream.map((chunk) => {
        const all = [...chunk]
        const items = all.slice(0, Math.max(0, limit - delivered))
        delivered += items.length
        if (items.length < all.length) more = true
        return { items, resumeToken: items.at(-1)?.resumeToken }
      }),
      Stream.filter((page) => page.items.length > 0),
      Stream.concat(Stream.suspend(() => more ? Stream.empty : Stream.make({ items: [], resumeToken: undefined })))
    )
  })

/** Lists what failed, where, for one association, printing as records arrive; fails as `list` does. */
export const failures = (
  args: FailuresArguments
): Effect.Effect<Listing.ListResult, UsageError | Exited, AssociationExecutions.AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    yield* checkFailuresArguments(args)
    const associationId = args.associationId ?? ""
    const window = yield* windowOf(args)
    const service = yield* AssociationExecutions.AssociationExecutions
    const records = service.failures(associationId, {
      createdAfter: window.after === undefined ? undefined : new Date(window.after),
      createdBefore: window.before === undefined ? undefined : new Date(window.before),
      concurrency: args.concurrency,
      startingToken: args.startingToken,
      pageSize: args.pageSize,
      output: args.withOutput === true,
      executionId: args.executionId
    })
    return yield* Listing.run({
      kind: failureKind(associationId, args.withOutput === true),
      units: [{ id: associationId, pages: pagesOf(records, args.maxItems) }],
      startingToken: args.startingToken,
      format: args.format,
      query: args.query,
      quiet: args.quiet
    })
  })
