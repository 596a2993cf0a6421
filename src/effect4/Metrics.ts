/**
 * Counters every layer of this package updates, for dashboards and progress lines: attempts,
 * retries and throttles per request, pages and items per stream. Read them with `Metric.value`.
 */
import * as Metric from "effect/Metric"

/** Attempts sent, the first included. */
export const requests: Metric.Counter<number> = Metric.counter(
  "ssm_association_executions_requests_total",
  { description: "DescribeAssociationExecutions attempts sent, first attempts and retries", incremental: true }
)

/** Retries scheduled. */
export const retries: Metric.Counter<number> = Metric.counter(
  "ssm_association_executions_retries_total",
  { description: "DescribeAssociationExecutions retries after a throttling or transient error", incremental: true }
)

/** Attempts answered with throttling. */
export const throttles: Metric.Counter<number> = Metric.counter(
  "ssm_association_executions_throttles_total",
  { description: "DescribeAssociationExecutions attempts throttled by AWS", incremental: true }
)

/** Pages delivered by streams. */
export const pages: Metric.Counter<number> = Metric.counter("ssm_association_executions_pages", {
  description: "Pages of DescribeAssociationExecutions delivered by streams",
  incremental: true
})

/** Items delivered by streams. */
export const items: Metric.Counter<number> = Metric.counter("ssm_association_executions_items", {
  description: "Association executions delivered by streams",
  incremental: true
})
