/**
 * The in-memory SSM's data: associations, their executions in service order, and each
 * execution's targets, either given by the user or generated from a seed.
 */
import { makeRandom } from "./random.js"

/** A CloudWatch alarm an association watches. */
export interface AlarmRecord {
  readonly Name: string
}

/** Alarm settings copied onto each execution. */
export interface AlarmConfigurationRecord {
  readonly IgnorePollAlarmFailure?: boolean
  readonly Alarms: ReadonlyArray<AlarmRecord>
}

/** An alarm that fired during an execution (`State` is `ALARM` or `UNKNOWN`). */
export interface TriggeredAlarmRecord {
  readonly Name: string
  readonly State: string
}

/** One execution as the service returns it (timestamps as `Date`, millisecond precision). */
export interface ExecutionRecord {
  readonly AssociationId: string
  readonly AssociationVersion?: string
  readonly ExecutionId: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly CreatedTime: Date
  readonly LastExecutionDate?: Date
  readonly ResourceCountByStatus?: string
  readonly AlarmConfiguration?: AlarmConfigurationRecord
  readonly TriggeredAlarms?: ReadonlyArray<TriggeredAlarmRecord>
}

/** One resource an execution ran on, as `DescribeAssociationExecutionTargets` returns it. */
export interface ExecutionTargetRecord {
  readonly AssociationId: string
  readonly AssociationVersion?: string
  readonly ExecutionId: string
  readonly ResourceId: string
  readonly ResourceType: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly LastExecutionDate?: Date
  readonly OutputSource?: { readonly OutputSourceId: string; readonly OutputSourceType: string }
}

/** An execution given by the user; `AssociationId` defaults to its association's. */
export interface ExecutionInput extends Omit<ExecutionRecord, "AssociationId"> {
  readonly AssociationId?: string
  readonly targets?: ReadonlyArray<Omit<ExecutionTargetRecord, "AssociationId" | "ExecutionId">>
}

/** An association given by the user. Executions may come in any order. */
export interface AssociationInput {
  readonly AssociationId: string
  readonly executions: ReadonlyArray<ExecutionInput>
}

/** One association with its executions in service order and the targets of each execution. */
export interface AssociationRecord {
  readonly AssociationId: string
  /** Newest `CreatedTime` first; ties by `ExecutionId`. */
  readonly executions: ReadonlyArray<ExecutionRecord>
  /** Targets per `ExecutionId`, in the order the service lists them. */
  readonly targets: ReadonlyMap<string, ReadonlyArray<ExecutionTargetRecord>>
}

/** The service's order: newest `CreatedTime` first, ties broken by `ExecutionId`. */
export const serviceOrder = (left: ExecutionRecord, right: ExecutionRecord): number =>
  right.CreatedTime.getTime() - left.CreatedTime.getTime() ||
  (left.ExecutionId < right.ExecutionId ? -1 : left.ExecutionId > right.ExecutionId ? 1 : 0)

const toMillisecond = (date: Date) => new Date(Math.round(date.getTime()))

/** Normalizes user data: association ids filled in, dates cut to milliseconds, service order. */
export const fromInput = (associations: ReadonlyArray<AssociationInput>): ReadonlyArray<AssociationRecord> =>
  associations.map((association) => {
    const executions = association.executions.map(({ targets: _targets, ...execution }): ExecutionRecord => ({
      ...execution,
      AssociationId: association.AssociationId,
      CreatedTime: toMillisecond(execution.CreatedTime),
      ...(execution.LastExecutionDate === undefined
        ? {}
        : { LastExecutionDate: toMillisecond(execution.LastExecutionDate) })
    })).sort(serviceOrder)
    const targets = new Map(association.executions.map((execution) => [
      execution.ExecutionId,
      (execution.targets ?? []).map((target): ExecutionTargetRecord => ({
        ...target,
        AssociationId: association.AssociationId,
        ExecutionId: execution.ExecutionId,
        ...(execution.AssociationVersion === undefined || target.AssociationVersion !== undefined
          ? {}
          : { AssociationVersion: execution.AssociationVersion })
      }))
    ]))
    return { AssociationId: association.AssociationId, executions, targets }
  })

/** How to generate a dataset. */
export interface GenerateOptions {
  /** Same seed, same data. */
  readonly seed: number | string
  /** @default 3 */
  readonly associations?: number
  /** @default 60 */
  readonly executionsPerAssociation?: number
  /**
   * The newest execution is at most a few hours before this instant. Fixed by default so the
   * data does not depend on the wall clock.
   * @default 2025-06-01T12:00:00.000Z
   */
  readonly now?: Date
}

const alarmNames = ["ssm-assoc-cpu-high", "ssm-assoc-disk-full", "patch-compliance-drift"] as const
const minute = 60_000
const hour = 60 * minute

/** Renders counts the way SSM does: `{Failed=1, Success=3}`, statuses sorted. */
export const renderResourceCounts = (statuses: ReadonlyArray<string>): string => {
  const counts = new Map<string, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return `{${[...counts.keys()].sort().map((status) => `${status}=${counts.get(status) ?? 0}`).join(", ")}}`
}

/**
 * A managed node's id from 17 hex digits already drawn: about a quarter are hybrid nodes (`mi-`,
 * on-premises servers and VMs registered with an activation), the rest EC2 instances (`i-`). SSM
 * reports `ManagedInstance` as the resource type of both. The kind comes from the first digit, not
 * from another draw, so every later random value (and every dataset other tests rely on) stays put.
 */
const resourceId = (digits: string): string => `${"0123".includes(digits.charAt(0)) ? "mi" : "i"}-${digits}`

/** A realistic dataset fixed by `options.seed`. */
export const generate = (options: GenerateOptions): ReadonlyArray<AssociationInput> => {
  const random = makeRandom(options.seed)
  const now = (options.now ?? new Date("2025-06-01T12:00:00.000Z")).getTime()
  const associationCount = options.associations ?? 3
  const executionCount = options.executionsPerAssociation ?? 60
  return Array.from({ length: associationCount }, (): AssociationInput => {
    const AssociationId = random.uuid()
    const alarmName = random.pick(alarmNames)
    const alarmConfiguration: AlarmConfigurationRecord | undefined = random.chance(0.35)
      ? { IgnorePollAlarmFailure: random.chance(0.3), Alarms: [{ Name: alarmName }] }
      : undefined
    // Newest first; now and then two executions start in the same millisecond, as scheduled runs do.
    const createdTimes: Array<number> = []
    let time = now - random.integer(minute, 6 * hour)
    for (let index = 0; index < executionCount; index++) {
      if (index > 0 && !random.chance(0.03)) time -= random.integer(10 * minute, 26 * hour)
      createdTimes.push(time)
    }
    // Versions only grow with time, so assign them oldest first.
    const versions: Array<string> = []
    let version = 1
    for (let index = executionCount - 1; index >= 0; index--) {
      if (index < executionCount - 1 && random.chance(0.08)) version++
      versions[index] = String(version)
    }
    const executions = createdTimes.map((createdTime, index): ExecutionInput => {
      const ExecutionId = random.uuid()
      const roll = random.next()
      const status = index === 0 && random.chance(0.5)
        ? "Pending"
        : roll < 0.72
        ? "Success"
        : roll < 0.95
        ? "Failed"
        : "Pending"
      const resourceCount = random.integer(1, 6)
      const failedCount = status === "Failed" ? random.integer(1, resourceCount) : 0
      const targetStatuses = Array.from(
        { length: resourceCount },
        (_, target) => status === "Pending" ? "Pending" : target < failedCount ? "Failed" : "Success"
      )
      const detailedStatus = status === "Failed"
        ? random.chance(0.2) ? "TimedOut" : "Failed"
        : status === "Pending"
        ? random.chance(0.5) ? "InProgress" : "Pending"
        : "Success"
      const lastExecution = status === "Pending" ? undefined : new Date(createdTime + random.integer(800, 90_000))
      const triggered = alarmConfiguration === undefined
        ? undefined
        : status === "Failed" && random.chance(0.7)
        ? "ALARM"
        : random.chance(0.1)
        ? "UNKNOWN"
        : undefined
      const associationVersion = versions[index] ?? "1"
      return {
        AssociationVersion: associationVersion,
        ExecutionId,
        Status: status,
        DetailedStatus: detailedStatus,
        CreatedTime: new Date(createdTime),
        ...(lastExecution === undefined ? {} : { LastExecutionDate: lastExecution }),
        ResourceCountByStatus: renderResourceCounts(targetStatuses),
        ...(alarmConfiguration === undefined ? {} : { AlarmConfiguration: alarmConfiguration }),
        ...(triggered === undefined ? {} : { TriggeredAlarms: [{ Name: alarmName, State: triggered }] }),
        targets: targetStatuses.map((targetStatus) => ({
          AssociationVersion: associationVersion,
          ResourceId: resourceId(random.hex(17)),
          ResourceType: "ManagedInstance",
          Status: targetStatus,
          DetailedStatus: targetStatus === "Failed" ? detailedStatus : targetStatus,
          ...(lastExecution === undefined ? {} : {
            LastExecutionDate: lastExecution,
            OutputSource: { OutputSourceId: random.uuid(), OutputSourceType: "RunCommand" }
          })
        }))
      }
    })
    return { AssociationId, executions }
  })
}
