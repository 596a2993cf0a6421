/**
 * What the listing commands report on stderr: a progress line redrawn a few times a second while pages arrive
 * (pages, items, requests, retries, throttles, rate, elapsed), and a summary at the end (counts by
 * status, the CreatedTime span, pages, requests, retries, elapsed). Request counts come from the
 * service's metrics, taken as differences so earlier work in the same process does not count.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { AssociationExecution } from "ssm-association-executions/DescribeAssociationExecutions"
import * as Metrics from "ssm-association-executions/Metrics"
import { CliOutput } from "./output.js"

/** What has been printed so far. */
export interface ListStats {
  readonly pages: number
  readonly items: number
  /** Executions per `Status`, in order of first appearance. */
  readonly statusCounts: ReadonlyArray<readonly [string, number]>
  /** Epoch milliseconds of the oldest and newest CreatedTime printed. */
  readonly oldestCreated: number | undefined
  readonly newestCreated: number | undefined
}

/** Nothing printed yet. */
export const emptyStats: ListStats = {
  pages: 0,
  items: 0,
  statusCounts: [],
  oldestCreated: undefined,
  newestCreated: undefined
}

/** What the stats count of one item: its status and its time (for the span). */
export interface ItemFacts {
  readonly status: string | undefined
  readonly time: Date | undefined
}

/** The stats after one more page of executions. */
export const addPage = (stats: ListStats, executions: ReadonlyArray<AssociationExecution>): ListStats =>
  addItems(stats, executions.map((execution) => ({ status: execution.Status, time: execution.CreatedTime })))

/** The stats after one more page of any items, given their facts. */
export const addItems = (stats: ListStats, items: ReadonlyArray<ItemFacts>): ListStats => {
  const counts = new Map(stats.statusCounts)
  let oldest = stats.oldestCreated
  let newest = stats.newestCreated
  for (const item of items) {
    const status = item.status ?? "(none)"
    counts.set(status, (counts.get(status) ?? 0) + 1)
    const created = item.time?.getTime()
    if (created !== undefined && !Number.isNaN(created)) {
      oldest = oldest === undefined ? created : Math.min(oldest, created)
      newest = newest === undefined ? created : Math.max(newest, created)
    }
  }
  return {
    pages: stats.pages + 1,
    items: stats.items + items.length,
    statusCounts: [...counts],
    oldestCreated: oldest,
    newestCreated: newest
  }
}

/** Requests sent, retries made and throttling answers received. */
export interface RequestCounts {
  readonly requests: number
  readonly retries: number
  readonly throttles: number
}

/** The service's request counters now (cumulative for the process). */
export const requestCounts: Effect.Effect<RequestCounts> = Effect.map(
  Effect.all([
    Metric.value(Metrics.requests),
    Metric.value(Metrics.retries),
    Metric.value(Metrics.throttles)
  ]),
  ([requests, retries, throttles]) => ({
    requests: requests.count,
    retries: retries.count,
    throttles: throttles.count
  })
)

/** The counts between two snapshots. */
export const countsSince = (before: RequestCounts, after: RequestCounts): RequestCounts => ({
  requests: after.requests - before.requests,
  retries: after.retries - before.retries,
  throttles: after.throttles - before.throttles
})

/** `850ms`, `4.2s`, `2m05s`. */
export const formatElapsed = (millis: number): string => {
  if (millis < 1_000) return `${Math.round(millis)}ms`
  if (millis < 60_000) return `${(millis / 1_000).toFixed(1)}s`
  const seconds = Math.floor(millis / 1_000)
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`
}

/** `1 page`, `2 pages`. */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/** The progress line (without the escape codes that redraw it). */
export const progressLine = (stats: ListStats, counts: RequestCounts, elapsedMillis: number): string => {
  const rate = elapsedMillis <= 0 ? 0 : Math.round(stats.items / (elapsedMillis / 1_000))
  return [
    plural(stats.pages, "page"),
    plural(stats.items, "item"),
    plural(counts.requests, "request"),
    plural(counts.retries, "retry", "retries"),
    `${counts.throttles} throttled`,
    `${rate} items/s`,
    formatElapsed(elapsedMillis)
  ].join(" · ")
}

/** The summary of `list`, several lines ending in a newline. */
export const summary = (
  stats: ListStats,
  counts: RequestCounts,
  elapsedMillis: number,
  associations: number
): string =>
  summaryOf(stats, counts, elapsedMillis, {
    head: `${plural(stats.items, "execution")} from ${plural(associations, "association")} in ${
      plural(stats.pages, "page")
    }`,
    timeLabel: "CreatedTime"
  })

/** The summary printed at the end: `head`, then counts by status, the time span, requests and time. */
export const summaryOf = (
  stats: ListStats,
  counts: RequestCounts,
  elapsedMillis: number,
  labels: { readonly head: string; readonly timeLabel: string }
): string => {
  const statuses = stats.statusCounts.length === 0
    ? "-"
    : [...stats.statusCounts].sort(([, left], [, right]) => right - left).map(([status, count]) => `${status} ${count}`)
      .join(" · ")
  const span = stats.oldestCreated === undefined || stats.newestCreated === undefined
    ? "-"
    : `${new Date(stats.oldestCreated).toISOString()} .. ${new Date(stats.newestCreated).toISOString()}`
  return [
    labels.head,
    `  by status    ${statuses}`,
    `  ${labels.timeLabel.padEnd(11)}  ${span}`,
    `  requests     ${counts.requests} (${plural(counts.retries, "retry", "retries")}, ${counts.throttles} throttled)`,
    `  elapsed      ${formatElapsed(elapsedMillis)}`
  ].map((line) => `${line}\n`).join("")
}

/** A progress line on stderr. */
export interface Progress {
  /** Runs `effect` (which writes to stdout) with the line erased and not redrawn meanwhile. */
  readonly printing: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/** No progress line at all. */
export const silent: Progress = { printing: (effect) => effect }

const eraseLine = "\r\u001b[2K"

/**
 * Redraws `render` on stderr every `intervalMillis` until the scope closes, which erases it. Only
 * the latest state is drawn, so a fast listing costs a few writes a second, not one per page.
 */
export const start = (
  render: Effect.Effect<string>,
  intervalMillis = 200
): Effect.Effect<Progress, never, CliOutput | Scope.Scope> =>
  Effect.gen(function*() {
    const output = yield* CliOutput
    // The text on screen, if any: printing to stdout erases it, then puts the same text back, so the
    // content still changes only once per interval.
    const shown = yield* Ref.make<string | undefined>(undefined)
    const lock = yield* Effect.makeSemaphore(1)
    const show = (line: string) => Effect.zipRight(output.writeError(`${eraseLine}${line}`), Ref.set(shown, line))
    const draw = lock.withPermits(1)(Effect.flatMap(render, show))
    const erase = Effect.flatMap(Ref.get(shown), (line) =>
      line === undefined ? Effect.void : output.writeError(eraseLine))
    yield* Effect.addFinalizer(() =>
      lock.withPermits(1)(Effect.zipRight(erase, Ref.set(shown, undefined)))
    )
    yield* Effect.forkScoped(Effect.repeat(draw, Schedule.spaced(Duration.millis(intervalMillis))))
    return {
      printing: (effect) =>
        lock.withPermits(1)(
          Effect.zipRight(
            erase,
            Effect.tap(
              effect,
              () => Effect.flatMap(Ref.get(shown), (line) => line === undefined ? Effect.void : show(line))
            )
          )
        )
    }
  })

/** Milliseconds since `startedAt` on Effect's `Clock`. */
export const elapsedSince = (startedAt: number): Effect.Effect<number> =>
  Effect.map(Clock.currentTimeMillis, (now) => now - startedAt)
