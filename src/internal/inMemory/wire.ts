/**
 * The awsJson1.1 front end of the in-memory SSM, independent of any transport: claims a request
 * by method, path, content type and `X-Amz-Target`, optionally verifies SigV4, applies the rate
 * limit and faults, runs the operation, and writes the response exactly as SSM shapes it.
 */
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { type CryptoFailure, verify, type VerifyOptions } from "../sigv4Verify.js"
import type { AssociationRecord, ExecutionRecord, ExecutionTargetRecord } from "./dataset.js"
import type { FaultAnswer, FaultInjector, OperationName } from "./faults.js"
import { defaultPageSize, executionsPage, type FilterMode, type PageResult, targetsPage } from "./query.js"
import * as Tokens from "./tokens.js"
import { executionsRequest, targetsRequest, type WireError } from "./validation.js"

/** A request as every transport receives it: lowercase header names, the body as text. */
export interface WireRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What was asked and answered, recorded for every request. */
export interface RequestLogEntry {
  /** The operation named by `X-Amz-Target` (without the `AmazonSSM.` prefix), or `""`. */
  readonly operation: string
  readonly associationId: string | undefined
  readonly hasNextToken: boolean
  /** 1-based page the request asked for (page 1 without a token), once known. */
  readonly page: number | undefined
  /** 1-based attempt at that page, once known. */
  readonly attempt: number | undefined
  /** HTTP status sent; `undefined` when the connection dropped before headers. */
  readonly status: number | undefined
  /** AWS error code sent, if any. */
  readonly code: string | undefined
  /** `Response`, or the transport fault injected. */
  readonly outcome: "Response" | "Drop" | "CutBody"
}

/** How the transport must answer. */
export type WireResponse =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly entry: RequestLogEntry
  }
  | {
    /** Close the connection: with `midBody`, after sending the head and `partialBody`. */
    readonly _tag: "Drop"
    readonly stage: "beforeHeaders" | "midBody"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly partialBody: string
    readonly entry: RequestLogEntry
  }

/** The state the handler reads and updates. */
export interface ModelState {
  readonly associations: ReadonlyMap<string, AssociationRecord>
  readonly tokenSecret: Uint8Array<ArrayBuffer>
  readonly faults: FaultInjector
  readonly attempts: Ref.Ref<HashMap.HashMap<string, number>>
  readonly log: Ref.Ref<Chunk.Chunk<RequestLogEntry>>
  readonly filterMode: FilterMode
}

/** Per-call options of the handler. */
export interface HandleOptions {
  /** Verify SigV4 against these settings; without it any or no signature is accepted. */
  readonly signature?: VerifyOptions | undefined
}

const targetPrefix = "AmazonSSM."
const contentType = "application/x-amz-json-1.1"
const operations: ReadonlyArray<OperationName> = [
  "DescribeAssociationExecutions",
  "DescribeAssociationExecutionTargets"
]

const byteLength = (text: string) => new TextEncoder().encode(text).byteLength

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

/** Internal outcome of the operation before transport faults. */
interface Answer {
  readonly status: number
  readonly body: string
  readonly code: string | undefined
}

const errorAnswer = (error: WireError): Answer => ({
  status: error.status,
  // SSM omits the message key entirely when there is no message (spec 4.3).
  body: JSON.stringify(error.message === "" ? { __type: error.code } : { __type: error.code, message: error.message }),
  code: error.code
})

const internalFailure: WireError = { code: "InternalFailure", status: 500, message: "" }

interface Outcome {
  readonly answer: Answer
  readonly fault: FaultAnswer | undefined
}

interface Progress {
  associationId: string | undefined
  hasNextToken: boolean
  page: number | undefined
  attempt: number | undefined
}

/** Builds the handler over one model's state. */
export const makeHandler = (state: ModelState) => {
  const nextAttempt = (key: string) =>
    Ref.modify(state.attempts, (current): readonly [number, HashMap.HashMap<string, number>] => {
      const attempt = Option.getOrElse(HashMap.get(current, key), () => 0) + 1
      return [attempt, HashMap.set(current, key, attempt)]
    })

  const resolvePosition = (scope: Tokens.TokenScope, nextToken: string | undefined) =>
    nextToken === undefined || nextToken === ""
      ? Effect.succeed(Either.right({ page: 1, offset: 0 }))
      : Effect.map(
        Tokens.open(state.tokenSecret, scope, nextToken),
        Option.match({
          onNone: () =>
            Either.left<WireError>({
              code: "InvalidNextToken",
              status: 400,
              message: "The specified token isn't valid."
            }),
          onSome: Either.right
        })
      )

  const pageBody = <A>(
    result: PageResult<A>,
    listName: string,
    encode: (item: A) => unknown,
    scope: Tokens.TokenScope
  ): Effect.Effect<Answer, CryptoFailure> =>
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
    ) => Effect.Effect<Answer, CryptoFailure>
  }

  const prepare = (operation: OperationName, body: string): Either.Either<Prepared, WireError> =>
    operation === "DescribeAssociationExecutions"
      ? Either.map(executionsRequest(body), (request): Prepared => ({
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
      : Either.map(targetsRequest(body), (request): Prepared => ({
        associationId: request.AssociationId,
        executionId: request.ExecutionId,
        nextToken: request.NextToken,
        maxResults: request.MaxResults,
        filters: (request.Filters ?? []).map((filter) => `${filter.Key} ${filter.Value}`),
        respond: (association, position, scope) => {
          const targets = association.targets.get(request.ExecutionId)
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
  const runOperation = (
    operation: OperationName,
    body: string,
    progress: Progress
  ): Effect.Effect<Outcome, CryptoFailure> =>
    Effect.gen(function*() {
      const prepared = prepare(operation, body)
      if (Either.isLeft(prepared)) return { answer: errorAnswer(prepared.left), fault: undefined }
      const request = prepared.right
      progress.associationId = request.associationId
      progress.hasNextToken = request.nextToken !== undefined && request.nextToken !== ""
      // Filter order carries no meaning, so a paginator may send them in any order.
      const scope: Tokens.TokenScope = [
        operation,
        request.associationId.toLowerCase(),
        request.executionId?.toLowerCase(),
        [...request.filters].sort().join("\n"),
        request.maxResults
      ]
      const position = yield* resolvePosition(scope, request.nextToken)
      if (Either.isLeft(position)) return { answer: errorAnswer(position.left), fault: undefined }
      progress.page = position.right.page
      const attempt = yield* nextAttempt(
        [operation, request.associationId.toLowerCase(), request.executionId ?? "", position.right.page].join("|")
      )
      progress.attempt = attempt
      const decision = yield* state.faults.decide({
        operation,
        associationId: request.associationId,
        page: position.right.page,
        attempt
      })
      if (decision.latencyMillis > 0) yield* Effect.sleep(decision.latencyMillis)
      if (decision.answer?._tag === "Error") {
        const { code, message, status } = decision.answer
        return { answer: errorAnswer({ code, status, message: message ?? "" }), fault: undefined }
      }
      const association = state.associations.get(request.associationId)
      const answer = association === undefined
        ? errorAnswer({
          code: "AssociationDoesNotExist",
          status: 400,
          message: `Association ${request.associationId} does not exist.`
        })
        : yield* request.respond(association, position.right, scope)
      return { answer, fault: decision.answer }
    })

  return (request: WireRequest, options: HandleOptions = {}): Effect.Effect<WireResponse> =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const headers = {
        "Content-Type": contentType,
        "x-amzn-RequestId": crypto.randomUUID(),
        Date: new Date(now).toUTCString()
      }
      const target = request.headers["x-amz-target"] ?? ""
      const operation = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : ""
      const progress: Progress = { associationId: undefined, hasNextToken: false, page: undefined, attempt: undefined }

      const outcome = yield* Effect.gen(function*(): Effect.fn.Return<Outcome, CryptoFailure> {
        const path = request.path.split("?")[0]
        const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase()
        if (request.method.toUpperCase() !== "POST" || path !== "/" || mediaType !== contentType) {
          return {
            answer: errorAnswer({ code: "UnknownOperationException", status: 404, message: "" }),
            fault: undefined
          }
        }
        const known = operations.find((name) => name === operation)
        if (known === undefined) {
          return {
            answer: errorAnswer({ code: "UnknownOperationException", status: 400, message: "" }),
            fault: undefined
          }
        }
        if (options.signature !== undefined) {
          const verified = yield* Effect.either(verify(request, options.signature))
          if (Either.isLeft(verified)) {
            if (verified.left._tag === "CryptoFailure") return yield* verified.left
            return {
              answer: errorAnswer({ code: verified.left.code, status: 400, message: verified.left.message }),
              fault: undefined
            }
          }
        }
        if (!(yield* state.faults.admit)) {
          return {
            answer: errorAnswer({ code: "ThrottlingException", status: 400, message: "Rate exceeded" }),
            fault: undefined
          }
        }
        return yield* runOperation(known, request.body, progress)
      }).pipe(
        Effect.catchTag(
          "CryptoFailure",
          () => Effect.succeed({ answer: errorAnswer(internalFailure), fault: undefined })
        )
      )

      const { answer, fault } = outcome
      const entry = (status: number | undefined, kind: RequestLogEntry["outcome"]): RequestLogEntry => ({
        operation,
        associationId: progress.associationId,
        hasNextToken: progress.hasNextToken,
        page: progress.page,
        attempt: progress.attempt,
        status,
        code: answer.code,
        outcome: kind
      })
      const half = (text: string) => text.slice(0, Math.floor(text.length / 2))
      let response: WireResponse
      if (fault?._tag === "Drop") {
        response = {
          _tag: "Drop",
          stage: fault.stage,
          status: answer.status,
          headers: { ...headers, "Content-Length": String(byteLength(answer.body)) },
          partialBody: fault.stage === "beforeHeaders" ? "" : half(answer.body),
          entry: entry(fault.stage === "beforeHeaders" ? undefined : answer.status, "Drop")
        }
      } else {
        const cut = fault?._tag === "CutBody"
        const body = !cut
          ? answer.body
          : fault.keepBytes === undefined
          ? half(answer.body)
          : answer.body.slice(0, fault.keepBytes)
        response = {
          _tag: "Response",
          status: answer.status,
          headers: { ...headers, "Content-Length": String(byteLength(body)) },
          body,
          entry: entry(answer.status, cut ? "CutBody" : "Response")
        }
      }
      yield* Ref.update(state.log, Chunk.append(response.entry))
      return response
    })
}
