/**
 * A list read by position, so the model serves data it makes on demand (a generated association of
 * millions of executions) the same way as data it was given: an array is a sequence as it is.
 */

/** A list read by position: its length, one item, a range of items. */
export interface Sequence<A> {
  readonly length: number
  /** The item at `index` (a negative one counts from the end), `undefined` outside the list. */
  readonly at: (index: number) => A | undefined
  /** The items from `start` up to, not including, `end`, as `Array.prototype.slice` takes them. */
  readonly slice: (start?: number, end?: number) => ReadonlyArray<A>
}

// Array.prototype.slice's reading of a bound: whole numbers, negatives from the end, clamped.
const bound = (value: number | undefined, absent: number, length: number): number => {
  if (value === undefined) return absent
  const whole = Number.isNaN(value) ? 0 : Math.trunc(value)
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length)
}

/**
 * A sequence of `length` items made by `range(start, end)` when asked for (`0 <= start < end <=
 * length`), never kept: each call makes its items afresh.
 */
export const onDemand = <A>(
  length: number,
  range: (start: number, end: number) => ReadonlyArray<A>
): Sequence<A> => ({
  length,
  at: (index) => {
    const whole = Number.isNaN(index) ? 0 : Math.trunc(index)
    const position = whole < 0 ? length + whole : whole
    return position >= 0 && position < length ? range(position, position + 1)[0] : undefined
  },
  slice: (start, end) => {
    const from = bound(start, 0, length)
    const to = bound(end, length, length)
    return from < to ? range(from, to) : []
  }
})

/** How many items a scan makes at a time: one block is all it holds. */
export const scanBlock = 1024

/**
 * Visits the items from `start` to `end` in order, `scanBlock` at a time, so that a scan of a
 * generated sequence never holds more than one block; stops early when `visit` returns `false`.
 */
export const scan = <A>(
  sequence: Sequence<A>,
  visit: (item: A) => boolean,
  start = 0,
  end = sequence.length
): void => {
  for (let from = start; from < end; from += scanBlock) {
    for (const item of sequence.slice(from, Math.min(from + scanBlock, end))) {
      if (!visit(item)) return
    }
  }
}

/**
 * `base` (sorted by `compare`) with the few `extra` items placed where `compare` puts them, read
 * by position like `base`: each extra item's place is found by bisection, nothing is copied.
 */
export const mergeSorted = <A>(
  base: Sequence<A>,
  extra: ReadonlyArray<A>,
  compare: (left: A, right: A) => number
): Sequence<A> => {
  if (extra.length === 0) return base
  const sorted = [...extra].sort(compare)
  const first = base.at(0)
  // Where each extra item lands in the merged list: its place in `base`, plus the extras before it.
  const places = sorted.map((item, index) => {
    // New runs are usually the newest of all: one read, not a bisection of a generated history.
    if (first === undefined || compare(item, first) < 0) return index
    let low = 0
    let high = base.length
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      const at = base.at(middle)
      if (at !== undefined && compare(at, item) <= 0) low = middle + 1
      else high = middle
    }
    return low + index
  })
  const extrasBefore = (position: number) => places.filter((place) => place < position).length
  return onDemand(base.length + sorted.length, (start, end) => {
    const fromBase = base.slice(start - extrasBefore(start), end - extrasBefore(end))
    const items: Array<A> = []
    let next = 0
    for (let position = start; position < end; position++) {
      const extraIndex = places.indexOf(position)
      const item = extraIndex >= 0 ? sorted[extraIndex] : fromBase[next++]
      if (item !== undefined) items.push(item)
    }
    return items
  })
}
