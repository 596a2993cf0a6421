/**
 * The test layer's transport: each request answered by the model in the same fiber, without a
 * socket or a promise, so `TestClock` alone drives a test. Faults arrive as they would on the
 * wire: a connection dropped before the head is a request that could not be sent, one dropped
 * mid-body a cut-off body; model latency that outlasts the attempt is the attempt's timeout.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { bodyCut, type HttpExchange, notSent } from "../response.js"
import { millisLeft, timedOut, type Transport } from "../transport.js"
import type { InMemorySsm } from "./api.js"
import type { HandleOptions } from "./wire.js"

const lowercaseNames = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const lower: Record<string, string> = {}
  for (const name in headers) lower[name.toLowerCase()] = headers[name] ?? ""
  return lower
}

/** Requests answered by `model`. */
export const transport = (model: InMemorySsm, options: HandleOptions = {}): Transport => (request, deadline) =>
  Effect.gen(function*() {
    const url = new URL(request.url)
    const answer = model.handle(
      {
        method: "POST",
        path: `${url.pathname}${url.search}`,
        headers: { host: url.host, ...request.headers },
        body: request.body
      },
      options
    )
    // Only a model that sleeps (latency faults) can outlast the attempt.
    const answered = yield* Effect.timeoutOption(answer, Duration.millis(yield* millisLeft(deadline)))
    if (Option.isNone(answered)) return yield* Effect.fail(timedOut(deadline))
    const response = answered.value
    const headers = lowercaseNames(response.headers)
    if (response._tag === "Response") {
      return { status: response.status, headers, body: response.body } satisfies HttpExchange
    }
    return yield* response.stage === "beforeHeaders"
      ? Effect.fail(notSent("the connection was closed before a response arrived", undefined, deadline))
      : Effect.fail(bodyCut(new Error("terminated"), { status: response.status, headers }, deadline))
  })
