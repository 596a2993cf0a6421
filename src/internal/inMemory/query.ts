/**
 * The read semantics of both operations over the dataset: filters, service order, page size
 * (50 by default, an assumption the spec flags) and where the next page starts. A page reads only
 * its own items; a filter before paging scans the items, a block at a time, keeping only the page,
 * and only those within its `CreatedTime` bounds, found by bisection (executions are newest first).
 */
import type { AssociationRecord, ExecutionRecord, ExecutionTargetRecord } from "./dataset.js"
import { scan, type Sequence } from "./sequence.js"
import type { TokenPosition } from "./tokens.js"
import type { ExecutionFilter, TargetFilter } from "./validation.js"

/** The page size when a request has no `MaxResults` (undocumented; 50 is the maximum). */
export const defaultPageSize = 50

/**
 * `beforePaging`: filters select items, pages are cut from the result (full pages).
 * `afterPaging`: pages are cut from all items, then filtered, so pages may be short or empty but
 * still carry a `NextToken`, which clients must follow.
 */
export type FilterMode = "beforePaging" | "afterPaging"

/** One page of items and where the next one starts, if anywhere. */
export interface PageResult<A> {
  readonly items: ReadonlyArray<A>
  readonly next: TokenPosition | undefined
}

const matchesExecution = (execution: ExecutionRecord, filter: ExecutionFilter): boolean => {
  switch (filter.Key) {
    case "ExecutionId":
      return execution.ExecutionId.toLowerCase() === filter.Value.toLowerCase()
    case "Status":
      return execution.Status === filter.Value
    case "CreatedTime": {
      const created = execution.CreatedTime.getTime()
      const bound = filter.millis ?? Number.NaN
      return filter.Type === "EQUAL"
        ? created === bound
        : filter.Type === "LESS_THAN"
        ? created < bound
        : created > bound
    }
  }
}

const matchesTarget = (target: ExecutionTargetRecord, filter: TargetFilter): boolean =>
  (filter.Key === "Status" ? target.Status : filter.Key === "ResourceId" ? target.ResourceId : target.ResourceType) ===
    filter.Value

/** The positions from `start` to `end` that may hold matches; the filters still decide each item. */
interface Candidates {
  readonly start: number
  readonly end: number
}

/**
 * Where executions within the `CreatedTime` filters lie. The service's order puts `CreatedTime`
 * newest first, so each bound splits the list in two, found in O(log n) reads.
 */
const createdTimeCandidates = (
  executions: Sequence<ExecutionRecord>,
  filters: ReadonlyArray<ExecutionFilter>
): Candidates => {
  /** The first position from which on `older(CreatedTime)` holds (it holds for every later one). */
  const firstWhere = (older: (millis: number) => boolean): number => {
    let low = 0
    let high = executions.length
    while (low < high) {
      const middle = Math.floor((low + high) / 2)
      const created = executions.at(middle)?.CreatedTime.getTime() ?? Number.NEGATIVE_INFINITY
      if (older(created)) high = middle
      else low = middle + 1
    }
    return low
  }
  let start = 0
  let end = executions.length
  for (const filter of filters) {
    if (filter.Key !== "CreatedTime") continue
    const bound = filter.millis ?? Number.NaN
    const atOrBefore = () => firstWhere((created) => created <= bound)
    const before = () => firstWhere((created) => created < bound)
    if (filter.Type === "EQUAL") {
      start = Math.max(start, atOrBefore())
      end = Math.min(end, before())
    } else if (filter.Type === "LESS_THAN") {
      start = Math.max(start, before())
    } else {
      end = Math.min(end, atOrBefore())
    }
  }
  return { start, end }
}

const page = <A>(
  all: Sequence<A>,
  keep: ((item: A) => boolean) | undefined,
  position: TokenPosition,
  pageSize: number,
  mode: FilterMode,
  candidates: Candidates = { start: 0, end: all.length }
): PageResult<A> => {
  const end = position.offset + pageSize
  const following = { page: position.page + 1, offset: end }
  if (keep === undefined || mode === "afterPaging") {
    const slice = all.slice(position.offset, end)
    return {
      items: keep === undefined ? slice : slice.filter(keep),
      next: end < all.length ? following : undefined
    }
  }
  // The page is the matches from `offset` to `end`; one match beyond it means another page.
  const items: Array<A> = []
  let matched = 0
  let more = false
  scan(
    all,
    (item) => {
      if (!keep(item)) return true
      if (matched >= end) {
        more = true
        return false
      }
      if (matched >= position.offset) items.push(item)
      matched++
      return true
    },
    candidates.start,
    candidates.end
  )
  return { items, next: more ? following : undefined }
}

/** One page of an association's executions, newest first. */
export const executionsPage = (
  association: AssociationRecord,
  filters: ReadonlyArray<ExecutionFilter>,
  position: TokenPosition,
  pageSize: number,
  mode: FilterMode
): PageResult<ExecutionRecord> =>
  page(
    association.executions,
    filters.length === 0 ? undefined : (execution) => filters.every((filter) => matchesExecution(execution, filter)),
    position,
    pageSize,
    mode,
    createdTimeCandidates(association.executions, filters)
  )

/** One page of an execution's targets. */
export const targetsPage = (
  targets: Sequence<ExecutionTargetRecord>,
  filters: ReadonlyArray<TargetFilter>,
  position: TokenPosition,
  pageSize: number,
  mode: FilterMode
): PageResult<ExecutionTargetRecord> =>
  page(
    targets,
    filters.length === 0 ? undefined : (target) => filters.every((filter) => matchesTarget(target, filter)),
    position,
    pageSize,
    mode
  )
