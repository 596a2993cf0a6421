/**
 * Runs started with StartAssociationsOnce in the in-memory SSM, told by the model's clock: the new
 * execution becomes visible after a short delay, stays Pending for a moment, is InProgress while
 * its targets finish one by one, and ends Success or Failed. Each finished target of a Command
 * document has a RunCommand output source whose invocation GetCommandInvocation answers.
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { type AssociationRecord, type ExecutionRecord, type ExecutionTargetRecord, serviceOrder } from "./dataset.js"
import type { InvocationPlan, OutputBucket } from "./invocations.js"
import { hash32, hashSeed, makeRandomFrom, unitAt } from "./random.js"
import { mergeSorted } from "./sequence.js"

/** How started runs behave. */
export interface RunOptions {
  /**
   * From creation to the last target finished, in milliseconds: the first part Pending, the rest
   * InProgress, the targets finishing at even steps.
   * @default 20000
   */
  readonly durationMillis?: number | undefined
  /**
   * How long a new execution stays invisible (as AWS's are, for a moment) to
   * DescribeAssociationExecutions and its targets.
   * @default 2000
   */
  readonly visibleAfterMillis?: number | undefined
  /**
   * The share of targets that fail, each decided from the run's id (so the same run always fails
   * the same way). `0` and `1` make every run succeed or fail.
   * @default 0.25
   */
  readonly failureRate?: number | undefined
  /**
   * How many resources a run targets when the association has no earlier execution to copy them from.
   * @default 3
   */
  readonly targets?: number | undefined
  /**
   * The document the associations run. A `Command` document's finished targets have a RunCommand
   * output source; an `Automation` document's have none.
   * @default { name: "AWS-RunShellScript", type: "Command" }
   */
  readonly document?: { readonly name: string; readonly type: "Command" | "Automation" } | undefined
  /**
   * Lines of stdout each invocation writes; beyond about 240 the 24,000-character cut shows.
   * @default 3 to 12, from the command id
   */
  readonly outputLines?: number | undefined
  /** The S3 bucket commands write their whole output to; invocations then carry its URLs. */
  readonly outputBucket?: OutputBucket | undefined
}

/** One resource of a started run, and what will happen on it. */
export interface StartedTarget {
  readonly ResourceId: string
  readonly ResourceType: string
  /** The Run Command that runs on it (`undefined` for an Automation document). */
  readonly CommandId: string | undefined
  readonly failed: boolean
  /** Epoch milliseconds. */
  readonly finishedAt: number
}

/** One run started by StartAssociationsOnce: its plan, from which every state is read by time. */
export interface StartedRun {
  readonly AssociationId: string
  readonly AssociationVersion: string
  readonly ExecutionId: string
  readonly DocumentName: string
  /** Epoch milliseconds, on the model's clock: created, visible, targets started, all finished. */
  readonly createdAt: number
  readonly visibleAt: number
  readonly startedAt: number
  readonly finishedAt: number
  readonly targets: ReadonlyArray<StartedTarget>
}

/** The runs a model started, and how it starts them. */
export interface RunStore {
  /** Starts one run of each association (all exist) at `now`. */
  readonly start: (associations: ReadonlyArray<AssociationRecord>, now: number) => Effect.Effect<void>
  /** Every run still kept (the last {@link keptRuns}), oldest first. */
  readonly all: Effect.Effect<ReadonlyArray<StartedRun>>
  readonly settings: RunOptions
}

/** A model serving for days forgets its oldest runs beyond this many. */
export const keptRuns = 1000

const uuidFrom = (state: number) => makeRandomFrom(state).uuid()

const plan = (
  association: AssociationRecord,
  settings: RunOptions,
  key: number,
  now: number
): StartedRun => {
  const newest: ExecutionRecord | undefined = association.executions.at(0)
  const earlier = newest === undefined ? undefined : association.targets(newest.ExecutionId)
  const random = makeRandomFrom(key)
  const resources = earlier !== undefined && earlier.length > 0
    ? earlier.slice(0, 50).map((target) => ({ ResourceId: target.ResourceId, ResourceType: target.ResourceType }))
    : Array.from({ length: Math.max(0, Math.floor(settings.targets ?? 3)) }, () => ({
      ResourceId: `i-0${random.hex(16)}`,
      ResourceType: "ManagedInstance"
    }))
  const duration = Math.max(0, settings.durationMillis ?? 20_000)
  const steps = resources.length + 1
  const document = settings.document ?? { name: "AWS-RunShellScript", type: "Command" }
  const ExecutionId = uuidFrom(hash32(key, 1))
  return {
    AssociationId: association.AssociationId,
    AssociationVersion: newest?.AssociationVersion ?? "1",
    ExecutionId,
    DocumentName: document.name,
    createdAt: now,
    visibleAt: now + Math.max(0, settings.visibleAfterMillis ?? 2000),
    startedAt: now + Math.floor(duration / steps),
    finishedAt: now + duration,
    targets: resources.map((resource, index) => ({
      ...resource,
      CommandId: document.type === "Command" ? uuidFrom(hash32(key, 100 + index)) : undefined,
      failed: unitAt(hashSeed(ExecutionId), index) < (settings.failureRate ?? 0.25),
      finishedAt: now + Math.floor((duration * (index + 2)) / steps)
    }))
  }
}

/** The store of one model; runs' ids are drawn from `seed` and a count, so a model repeats itself. */
export const makeRunStore = (settings: RunOptions, seed: number): Effect.Effect<RunStore> =>
  Effect.map(
    Ref.make<{ readonly count: number; readonly runs: ReadonlyArray<StartedRun> }>({ count: 0, runs: [] }),
    (state) => ({
      settings,
      all: Effect.map(Ref.get(state), (current) => current.runs),
      start: (associations, now) =>
        Ref.update(state, (current) => {
          const started = associations.map((association, index) =>
            plan(association, settings, hash32(seed, current.count + index), now)
          )
          return { count: current.count + associations.length, runs: [...current.runs, ...started].slice(-keptRuns) }
        })
    })
  )

const targetStatus = (run: StartedRun, target: StartedTarget, now: number): string =>
  now >= target.finishedAt ? (target.failed ? "Failed" : "Success") : now >= run.startedAt ? "InProgress" : "Pending"

/** Renders counts the way SSM does: `{Failed=1, Success=3}`, statuses sorted, none of zero. */
const renderCounts = (statuses: ReadonlyArray<string>): string => {
  const counts = new Map<string, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return `{${[...counts.keys()].sort().map((status) => `${status}=${counts.get(status) ?? 0}`).join(", ")}}`
}

/** The run's execution as DescribeAssociationExecutions shows it at `now`; `undefined` while invisible. */
export const executionAt = (run: StartedRun, now: number): ExecutionRecord | undefined => {
  if (now < run.visibleAt) return undefined
  const statuses = run.targets.map((target) => targetStatus(run, target, now))
  const status = now >= run.finishedAt
    ? statuses.includes("Failed") ? "Failed" : "Success"
    : now >= run.startedAt
    ? "InProgress"
    : "Pending"
  return {
    AssociationId: run.AssociationId,
    AssociationVersion: run.AssociationVersion,
    ExecutionId: run.ExecutionId,
    Status: status,
    DetailedStatus: status,
    CreatedTime: new Date(run.createdAt),
    ...(now >= run.finishedAt ? { LastExecutionDate: new Date(run.finishedAt) } : {}),
    ResourceCountByStatus: renderCounts(statuses)
  }
}

/** The run's targets at `now`: a finished one of a Command document with its RunCommand output source. */
export const targetsAt = (run: StartedRun, now: number): ReadonlyArray<ExecutionTargetRecord> =>
  run.targets.map((target) => {
    const status = targetStatus(run, target, now)
    const finished = now >= target.finishedAt
    return {
      AssociationId: run.AssociationId,
      AssociationVersion: run.AssociationVersion,
      ExecutionId: run.ExecutionId,
      ResourceId: target.ResourceId,
      ResourceType: target.ResourceType,
      Status: status,
      DetailedStatus: status,
      ...(finished ? { LastExecutionDate: new Date(target.finishedAt) } : {}),
      ...(finished && target.CommandId !== undefined
        ? { OutputSource: { OutputSourceId: target.CommandId, OutputSourceType: "RunCommand" } }
        : {})
    }
  })

/** The invocation of one target's command, for GetCommandInvocation. */
export const invocationPlanOf = (run: StartedRun, target: StartedTarget, settings: RunOptions): InvocationPlan => {
  const seed = hashSeed(target.CommandId ?? run.ExecutionId)
  return {
    CommandId: target.CommandId ?? "",
    InstanceId: target.ResourceId,
    DocumentName: run.DocumentName,
    startedAt: run.startedAt,
    finishedAt: target.finishedAt,
    outcome: target.failed ? "Failed" : "Success",
    seed,
    outputLines: settings.outputLines ?? 3 + (seed % 10),
    bucket: settings.outputBucket,
    source: "run"
  }
}

/** The plan of the invocation of `commandId` on `instanceId` among `runs`, if there is one. */
export const findRunInvocation = (
  runs: ReadonlyArray<StartedRun>,
  settings: RunOptions,
  commandId: string,
  instanceId: string
): InvocationPlan | undefined => {
  for (const run of runs) {
    const target = run.targets.find((candidate) =>
      candidate.CommandId === commandId && candidate.ResourceId === instanceId
    )
    if (target !== undefined) return invocationPlanOf(run, target, settings)
  }
  return undefined
}

/** `association` as seen at `now`: its executions with the visible runs among them, and their targets. */
export const associationAt = (
  association: AssociationRecord,
  runs: ReadonlyArray<StartedRun>,
  now: number
): AssociationRecord => {
  const own = runs.filter((run) => run.AssociationId === association.AssociationId && now >= run.visibleAt)
  if (own.length === 0) return association
  const executions = own.flatMap((run) => {
    const execution = executionAt(run, now)
    return execution === undefined ? [] : [execution]
  })
  return {
    AssociationId: association.AssociationId,
    executions: mergeSorted(association.executions, executions, serviceOrder),
    targets: (executionId) => {
      const run = own.find((candidate) => candidate.ExecutionId === executionId)
      return run === undefined ? association.targets(executionId) : targetsAt(run, now)
    },
    // A run's commands are found among the runs (`findRunInvocation`).
    commandTarget: association.commandTarget
  }
}
