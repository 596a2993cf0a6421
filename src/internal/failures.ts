/**
 * What failed, where: the failed executions of one association, listed lazily (newest first), and
 * for each its failed targets, fetched `concurrency` executions ahead and delivered in execution
 * order, as one stream of records. Every record carries a resume token, and a failure anywhere
 * resumes exactly where the stream stopped, at both levels: the execution in progress (an
 * executions resume token that starts at it) and how many of its failed targets were delivered.
 * With `output`, each record also carries its Run Command result (`explain.ts`), asked for a few
 * records ahead, in order; a request that fails there ends the stream at that record.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { InvalidInput, PaginationError, ResumePoint } from "../AssociationExecutionsError.js"
import type { AssociationExecution, AssociationExecutionFilter } from "../DescribeAssociationExecutions.js"
import { collect, mapConcat } from "../line/stream.js"
import type { Failure, FailuresOptions, TargetOutput } from "../Pagination.js"
import type { Requests } from "./client.js"
import { targetOutput } from "./explain.js"
import { executionsListing, pagesOf, positionedPagesOf, targetsListing } from "./pagination.js"
import { alteredToken, hash53, openBound, sealToken } from "./resumeToken.js"
import { settle } from "./settled.js"

const tokenPrefix = "saf1."

/** Where the stream is: the execution in progress (its executions resume token) and its targets delivered. */
interface Place {
  readonly before: string | undefined
  readonly delivered: number
}

const start: Place = { before: undefined, delivered: 0 }

interface PositionedExecution {
  readonly execution: AssociationExecution & { readonly ExecutionId: string }
  /** The executions resume token that starts at this execution. */
  readonly before: string | undefined
}

const invalid = (field: string, rule: string) => new InvalidInput({ field, rule })

const tokenKind = { prefix: tokenPrefix, bindingKey: "w", listing: "another time window, or another execution" }

const openPlace = (token: string, associationId: string, window: string): Place | InvalidInput => {
  const opened = openBound(token, tokenKind, { associationId, filters: window })
  if (opened._tag === "Refused") return invalid("startingToken", opened.rule)
  const { e, k } = opened.payload
  return (e === null || typeof e === "string") && typeof k === "number" && Number.isSafeInteger(k) && k >= 0
    ? { before: e ?? undefined, delivered: k }
    : invalid("startingToken", alteredToken)
}

const isValidDate = (date: Date | undefined): boolean => date === undefined || !Number.isNaN(date.getTime())

/** The failures stream over a service's listings and, for `output`, GetCommandInvocation. */
export const failures = (
  describers: Pick<Requests, "describe" | "describeTargets" | "getCommandInvocation">,
  associationId: string,
  options: FailuresOptions = {}
): Stream.Stream<Failure, PaginationError> => {
  // One execution: whatever its status, since one still running may have failed targets already.
  const filters: Array<AssociationExecutionFilter> = options.executionId === undefined
    ? [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
    : [{ Key: "ExecutionId", Value: options.executionId, Type: "EQUAL" }]
  if (options.createdAfter !== undefined) {
    filters.push({ Key: "CreatedTime", Value: options.createdAfter.toISOString(), Type: "GREATER_THAN" })
  }
  if (options.createdBefore !== undefined) {
    filters.push({ Key: "CreatedTime", Value: options.createdBefore.toISOString(), Type: "LESS_THAN" })
  }
  const window = hash53(JSON.stringify(filters)).toString(36)
  const seal = (place: Place) =>
    sealToken(tokenPrefix, { e: place.before ?? null, k: place.delivered, a: associationId, w: window })
  const concurrency = options.concurrency ?? 4
  const nothingDelivered = (error: InvalidInput) =>
    Stream.fail(
      new PaginationError({
        error,
        resume: new ResumePoint({ startingToken: options.startingToken, pagesDelivered: 0, itemsDelivered: 0 })
      })
    )
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    return nothingDelivered(invalid("concurrency", "must be a whole number, 1 or more"))
  }
  const outputConcurrency = options.outputConcurrency ?? 4
  if (!Number.isSafeInteger(outputConcurrency) || outputConcurrency < 1) {
    return nothingDelivered(invalid("outputConcurrency", "must be a whole number, 1 or more"))
  }
  const outputGraceMillis = options.outputGraceMillis ?? 30_000
  if (!(Number.isFinite(outputGraceMillis) && outputGraceMillis >= 0)) {
    return nothingDelivered(invalid("outputGraceMillis", "must be a number of milliseconds, 0 or more"))
  }
  if (!isValidDate(options.createdAfter)) return nothingDelivered(invalid("createdAfter", "must be a valid Date"))
  if (!isValidDate(options.createdBefore)) return nothingDelivered(invalid("createdBefore", "must be a valid Date"))
  const resumeAt = options.startingToken === undefined
    ? start
    : openPlace(options.startingToken, associationId, window)
  if (resumeAt instanceof InvalidInput) return nothingDelivered(resumeAt)
  const paging = {
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.patienceMillis === undefined ? {} : { patienceMillis: options.patienceMillis })
  }

  return Stream.unwrap(Effect.sync(() => {
    // What the consumer has: the place to resume from, and counts for the resume point.
    let place = resumeAt
    let itemsDelivered = 0
    let executionsDelivered = 0
    const failedAt = (failure: PaginationError) => failedWith(failure.error)
    const failedWith = (error: PaginationError["error"]) =>
      new PaginationError({
        error,
        resume: new ResumePoint({
          startingToken: seal(place),
          pagesDelivered: executionsDelivered,
          itemsDelivered
        })
      })

    const executionPages = positionedPagesOf(
      executionsListing(describers.describe, { AssociationId: associationId, Filters: filters }),
      { ...paging, ...(resumeAt.before === undefined ? {} : { startingToken: resumeAt.before }) }
    )
    const executions = Stream.filter(
      mapConcat(
        executionPages,
        ({ before, page }) => page.items.map((execution, index) => ({ execution, before: before(index) }))
      ),
      // An execution without an id (the model allows it) has no targets to ask for.
      (entry): entry is PositionedExecution => entry.execution.ExecutionId !== undefined
    )

    const failedTargets = (execution: PositionedExecution["execution"]) =>
      collect(pagesOf(
        targetsListing(describers.describeTargets, {
          AssociationId: associationId,
          ExecutionId: execution.ExecutionId,
          Filters: [{ Key: "Status", Value: "Failed" }]
        }),
        paging
      )).pipe(Effect.map((pages) => pages.flatMap((page) => page.items)))

    return executions.pipe(
      // Ahead of the consumer, in order; a failure waits its turn, so records before it are delivered.
      Stream.mapEffect(
        ({ before, execution }) =>
          // A listing's failure kept as a value, so that it waits its turn behind the records before it.
          Effect.map(settle(failedTargets(execution)), (targets) => ({ before, execution, targets })),
        { concurrency }
      ),
      Stream.mapError(failedAt),
      Stream.flatMap(({ before, execution, targets }) => {
        if (!targets.ok) return Stream.fail(failedAt(targets.error))
        // The first execution of a resumed stream is the one in progress: skip what was delivered.
        const skip = before === resumeAt.before && executionsDelivered === 0 && place === resumeAt
          ? resumeAt.delivered
          : 0
        return Stream.fromIterable(targets.value.slice(skip)).pipe(
          // Asked for a few records ahead, delivered in order; a failure ends the stream at its record.
          Stream.mapEffect((target) =>
            options.output === true
              ? Effect.map(
                targetOutput(describers.getCommandInvocation, execution, target, outputGraceMillis),
                (output): readonly [typeof target, TargetOutput | undefined] => [target, output]
              )
              : Effect.succeed([target, undefined] as const), { concurrency: outputConcurrency }),
          Stream.mapError(failedWith),
          Stream.zipWithIndex,
          Stream.map(([[target, output], index]): Failure => {
            // Delivered once the consumer has it: a failure after this resumes right after it.
            place = { before, delivered: skip + index + 1 }
            itemsDelivered++
            return { execution, target, ...(output === undefined ? {} : { output }), resumeToken: seal(place) }
          }),
          Stream.onEnd(Effect.sync(() => {
            executionsDelivered++
            place = { before, delivered: targets.value.length }
          }))
        )
      })
    )
  }))
}
