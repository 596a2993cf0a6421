/**
 * *Node-only*: what the local endpoint's server (`internal/localServer.ts`) needs that the two
 * Effect lines spell differently, the Effect 4 way: the wall clock, and an effect a callback ends (running on
 * a given clock is `line/virtualClock.ts`'s `withClock`).
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"

/** A clock reading the wall time whatever clock the caller runs on (a test's `TestClock` too). */
export const wallClock = (): Clock.Clock => Clock.Clock.defaultValue()

/** The clock's time, read outside any effect. */
export const clockMillis = (clock: Clock.Clock): number => clock.currentTimeMillisUnsafe()

/** An effect ended by the first effect handed to `resume` (a Node callback's outcome). */
export const callback = <A, E = never>(
  register: (resume: (effect: Effect.Effect<A, E>) => void) => void
): Effect.Effect<A, E> => Effect.callback<A, E>((resume) => register(resume))
