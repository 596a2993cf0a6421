import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as RateLimit from "../src/internal/rateLimiter.js"

const seconds = (n: number) => TestClock.adjust(Duration.seconds(n))
const millis = (n: number) => TestClock.adjust(Duration.millis(n))

/** Starts a fiber that takes slots as fast as the limiter allows, recording when it got each. */
const greedy = (limiter: RateLimit.RequestRateLimiter, onEach: Effect.Effect<void> = Effect.void) =>
  Effect.gen(function*() {
    const times = yield* Ref.make<ReadonlyArray<number>>([])
    const fiber = yield* Effect.fork(Effect.forever(
      limiter.acquire.pipe(
        Effect.zipRight(Clock.currentTimeMillis),
        Effect.flatMap((now) => Ref.update(times, (all) => [...all, now])),
        Effect.zipRight(onEach)
      )
    ))
    yield* millis(0)
    return { times: Ref.get(times), count: Effect.map(Ref.get(times), (all) => all.length), fiber }
  })

/** How many slots a greedy caller gets during the next `durationSeconds`, counting the ones available at once. */
const slotsDuring = (limiter: RateLimit.RequestRateLimiter, durationSeconds: number) =>
  Effect.gen(function*() {
    const caller = yield* greedy(limiter)
    yield* seconds(durationSeconds)
    const count = yield* caller.count
    yield* Fiber.interrupt(caller.fiber)
    return count
  })

/** Ten requests a second for four seconds, all answered successfully, so the measured rate is 10/s. */
const warmUpAtTenPerSecond = (limiter: RateLimit.RequestRateLimiter) =>
  Effect.gen(function*() {
    for (let i = 0; i < 40; i++) {
      yield* limiter.acquire
      yield* limiter.onResponse("success")
      yield* millis(100)
    }
    // Mid-bucket, so the throttle itself does not move the measured rate.
    yield* millis(50)
  })

describe("RateLimit fixed cap", () => {
  it.scoped("spaces one caller's requests at the configured rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 2, adaptive: false, burst: 1 })
      const caller = yield* greedy(limiter)
      assert.deepStrictEqual(yield* caller.times, [0])
      yield* seconds(3)
      assert.deepStrictEqual(yield* caller.times, [0, 500, 1000, 1500, 2000, 2500, 3000])
      yield* seconds(7)
      assert.strictEqual(yield* caller.count, 21)
    }))

  it.scoped("lets a burst through at once after a quiet period, then holds the rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 2, burst: 5, adaptive: false })
      assert.strictEqual(yield* slotsDuring(limiter, 0), 5)
      // The bucket refills at 2/s up to 5, never more, however long the pause.
      yield* seconds(60)
      const caller = yield* greedy(limiter)
      const times = yield* caller.times
      assert.deepStrictEqual(times.length, 5)
      yield* seconds(2)
      assert.strictEqual(yield* caller.count, 9)
    }))

  it.scoped("burst defaults to the rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 4, adaptive: false })
      assert.strictEqual(yield* slotsDuring(limiter, 0), 4)
    }))

  it.scoped("shares one budget fairly among 8 concurrent callers", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 4, burst: 1, adaptive: false })
      const callers = yield* Effect.forEach(Array.from({ length: 8 }), () => greedy(limiter))
      yield* seconds(10)
      const perCaller = yield* Effect.forEach(callers, (caller) => caller.count)
      const all = (yield* Effect.forEach(callers, (caller) => caller.times)).flat().sort((a, b) => a - b)
      // 1 at once, then 4 a second: the budget is shared, not multiplied by the number of callers.
      assert.strictEqual(all.length, 41)
      for (let i = 1; i < all.length; i++) assert.isTrue(all[i]! - all[i - 1]! >= 250)
      // First come, first served: nobody starves, nobody gets ahead by more than one turn.
      assert.isTrue(Math.min(...perCaller) >= 5)
      assert.isTrue(Math.max(...perCaller) - Math.min(...perCaller) <= 1)
    }))

  it.scoped("a caller interrupted while waiting leaves the line without blocking it", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 1, burst: 1, adaptive: false })
      yield* limiter.acquire
      const first = yield* Effect.fork(limiter.acquire)
      const second = yield* Effect.fork(limiter.acquire)
      const third = yield* Effect.fork(limiter.acquire)
      yield* millis(0)
      yield* Fiber.interrupt(second)
      yield* Fiber.interrupt(first)
      yield* seconds(1)
      assert.isTrue((yield* Fiber.poll(third))._tag === "Some")
    }))

  it.scoped("a rate that is not a positive number caps nothing", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 0, adaptive: false })
      yield* Effect.replicateEffect(limiter.acquire, 1000)
      assert.strictEqual(yield* Clock.currentTimeMillis, 0)
    }))
})

describe("RateLimit adaptive (CUBIC)", () => {
  it.scoped("is unlimited until the first throttle", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* Effect.replicateEffect(
        Effect.zipRight(limiter.acquire, limiter.onResponse("success")),
        1000
      )
      yield* Effect.replicateEffect(Effect.zipRight(limiter.acquire, limiter.onResponse("other")), 1000)
      assert.strictEqual(yield* Clock.currentTimeMillis, 0)
    }))

  it.scoped("after a throttle, slows to beta (0.7) times the measured rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* warmUpAtTenPerSecond(limiter)
      yield* limiter.onResponse("throttled")
      // 7/s with a capacity of 7: 7 at once, then one every 1/7 s.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 76 && slots <= 77, `got ${slots}`)
    }))

  it.scoped("each further throttle multiplies the rate by beta again", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* warmUpAtTenPerSecond(limiter)
      yield* limiter.onResponse("throttled")
      yield* limiter.onResponse("throttled")
      // min(measured 10, current 7) * 0.7 = 4.9/s, capacity 4.9.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 52 && slots <= 54, `got ${slots}`)
    }))

  it.scoped("never goes below 0.5 requests per second", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* warmUpAtTenPerSecond(limiter)
      yield* Effect.replicateEffect(limiter.onResponse("throttled"), 30)
      // Capacity 1, refilled at 0.5/s.
      assert.strictEqual(yield* slotsDuring(limiter, 10), 6)
      assert.strictEqual(yield* slotsDuring(limiter, 20), 10)
    }))

  it.scoped("recovers as requests succeed, past the rate it was throttled at", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* warmUpAtTenPerSecond(limiter)
      yield* limiter.onResponse("throttled")
      const caller = yield* greedy(limiter, limiter.onResponse("success"))
      const windows: Array<number> = []
      let previous = yield* caller.count
      for (let i = 0; i < 5; i++) {
        yield* seconds(2)
        const now = yield* caller.count
        windows.push(now - previous)
        previous = now
      }
      // CUBIC growth: every window faster than the one before, ending well above 10/s.
      for (let i = 1; i < windows.length; i++) assert.isTrue(windows[i]! > windows[i - 1]!, windows.join(","))
      assert.isTrue(windows[windows.length - 1]! > 2 * 10, windows.join(","))
      yield* Fiber.interrupt(caller.fiber)
    }))

  it.scoped("combined with a fixed cap, the stricter of the two applies", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 5, burst: 1 })
      // Before any throttle only the fixed cap applies.
      assert.strictEqual(yield* slotsDuring(limiter, 10), 51)
      yield* Effect.replicateEffect(limiter.onResponse("throttled"), 10)
      // Now the adaptive floor of 0.5/s is the stricter.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 5 && slots <= 6, `got ${slots}`)
    }))
})
