import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as RateLimit from "../src/internal/rateLimiter.js"
import { virtualClock } from "./support/virtualClock.js"

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
      // 7/s, one every 1/7 s. The bucket starts from what it held, not full: a burst right after a
      // throttle is what the server has just refused (the SDKs' bucket lets 7 go at once).
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 70 && slots <= 71, `got ${slots}`)
    }))

  it.scoped("each further throttle multiplies the rate by beta again", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* warmUpAtTenPerSecond(limiter)
      yield* limiter.onResponse("throttled")
      yield* limiter.onResponse("throttled")
      // min(measured 10, current 7) * 0.7 = 4.9/s: every answer since the first cut was throttled.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 49 && slots <= 50, `got ${slots}`)
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
      const caller = yield* greedy(limiter, limiter.onResponse("success"))
      yield* seconds(10)
      assert.strictEqual(yield* caller.count, 51)
      yield* Fiber.interrupt(caller.fiber)
      yield* Effect.replicateEffect(limiter.onResponse("throttled"), 10)
      // Now the adaptive floor of 0.5/s is the stricter.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 5 && slots <= 6, `got ${slots}`)
    }))
})

/**
 * A client of its own limiter that starts one request every `paceMillis` at most (the limiter may
 * make it wait) for `durationMillis`, each answered at once by `server` (true: throttled). Runs on
 * the harness's virtual clock, which moves from wake-up to wake-up without TestClock's real-time
 * suspension checks. Returns when each request started, from 0.
 */
const pacedClient = (
  durationMillis: number,
  paceMillis: number,
  server: (request: number) => Effect.Effect<boolean>
) =>
  Effect.gen(function*() {
    const testClock = yield* TestClock.testClock()
    const virtual = virtualClock(testClock.unsafeCurrentTimeMillis())
    const driver = yield* Effect.fork(virtual.drive)
    const run = Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      const starts: Array<number> = []
      let throttles = 0
      const startedAt = yield* Clock.currentTimeMillis
      for (let request = 0;; request++) {
        yield* limiter.acquire
        const now = (yield* Clock.currentTimeMillis) - startedAt
        if (now >= durationMillis) return { starts, throttles }
        starts.push(now)
        const throttled = yield* server(request)
        if (throttled) throttles++
        yield* limiter.onResponse(throttled ? "throttled" : "success")
        yield* Effect.sleep(Duration.millis(paceMillis))
      }
    })
    const result = yield* run.pipe(Effect.scoped, Effect.withClock(virtual.clock))
    yield* Fiber.interrupt(driver)
    const startedBetween = (fromMillis: number, toMillis: number) =>
      result.starts.filter((at) => at >= fromMillis && at < toMillis).length
    return { throttles: result.throttles, startedBetween }
  })

/** A server's own limit: a token bucket of `perSecond`, holding one second's worth. */
const serverLimit = (perSecond: number) =>
  Effect.gen(function*() {
    let bucket = { tokens: perSecond, atMillis: yield* Clock.currentTimeMillis }
    return (_request: number) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const refilled = Math.min(perSecond, bucket.tokens + (now - bucket.atMillis) / 1000 * perSecond)
        bucket = { tokens: refilled >= 1 ? refilled - 1 : refilled, atMillis: now }
        return refilled < 1
      })
  })

describe("RateLimit adaptive: throttling the rate causes, and throttling it does not", () => {
  it.scoped("against a server limit of 8/s, settles near the limit", () =>
    Effect.gen(function*() {
      // The client would send 50 a second.
      const client = yield* pacedClient(40_000, 20, yield* serverLimit(8))
      // Over the last 30 s: near the limit (CUBIC probes above it now and then), never far below.
      const started = client.startedBetween(10_000, 40_000)
      assert.isAtLeast(started, 30 * 8 * 0.9, `${started} started`)
      assert.isAtMost(started, 30 * 8 * 1.25, `${started} started`)
    }))

  it.scoped("with one answer in five throttled whatever the rate, lets go and runs at the client's own pace", () =>
    Effect.gen(function*() {
      const client = yield* pacedClient(20_000, 20, (request) => Effect.succeed(request % 5 === 4))
      assert.isAtLeast(client.throttles, 150)
      // Over the last 10 s: the client's own 50 a second, not slowed at all.
      assert.strictEqual(client.startedBetween(10_000, 20_000), 500)
    }))

  it.scoped("the same share throttled at random: the limiter still lets go", () =>
    Effect.gen(function*() {
      const client = yield* pacedClient(30_000, 20, () => Effect.map(Random.next, (draw) => draw < 0.2))
      const started = client.startedBetween(20_000, 30_000)
      assert.isAtLeast(started, 500 * 0.95, `${started} started`)
    }).pipe(Effect.withRandom(Random.make(11))))
})
