/**
 * The `list` command: what is its own (the flags read into a request, the checks, the streams of
 * executions of one or more associations through one service, so they share its rate limiter and
 * retry quota); the printing, progress, summary and continue hints are `listing.ts`'s.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import { PaginationError, ResumePoint } from "ssm-association-executions/AssociationExecutionsError"
import type {
  AssociationExecution,
  AssociationExecutionFilter
} from "ssm-association-executions/DescribeAssociationExecutions"
import { emptyWindow, normalizeStatus, parseCliInputJson, parseFilterArguments } from "./awsInput.js"
import type { ListOptions } from "./commands/list.js"
import { type Exited, fromEither, usage, type UsageError } from "./exitCodes.js"
import * as Format from "./format.js"
import * as Listing from "./listing.js"
import type { CliOutput } from "./output.js"
import * as Progress from "./progress.js"
import { checkQuery } from "./query.js"
import type { ConnectionArguments } from "./serviceLayer.js"
import { parseDeadlineMillis, resolveTimeBound } from "./time.js"

/**
 * What the listing reads of `list`'s options (`commands/list.ts`), any of them but the associations
 * left out: the options' own type, so a flag is declared once.
 */
export type ListArguments =
  & Pick<ListOptions, "associationIds">
  & Partial<Omit<ListOptions, keyof ConnectionArguments | "associationIds" | "local" | "noCliPager">>

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

/** `list`'s records and words. */
export const executionKind: Listing.Kind<AssociationExecution, Format.FlatExecution> = {
  shape: Format.executionShape,
  facts: (execution) => ({ status: execution.Status, time: execution.CreatedTime }),
  timeLabel: "CreatedTime",
  noun: "execution",
  head: (stats, units) =>
    `${Progress.plural(stats.items, "execution")} from ${Progress.plural(units, "association")} in ${
      Progress.plural(stats.pages, "page")
    }`
}

/** Where each association's listing can continue, when it stopped before the end (e.g. `--max-items`). */
export type ListResult = Listing.ListResult

/**
 * Lists the executions of every association in `args`, printing as pages arrive, through one
 * service (so they share its rate limiter and retry quota). Fails with `Exited` (after printing
 * why) when an association could not be listed to the end, and with `UsageError` for arguments
 * that cannot work. A closed stdout ends the listing quietly. However the listing ends (done, a
 * failure, Ctrl-C or SIGTERM), the output ends whole: a json or yaml document is closed, with the
 * NextToken to continue from.
 */
export const list = (
  args: ListArguments
): Effect.Effect<ListResult, UsageError | Exited, AssociationExecutions.AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    yield* checkArguments(args)
    const request = yield* requestOf(args)
    const { filters } = request
    const deadlineMillis = Either.getOrUndefined(deadlineMillisOf(args))
    const service = yield* AssociationExecutions.AssociationExecutions
    const associationIds = [...new Set(request.associationIds)]
    const input = (associationId: string) => ({
      AssociationId: associationId,
      ...(filters.length === 0 ? {} : { Filters: filters })
    })
    const paginated = (associationId: string) =>
      service.pages(
        input(associationId),
        { pageSize: request.pageSize, maxItems: args.maxItems, startingToken: request.startingToken, deadlineMillis }
      )
    // --no-paginate: one request, as aws-cli sends it; its NextToken is the raw one.
    const oneRequest = (associationId: string) =>
      Stream.fromEffect(
        service.describe({
          ...input(associationId),
          ...(request.pageSize === undefined ? {} : { MaxResults: request.pageSize }),
          ...(request.startingToken === undefined ? {} : { NextToken: request.startingToken })
        }).pipe(
          Effect.map((answer) => ({ items: answer.AssociationExecutions, resumeToken: answer.NextToken })),
          Effect.mapError((error) =>
            new PaginationError({ error, resume: new ResumePoint({ pagesDelivered: 0, itemsDelivered: 0 }) })
          )
        )
      )
    return yield* Listing.run({
      kind: executionKind,
      units: associationIds.map((id) => ({ id, pages: args.noPaginate === true ? oneRequest(id) : paginated(id) })),
      startingToken: request.startingToken,
      format: args.format,
      query: args.query,
      quiet: args.quiet,
      concurrency: args.concurrency
    })
  })
