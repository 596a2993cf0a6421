/**
 * Drives a client's TestClock for tests that mix virtual time (backoff, rate limits) with real I/O
 * (signing promises, loopback HTTP): whenever the client sleeps and nothing has begun or ended a
 * sleep for a moment of real time, TestClock jumps to the next wake-up.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"

export interface WatchedClock {
  /** The clock to give the client (`Effect.withClock`). */
  readonly clock: Clock.Clock
  /** Sleeps begun plus sleeps ended so far: unchanged means nothing moved. */
  readonly activity: () => number
  /** The earliest wake-up of a backoff or rate-limit sleep in progress. */
  readonly nextWakeUp: () => number | undefined
}

/**
 * TestClock, with the backoff and rate-limit sleeps in progress kept in view. Sleeps of
 * `raceMillis` (the attempt timeout the test gives its client) are left out: they race every HTTP
 * exchange in flight, so they are not the client waiting, and jumping to them would time out a
 * request that real I/O is still answering.
 */
export const watchedClock = (testClock: TestClock.TestClock, raceMillis: number): WatchedClock => {
  const wakeUps = new Map<number, number>()
  let sleepsStarted = 0
  let sleepsEnded = 0
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => testClock.unsafeCurrentTimeMillis(),
    currentTimeMillis: testClock.currentTimeMillis,
    unsafeCurrentTimeNanos: () => testClock.unsafeCurrentTimeNanos(),
    currentTimeNanos: testClock.currentTimeNanos,
    sleep: (duration) =>
      Duration.toMillis(duration) === raceMillis ? testClock.sleep(duration) : Effect.suspend(() => {
        const id = sleepsStarted++
        wakeUps.set(id, testClock.unsafeCurrentTimeMillis() + Duration.toMillis(duration))
        return Effect.ensuring(
          testClock.sleep(duration),
          Effect.sync(() => {
            wakeUps.delete(id)
            sleepsEnded++
          })
        )
      })
  }
  return {
    clock,
    activity: () => sleepsStarted + sleepsEnded,
    nextWakeUp: () => wakeUps.size === 0 ? undefined : Math.min(...wakeUps.values())
  }
}

/** Forever: after a millisecond of real time with no sleep begun or ended, jump to the next wake-up. */
export const driveClock = (testClock: TestClock.TestClock, watched: WatchedClock) =>
  Effect.gen(function*() {
    const before = watched.activity()
    yield* TestServices.provideLive(Effect.sleep(Duration.millis(1)))
    const wakeUp = watched.nextWakeUp()
    if (watched.activity() !== before || wakeUp === undefined) return
    if (wakeUp > testClock.unsafeCurrentTimeMillis()) yield* testClock.setTime(wakeUp)
  }).pipe(Effect.forever)

/**
 * For a client whose path awaits no promise (synchronous signer, in-memory transport): once every
 * fiber has stopped moving (no sleep begun or ended over a few scheduler turns), jump to the next
 * wake-up. No real time passes; `until` ends the drive.
 */
export const driveVirtualClock = (testClock: TestClock.TestClock, watched: WatchedClock) =>
  Effect.gen(function*() {
    let before = -1
    let still = 0
    for (;;) {
      yield* Effect.yieldNow()
      const activity = watched.activity()
      still = activity === before ? still + 1 : 0
      before = activity
      if (still < 3) continue
      const wakeUp = watched.nextWakeUp()
      if (wakeUp !== undefined && wakeUp > testClock.unsafeCurrentTimeMillis()) yield* testClock.setTime(wakeUp)
      still = 0
    }
  })
