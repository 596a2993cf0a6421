/**
 * The read semantics of both operations over the dataset: filters, service order, page size
 * (50 by default, an assumption the spec flags) and where the next page starts.
 */
import type { AssociationRecord, ExecutionRecord, ExecutionTargetRecord } from "./dataset.js"
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

const page = <A>(
  all: ReadonlyArray<A>,
  keep: (item: A) => boolean,
  position: TokenPosition,
  pageSize: number,
  mode: FilterMode
): PageResult<A> => {
  const source = mode === "beforePaging" ? all.filter(keep) : all
  const end = position.offset + pageSize
  const slice = source.slice(position.offset, end)
  return {
    items: mode === "beforePaging" ? slice : slice.filter(keep),
    next: end < source.length ? { page: position.page + 1, offset: end } : undefined
  }
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
    (execution) => filters.every((filter) => matchesExecution(execution, filter)),
    position,
    pageSize,
    mode
  )

/** One page of an execution's targets. */
export const targetsPage = (
  targets: ReadonlyArray<ExecutionTargetRecord>,
  filters: ReadonlyArray<TargetFilter>,
  position: TokenPosition,
  pageSize: number,
  mode: FilterMode
): PageResult<ExecutionTargetRecord> =>
  page(targets, (target) => filters.every((filter) => matchesTarget(target, filter)), position, pageSize, mode)
