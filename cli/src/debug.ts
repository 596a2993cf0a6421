/**
 * `--debug`: one line on stderr per request and per response of the service, from what the
 * library already reports to Effect's tracer. Each call is a span named after its operation
 * (attribute `rpc.service: SSM`); each failed attempt is an `attempt failed` event on it with the
 * attempt, error type and code, HTTP status, request id and retry delay; the span's end is the
 * call's outcome. A tracer is the one place all three can be seen (the metrics only count), and
 * it carries no request bodies, headers, credentials or signatures to leak: only those
 * attributes are printed, each cut to one short line.
 */
import * as Cause from "effect/Cause"
import type * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Tracer from "effect/Tracer"
import { serverText } from "./exitCodes.js"

/** Whether `--debug` is on, for what must step aside (the progress line, redrawn over these lines). */
export const enabled: FiberRef.FiberRef<boolean> = FiberRef.unsafeMake(false)

/** `--debug` taken out of the command line (before any `--`), where an aws-cli user may put it: anywhere. */
export const extractDebug = (
  argv: ReadonlyArray<string>
): { readonly argv: ReadonlyArray<string>; readonly debug: boolean } => {
  const end = argv.indexOf("--")
  const head = end === -1 ? argv : argv.slice(0, end)
  const tail = end === -1 ? [] : argv.slice(end)
  const kept = head.filter((token) => token !== "--debug")
  return { argv: [...kept, ...tail], debug: kept.length !== head.length }
}

const prefix = "[debug]"

// Attributes come from the library's spans; the server's text among them is made one short line.
const text = (value: unknown): string | undefined =>
  typeof value === "string" ? serverText(value, 120) : typeof value === "number" ? String(value) : undefined

const millis = (from: bigint, to: bigint): string => `${Number((to - from) / 1_000_000n)} ms`

/** One failed attempt, from its `attempt failed` event. */
export const attemptLine = (operation: string, call: number, attributes: Readonly<Record<string, unknown>>): string => {
  const status = text(attributes["http.response.status_code"])
  const code = text(attributes["aws.error_code"]) ?? text(attributes["error.type"]) ?? "error"
  const requestId = text(attributes["aws.request_id"])
  const delay = text(attributes["retry.delay_ms"])
  const next = attributes["retry.scheduled"] === true
    ? `retry in ${delay ?? "?"} ms`
    : "not retried"
  return `${prefix} ← #${call} ${operation} attempt ${text(attributes["attempt"]) ?? "?"}: ${
    status === undefined ? "no HTTP response" : `HTTP ${status}`
  } ${code}${requestId === undefined ? "" : `, request id ${requestId}`}; ${next}\n`
}

const outcome = (exit: Exit.Exit<unknown, unknown>): string => {
  if (exit._tag === "Success") return "success"
  if (Cause.isInterruptedOnly(exit.cause)) return "cancelled"
  const failure = Option.getOrUndefined(Cause.failureOption(exit.cause))
  return Predicate.hasProperty(failure, "_tag") ? text(failure._tag) ?? "failed" : "failed"
}

/** The span of one call, reporting as it goes; everything else is the wrapped span's. */
const reporting = (span: Tracer.Span, call: number, write: (line: string) => void): Tracer.Span => {
  let failedAttempts = 0
  let attempts = 1
  let requestId: string | undefined
  return {
    _tag: "Span",
    get name() {
      return span.name
    },
    get spanId() {
      return span.spanId
    },
    get traceId() {
      return span.traceId
    },
    get parent() {
      return span.parent
    },
    get context() {
      return span.context
    },
    get status() {
      return span.status
    },
    get attributes() {
      return span.attributes
    },
    get links() {
      return span.links
    },
    get sampled() {
      return span.sampled
    },
    get kind() {
      return span.kind
    },
    attribute: (key, value) => {
      if (key === "aws.attempts" && typeof value === "number") attempts = value
      if (key === "aws.request_id") requestId = text(value)
      span.attribute(key, value)
    },
    event: (name, startTime, attributes) => {
      if (name === "attempt failed" && attributes !== undefined) {
        failedAttempts++
        write(attemptLine(span.name, call, attributes))
      }
      span.event(name, startTime, attributes)
    },
    addLinks: (links) => span.addLinks(links),
    end: (endTime, exit) => {
      const took = span.status._tag === "Started" ? `, ${millis(span.status.startTime, endTime)}` : ""
      if (exit._tag === "Success") {
        const id = requestId === undefined ? "" : `, request id ${requestId}`
        write(`${prefix} ← #${call} ${span.name} attempt ${attempts}: HTTP 200${id}${took}\n`)
      } else if (failedAttempts === 0) {
        // Nothing was answered: refused before sending (InvalidInput), or interrupted.
        write(`${prefix} ← #${call} ${span.name}: ${outcome(exit)}, no response${took}\n`)
      }
      span.end(endTime, exit)
    }
  }
}

/**
 * `base` with every SSM call reported through `write` (which must not block): a line when the call
 * starts, one per failed attempt, one for its success. Other spans (the local endpoint's server,
 * credentials) pass through untouched.
 */
export const tracer = (base: Tracer.Tracer, write: (line: string) => void): Tracer.Tracer => {
  let calls = 0
  return Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = base.span(name, parent, context, links, startTime, kind, options)
      if (options?.attributes?.["rpc.service"] !== "SSM") return span
      const call = ++calls
      write(`${prefix} → #${call} ${name} request\n`)
      return reporting(span, call, write)
    },
    context: (f, fiber) => base.context(f, fiber)
  })
}
