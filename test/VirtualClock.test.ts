/**
 * The one model of virtual time: sleeps wake in order of wake-up time once every fiber waits, and an
 * attempt's deadline racing real I/O is never jumped to.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as VirtualClock from "ssm-association-executions/internal/virtualClock"
import { timeoutFail } from "ssm-association-executions/line/timing"

/** The value of a successful exit, failing the test otherwise. */
const valueOf = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  return assert.fail("expected a success")
}

/** Real I/O as far as the clock can tell: a promise that settles on a real timer. */
const realIo = (millis: number) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, millis)))

describe("virtual clock", () => {
  it.effect("wakes sleepers in order of wake-up time, each at its exact virtual time", () =>
    Effect.gen(function*() {
      const woken: Array<readonly [string, number]> = []
      const sleeper = (name: string, millis: number) =>
        Effect.flatMap(Effect.sleep(millis), () =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => woken.push([name, now]))))
      const { endMillis, exit } = yield* VirtualClock.run(
        Effect.all([sleeper("c", 3_000), sleeper("a", 1_000), sleeper("b", 2_000), sleeper("a2", 1_000)], {
          concurrency: "unbounded"
        }),
        5_000
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(woken, [["a", 6_000], ["a2", 6_000], ["b", 7_000], ["c", 8_000]])
      assert.strictEqual(endMillis, 8_000)
    }))

  it.effect("moves a day of backoff at once: a loop of sleeps ends on the virtual time it adds up to", () =>
    Effect.gen(function*() {
      const { endMillis, exit } = yield* VirtualClock.run(
        Effect.forEach(Array.from({ length: 1_000 }, (_, index) => index), () => Effect.sleep("86400 millis")),
        0
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(endMillis, 86_400_000)
    }))

  it.live("never jumps to a deadline while its exchange is in flight, though other fibers' waits move on", () =>
    Effect.gen(function*() {
      const exchange = timeoutFail(realIo(30), 600_000, () => "timed out")
      const backoff = Effect.forEach([1, 2, 3], (seconds) => Effect.sleep(`${seconds} seconds`))
      const { endMillis, exit } = yield* VirtualClock.run(
        Effect.all([exchange, backoff], { concurrency: "unbounded" }),
        0,
        { deadlineMillis: 60_000 }
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(endMillis, 6_000)
    }))

  it.live("without deadlines, the same exchange's timeout is a wake-up like any other", () =>
    Effect.gen(function*() {
      const exchange = timeoutFail(realIo(2_000), 600_000, () => "timed out")
      const { endMillis, exit } = yield* VirtualClock.run(Effect.flip(exchange), 0)
      assert.strictEqual(valueOf(exit), "timed out")
      assert.strictEqual(endMillis, 600_000)
    }))

  it.effect("passes a deadline on the way to later wake-ups, and ends it then", () =>
    Effect.gen(function*() {
      const stuck = Effect.andThen(
        Effect.flip(timeoutFail(Effect.never, 100_000, () => "timed out")),
        Clock.currentTimeMillis
      )
      const backoff = Effect.forEach([1, 2, 3], () => Effect.sleep("40 seconds"))
      const { endMillis, exit } = yield* VirtualClock.run(
        Effect.all([stuck, backoff], { concurrency: "unbounded" }),
        0,
        { deadlineMillis: 60_000 }
      )
      // Woken at the wake-up that passed it (120 s), never jumped to for itself (100 s).
      assert.strictEqual(valueOf(exit)[0], 120_000)
      assert.strictEqual(endMillis, 120_000)
    }))
})
