/**
 * The in-memory SSM's data: associations, their executions in service order, and each
 * execution's targets, either given by the user (held as arrays) or generated from a seed (made on
 * demand from each item's position, so an association of millions holds a few numbers per thousand).
 */
import { hash32, hashSeed, hex32, makeRandomFrom, unitAt } from "./random.js"
import { onDemand, type Sequence } from "./sequence.js"

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
  /** Newest `CreatedTime` first; ties by `ExecutionId`. Generated ones are made when read. */
  readonly executions: Sequence<ExecutionRecord>
  /** The targets of one execution, in the order the service lists them; `undefined` when unknown. */
  readonly targets: (executionId: string) => Sequence<ExecutionTargetRecord> | undefined
  /** The target whose RunCommand output source is `commandId` on `instanceId`, with its execution. */
  readonly commandTarget: (commandId: string, instanceId: string) => CommandTarget | undefined
}

/** A target that ran a Run Command, and the execution it belongs to. */
export interface CommandTarget {
  readonly execution: ExecutionRecord
  readonly target: ExecutionTargetRecord
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
    return {
      AssociationId: association.AssociationId,
      executions,
      targets: (executionId: string) => targets.get(executionId),
      // Data given by a user is small: a walk finds a command.
      commandTarget: (commandId: string, instanceId: string) => {
        for (const execution of executions) {
          const target = targets.get(execution.ExecutionId)?.find((candidate) =>
            candidate.OutputSource?.OutputSourceId === commandId && candidate.ResourceId === instanceId
          )
          if (target !== undefined) return { execution, target }
        }
        return undefined
      }
    }
  })

/** How to generate a dataset. */
export interface GenerateOptions {
  /** Same seed, same data. */
  readonly seed: number | string
  /** @default 3 */
  readonly associations?: number
  /**
   * Executions are made when a request reads them, so millions cost little memory. Beyond a few
   * thousand, executions come closer together, so the oldest is at most about five years old.
   * @default 60
   */
  readonly executionsPerAssociation?: number
  /**
   * The newest execution is at most a few hours before this instant. Fixed by default so the
   * model's data does not depend on the wall clock; `LocalEndpoint` sets it to when it starts,
   * unless given. The instant moves every execution's times alike: ids, statuses and order stay.
   * @default 2025-06-01T12:00:00.000Z
   */
  readonly now?: Date
}

/** One generated association: the `index`-th of `seed`, whatever the others are. */
export interface AssociationShape {
  readonly seed: number | string
  readonly index: number
  readonly executions: number
  /** Every execution ran on this many resources. @default 1 to 6, at random */
  readonly targetsPerExecution?: number | undefined
  readonly now?: Date | undefined
}

const alarmNames = ["ssm-assoc-cpu-high", "ssm-assoc-disk-full", "patch-compliance-drift"] as const
const minute = 60_000
const hour = 60 * minute
const year = 365.25 * 24 * hour

/** Renders counts the way SSM does: `{Failed=1, Success=3}`, statuses sorted, none of zero. */
const renderCounts = (status: string, resources: number, failed: number): string => {
  if (status === "Pending") return resources > 0 ? `{Pending=${resources}}` : "{}"
  const succeeded = resources - failed
  return failed > 0 && succeeded > 0
    ? `{Failed=${failed}, Success=${succeeded}}`
    : failed > 0
    ? `{Failed=${failed}}`
    : succeeded > 0
    ? `{Success=${succeeded}}`
    : "{}"
}

/**
 * A managed node's id from 17 hex digits already drawn: about a quarter are hybrid nodes (`mi-`,
 * on-premises servers and VMs registered with an activation), the rest EC2 instances (`i-`). SSM
 * reports `ManagedInstance` as the resource type of both. The kind comes from the first digit, not
 * from another draw.
 */
const resourceId = (digits: string): string => `${"0123".includes(digits.charAt(0)) ? "mi" : "i"}-${digits}`

/** Running quantities are kept at every `checkpointEvery`-th execution, and walked from there. */
export const checkpointEvery = 1024

// What each of an association's keys is for; every random value is a hash of a key and a position.
const salt = { tie: 1, gap: 2, version: 3, execution: 4, targets: 5, permutation: 6 } as const

// A command id's first group is its execution's position, permuted and masked so that it differs
// from the execution id's; its second group is the target's position.
const commandMask = 0x5a5a5a5a

/**
 * A keyed bijection of 32-bit numbers (a 4-round Feistel network): an execution's position becomes
 * the first group of its id, so the id leads back to its position without an index of ids.
 */
const permutation = (key: number) => {
  const rounds = [0, 1, 2, 3].map((round) => hash32(key, round))
  const forward = (value: number): number => {
    let left = value >>> 16
    let right = value & 0xffff
    for (const round of rounds) {
      const mixed = left ^ (hash32(round, right) & 0xffff)
      left = right
      right = mixed
    }
    return ((left << 16) | right) >>> 0
  }
  const backward = (value: number): number => {
    let left = value >>> 16
    let right = value & 0xffff
    for (let round = rounds.length - 1; round >= 0; round--) {
      const mixed = right ^ (hash32(rounds[round] ?? 0, left) & 0xffff)
      right = left
      left = mixed
    }
    return ((left << 16) | right) >>> 0
  }
  return { forward, backward }
}

/** What an execution's targets are made from. */
interface Drawn {
  readonly record: ExecutionRecord
  /** The root of its targets' random values. */
  readonly targetsKey: number
  readonly resourceCount: number
  readonly failedCount: number
}

/**
 * One association generated on demand. Its executions' random values are hashes of the
 * association's key and their position; the two running quantities (`CreatedTime` going back,
 * `AssociationVersion` going up) are summed once at creation and kept every {@link checkpointEvery}
 * executions, so reading any one walks at most that many steps and the association holds
 * O(executions / checkpointEvery) numbers.
 */
export const generateAssociation = (shape: AssociationShape): AssociationRecord => {
  const key = hash32(hashSeed(shape.seed), shape.index)
  const keyOf = (purpose: number) => hash32(key, purpose)
  const tieKey = keyOf(salt.tie)
  const gapKey = keyOf(salt.gap)
  const versionKey = keyOf(salt.version)
  const executionKey = keyOf(salt.execution)
  const { backward, forward } = permutation(keyOf(salt.permutation))
  const length = Math.max(0, Math.floor(shape.executions))

  const random = makeRandomFrom(key)
  const AssociationId = random.uuid()
  const alarmName = random.pick(alarmNames)
  const alarmConfiguration: AlarmConfigurationRecord | undefined = random.chance(0.35)
    ? { IgnorePollAlarmFailure: random.chance(0.3), Alarms: [{ Name: alarmName }] }
    : undefined
  const newest = (shape.now ?? new Date("2025-06-01T12:00:00.000Z")).getTime() - random.integer(minute, 6 * hour)

  // 10 minutes to 26 hours apart; closer for long histories, so the oldest stays within five years.
  const maxGap = Math.max(1, Math.min(26 * hour, Math.floor(2 * 5 * year / Math.max(length, 1))))
  const minGap = Math.max(1, Math.min(10 * minute, Math.floor(maxGap / 156)))
  // Now and then an execution starts in the same millisecond as the one before, as scheduled runs
  // do; only when its id sorts after that one's, so ties stay in the service's order.
  const tied = (index: number) => unitAt(tieKey, index) < 0.06 && forward(index - 1) < forward(index)
  /** How long before execution `index - 1` execution `index` started (`index >= 1`). */
  const gap = (index: number) => tied(index) ? 0 : minGap + Math.floor(unitAt(gapKey, index) * (maxGap - minGap + 1))
  // A new version every dozen executions or so; for long histories, a few hundred versions in all.
  const bumpChance = Math.min(0.08, 250 / Math.max(length, 1))
  /** 1 when execution `index` runs a newer version than the one before it in time (`index + 1`). */
  const bump = (index: number) => index < length - 1 && unitAt(versionKey, index) < bumpChance ? 1 : 0

  const blocks = Math.ceil(length / checkpointEvery)
  const checkpointTimes = new Float64Array(blocks)
  const checkpointBumps = new Float64Array(blocks)
  let time = newest
  let bumps = 0
  for (let index = 0; index < length; index++) {
    if (index > 0) time -= gap(index)
    if (index % checkpointEvery === 0) {
      checkpointTimes[index / checkpointEvery] = time
      checkpointBumps[index / checkpointEvery] = bumps
    }
    bumps += bump(index)
  }
  // Versions only grow with time: the oldest runs version 1, each bump after it adds one.
  const totalBumps = bumps

  const draw = (index: number, createdTime: number, bumpsBefore: number): Drawn => {
    const state = hash32(executionKey, index)
    const random = makeRandomFrom(state)
    const ExecutionId = `${hex32(forward(index))}-${random.hex(4)}-4${random.hex(3)}-${"89ab"[random.integer(0, 3)]}${
      random.hex(3)
    }-${random.hex(12)}`
    const roll = random.next()
    const status = index === 0 && random.chance(0.5)
      ? "Pending"
      : roll < 0.72
      ? "Success"
      : roll < 0.95
      ? "Failed"
      : "Pending"
    const resourceCount = shape.targetsPerExecution === undefined
      ? random.integer(1, 6)
      : Math.max(0, Math.floor(shape.targetsPerExecution))
    const failedCount = status === "Failed" && resourceCount > 0 ? random.integer(1, resourceCount) : 0
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
    const record: ExecutionRecord = {
      AssociationId,
      AssociationVersion: String(1 + totalBumps - bumpsBefore),
      ExecutionId,
      Status: status,
      DetailedStatus: detailedStatus,
      CreatedTime: new Date(createdTime),
      ...(lastExecution === undefined ? {} : { LastExecutionDate: lastExecution }),
      ResourceCountByStatus: renderCounts(status, resourceCount, failedCount),
      ...(alarmConfiguration === undefined ? {} : { AlarmConfiguration: alarmConfiguration }),
      ...(triggered === undefined ? {} : { TriggeredAlarms: [{ Name: alarmName, State: triggered }] })
    }
    return { record, targetsKey: hash32(state, salt.targets), resourceCount, failedCount }
  }

  /** Executions `start` to `end - 1`, walked from the checkpoint at or before `start`. */
  const drawRange = (start: number, end: number): ReadonlyArray<Drawn> => {
    const block = Math.floor(start / checkpointEvery)
    let createdTime = checkpointTimes[block] ?? newest
    let bumpsBefore = checkpointBumps[block] ?? 0
    const drawn: Array<Drawn> = []
    for (let index = block * checkpointEvery; index < end; index++) {
      if (index > block * checkpointEvery) {
        createdTime -= gap(index)
        bumpsBefore += bump(index - 1)
      }
      if (index >= start) drawn.push(draw(index, createdTime, bumpsBefore))
    }
    return drawn
  }

  const targetsOf = (
    { failedCount, record, resourceCount, targetsKey }: Drawn,
    position: number
  ): Sequence<ExecutionTargetRecord> =>
    onDemand(resourceCount, (start, end) => {
      const targets: Array<ExecutionTargetRecord> = []
      for (let index = start; index < end; index++) {
        const random = makeRandomFrom(hash32(targetsKey, index))
        const status = record.Status === "Pending" ? "Pending" : index < failedCount ? "Failed" : "Success"
        targets.push({
          AssociationId,
          AssociationVersion: record.AssociationVersion ?? "1",
          ExecutionId: record.ExecutionId,
          ResourceId: resourceId(random.hex(17)),
          ResourceType: "ManagedInstance",
          Status: status,
          DetailedStatus: status === "Failed" ? record.DetailedStatus ?? "Failed" : status,
          ...(record.LastExecutionDate === undefined ? {} : {
            LastExecutionDate: record.LastExecutionDate,
            OutputSource: {
              OutputSourceId: `${hex32((forward(position) ^ commandMask) >>> 0)}-${
                index.toString(16).padStart(4, "0")
              }-${random.uuid().slice(14)}`,
              OutputSourceType: "RunCommand"
            }
          })
        })
      }
      return targets
    })

  return {
    AssociationId,
    executions: onDemand(length, (start, end) => drawRange(start, end).map((drawn) => drawn.record)),
    // The id's first group leads back to the position; the whole id must then match.
    targets: (executionId) => {
      const group = executionId.slice(0, 8)
      if (!/^[0-9a-f]{8}$/.test(group)) return undefined
      const index = backward(Number.parseInt(group, 16))
      if (index >= length) return undefined
      const [drawn] = drawRange(index, index + 1)
      return drawn?.record.ExecutionId === executionId ? targetsOf(drawn, index) : undefined
    },
    // The id's first two groups lead back to the execution and the target; the whole id must then match.
    commandTarget: (commandId, instanceId) => {
      const [group, targetGroup] = commandId.split("-")
      if (group === undefined || targetGroup === undefined || !/^[0-9a-f]{8}$/.test(group)) return undefined
      if (!/^[0-9a-f]{4}$/.test(targetGroup)) return undefined
      const index = backward((Number.parseInt(group, 16) ^ commandMask) >>> 0)
      if (index >= length) return undefined
      const [drawn] = drawRange(index, index + 1)
      if (drawn === undefined) return undefined
      const target = targetsOf(drawn, index).at(Number.parseInt(targetGroup, 16))
      return target?.OutputSource?.OutputSourceId === commandId && target.ResourceId === instanceId
        ? { execution: drawn.record, target }
        : undefined
    }
  }
}

/** A realistic dataset fixed by `options.seed`, made on demand. */
export const generate = (options: GenerateOptions): ReadonlyArray<AssociationRecord> =>
  Array.from({ length: options.associations ?? 3 }, (_, index) =>
    generateAssociation({
      seed: options.seed,
      index,
      executions: options.executionsPerAssociation ?? 60,
      now: options.now
    }))
