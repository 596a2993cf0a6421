/**
 * The Effect 4 line's reading of a custom retry `Schedule` (`RetryOptions.schedule`): the retry loop
 * (`internal/retry.ts`) asks it, after each failed attempt, whether to go on; it sleeps as the
 * schedule says. The same exports as the Effect 3 line's `src/line/retrySchedule.ts`.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schedule from "effect/Schedule"
import type { DescribeError } from "../AssociationExecutionsError.js"
import type { RetryOptions } from "../RetryPolicy.js"

/** After a failed attempt: sleeps the schedule's delay and says `true`, or `false` when it has ended. */
export type ScheduleStep = (error: DescribeError) => Effect.Effect<boolean>

/** A fresh run of `schedule`, for one request. */
export const makeScheduleStep = (schedule: NonNullable<RetryOptions["schedule"]>): Effect.Effect<ScheduleStep> =>
  Effect.map(
    Schedule.toStepWithSleep(schedule),
    // The step fails (with `Done`) once the schedule has ended.
    (step): ScheduleStep => (error) => Effect.map(Effect.exit(step(error)), Exit.isSuccess)
  )
