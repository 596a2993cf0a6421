/**
 * The awsJson1.1 front end of the in-memory SSM, independent of any transport: claims a request
 * by method, path, content type and `X-Amz-Target`, optionally verifies SigV4, applies the rate
 * limit, runs the operation (`operations.ts`), applies its transport fault, and logs the request
 * (the log keeps the most recent ones, `requestLog.ts`).
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { verify, type VerifyOptions } from "../sigv4Verify.js"
import type { AssociationRecord } from "./dataset.js"
import type { FaultInjector, OperationName } from "./faults.js"
import { errorAnswer, makeOperations, noProgress, type Outcome } from "./operations.js"
import type { FilterMode } from "./query.js"
import type { AttemptCounter, RequestLog } from "./requestLog.js"
import { makeRunOperations } from "./runOperations.js"
import type { RunStore } from "./runs.js"

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
  /** Attempts per page, for the pages most recently asked for. */
  readonly attempts: AttemptCounter
  /** The most recent requests, and how many there were. */
  readonly log: RequestLog<RequestLogEntry>
  readonly filterMode: FilterMode
  /** The runs started with StartAssociationsOnce. */
  readonly runs: RunStore
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
  "DescribeAssociationExecutionTargets",
  "StartAssociationsOnce",
  "GetCommandInvocation"
]

const byteLength = (text: string) => new TextEncoder().encode(text).byteLength

/** Builds the handler over one model's state. */
export const makeHandler = (state: ModelState) => {
  const runListing = makeOperations(state)
  const runRequest = makeRunOperations(state)

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
      const outcome = yield* Effect.gen(function*(): Effect.fn.Return<Outcome> {
        const path = request.path.split("?")[0]
        const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase()
        if (request.method.toUpperCase() !== "POST" || path !== "/" || mediaType !== contentType) {
          return {
            answer: errorAnswer({ code: "UnknownOperationException", status: 404, message: "" }),
            fault: undefined,
            progress: noProgress
          }
        }
        const known = operations.find((name) => name === operation)
        if (known === undefined) {
          return {
            answer: errorAnswer({ code: "UnknownOperationException", status: 400, message: "" }),
            fault: undefined,
            progress: noProgress
          }
        }
        if (options.signature !== undefined) {
          const refused = yield* Effect.match(verify(request, options.signature), {
            onFailure: (error) => error,
            onSuccess: () => undefined
          })
          if (refused !== undefined) {
            return {
              answer: errorAnswer({ code: refused.code, status: 400, message: refused.message }),
              fault: undefined,
              progress: noProgress
            }
          }
        }
        if (!(yield* state.faults.admit)) {
          return {
            answer: errorAnswer({ code: "ThrottlingException", status: 400, message: "Rate exceeded" }),
            fault: undefined,
            progress: noProgress
          }
        }
        return yield* (known === "StartAssociationsOnce" || known === "GetCommandInvocation"
          ? runRequest(known, request.body)
          : runListing(known, request.body))
      })

      const { answer, fault, progress } = outcome
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
      yield* state.log.record(response.entry)
      return response
    })
}
