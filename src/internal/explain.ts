/**
 * Why one target failed, as its Run Command recorded it: the target's `RunCommand` output source
 * names the command, its resource the node, and GetCommandInvocation answers with the exit code and
 * output. AWS forgets a command after 30 days, and knows a new one only after a moment (Run Command
 * is eventually consistent), so "no such invocation" is `Expired` for an old target and asked again
 * for a while for a recent one. The step name is left out: a one-step document needs none.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type {
  GetCommandInvocationError,
  InvalidCommandId,
  InvalidInstanceId,
  InvalidPluginName,
  InvocationDoesNotExist
} from "../AssociationExecutionsError.js"
import type { AssociationExecution } from "../DescribeAssociationExecutions.js"
import type { AssociationExecutionTarget } from "../DescribeAssociationExecutionTargets.js"
import type { GetCommandInvocationInput, GetCommandInvocationOutput } from "../GetCommandInvocation.js"
import { isGetCommandInvocationInput } from "../line/invocationInput.js"
import type { TargetOutput } from "../Pagination.js"

/** How long AWS keeps a command's history. */
export const retentionMillis = 30 * 24 * 60 * 60 * 1000

/** The first wait before asking again for an invocation not visible yet; it doubles. */
const firstRetryMillis = 2000

type Refusal = InvocationDoesNotExist | InvalidCommandId | InvalidInstanceId | InvalidPluginName

/** What a failed request for an output can be, once this target's own refusals are records. */
export type OutputError = Exclude<GetCommandInvocationError, Refusal>

const isRefusal = (error: GetCommandInvocationError): error is Refusal =>
  error._tag === "InvocationDoesNotExist" || error._tag === "InvalidCommandId" ||
  error._tag === "InvalidInstanceId" || error._tag === "InvalidPluginName"

/** When the target finished, as near as the records say. */
const finishedAtOf = (execution: AssociationExecution, target: AssociationExecutionTarget) =>
  (target.LastExecutionDate ?? execution.LastExecutionDate ?? execution.CreatedTime)?.getTime()

/** The service's GetCommandInvocation (its retries included). */
export type GetCommandInvocation = (
  input: GetCommandInvocationInput
) => Effect.Effect<GetCommandInvocationOutput, GetCommandInvocationError>

/** The output of one failed target; a request error that outlasted its retries is the only failure. */
export const targetOutput = (
  getCommandInvocation: GetCommandInvocation,
  execution: AssociationExecution,
  target: AssociationExecutionTarget,
  graceMillis: number
): Effect.Effect<TargetOutput, OutputError> => {
  const source = target.OutputSource
  if (source?.OutputSourceType !== "RunCommand" || source.OutputSourceId === undefined) {
    return Effect.succeed({
      _tag: "NotRunCommand",
      reason: `its output source is ${source?.OutputSourceType ?? "absent"}, not RunCommand`
    })
  }
  const input = { CommandId: source.OutputSourceId, InstanceId: target.ResourceId ?? "" }
  if (!isGetCommandInvocationInput(input)) {
    return Effect.succeed({
      _tag: "NotRunCommand",
      reason: `${input.InstanceId === "" ? "no resource id" : `resource ${input.InstanceId}`} and output source ` +
        `${input.CommandId} do not name a Run Command invocation (a command id and a managed node id)`
    })
  }
  const finishedAt = finishedAtOf(execution, target)
  const ask = (waitedMillis: number, nextWaitMillis: number): Effect.Effect<TargetOutput, OutputError> =>
    Effect.matchEffect(getCommandInvocation(input), {
      onSuccess: (invocation) => Effect.succeed<TargetOutput>({ _tag: "Invocation", invocation }),
      onFailure: (error) => {
        if (!isRefusal(error)) return Effect.fail(error)
        const unavailable = Effect.succeed<TargetOutput>({ _tag: "Unavailable", ...input, error })
        if (error._tag !== "InvocationDoesNotExist") return unavailable
        return Effect.flatMap(Clock.currentTimeMillis, (now) => {
          if (finishedAt !== undefined && now - finishedAt > retentionMillis) {
            return Effect.succeed<TargetOutput>({ _tag: "Expired", ...input })
          }
          const wait = Math.min(nextWaitMillis, graceMillis - waitedMillis)
          return wait <= 0
            ? unavailable
            : Effect.andThen(Effect.sleep(Duration.millis(wait)), ask(waitedMillis + wait, nextWaitMillis * 2))
        })
      }
    })
  return ask(0, firstRetryMillis)
}
