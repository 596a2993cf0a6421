/**
 * The two listings of the in-memory SSM over the model's state (the executions with the started
 * runs among them, as the model's clock sees them): the request validated, the NextToken opened, the attempt at that page counted, scripted and random faults decided, the page
 * queried and encoded as SSM shapes it. What the request got to is returned for the request log.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { AssociationRecord, ExecutionRecord, ExecutionTargetRecord } from "./dataset.js"
import type { FaultAnswer, OperationName } from "./faults.js"
import { defaultPageSize, executionsPage, type PageResult, targetsPage } from "./query.js"
import { associationAt } from "./runs.js"
import * as Tokens from "./tokens.js"
import {
  type Checked,
  executionsRequest,
  invalid,
  mapChecked,
  targetsRequest,
  valid,
  type WireError
} from "./validation.js"
import type { ModelState } from "./wire.js"

const epochSeconds = (date: Date) => Math.round(date.getTime()) / 1000

const encodeExecution = (execution: ExecutionRecord) => ({
  AssociationId: execution.AssociationId,
  AssociationVersion: execution.AssociationVersion,
  ExecutionId: execution.ExecutionId,
  Status: execution.Status,
  DetailedStatus: execution.DetailedStatus,
  CreatedTime: epochSeconds(execution.CreatedTime),
  LastExecutionDate: execution.LastExecutionDate === undefined ? undefined : epochSeconds(execution.LastExecutionDate),
  ResourceCountByStatus: execution.ResourceCountByStatus,
  AlarmConfiguration: execution.AlarmConfiguration,
  TriggeredAlarms: execution.TriggeredAlarms
})

const encodeTarget = (target: ExecutionTargetRecord) => ({
  AssociationId: target.AssociationId,
  AssociationVersion: target.AssociationVersion,
  ExecutionId: target.ExecutionId,
  ResourceId: target.ResourceId,
  ResourceType: target.ResourceType,
  Status: target.Status,
  DetailedStatus: target.DetailedStatus,
  LastExecutionDate: target.LastExecutionDate === undefined ? undefined : epochSeconds(target.LastExecutionDate),
  OutputSource: target.OutputSource
})

/** The listings among the operations. */
export type ListingName = Extract<
  OperationName,
  "DescribeAssociationExecutions" | "DescribeAssociationExecutionTargets"
>

/** The operation's answer before transport faults. */
export interface Answer {
  readonly status: number
  readonly body: string
  readonly code: string | undefined
}

/** An AWS JSON error answer. */
export const errorAnswer = (error: WireError): Answer => ({
  status: error.status,
  // SSM omits the message key entirely when there is no message (spec 4.3).
  body: JSON.stringify(error.message === "" ? { __type: error.code } : { __type: error.code, message: error.message }),
  code: error.code
})

/** The operation's answer, the transport fault to apply to it, and how far the request got. */
export interface Outcome {
  readonly answer: Answer
  readonly fault: FaultAnswer | undefined
  readonly progress: Progress
}

/** How far a request got, for the request log: each step adds what it learned. */
export interface Progress {
  readonly associationId: string | undefined
  readonly hasNextToken: boolean
  readonly page: number | undefined
  readonly attempt: number | undefined
}

/** A request that never reached an operation. */
export const noProgress: Progress = {
  associationId: undefined,
  hasNextToken: false,
  page: undefined,
  attempt: undefined
}

/** The operations over one model's state: validation, token, attempt counting, faults and the query. */
export const makeOperations = (state: ModelState) => {
  const resolvePosition = (scope: Tokens.TokenScope, nextToken: string | undefined) =>
    nextToken === undefined || nextToken === ""
      ? Effect.succeed(valid<Tokens.TokenPosition>({ page: 1, offset: 0 }))
      : Effect.map(
        Tokens.open(state.tokenSecret, scope, nextToken),
        Option.match({
          onNone: (): Checked<Tokens.TokenPosition> =>
            invalid({
              code: "InvalidNextToken",
              status: 400,
              message: "The specified token isn't valid."
            }),
          onSome: valid
        })
      )

  const pageBody = <A>(
    result: PageResult<A>,
    listName: string,
    encode: (item: A) => unknown,
    scope: Tokens.TokenScope
  ): Effect.Effect<Answer> =>
    Effect.map(
      result.next === undefined
        ? Effect.succeed(undefined)
        : Tokens.issue(state.tokenSecret, scope, result.next),
      (nextToken) => ({
        status: 200,
        body: JSON.stringify({ [listName]: result.items.map(encode), NextToken: nextToken }),
        code: undefined
      })
    )

  /** A validated request of either operation, reduced to what the shared steps need. */
  interface Prepared {
    readonly associationId: string
    readonly executionId: string | undefined
    readonly nextToken: string | undefined
    readonly maxResults: number | undefined
    readonly filters: ReadonlyArray<string>
    readonly respond: (
      association: AssociationRecord,
      position: Tokens.TokenPosition,
      scope: Tokens.TokenScope
    ) => Effect.Effect<Answer>
  }

  const prepare = (operation: ListingName, body: string): Checked<Prepared> =>
    operation === "DescribeAssociationExecutions"
      ? mapChecked(executionsRequest(body), (request): Prepared => ({
        associationId: request.AssociationId,
        executionId: undefined,
        nextToken: request.NextToken,
        maxResults: request.MaxResults,
        filters: (request.Filters ?? []).map((filter) => `${filter.Key} ${filter.Type} ${filter.Value}`),
        respond: (association, position, scope) =>
          pageBody(
            executionsPage(
              association,
              request.Filters ?? [],
              position,
              request.MaxResults ?? defaultPageSize,
              state.filterMode
            ),
            "AssociationExecutions",
            encodeExecution,
            scope
          )
      }))
      : mapChecked(targetsRequest(body), (request): Prepared => ({
        associationId: request.AssociationId,
        executionId: request.ExecutionId,
        nextToken: request.NextToken,
        maxResults: request.MaxResults,
        filters: (request.Filters ?? []).map((filter) => `${filter.Key} ${filter.Value}`),
        respond: (association, position, scope) => {
          const targets = association.targets(request.ExecutionId)
          return targets === undefined
            ? Effect.succeed(errorAnswer({
              code: "AssociationExecutionDoesNotExist",
              status: 400,
              message: "The specified execution ID doesn't exist. Verify the ID number and try again."
            }))
            : pageBody(
              targetsPage(
                targets,
                request.Filters ?? [],
                position,
                request.MaxResults ?? defaultPageSize,
                state.filterMode
              ),
              "AssociationExecutionTargets",
              encodeTarget,
              scope
            )
        }
      }))

  /** Validation, token, attempt counting, faults and the query: everything after routing and auth. */
  return (operation: ListingName, body: string): Effect.Effect<Outcome> =>
    Effect.gen(function*() {
      const prepared = prepare(operation, body)
      if (!prepared.ok) return { answer: errorAnswer(prepared.error), fault: undefined, progress: noProgress }
      const request = prepared.value
      const requested: Progress = {
        ...noProgress,
        associationId: request.associationId,
        hasNextToken: request.nextToken !== undefined && request.nextToken !== ""
      }
      // Filter order carries no meaning, so a paginator may send them in any order.
      const scope: Tokens.TokenScope = [
        operation,
        request.associationId.toLowerCase(),
        request.executionId?.toLowerCase(),
        [...request.filters].sort().join("\n"),
        request.maxResults
      ]
      const position = yield* resolvePosition(scope, request.nextToken)
      if (!position.ok) return { answer: errorAnswer(position.error), fault: undefined, progress: requested }
      const attempt = yield* state.attempts.next(
        [operation, request.associationId.toLowerCase(), request.executionId ?? "", position.value.page].join("|")
      )
      const progress: Progress = { ...requested, page: position.value.page, attempt }
      const decision = yield* state.faults.decide({
        operation,
        associationId: request.associationId,
        page: position.value.page,
        attempt
      })
      if (decision.latencyMillis > 0) yield* Effect.sleep(decision.latencyMillis)
      if (decision.answer?._tag === "Error") {
        const { code, message, status } = decision.answer
        return { answer: errorAnswer({ code, status, message: message ?? "" }), fault: undefined, progress }
      }
      const known = state.associations.get(request.associationId)
      const association = known === undefined
        ? undefined
        : associationAt(known, yield* state.runs.all, yield* Clock.currentTimeMillis)
      const answer = association === undefined
        ? errorAnswer({
          code: "AssociationDoesNotExist",
          status: 400,
          message: `Association ${request.associationId} does not exist.`
        })
        : yield* request.respond(association, position.value, scope)
      return { answer, fault: decision.answer, progress }
    })
}
