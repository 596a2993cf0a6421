/**
 * Run Command invocations of the in-memory SSM, as GetCommandInvocation answers them: what one
 * command did on one node, told by the model's clock (Pending, InProgress, then Success, Failed or
 * TimedOut), with realistic output cut as AWS cuts it (24,000 characters of stdout, 8,000 of
 * stderr), S3 URLs when a bucket is configured, and forgotten after the retention period.
 */
import type { CommandTarget } from "./dataset.js"
import { hash32, hashSeed, makeRandomFrom } from "./random.js"

/** Where the whole output goes, when the command was given a bucket. */
export interface OutputBucket {
  readonly bucket: string
  readonly keyPrefix?: string | undefined
  /** @default "us-east-1" */
  readonly region?: string | undefined
}

/** Everything an invocation's answer is made from; times in epoch milliseconds. */
export interface InvocationPlan {
  readonly CommandId: string
  readonly InstanceId: string
  readonly DocumentName: string
  /** When the command reached the node and started. */
  readonly startedAt: number
  readonly finishedAt: number
  /** `Success`, `Failed` or `TimedOut` once finished. */
  readonly outcome: "Success" | "Failed" | "TimedOut"
  /** Drives the output's text and length. */
  readonly seed: number
  /** Lines of stdout; long ones pass the 24,000-character cut. */
  readonly outputLines: number
  readonly bucket?: OutputBucket | undefined
  /**
   * `run`: a command of a started run, told by the clock (unknown before it is sent, running until
   * it finishes). `history`: a command of the model's data, finished whatever the clock says (a
   * test's clock often starts in 1970), only forgotten once older than the retention period.
   */
  readonly source: "run" | "history"
}

/** AWS keeps the first this many characters of stdout and of stderr in the answer. */
export const stdoutLimit = 24_000
export const stderrLimit = 8_000

/** How long AWS keeps a command's history. */
export const retentionMillis = 30 * 24 * 60 * 60 * 1000

// Schema-1.2 documents such as AWS-RunShellScript name their one step after the plugin.
const pluginName = "aws:runShellScript"

const failures: ReadonlyArray<readonly [number, string]> = [
  [1, "cat: /etc/app/config.yaml: No such file or directory"],
  [1, "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1873 (apt-get)"],
  [2, "grep: /var/log/app/current.log: No such file or directory"],
  [127, "bash: line 4: jq: command not found"],
  [126, "bash: line 2: /opt/app/bin/healthcheck: Permission denied"]
]

/** The exit code and stderr of a failed plan, from its seed. */
export const failureOf = (seed: number): readonly [number, string] =>
  failures[hash32(seed, 7) % failures.length] ?? [1, "failed"]

const stdoutOf = (plan: InvocationPlan): string => {
  const random = makeRandomFrom(plan.seed)
  const lines: Array<string> = []
  for (let line = 0; line < plan.outputLines; line++) {
    lines.push(
      `${new Date(plan.startedAt + line * 37).toISOString()} step ${line + 1}/${plan.outputLines}: ` +
        `checked ${random.integer(1, 400)} packages, ${random.hex(12)} ok`
    )
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`
}

const iso = (millis: number) => new Date(millis).toISOString()

/** An ISO-8601 duration as AWS writes one: `PT0.541S`, `PT1H0.271S`. */
export const isoDuration = (millis: number): string => {
  const hours = Math.floor(millis / 3_600_000)
  const minutes = Math.floor((millis % 3_600_000) / 60_000)
  const seconds = (millis % 60_000) / 1000
  return `PT${hours > 0 ? `${hours}H` : ""}${minutes > 0 ? `${minutes}M` : ""}${seconds.toFixed(3)}S`
}

const urlOf = (plan: InvocationPlan, stream: "stdout" | "stderr"): string => {
  if (plan.bucket === undefined) return ""
  const prefix = plan.bucket.keyPrefix === undefined || plan.bucket.keyPrefix === "" ? "" : `${plan.bucket.keyPrefix}/`
  return `https://s3.${plan.bucket.region ?? "us-east-1"}.amazonaws.com/${plan.bucket.bucket}/${prefix}` +
    `${plan.CommandId}/${plan.InstanceId}/awsrunShellScript/0.awsrunShellScript/${stream}`
}

/** Why an invocation is not answered: no such invocation (or forgotten), or a wrong step name. */
export type InvocationRefusal = "InvocationDoesNotExist" | "InvalidPluginName"

/** The whole stdout and stderr of a finished plan, before AWS's cut: the ground truth of its output. */
export const fullOutput = (plan: InvocationPlan): { readonly stdout: string; readonly stderr: string } => {
  const stdout = stdoutOf(plan)
  // A command that ran out of time was killed: what it wrote so far, and no error of its own.
  if (plan.outcome !== "Failed") return { stdout, stderr: "" }
  const [code, message] = failureOf(plan.seed)
  return { stdout, stderr: `${message}\nfailed to run commands: exit status ${code}` }
}

/** The GetCommandInvocation answer for `plan` at `now`, or why there is none. */
export const invocationAnswer = (
  plan: InvocationPlan,
  requestedPlugin: string | undefined,
  now: number
): Record<string, unknown> | InvocationRefusal => {
  // Not visible before it was sent; forgotten once AWS stops keeping the command's history.
  const sent = plan.source === "history" || now >= plan.startedAt
  if (!sent || now - plan.finishedAt > retentionMillis) return "InvocationDoesNotExist"
  if (requestedPlugin !== undefined && requestedPlugin !== pluginName) return "InvalidPluginName"
  const finished = plan.source === "history" || now >= plan.finishedAt
  const { stderr, stdout } = finished ? fullOutput(plan) : { stdout: "", stderr: "" }
  const responseCode = !finished
    ? -1
    : plan.outcome === "Success"
    ? 0
    : plan.outcome === "TimedOut"
    ? 137
    : failureOf(plan.seed)[0]
  const status = finished ? plan.outcome : "InProgress"
  return {
    CommandId: plan.CommandId,
    InstanceId: plan.InstanceId,
    Comment: "",
    DocumentName: plan.DocumentName,
    DocumentVersion: "$DEFAULT",
    PluginName: pluginName,
    ResponseCode: responseCode,
    ExecutionStartDateTime: iso(plan.startedAt),
    ExecutionElapsedTime: finished ? isoDuration(plan.finishedAt - plan.startedAt) : "",
    ExecutionEndDateTime: finished ? iso(plan.finishedAt) : "",
    Status: status,
    StatusDetails: status === "TimedOut" ? "ExecutionTimedOut" : status,
    StandardOutputContent: stdout.slice(0, stdoutLimit),
    StandardOutputUrl: finished ? urlOf(plan, "stdout") : "",
    StandardErrorContent: stderr.slice(0, stderrLimit),
    StandardErrorUrl: finished ? urlOf(plan, "stderr") : "",
    CloudWatchOutputConfig: { CloudWatchLogGroupName: "", CloudWatchOutputEnabled: false }
  }
}

/**
 * The invocation behind a target of the model's data (given or generated): it ended when the
 * target did, after a run of up to a few seconds; a target whose detailed status is `TimedOut`
 * ran out of time.
 */
export const historyInvocationPlan = (
  { execution, target }: CommandTarget,
  settings: { readonly outputLines?: number | undefined; readonly outputBucket?: OutputBucket | undefined }
): InvocationPlan | undefined => {
  const commandId = target.OutputSource?.OutputSourceId
  const finishedAt = target.LastExecutionDate?.getTime() ?? execution.LastExecutionDate?.getTime()
  if (commandId === undefined || finishedAt === undefined) return undefined
  const seed = hashSeed(commandId)
  return {
    CommandId: commandId,
    InstanceId: target.ResourceId,
    DocumentName: "AWS-RunShellScript",
    startedAt: finishedAt - 60 - (seed % 4000),
    finishedAt,
    outcome: target.Status !== "Failed" ? "Success" : target.DetailedStatus === "TimedOut" ? "TimedOut" : "Failed",
    seed,
    outputLines: settings.outputLines ?? 3 + (seed % 10),
    bucket: settings.outputBucket,
    source: "history"
  }
}
