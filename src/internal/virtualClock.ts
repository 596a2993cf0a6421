/**
 * The one model of virtual time the tests use: a `Clock` whose sleeps wait until its driver wakes
 * them, which it does in order of wake-up time once every fiber has stopped moving (no sleep begun
 * or ended over a few scheduler turns). Unlike TestClock's `adjust`, which waits a few real
 * milliseconds per wake-up to see that fibers are suspended, a jump costs only scheduler turns, so
 * a pull of many streams through backoff and rate limits costs its CPU and nothing more.
 */
import type * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { clockOf, completeSignal, forkChild, makeSignal, withClock, yieldNow } from "../line/virtualClock.js"

/** Options of {@link make}. */
export interface VirtualClockOptions {
  /**
   * Sleeps this long or longer are deadlines racing real I/O (an attempt's timeout over loopback
   * HTTP): time never jumps to one, so an exchange still being answered is not timed out; it ends
   * with its exchange, or when time passes it on the way to another wake-up. Give a length no
   * backoff or rate-limit wait reaches, and an attempt timeout well above it.
   * @default Infinity (every sleep is a wake-up to jump to)
   */
  readonly deadlineMillis?: number | undefined
}

/** A clock of virtual time and the fiber body that moves it. */
export interface VirtualClock {
  /** The clock to give the code under test ({@link provide}). */
  readonly clock: Clock.Clock
  /** The virtual time now, read from plain code. */
  readonly nowMillis: () => number
  /** Forever: once every fiber has stopped moving, wakes the earliest sleepers. */
  readonly drive: Effect.Effect<never>
}

interface Sleeper {
  readonly wakeAt: number
  readonly wake: Deferred.Deferred<void>
  readonly isDeadline: boolean
}

// Scheduler turns with no sleep begun or ended before every fiber counts as waiting.
const quietTurns = 3

/** Virtual time starting at `startMillis`; nothing moves it but {@link VirtualClock.drive}. */
export const make = (startMillis: number, options: VirtualClockOptions = {}): VirtualClock => {
  const deadlineMillis = options.deadlineMillis ?? Infinity
  let nowMillis = startMillis
  let activity = 0
  let nextId = 0
  let wakeUps = 0
  const sleepers = new Map<number, Sleeper>()
  // Completed when a sleep begins or ends, for a driver that has nothing to jump to.
  let changed: Deferred.Deferred<void> | undefined

  const moved = () => {
    activity++
    if (changed !== undefined) completeSignal(changed)
    changed = undefined
  }

  const sleep = (millis: number): Effect.Effect<void> =>
    Effect.flatMap(Deferred.make<void>(), (wake) =>
      Effect.suspend(() => {
        const id = nextId++
        const isDeadline = millis >= deadlineMillis
        sleepers.set(id, { wakeAt: nowMillis + millis, wake, isDeadline })
        if (!isDeadline) wakeUps++
        moved()
        return Effect.ensuring(
          Deferred.await(wake),
          Effect.sync(() => {
            sleepers.delete(id)
            if (!isDeadline) wakeUps--
            moved()
          })
        )
      }))

  const currentMillis = () => nowMillis

  // Waits for a sleep to begin or end, unless one did since `seen` was read: the driver may be
  // suspended between reading the counts and getting here (a fiber yields after a number of steps),
  // and a sleep begun meanwhile would otherwise find no one to tell and never be woken.
  const awaitChange = (seen: number) =>
    Effect.suspend(() => {
      if (activity !== seen) return Effect.void
      if (changed === undefined) changed = makeSignal()
      return Deferred.await(changed)
    })

  const drive = Effect.gen(function*() {
    let before = -1
    let still = 0
    for (;;) {
      // Nothing to jump to (no sleeper, or only deadlines of exchanges in flight): wait, costing nothing.
      if (wakeUps === 0) {
        yield* awaitChange(activity)
        continue
      }
      yield* yieldNow
      still = activity === before ? still + 1 : 0
      before = activity
      if (still < quietTurns) continue
      still = 0
      let wakeAt = Infinity
      for (const sleeper of sleepers.values()) {
        if (!sleeper.isDeadline) wakeAt = Math.min(wakeAt, sleeper.wakeAt)
      }
      nowMillis = Math.max(nowMillis, wakeAt)
      // Every sleeper due now, deadlines passed on the way included, in the order they began.
      for (const sleeper of Array.from(sleepers.values())) {
        if (sleeper.wakeAt <= nowMillis) yield* Deferred.succeed(sleeper.wake, undefined)
      }
    }
  })

  return { clock: clockOf(currentMillis, sleep), nowMillis: currentMillis, drive }
}

/** `effect` on the virtual clock's time (its driver runs elsewhere: {@link run} runs both). */
export const provide = <A, E, R>(effect: Effect.Effect<A, E, R>, virtual: VirtualClock): Effect.Effect<A, E, R> =>
  withClock(effect, virtual.clock)

/**
 * Runs `effect` on a virtual clock started at `startMillis`, its driver beside it; returns the
 * outcome and the virtual time it ended at.
 */
export const run = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  startMillis: number,
  options: VirtualClockOptions = {}
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly endMillis: number }, never, R> =>
  Effect.gen(function*() {
    const virtual = make(startMillis, options)
    const driver = yield* forkChild(virtual.drive)
    const exit = yield* Effect.exit(provide(effect, virtual))
    yield* Fiber.interrupt(driver)
    return { exit, endMillis: virtual.nowMillis() }
  })
