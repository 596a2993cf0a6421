/**
 * Every page of DescribeAssociationExecutions as a lazy `Stream`, with resume tokens exact to the
 * item: a stream stopped by `maxItems` or by a failure can be continued from the first item it did
 * not deliver, none twice. Retries happen inside each page request (see `retry.ts`), never here. The options and the
 * page it delivers are declared in `Pagination.ts`.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import {
  type DescribeError,
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
import * as Metrics from "../Metrics.js"
import type { Page, PagesInput, PaginationOptions } from "../Pagination.js"

/** One page request, retried as the service retries it. */
export type FetchPage = (
  input: DescribeAssociationExecutionsInput
) => Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError>

// ---------------------------------------------------------------------------------------------
// Resume tokens
// ---------------------------------------------------------------------------------------------

/** A place in the listing: the page request's NextToken and how many of its items to skip. */
interface Position {
  readonly nextToken: string | undefined
  readonly skip: number
}

// A resume token is the raw AWS NextToken when it points at the start of a page (so AWS tokens work
// as starting tokens and ours stay readable); only a position inside a page needs our own form.
const tokenPrefix = "sae1."

const base64UrlEncode = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    ""
  )

const base64UrlDecode = (text: string): string =>
  new TextDecoder().decode(
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (character) => character.charCodeAt(0))
  )

const encodePosition = (position: Position): string | undefined =>
  position.skip === 0
    ? position.nextToken
    : tokenPrefix + base64UrlEncode(JSON.stringify({ t: position.nextToken ?? null, s: position.skip }))

const invalidStartingToken = new InvalidInput({
  field: "startingToken",
  rule: "is not a token this module or AWS produced (it looks like a resume token but does not decode)"
})

const decodePosition = (token: string | undefined): Either.Either<Position, InvalidInput> => {
  if (token === undefined || token === "") return Either.right({ nextToken: undefined, skip: 0 })
  if (!token.startsWith(tokenPrefix)) return Either.right({ nextToken: token, skip: 0 })
  return Either.try({
    try: (): unknown => JSON.parse(base64UrlDecode(token.slice(tokenPrefix.length))),
    catch: () => invalidStartingToken
  }).pipe(Either.flatMap((decoded) =>
    Predicate.hasProperty(decoded, "t") && Predicate.hasProperty(decoded, "s") &&
      (decoded.t === null || typeof decoded.t === "string") && typeof decoded.s === "number" &&
      Number.isSafeInteger(decoded.s) && decoded.s > 0
      ? Either.right({ nextToken: decoded.t ?? undefined, skip: decoded.s })
      : Either.left(invalidStartingToken)
  ))
}

// ---------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------

interface State {
  readonly position: Position
  readonly pageIndex: number
  readonly itemsDelivered: number
}

const resumePointOf = (state: State) =>
  new ResumePoint({
    startingToken: encodePosition(state.position),
    pagesDelivered: state.pageIndex,
    itemsDelivered: state.itemsDelivered
  })

const validateOptions = (options: PaginationOptions): Either.Either<void, InvalidInput> => {
  const positiveInteger = (field: string, value: number | undefined, rule: string) =>
    value === undefined || (Number.isSafeInteger(value) && value >= 0)
      ? undefined
      : new InvalidInput({ field, rule })
  const problem = positiveInteger("maxItems", options.maxItems, "must be a whole number, 0 or more") ??
    positiveInteger("prefetch", options.prefetch, "must be a whole number, 0 or more") ??
    positiveInteger("deadlineMillis", options.deadlineMillis, "must be a whole number of milliseconds, 0 or more")
  return problem === undefined ? Either.void : Either.left(problem)
}

/**
 * The page stream over any page fetcher (the service passes its retried `describe`). Lazy: each
 * page is requested when the consumer pulls it (or `prefetch` pages ahead).
 */
export const pages = (
  fetchPage: FetchPage,
  input: PagesInput,
  options: PaginationOptions = {}
): Stream.Stream<Page, PaginationError> => {
  const start = decodePosition(options.startingToken)
  const initial: State = {
    position: Either.getOrElse(start, () => ({ nextToken: undefined, skip: 0 })),
    pageIndex: 0,
    itemsDelivered: 0
  }
  const failAt = (state: State) => (error: DescribeError | RepeatedNextToken) =>
    new PaginationError({ error, resume: resumePointOf(state) })
  const setup = Either.flatMap(start, () => validateOptions(options))
  if (Either.isLeft(setup)) {
    return Stream.fail(new PaginationError({ error: setup.left, resume: resumePointOf(initial) }))
  }
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY

  const stream = Stream.unwrap(Effect.map(Clock.currentTimeMillis, (startedAt) => {
    const withinDeadline = <A>(effect: Effect.Effect<A, DescribeError>): Effect.Effect<A, DescribeError> => {
      const deadlineMillis = options.deadlineMillis
      if (deadlineMillis === undefined) return effect
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.timeoutFail(effect, {
          duration: Duration.millis(Math.max(0, startedAt + deadlineMillis - now)),
          onTimeout: () => new TimeoutError({ scope: "deadline", timeoutMillis: deadlineMillis })
        }))
    }

    const step = (state: State): Effect.Effect<readonly [Page, Option.Option<State>], PaginationError> => {
      const request: DescribeAssociationExecutionsInput = {
        ...input,
        ...(options.pageSize === undefined ? {} : { MaxResults: options.pageSize }),
        ...(state.position.nextToken === undefined ? {} : { NextToken: state.position.nextToken })
      }
      return withinDeadline(fetchPage(request)).pipe(
        Effect.mapError(failAt(state)),
        Effect.flatMap((output) => {
          const repeated = output.NextToken !== undefined && output.NextToken === state.position.nextToken
          if (repeated && options.onRepeatedToken !== "stop") {
            return Effect.fail(failAt(state)(new RepeatedNextToken({ page: state.pageIndex + 1 })))
          }
          const nextToken = repeated ? undefined : output.NextToken
          const available = output.AssociationExecutions.slice(state.position.skip)
          // Resumed with a smaller page size than the token was made with: the rest of the skip
          // falls on the next page.
          const skipLeft = Math.max(0, state.position.skip - output.AssociationExecutions.length)
          const remaining = maxItems - state.itemsDelivered
          const truncated = available.length > remaining
          const items = truncated ? available.slice(0, remaining) : available
          const after: Position = truncated
            ? { nextToken: state.position.nextToken, skip: state.position.skip + remaining }
            : { nextToken, skip: skipLeft }
          const finished = truncated || nextToken === undefined || state.itemsDelivered + items.length >= maxItems
          const page: Page = {
            items,
            pageIndex: state.pageIndex,
            nextToken: output.NextToken,
            resumeToken: truncated || nextToken !== undefined ? encodePosition(after) : undefined
          }
          const next: State = {
            position: after,
            pageIndex: state.pageIndex + 1,
            itemsDelivered: state.itemsDelivered + items.length
          }
          return Effect.succeed([page, finished ? Option.none() : Option.some(next)] as const)
        })
      )
    }
    return maxItems === 0 ? Stream.empty : Stream.paginateEffect(initial, step)
  }))
  const prefetch = options.prefetch ?? 0
  const buffered = prefetch > 0 ? Stream.buffer(stream, { capacity: prefetch }) : stream
  // Counted as delivered, after the buffer, so prefetched pages a consumer never pulls do not count.
  return Stream.tap(
    buffered,
    (page) => Effect.zipRight(Metric.increment(Metrics.pages), Metric.incrementBy(Metrics.items, page.items.length))
  )
}

/** The item stream: every execution of every page, in order. */
export const items = (
  fetchPage: FetchPage,
  input: PagesInput,
  options: PaginationOptions = {}
): Stream.Stream<AssociationExecution, PaginationError> =>
  Stream.mapConcat(pages(fetchPage, input, options), (page) => page.items)
