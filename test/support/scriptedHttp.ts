/**
 * An `HttpClient` double for one operation's tests: records each request (target and body) and
 * answers from a script, the last reply repeating. A reply may drop the connection, refuse it, or
 * run a callback first (to change a model between attempts). Shared by both lines: the client
 * itself is each line's (`httpClientLayer` from `@line/testing`).
 */
import { httpClientLayer } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
export interface RecordedRequest {
  readonly target: string
  readonly body: string
}

export type Reply =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  /** The connection drops after the request was sent (ECONNRESET). */
  | "drop"
  /** The connection is refused: nothing was sent. */
  | "refused"

const targetOf = (request: { readonly headers: Readonly<Record<string, string>> }): string =>
  request.headers["x-amz-target"] ?? ""

export const awsError = (status: number, type: string, message = ""): Reply => ({
  status,
  body: JSON.stringify(message === "" ? { __type: type } : { __type: type, message }),
  headers: { "x-amzn-requestid": `req-${type}` }
})

/** One script for every request. */
export const scriptedClient = (replies: ReadonlyArray<Reply>) => scriptedHttpByOperation({}, replies)

/** A script per `X-Amz-Target` (each one's last reply repeating), `otherwise` for the rest. */
export const scriptedHttpByOperation = (
  scripts: Readonly<Record<string, ReadonlyArray<Reply>>>,
  otherwise: ReadonlyArray<Reply> = []
) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const layer = httpClientLayer((request) =>
      Effect.map(
        Ref.updateAndGet(requests, (list) => [...list, { target: targetOf(request), body: request.body }]),
        (sent) => {
          const target = targetOf(request)
          const replies = scripts[target] ?? otherwise
          const count = sent.filter((recorded) => scripts[target] === undefined || recorded.target === target).length
          const reply = replies[Math.min(count, replies.length) - 1] ?? "drop"
          if (reply === "drop") return { transportFailure: "ECONNRESET" }
          if (reply === "refused") {
            const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })
            return { transportFailure: new TypeError("fetch failed", { cause }) }
          }
          return new Response(reply.body, {
            status: reply.status,
            headers: { "content-type": "application/x-amz-json-1.1", ...reply.headers }
          })
        }
      )
    )
    return { requests, layer }
  })
