/**
 * What the in-memory SSM remembers of the requests it served, bounded so that a model serving
 * forever (the local endpoint) stays the same size: the most recent entries of its request log with
 * a total count beside them, and the attempt counters of the pages most recently asked for.
 */
import * as Effect from "effect/Effect"

/** How many requests a model remembers when not told otherwise. */
export const defaultRequestLogLimit = 10_000

/** The limit as given, made usable: a whole number of at least 1 (`Infinity` keeps everything). */
export const requestLogLimit = (limit: number | undefined): number =>
  limit === undefined || Number.isNaN(limit) ? defaultRequestLogLimit : Math.max(1, Math.floor(limit))

/** The most recent `limit` entries, oldest first, and how many were recorded since the last clear. */
export interface RequestLog<A> {
  readonly record: (entry: A) => Effect.Effect<void>
  readonly entries: Effect.Effect<ReadonlyArray<A>>
  readonly total: Effect.Effect<number>
  readonly clear: Effect.Effect<void>
}

/** A log keeping its last `limit` entries in a ring: recording never allocates beyond it. */
export const makeRequestLog = <A>(limit: number): Effect.Effect<RequestLog<A>> =>
  Effect.sync(() => {
    let ring: Array<A> = []
    // Where the next entry goes once the ring is full; before that entries are appended.
    let next = 0
    let total = 0
    return {
      record: (entry) =>
        Effect.sync(() => {
          total++
          if (ring.length < limit) {
            ring.push(entry)
            return
          }
          ring[next] = entry
          next = (next + 1) % limit
        }),
      entries: Effect.sync(() => [...ring.slice(next), ...ring.slice(0, next)]),
      total: Effect.sync(() => total),
      clear: Effect.sync(() => {
        ring = []
        next = 0
        total = 0
      })
    }
  })

/**
 * Attempt counters per key (one page of one listing), at most `limit` of them: the key asked for
 * least recently is forgotten first, so every key asked for within the last `limit` requests keeps
 * its count, and a key forgotten counts from 1 again.
 */
export interface AttemptCounter {
  /** Counts one more attempt at `key` and returns it (1 for the first). */
  readonly next: (key: string) => Effect.Effect<number>
  readonly clear: Effect.Effect<void>
}

/** Counters in a `Map`, whose insertion order is the order of last use. */
export const makeAttemptCounter = (limit: number): Effect.Effect<AttemptCounter> =>
  Effect.sync(() => {
    const counts = new Map<string, number>()
    return {
      next: (key) =>
        Effect.sync(() => {
          const attempt = (counts.get(key) ?? 0) + 1
          // Deleting first moves the key to the end: the most recently used.
          counts.delete(key)
          counts.set(key, attempt)
          if (counts.size > limit) {
            const oldest = counts.keys().next()
            if (oldest.done !== true) counts.delete(oldest.value)
          }
          return attempt
        }),
      clear: Effect.sync(() => counts.clear())
    }
  })
