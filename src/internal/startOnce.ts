/**
 * StartAssociationsOnce is not idempotent (no client token): sent twice, it starts twice. A start
 * whose answer was lost (`startMayHaveActed`) is therefore never simply sent again, as the AWS
 * SDKs do: the associations are first checked for an execution created after the request was
 * sent, for a while, since a new execution is not visible at once. One appeared: the start
 * happened. None did: it did not, and it is sent again. The check could not be made, or none was
 * asked for: `StartOutcomeUnknown`, which says the start may have happened.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import {
  type DescribeError,
  InvalidInput,
  type StartOnceError,
  StartOutcomeUnknown
} from "../AssociationExecutionsError.js"
import type {
  StartAssociationsOnceInput,
  StartAssociationsOnceOutput,
  StartOnceOptions
} from "../StartAssociationsOnce.js"
import { startMayHaveActed } from "./operation.js"
import type { Service } from "./service.js"

/** What the engine runs on. */
export interface StartOnceDependencies {
  /** One StartAssociationsOnce call, retried only where nothing may have been started. */
  readonly start: (
    input: StartAssociationsOnceInput
  ) => Effect.Effect<StartAssociationsOnceOutput, Exclude<StartOnceError, StartOutcomeUnknown>>
  readonly describe: Service["describe"]
  /** The time as the server sees it: the `Clock` plus the offset learned from its `Date`. */
  readonly serverNow: Effect.Effect<number>
  /** How many times a start may be sent in all, when each earlier one is known not to have started. */
  readonly maxStarts: number
}

// A CreatedTime is compared with the time the request was sent, less this margin: the server's
// clock and ours may differ a little even after correcting by its `Date`, which has whole seconds.
const createdTimeMarginMillis = 1000

/** True when any of `associationIds` has an execution created after `sinceMillis`. */
const anyCreatedSince = (
  describe: Service["describe"],
  associationIds: ReadonlyArray<string>,
  sinceMillis: number
): Effect.Effect<boolean, DescribeError> =>
  Effect.map(
    Effect.forEach(associationIds, (AssociationId) =>
      describe({
        AssociationId,
        Filters: [{
          Key: "CreatedTime",
          Type: "GREATER_THAN",
          Value: new Date(sinceMillis - createdTimeMarginMillis).toISOString()
        }],
        MaxResults: 1
      })),
    (pages) => pages.some((page) => page.AssociationExecutions.length > 0)
  )

/**
 * Looks now and every `everyMillis` until `withinMillis` have passed. The last look is one sent at or
 * after the end: a look sent earlier whose answer came late (a slow server, a busy machine) saw the
 * server only up to some moment inside the window, so it cannot close it.
 */
const appearsWithin = (
  look: Effect.Effect<boolean, DescribeError>,
  withinMillis: number,
  everyMillis: number
): Effect.Effect<boolean, DescribeError> =>
  Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    const deadline = startedAt + withinMillis
    const loop: Effect.Effect<boolean, DescribeError> = Effect.flatMap(Clock.currentTimeMillis, (sentAt) =>
      Effect.flatMap(look, (found) =>
        found || sentAt >= deadline
          ? Effect.succeed(found)
          : Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.andThen(Effect.sleep(Duration.millis(Math.max(0, Math.min(everyMillis, deadline - now)))), loop))))
    return loop
  })

const invalidOption = (field: string, rule: string) =>
  new InvalidInput({ field: `options.${field}`, rule, operation: "StartAssociationsOnce" })

/** `startOnce` over a start call that never repeats an ambiguous request, and `describe`. */
export const makeStartOnce = (dependencies: StartOnceDependencies) =>
(
  input: StartAssociationsOnceInput,
  options: StartOnceOptions = {}
): Effect.Effect<StartAssociationsOnceOutput, StartOnceError> => {
  const withinMillis = options.confirmWithinMillis ?? 20_000
  const everyMillis = options.confirmEveryMillis ?? 2000
  // Checked before anything is sent, as every option is: NaN would make the window endless.
  if (!(Number.isFinite(withinMillis) && withinMillis >= 0)) {
    return Effect.fail(invalidOption("confirmWithinMillis", "must be a number of milliseconds, 0 or more"))
  }
  if (!(Number.isFinite(everyMillis) && everyMillis > 0)) {
    return Effect.fail(invalidOption("confirmEveryMillis", "must be a number of milliseconds more than 0"))
  }
  const attempt = (startNumber: number): Effect.Effect<StartAssociationsOnceOutput, StartOnceError> =>
    Effect.flatMap(
      dependencies.serverNow,
      (requestedAtMillis) =>
        Effect.matchEffect(dependencies.start(input), {
          onSuccess: Effect.succeed,
          onFailure: (error) => {
            if (!startMayHaveActed(error)) return Effect.fail(error)
            const unknown = (detail: string) =>
              new StartOutcomeUnknown({
                associationIds: input.AssociationIds,
                requestedAt: new Date(requestedAtMillis),
                cause: error,
                detail
              })
            if (withinMillis === 0) return Effect.fail(unknown("no check for a new execution was asked for"))
            const look = anyCreatedSince(dependencies.describe, input.AssociationIds, requestedAtMillis)
            // One span for the whole look, so a trace shows why a start took longer than its call.
            // (Data-first: both Effect lines take `captureStackTrace` among its options.)
            const confirm = Effect.withSpan(
              appearsWithin(look, withinMillis, everyMillis),
              "StartAssociationsOnce confirm",
              {
                attributes: { "error.type": error._tag, "confirm.within_ms": withinMillis },
                captureStackTrace: false
              }
            )
            return Effect.matchEffect(confirm, {
              onFailure: (lookError) =>
                Effect.fail(unknown(`the check for a new execution failed: ${lookError.message}`)),
              onSuccess: (appeared) =>
                // A new execution: the lost answer was a success. Nothing appeared in the whole
                // window: the request did not start anything.
                appeared
                  ? Effect.succeed({})
                  : startNumber < dependencies.maxStarts
                  ? attempt(startNumber + 1)
                  : Effect.fail(error)
            })
          }
        })
    )
  return attempt(1)
}
