/**
 * Following one association execution to its end, by polling: the execution (found by id, or as
 * the oldest one created after a time), and its targets whenever it changed. A state is emitted
 * when something changed; the stream ends after a terminal one. Polls wait Smithy's waiter backoff
 * (`waiterBackoff.ts`) and go through the service's calls (its retries and shared rate limiter).
 * The deadline is kept without a timer racing the polls: no poll starts past it, a poll's patience
 * with throttling ends at it, and a poll still throttled is skipped while time is left. Nothing is
 * kept between watches: watching again with the same input finds the same execution and continues.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import {
  ExecutionNotFound,
  InvalidInput,
  type PaginationError,
  type WatchError,
  WatchTimeout
} from "../AssociationExecutionsError.js"
import { type AssociationExecution, parseResourceCountByStatus } from "../DescribeAssociationExecutions.js"
import type { AssociationExecutionTarget } from "../DescribeAssociationExecutionTargets.js"
import { collect as collectAll, paginateArray } from "../line/stream.js"
import { nextIntBelow } from "../line/timing.js"
import type { PaginationOptions } from "../Pagination.js"
import { defaultTerminalStatuses, type ExecutionState, type WatchInput, type WatchOptions } from "../Watch.js"
import type { Describers } from "./client.js"
import { executionsListing, pagesOf, targetsListing } from "./pagination.js"
import { type BackoffBounds, delayCeiling, nextPoll } from "./waiterBackoff.js"

/** What one watch has learned so far. */
interface Progress {
  /** Polls made. */
  readonly polls: number
  /** The execution followed, once seen. */
  readonly executionId: string | undefined
  readonly last: ExecutionState | undefined
  /** Targets already reported finished (`ResourceType|ResourceId`). */
  readonly finished: ReadonlySet<string>
  /** The terminal state was emitted. */
  readonly done: boolean
}

const initial: Progress = { polls: 0, executionId: undefined, last: undefined, finished: new Set(), done: false }

const noStates: ReadonlyArray<ExecutionState> = []

const invalid = (field: string, rule: string) =>
  new InvalidInput({ field, rule, operation: "DescribeAssociationExecutions" })

interface Settings extends BackoffBounds {
  readonly deadlineMillis: number
  readonly graceMillis: number
  readonly terminal: ReadonlySet<string>
  readonly readTargets: boolean
}

const isPositive = (value: number) => Number.isFinite(value) && value > 0

const settingsOf = (input: WatchInput, options: WatchOptions): Settings | InvalidInput => {
  const minDelayMillis = options.minDelayMillis ?? 5000
  const maxDelayMillis = options.maxDelayMillis ?? 120_000
  const graceMillis = options.visibilityGraceMillis ?? 30_000
  if (!isPositive(options.deadlineMillis)) {
    return invalid("options.deadlineMillis", "must be a number of milliseconds more than 0")
  }
  if (!isPositive(minDelayMillis)) {
    return invalid("options.minDelayMillis", "must be a number of milliseconds more than 0")
  }
  if (!(isPositive(maxDelayMillis) && maxDelayMillis >= minDelayMillis)) {
    return invalid("options.maxDelayMillis", "must be a number of milliseconds, at least minDelayMillis")
  }
  if (!(Number.isFinite(graceMillis) && graceMillis >= 0)) {
    return invalid("options.visibilityGraceMillis", "must be a number of milliseconds, 0 or more")
  }
  if ("createdAfter" in input && Number.isNaN(input.createdAfter.getTime())) {
    return invalid("createdAfter", "must be a valid Date")
  }
  return {
    deadlineMillis: options.deadlineMillis,
    minDelayMillis,
    maxDelayMillis,
    graceMillis: Math.min(graceMillis, options.deadlineMillis),
    terminal: new Set(options.terminalStatuses ?? defaultTerminalStatuses),
    readTargets: options.targets ?? true
  }
}

/** How far before `createdAfter` an execution still counts (as `startOnce`'s own check allows). */
const createdAfterMarginMillis = 1000

const targetKey = (target: AssociationExecutionTarget) => `${target.ResourceType ?? ""}|${target.ResourceId ?? ""}`

// What makes a new state: the status and the counts (the counts move as targets finish).
const changeKey = (execution: AssociationExecution) =>
  JSON.stringify([execution.Status ?? "", execution.DetailedStatus ?? "", execution.ResourceCountByStatus ?? ""])

/** The stream of states of one execution; see `AssociationExecutions.Service["watch"]`. */
export const watch = (
  describers: Describers,
  input: WatchInput,
  options: WatchOptions
): Stream.Stream<ExecutionState, WatchError> => {
  const settings = settingsOf(input, options)
  if (settings instanceof InvalidInput) return Stream.fail(settings)
  const { AssociationId } = input

  // Every item of a listing; a listing guard's error (a token loop) is the watch's error.
  const collect = <Item>(pages: Stream.Stream<{ readonly items: ReadonlyArray<Item> }, PaginationError>) =>
    collectAll(pages).pipe(
      Effect.map((all) => all.flatMap((page) => page.items)),
      Effect.mapError((failure) => failure.error)
    )

  const byId = (ExecutionId: string, paging: PaginationOptions) =>
    Effect.map(
      collect(pagesOf(
        executionsListing(describers.describe, {
          AssociationId,
          Filters: [{ Key: "ExecutionId", Value: ExecutionId, Type: "EQUAL" }]
        }),
        paging
      )),
      (executions) => executions.find((execution) => execution.ExecutionId === ExecutionId)
    )

  // The service lists newest first (ties by id), so the oldest after the time is the last listed.
  // The time is moved back by a margin: AWS's clock and ours differ a little, and a start made at
  // the very millisecond taken must still count.
  const firstCreatedAfter = (createdAfter: Date, paging: PaginationOptions) =>
    Effect.map(
      collect(pagesOf(
        executionsListing(describers.describe, {
          AssociationId,
          Filters: [{
            Key: "CreatedTime",
            Value: new Date(createdAfter.getTime() - createdAfterMarginMillis).toISOString(),
            Type: "GREATER_THAN"
          }]
        }),
        paging
      )),
      (executions) => executions.filter((execution) => execution.ExecutionId !== undefined).at(-1)
    )

  const find = (
    progress: Progress,
    paging: PaginationOptions
  ): Effect.Effect<AssociationExecution | undefined, WatchError> => {
    const known = "ExecutionId" in input ? input.ExecutionId : progress.executionId
    return known !== undefined
      ? byId(known, paging)
      : "createdAfter" in input
      ? firstCreatedAfter(input.createdAfter, paging)
      : Effect.succeed(undefined)
  }

  const readTargets = (ExecutionId: string, paging: PaginationOptions) =>
    settings.readTargets
      ? collect(pagesOf(targetsListing(describers.describeTargets, { AssociationId, ExecutionId }), paging))
      : Effect.succeed<ReadonlyArray<AssociationExecutionTarget>>([])

  return Stream.unwrap(Effect.map(Clock.currentTimeMillis, (startedAt) => {
    const deadlineAt = startedAt + settings.deadlineMillis
    const graceAt = startedAt + settings.graceMillis

    const timedOut = (progress: Progress, now: number): WatchError =>
      progress.last === undefined || progress.executionId === undefined
        ? new ExecutionNotFound({
          associationId: AssociationId,
          ...("ExecutionId" in input ? { executionId: input.ExecutionId } : { createdAfter: input.createdAfter }),
          waitedMillis: now - startedAt,
          polls: progress.polls
        })
        : new WatchTimeout({
          associationId: AssociationId,
          executionId: progress.executionId,
          deadlineMillis: settings.deadlineMillis,
          lastSeen: progress.last
        })

    // Before every poll but the first: the backoff's delay, or the end when no time is left.
    const wait = (progress: Progress): Effect.Effect<void, WatchError> =>
      Effect.gen(function*() {
        if (progress.polls === 0) return
        const upper = delayCeiling(settings, progress.polls)
        const drawn = yield* nextIntBelow(settings.minDelayMillis, Math.floor(upper) + 1)
        const now = yield* Clock.currentTimeMillis
        const next = nextPoll(settings, drawn, deadlineAt - now)
        if (next._tag === "TimeUp") return yield* Effect.fail(timedOut(progress, now))
        yield* Effect.sleep(Duration.millis(next.delayMillis))
      })

    // One poll: the execution, and its targets when it changed; what to emit, and what was learned.
    const poll = (progress: Progress, paging: PaginationOptions) =>
      Effect.gen(function*() {
        const polls = progress.polls + 1
        const execution = yield* find(progress, paging)
        const now = yield* Clock.currentTimeMillis
        if (execution?.ExecutionId === undefined) {
          if (now >= graceAt) return yield* Effect.fail(timedOut({ ...progress, polls }, now))
          return [noStates, { ...progress, polls }] as const
        }
        const ExecutionId = execution.ExecutionId
        const Status = execution.Status ?? ""
        const terminal = settings.terminal.has(Status)
        const changed = progress.last === undefined || changeKey(progress.last.execution) !== changeKey(execution)
        if (!changed && !terminal) {
          return [noStates, { ...progress, polls }] as const
        }
        const targets = yield* readTargets(ExecutionId, paging)
        const finishedTargets = targets.filter((target) =>
          settings.terminal.has(target.Status ?? "") && !progress.finished.has(targetKey(target))
        )
        const state: ExecutionState = {
          AssociationId,
          ExecutionId,
          Status,
          ...(execution.DetailedStatus === undefined ? {} : { DetailedStatus: execution.DetailedStatus }),
          resourceCounts: parseResourceCountByStatus(execution.ResourceCountByStatus ?? ""),
          terminal,
          execution,
          finishedTargets,
          targets,
          observedAt: new Date(yield* Clock.currentTimeMillis)
        }
        const next: Progress = {
          polls,
          executionId: ExecutionId,
          last: state,
          finished: new Set([...progress.finished, ...finishedTargets.map(targetKey)]),
          done: terminal
        }
        return [[state], next] as const
      })

    // A poll's patience with throttling ends at the deadline. A poll still throttled then is a
    // poll that saw nothing: the next one follows the backoff, or the watch ends with what it saw.
    // The stream ends with the step that emits the terminal state.
    const step = (progress: Progress) =>
      Effect.gen(function*() {
        yield* wait(progress)
        const now = yield* Clock.currentTimeMillis
        const skipped = { ...progress, polls: progress.polls + 1 }
        const [states, next] = yield* Effect.catchIf(
          poll(progress, { patienceMillis: Math.max(0, deadlineAt - now) }),
          (error) => error._tag === "ThrottlingError",
          () => Effect.succeed([noStates, skipped] as const)
        )
        return [states, next.done ? Option.none() : Option.some(next)] as const
      })

    return paginateArray(initial, step)
  }))
}

/** The terminal state of the execution; see `AssociationExecutions.Service["awaitExecution"]`. */
export const awaitExecution = (
  describers: Describers,
  input: WatchInput,
  options: WatchOptions
): Effect.Effect<ExecutionState, WatchError> =>
  Effect.flatMap(
    Stream.runLast(watch(describers, input, options)),
    // The stream ends only after a terminal state: an empty one is a bug of this module.
    Option.match({ onNone: () => Effect.die(new Error("a watch ended without a state")), onSome: Effect.succeed })
  )
