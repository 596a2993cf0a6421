/**
 * The two operations of the in-memory SSM that are not listings: StartAssociationsOnce, which
 * starts a run of each association (`runs.ts`), and GetCommandInvocation, which answers for the
 * commands of those runs and of the model's data (`invocations.ts`). Both go through the same
 * validation, attempt counting and faults as the listings; a fault that drops or cuts the answer
 * comes after the start was made, as on a real server.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { historyInvocationPlan, invocationAnswer, type InvocationPlan } from "./invocations.js"
import { type Answer, errorAnswer, noProgress, type Outcome, type Progress } from "./operations.js"
import { findRunInvocation } from "./runs.js"
import { invocationRequest, mapChecked, startRequest } from "./validation.js"
import type { ModelState } from "./wire.js"

/** The operations of this module. */
export type RunOperationName = "StartAssociationsOnce" | "GetCommandInvocation"

const ok = (body: unknown): Answer => ({ status: 200, body: JSON.stringify(body), code: undefined })

/** The two operations over one model's state. */
export const makeRunOperations = (state: ModelState) => {
  // The invocation and the association that ran it, from the runs first, then the data.
  const findInvocation = (commandId: string, instanceId: string) =>
    Effect.map(
      state.runs.all,
      (runs): { readonly plan: InvocationPlan; readonly associationId: string } | undefined => {
        const fromRun = findRunInvocation(runs, state.runs.settings, commandId, instanceId)
        if (fromRun !== undefined) {
          const run = runs.find((candidate) => candidate.targets.some((target) => target.CommandId === commandId))
          return { plan: fromRun, associationId: run?.AssociationId ?? "" }
        }
        for (const association of state.associations.values()) {
          const found = association.commandTarget(commandId, instanceId)
          const plan = found === undefined ? undefined : historyInvocationPlan(found, state.runs.settings)
          if (plan !== undefined) return { plan, associationId: association.AssociationId }
        }
        return undefined
      }
    )

  /** What the request asks, the fault context's association, and how to answer once faults allow. */
  const prepare = (operation: RunOperationName, body: string, now: number) =>
    operation === "StartAssociationsOnce"
      ? mapChecked(startRequest(body), (request) => ({
        attemptKey: request.AssociationIds.map((id) => id.toLowerCase()).join(","),
        associationId: Effect.succeed(request.AssociationIds[0] ?? ""),
        respond: Effect.suspend((): Effect.Effect<Answer> => {
          const associations = request.AssociationIds.map((id) => state.associations.get(id))
          const missing = request.AssociationIds.find((_, index) => associations[index] === undefined)
          if (missing !== undefined) {
            return Effect.succeed(errorAnswer({
              code: "AssociationDoesNotExist",
              status: 400,
              message: `Association ${missing} does not exist.`
            }))
          }
          return Effect.as(state.runs.start(associations.filter((found) => found !== undefined), now), ok({}))
        })
      }))
      : mapChecked(invocationRequest(body), (request) => {
        const found = findInvocation(request.CommandId, request.InstanceId)
        return {
          attemptKey: `${request.CommandId}|${request.InstanceId}|${request.PluginName ?? ""}`,
          associationId: Effect.map(found, (invocation) => invocation?.associationId ?? ""),
          respond: Effect.map(found, (invocation): Answer => {
            const answer = invocation === undefined
              ? "InvocationDoesNotExist"
              : invocationAnswer(invocation.plan, request.PluginName, now)
            // These errors come with no message at all (spec 2.7).
            return typeof answer === "string" ? errorAnswer({ code: answer, status: 400, message: "" }) : ok(answer)
          })
        }
      })

  return (operation: RunOperationName, body: string): Effect.Effect<Outcome> =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const prepared = prepare(operation, body, now)
      if (!prepared.ok) return { answer: errorAnswer(prepared.error), fault: undefined, progress: noProgress }
      const request = prepared.value
      const associationId = yield* request.associationId
      const attempt = yield* state.attempts.next([operation, request.attemptKey].join("|"))
      const progress: Progress = { associationId, hasNextToken: false, page: 1, attempt }
      const decision = yield* state.faults.decide({ operation, associationId, page: 1, attempt })
      if (decision.latencyMillis > 0) yield* Effect.sleep(decision.latencyMillis)
      if (decision.answer?._tag === "Error") {
        const { code, message, status } = decision.answer
        return { answer: errorAnswer({ code, status, message: message ?? "" }), fault: undefined, progress }
      }
      return { answer: yield* request.respond, fault: decision.answer, progress }
    })
}
