/**
 * Following one execution to its end for `wait` and `start --wait`: the library's `watch`, a
 * progress line on stderr per change, and at the end the execution and its failed targets on
 * stdout. Success exits 0; Failed, TimedOut and Cancelled exit 10 (after printing); the watch's own
 * ends (nothing appeared, the deadline passed) are its errors, with exits 11 and 12.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { DescribeError, WatchError } from "ssm-association-executions/AssociationExecutionsError"
import type { ExecutionState, WatchInput } from "ssm-association-executions/Watch"
import { ExitCode, Exited } from "./exitCodes.js"
import type { OutputFormat } from "./flags.js"
import { CliOutput } from "./output.js"
import { endLine, progressLine, renderWait, waitDocument } from "./waitRecords.js"

/** What to follow and how to print it. */
export interface FollowRequest {
  readonly input: WatchInput
  /** The most time to wait, from the start of the watch. */
  readonly deadlineMillis: number
  /** @default `table` when stdout is a terminal, `ndjson` otherwise */
  readonly format?: OutputFormat | undefined
  /** No progress lines and no end line on stderr. */
  readonly quiet: boolean
}

/**
 * Which execution `wait` follows when given no id: the first created after `createdAfter`, or else
 * the association's newest (done or not), or, when it has none yet, the first one to appear.
 */
export const waitInputOf = (
  associationId: string,
  createdAfter: Date | undefined
): Effect.Effect<WatchInput, DescribeError, AssociationExecutions> =>
  createdAfter !== undefined
    ? Effect.succeed({ AssociationId: associationId, createdAfter })
    : Effect.gen(function*() {
      const service = yield* AssociationExecutions
      const now = yield* Clock.currentTimeMillis
      const page = yield* service.describe({ AssociationId: associationId, MaxResults: 1 })
      const newest = page.AssociationExecutions?.[0]?.ExecutionId
      return newest === undefined
        ? { AssociationId: associationId, createdAfter: new Date(now) }
        : { AssociationId: associationId, ExecutionId: newest }
    })

/** Follows `request.input` to its end; see the module's description for what it prints and how it exits. */
export const follow = (
  request: FollowRequest
): Effect.Effect<ExecutionState, WatchError | Exited, AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    const service = yield* AssociationExecutions
    const output = yield* CliOutput
    const seen = yield* Ref.make<ExecutionState | undefined>(undefined)
    const last = yield* service.watch(request.input, { deadlineMillis: request.deadlineMillis }).pipe(
      Stream.tap((state) =>
        Effect.zipRight(Ref.set(seen, state), request.quiet ? Effect.void : output.writeError(progressLine(state)))
      ),
      Stream.runLast,
      // Ctrl-C stops the waiting, not the run: say how to pick it up again.
      Effect.onInterrupt(() =>
        Effect.flatMap(Ref.get(seen), (state) =>
          state === undefined ? Effect.void : output.writeError(
            `Interrupted; the run goes on. Keep waiting with: wait --association-id ${state.AssociationId} ` +
              `--execution-id ${state.ExecutionId}\n`
          ))
      )
    )
    // The watch ends only after a terminal state.
    if (Option.isNone(last)) return yield* Effect.dieMessage("a watch ended without a state")
    const state = last.value
    const format = request.format ?? (output.stdoutIsTerminal ? "table" : "ndjson")
    yield* output.write(renderWait(waitDocument(state), format, output.stdoutColumns)).pipe(
      // The reader went away (`| head`): it has what it wanted; the exit code still says how it ended.
      Effect.catchTag("StdoutClosed", () => Effect.void)
    )
    if (!request.quiet) yield* output.writeError(endLine(state))
    if (state.Status !== "Success") return yield* new Exited({ code: ExitCode.executionFailed })
    return state
  })
