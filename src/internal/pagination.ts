/**
 * Every page of a paginated SSM operation as a lazy `Stream` (DescribeAssociationExecutions and
 * DescribeAssociationExecutionTargets: an operation is its `Listing`), with resume tokens exact to
 * the item and bound to the listing they continue, and bounds on what a misbehaving service can make a
 * stream do (token loops, endless empty pages). Retries happen inside each page request (see
 * `retry.ts`), never here. The options and the page it delivers are declared in `Pagination.ts`.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Random from "effect/Random"
import * as Stream from "effect/Stream"
import {
  type DescribeError,
  type DescribeTargetsError,
  EndlessPagination,
  InvalidInput,
  PaginationError,
  RepeatedNextToken,
  ResumePoint,
  TimeoutError
} from "../AssociationExecutionsError.js"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import type {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "../DescribeAssociationExecutionTargets.js"
import { buffer, mapConcat, paginate } from "../line/stream.js"
import { timeoutFail } from "../line/timing.js"
import * as Metrics from "../Metrics.js"
import type { Page, PagesInput, PaginationOptions, TargetsInput } from "../Pagination.js"
import { describeExecutions, describeTargets as describeTargetsOperation } from "./operation.js"
import { alteredToken, type Binding, bindingOf, hash53, openBound, sealToken } from "./resumeToken.js"
import { classify, withRetryStop } from "./retry.js"

/** One page request of DescribeAssociationExecutions, retried as the service retries it. */
export type FetchPage = (
  input: DescribeAssociationExecutionsInput
) => Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError>

/** The members a paginated request leaves to the stream. */
export interface PagingMembers {
  readonly NextToken?: string | undefined
  readonly MaxResults?: number | undefined
}

/**
 * What a stream needs of one paginated operation over one listing: how to fetch a page (retried),
 * where a page's items and token are (read from the operation, `operation.ts`), and what the
 * listing is, for binding resume tokens.
 */
export interface Listing<Output, Item, E> {
  readonly fetch: (paging: PagingMembers) => Effect.Effect<Output, E>
  readonly itemsOf: (output: Output) => ReadonlyArray<Item>
  readonly nextTokenOf: (output: Output) => string | undefined
  readonly binding: Binding
}

/**
 * Consecutive empty pages (each with a NextToken) followed before a stream gives up.
 *
 * SSM answers filtered listings with empty pages, in runs when a filter is selective (a rare
 * `Status`, a narrow `CreatedTime` window over a long history). 1,000 pages of 50 is 50,000
 * executions without one match, more than a year of an association that runs every 15 minutes,
 * so a real listing does not get there; a service that never stops is cut off after 1,000
 * requests (seconds, where the unbounded loop sent 31,684 requests a minute).
 */
export const defaultMaxEmptyPages = 1_000

/** How long a page is asked for again after its attempts ran out (see `PaginationOptions.patienceMillis`). */
export const defaultPatienceMillis = 300_000

// The wait before asking again: none the first time (the attempts just made backed off already, and
// the shared limiter paces what follows), then full jitter over 1 s doubled each round, at most 20 s
// (the retry loop's own cap), and never past the end of the patience.
const patienceBaseMillis = 1_000
const patienceMaxDelayMillis = 20_000

/**
 * `request` again, and again, while it fails because its attempts ran out on throttling, for up to
 * `patienceMillis` from the first request. The limiter still paces every attempt;
 * a spent quota or an error no retry follows ends it at once. When the patience runs out, the last
 * error says so (`retryStop: "patience"`).
 */
type StreamError = PaginationError["error"]

const patiently = <A>(
  request: Effect.Effect<A, StreamError>,
  patienceMillis: number
): Effect.Effect<A, StreamError> =>
  patienceMillis <= 0 ? request : Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    const round = (rounds: number): Effect.Effect<A, StreamError> =>
      Effect.catchIf(request, throttledOutOfAttempts, (error) =>
        Effect.gen(function*() {
          const left = startedAt + patienceMillis - (yield* Clock.currentTimeMillis)
          const delay = rounds === 0 ? 0 : Math.floor(
            (yield* Random.next) * Math.min(patienceBaseMillis * 2 ** (rounds - 1), patienceMaxDelayMillis)
          )
          if (left <= 0 || delay >= left) return yield* Effect.fail(patienceRanOut(error))
          yield* Effect.sleep(Duration.millis(delay))
          return yield* round(rounds + 1)
        }))
    return round(0)
  })

// Throttling alone: the page's last attempt was throttled too. Other errors a retry follows (a 500, a
// dropped connection) that outlast every attempt are a service in trouble, which the stream reports.
const throttledOutOfAttempts = (error: StreamError): boolean =>
  error._tag !== "RepeatedNextToken" && error._tag !== "EndlessPagination" && "retryStop" in error &&
  error.retryStop === "attempts" && classify(error) === "throttling"

const patienceRanOut = (error: StreamError): StreamError =>
  error._tag === "RepeatedNextToken" || error._tag === "EndlessPagination" ? error : withRetryStop(error, "patience")

// ---------------------------------------------------------------------------------------------
// Resume tokens
// ---------------------------------------------------------------------------------------------

/** A place in the listing: the page request's NextToken and how many of its items to skip. */
interface Position {
  readonly nextToken: string | undefined
  readonly skip: number
}

const start: Position = { nextToken: undefined, skip: 0 }

const executionsBinding = (input: PagesInput): Binding =>
  bindingOf(
    input.AssociationId,
    (input.Filters ?? []).map((filter) => JSON.stringify([filter.Key, filter.Type, filter.Value]))
  )

// A resume token is the raw AWS NextToken when it points at the start of a page (AWS checks its own
// tokens, AWS tokens work as starting tokens, and ours stay readable); only a position inside a
// page, whose skip AWS never sees, needs our own form: `sae2.<base64url JSON>.<checksum>`, the JSON
// holding the position and the binding, the checksum a hash53 of everything before it.
const tokenPrefix = "sae2."
// `sae1.` tokens recorded no binding, so there is no telling whether one fits the listing it is
// given to; refusing them costs a restart, accepting them would keep the silent skips they caused.
const retiredTokenPrefix = "sae1."

const encodePosition = (binding: Binding, position: Position): string | undefined => {
  if (position.skip === 0) return position.nextToken
  return sealToken(tokenPrefix, {
    t: position.nextToken ?? null,
    s: position.skip,
    a: binding.associationId,
    f: binding.filters
  })
}

const positionToken = { prefix: tokenPrefix, bindingKey: "f", listing: "other Filters, or another execution" }

const invalidStartingToken = (rule: string) => new InvalidInput({ field: "startingToken", rule })

/** A position, or why a starting token gives none. */
type Decoded = Position | InvalidInput

const decodePosition = (token: string | undefined, binding: Binding): Decoded => {
  if (token === undefined || token === "") return start
  if (token.startsWith(retiredTokenPrefix)) {
    return invalidStartingToken(
      "is a resume token of an earlier version (sae1.), which does not record the association and filters it " +
        "continues: start the listing again without it"
    )
  }
  if (!token.startsWith(tokenPrefix)) return { nextToken: token, skip: 0 }
  const opened = openBound(token, positionToken, binding)
  if (opened._tag === "Refused") return invalidStartingToken(opened.rule)
  const { s, t } = opened.payload
  return (t === null || typeof t === "string") && typeof s === "number" && Number.isSafeInteger(s) && s >= 1
    ? { nextToken: t ?? undefined, skip: s }
    : invalidStartingToken(alteredToken)
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const isWholeNumber = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max

/**
 * Every option checked at run time too: JavaScript callers and options read from configuration
 * skip the compiler, and an unknown value must not silently mean the default.
 */
const validateOptions = (options: PaginationOptions): InvalidInput | undefined => {
  const check = (field: keyof PaginationOptions, valid: (value: unknown) => boolean, rule: string) =>
    options[field] === undefined || valid(options[field]) ? undefined : new InvalidInput({ field, rule })
  return check("pageSize", (value) => isWholeNumber(value, 1, 50), "must be a whole number from 1 to 50") ??
    check("maxItems", (value) => isWholeNumber(value, 1), "must be a whole number, 1 or more") ??
    check("startingToken", Predicate.isString, "must be a string") ??
    check("prefetch", (value) => isWholeNumber(value, 0), "must be a whole number, 0 or more") ??
    check(
      "onRepeatedToken",
      (value) => value === "fail" || value === "stop",
      "must be \"fail\" or \"stop\""
    ) ??
    check("maxEmptyPages", (value) => isWholeNumber(value, 1), "must be a whole number, 1 or more") ??
    check(
      "deadlineMillis",
      (value) => typeof value === "number" && Number.isFinite(value) && value > 0,
      "must be a number of milliseconds more than 0"
    ) ??
    check(
      "patienceMillis",
      (value) => typeof value === "number" && Number.isFinite(value) && value >= 0,
      "must be a number of milliseconds, 0 or more"
    )
}

// ---------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------

/**
 * How many NextTokens a stream remembers (as hashes) to notice a loop. Hashes, not tokens: an AWS
 * NextToken can run to a kilobyte, and a long listing would hold every one; a 53-bit hash is one Set
 * entry of a few dozen bytes, so the window costs at most about half a megabyte. Once full, the
 * oldest is forgotten, so any loop of up to this many pages is still caught, on its first repeat.
 * A false alarm needs two distinct tokens among 10,000 to share a hash: about 1 in 10^8.
 */
const tokenWindow = 10_000

interface State {
  readonly position: Position
  readonly pageIndex: number
  readonly itemsDelivered: number
  /** Pages in a row, this stream's last ones, that had no items and a NextToken. */
  readonly emptyPagesInARow: number
}

/**
 * The page stream of a listing. Lazy: each page is requested when the consumer pulls it (or
 * `prefetch` pages ahead). Options and the starting token are checked before anything is sent.
 */
export const pagesOf = <Output, Item, E extends PaginationError["error"]>(
  listing: Listing<Output, Item, E>,
  options: PaginationOptions = {}
): Stream.Stream<Page<Item>, PaginationError> => Stream.map(positionedPagesOf(listing, options), ({ page }) => page)

/** A page with the resume token of each of its items: where to start to get that item first. */
export interface PositionedPage<Item> {
  readonly page: Page<Item>
  /**
   * The resume token that starts at `page.items[index]` (`undefined`: at the start of the listing).
   * A function, so that a stream that never asks (every plain listing) encodes nothing per item.
   */
  readonly before: (index: number) => string | undefined
}

/** {@link pagesOf}, with a resume token before each item, for streams built on this one. */
export const positionedPagesOf = <Output, Item, E extends PaginationError["error"]>(
  listing: Listing<Output, Item, E>,
  options: PaginationOptions = {}
): Stream.Stream<PositionedPage<Item>, PaginationError> => {
  const binding = listing.binding
  const resumePointOf = (position: Position, pagesDelivered: number, itemsDelivered: number) =>
    new ResumePoint({ startingToken: encodePosition(binding, position), pagesDelivered, itemsDelivered })
  const failAt = (state: State) => (error: PaginationError["error"]) =>
    new PaginationError({ error, resume: resumePointOf(state.position, state.pageIndex, state.itemsDelivered) })

  const startAt = validateOptions(options) ?? decodePosition(options.startingToken, binding)
  if (startAt instanceof InvalidInput) {
    // Nothing was delivered; only a starting token that decodes is handed back.
    const decoded = typeof options.startingToken === "string" ? decodePosition(options.startingToken, binding) : start
    const usable = decoded instanceof InvalidInput ? start : decoded
    return Stream.fail(new PaginationError({ error: startAt, resume: resumePointOf(usable, 0, 0) }))
  }
  const initial: State = { position: startAt, pageIndex: 0, itemsDelivered: 0, emptyPagesInARow: 0 }
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY
  const maxEmptyPages = options.maxEmptyPages ?? defaultMaxEmptyPages

  const stream = Stream.unwrap(Effect.map(Clock.currentTimeMillis, (startedAt) => {
    // Per run of the stream: every NextToken sent so far (the starting one included), as hashes.
    const seenTokens = new Set<number>()
    const remember = (token: string) => {
      seenTokens.add(hash53(token))
      if (seenTokens.size > tokenWindow) {
        const oldest = seenTokens.values().next()
        if (oldest.done !== true) seenTokens.delete(oldest.value)
      }
    }

    const withinDeadline = <A>(effect: Effect.Effect<A, StreamError>): Effect.Effect<A, StreamError> => {
      const deadlineMillis = options.deadlineMillis
      if (deadlineMillis === undefined) return effect
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        timeoutFail(
          effect,
          Math.max(0, startedAt + deadlineMillis - now),
          () => new TimeoutError({ scope: "deadline", timeoutMillis: deadlineMillis })
        ))
    }

    const step = (
      state: State
    ): Effect.Effect<readonly [PositionedPage<Item>, Option.Option<State>], PaginationError> => {
      const sent = state.position.nextToken
      if (sent !== undefined) remember(sent)
      const paging: PagingMembers = {
        ...(options.pageSize === undefined ? {} : { MaxResults: options.pageSize }),
        ...(sent === undefined ? {} : { NextToken: sent })
      }
      return withinDeadline(patiently(listing.fetch(paging), options.patienceMillis ?? defaultPatienceMillis)).pipe(
        Effect.mapError(failAt(state)),
        Effect.flatMap((output) => {
          const outputItems = listing.itemsOf(output)
          const outputToken = listing.nextTokenOf(output)
          // Any token seen before in this listing, not only the one just sent: A, B, A loops too.
          const repeated = outputToken !== undefined && seenTokens.has(hash53(outputToken))
          if (repeated && options.onRepeatedToken !== "stop") {
            return Effect.fail(failAt(state)(new RepeatedNextToken({ page: state.pageIndex + 1 })))
          }
          const nextToken = repeated ? undefined : outputToken
          const available = outputItems.slice(state.position.skip)
          // Resumed with a smaller page size than the token was made with: the rest of the skip
          // falls on the next page.
          const skipLeft = Math.max(0, state.position.skip - outputItems.length)
          const remaining = maxItems - state.itemsDelivered
          const truncated = available.length > remaining
          const items = truncated ? available.slice(0, remaining) : available
          const after: Position = truncated
            ? { nextToken: state.position.nextToken, skip: state.position.skip + remaining }
            : { nextToken, skip: skipLeft }
          const finished = truncated || nextToken === undefined || state.itemsDelivered + items.length >= maxItems
          const emptyPagesInARow = outputItems.length === 0 ? state.emptyPagesInARow + 1 : 0
          if (!finished && emptyPagesInARow >= maxEmptyPages) {
            // The empty page holds nothing to deliver, so resuming from after it loses nothing.
            return Effect.fail(
              new PaginationError({
                error: new EndlessPagination({ emptyPages: emptyPagesInARow, page: state.pageIndex + 1 }),
                resume: resumePointOf(after, state.pageIndex, state.itemsDelivered)
              })
            )
          }
          const page: Page<Item> = {
            items,
            pageIndex: state.pageIndex,
            nextToken: outputToken,
            resumeToken: truncated || nextToken !== undefined ? encodePosition(binding, after) : undefined
          }
          const next: State = {
            position: after,
            pageIndex: state.pageIndex + 1,
            itemsDelivered: state.itemsDelivered + items.length,
            emptyPagesInARow
          }
          const before = (index: number) =>
            encodePosition(binding, { nextToken: state.position.nextToken, skip: state.position.skip + index })
          return Effect.succeed([{ page, before }, finished ? Option.none() : Option.some(next)] as const)
        })
      )
    }
    return paginate(initial, step)
  }))
  const prefetch = options.prefetch ?? 0
  const buffered = prefetch > 0 ? buffer(stream, prefetch) : stream
  // Counted as delivered, after the buffer, so prefetched pages a consumer never pulls do not count.
  return Stream.tap(
    buffered,
    ({ page }) => Effect.andThen(Metric.update(Metrics.pages, 1), Metric.update(Metrics.items, page.items.length))
  )
}

/** The executions listing of `input` over a retried `describe`. */
export const executionsListing = (
  fetchPage: FetchPage,
  input: PagesInput
): Listing<DescribeAssociationExecutionsOutput, AssociationExecution, DescribeError> => ({
  fetch: (paging) => fetchPage(withPaging(input, paging)),
  itemsOf: describeExecutions.itemsOf,
  nextTokenOf: describeExecutions.nextTokenOf,
  binding: executionsBinding(input)
})

// The stream owns the paging members: a NextToken or MaxResults left on the caller's object (the AWS
// SDK's paginator writes them into the input it is given) must not start the listing mid-way.
const withPaging = <Input extends object>(
  input: Input & PagingMembers,
  paging: PagingMembers
): Omit<Input, keyof PagingMembers> & PagingMembers => {
  const { MaxResults: _pageSize, NextToken: _token, ...members } = input
  return { ...members, ...paging }
}

/** The targets listing of one execution over a retried `describeTargets`. */
export const targetsListing = (
  describeTargets: (
    input: DescribeAssociationExecutionTargetsInput
  ) => Effect.Effect<DescribeAssociationExecutionTargetsOutput, DescribeTargetsError>,
  input: TargetsInput
): Listing<DescribeAssociationExecutionTargetsOutput, AssociationExecutionTarget, DescribeTargetsError> => ({
  fetch: (paging) => describeTargets(withPaging(input, paging)),
  itemsOf: describeTargetsOperation.itemsOf,
  nextTokenOf: describeTargetsOperation.nextTokenOf,
  binding: bindingOf(input.AssociationId, [
    `execution ${input.ExecutionId}`,
    ...(input.Filters ?? []).map((filter) => JSON.stringify([filter.Key, filter.Value]))
  ])
})

/** The page stream of DescribeAssociationExecutions. */
export const pages = (
  fetchPage: FetchPage,
  input: PagesInput,
  options: PaginationOptions = {}
): Stream.Stream<Page, PaginationError> => pagesOf(executionsListing(fetchPage, input), options)

/** The item stream: every execution of every page, in order. */
export const items = (
  fetchPage: FetchPage,
  input: PagesInput,
  options: PaginationOptions = {}
): Stream.Stream<AssociationExecution, PaginationError> =>
  mapConcat(pages(fetchPage, input, options), (page) => page.items)
