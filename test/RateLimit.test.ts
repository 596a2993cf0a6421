import { assert, describe, it } from "@effect/vitest"
import { fork, TestClock, withRandomSeed } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as RateLimit from "ssm-association-executions/internal/rateLimiter"
import * as VirtualClock from "ssm-association-executions/internal/virtualClock"
import { yieldNow } from "ssm-association-executions/line/virtualClock"

/** A test under TestClock with a scope for the limiters it makes (`it.scoped` on Effect 3 only). */
const scopedIt = <E>(name: string, body: () => Effect.Effect<void, E, Scope.Scope>) =>
  it.effect(name, () => Effect.scoped(body()))

const seconds = (n: number) => TestClock.adjust(Duration.seconds(n))
const millis = (n: number) => TestClock.adjust(Duration.millis(n))

/**
 * Lets a caller just started run until it waits on the limiter (`count` stops moving over a few
 * turns), or for 2,000 turns when nothing makes it wait. Effect 3's `TestClock.adjust` waits for
 * that on its own; Effect 4's runs a fiber it did not wake only until it yields, and
 * `Effect.forever` yields every turn.
 */
const untilStill = (count: Effect.Effect<number>) =>
  Effect.gen(function*() {
    let last = -1
    for (let still = 0, turn = 0; still < 3 && turn < 2_000; turn++) {
      yield* yieldNow
      const now = yield* count
      still = now === last ? still + 1 : 0
      last = now
    }
  })

/** Starts a fiber that takes slots as fast as the limiter allows, recording when it got each. */
const greedy = (
  limiter: RateLimit.RequestRateLimiter,
  onEach: (ticket: RateLimit.Ticket) => Effect.Effect<void> = () => Effect.void
) =>
  Effect.gen(function*() {
    const times = yield* Ref.make<ReadonlyArray<number>>([])
    const fiber = yield* fork(Effect.forever(
      Effect.flatMap(limiter.acquire, (ticket) =>
        Clock.currentTimeMillis.pipe(
          Effect.flatMap((now) => Ref.update(times, (all) => [...all, now])),
          Effect.andThen(onEach(ticket))
        ))
    ))
    const count = Effect.map(Ref.get(times), (all) => all.length)
    yield* millis(0)
    yield* untilStill(count)
    return { times: Ref.get(times), count, fiber }
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

/** `times` requests, each started as soon as the limiter lets it (time moves on until it does) and throttled. */
const throttleEach = (limiter: RateLimit.RequestRateLimiter, times: number, stepMillis = 2_000) =>
  Effect.gen(function*() {
    for (let i = 0; i < times; i++) {
      const started = yield* fork(limiter.acquire)
      yield* millis(stepMillis)
      yield* limiter.onResponse("throttled", yield* Fiber.join(started))
    }
  })

/** Ten requests a second for four seconds, all answered successfully; the last one's ticket. */
const warmUpAtTenPerSecond = (limiter: RateLimit.RequestRateLimiter) =>
  Effect.gen(function*() {
    let ticket = 0
    for (let i = 0; i < 40; i++) {
      ticket = yield* limiter.acquire
      yield* limiter.onResponse("success", ticket)
      yield* millis(100)
    }
    return ticket
  })

describe("RateLimit fixed cap", () => {
  scopedIt("spaces one caller's requests at the configured rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 2, adaptive: false, burst: 1 })
      const caller = yield* greedy(limiter)
      assert.deepStrictEqual(yield* caller.times, [0])
      yield* seconds(3)
      assert.deepStrictEqual(yield* caller.times, [0, 500, 1000, 1500, 2000, 2500, 3000])
      yield* seconds(7)
      assert.strictEqual(yield* caller.count, 21)
    }))

  scopedIt("lets a burst through at once after a quiet period, then holds the rate", () =>
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

  scopedIt("burst defaults to the rate", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 4, adaptive: false })
      assert.strictEqual(yield* slotsDuring(limiter, 0), 4)
    }))

  scopedIt("shares one budget fairly among 8 concurrent callers", () =>
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

  scopedIt("a caller interrupted while waiting leaves the line without blocking it", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 1, burst: 1, adaptive: false })
      yield* limiter.acquire
      const thirdGotIn = yield* Ref.make(false)
      const first = yield* fork(limiter.acquire)
      const second = yield* fork(limiter.acquire)
      yield* fork(Effect.andThen(limiter.acquire, Ref.set(thirdGotIn, true)))
      yield* millis(0)
      yield* Fiber.interrupt(second)
      yield* Fiber.interrupt(first)
      yield* seconds(1)
      assert.isTrue(yield* Ref.get(thirdGotIn))
    }))

  scopedIt("a rate that is not a positive number caps nothing", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 0, adaptive: false })
      yield* Effect.replicateEffect(limiter.acquire, 1000)
      assert.strictEqual(yield* Clock.currentTimeMillis, 0)
    }))
})

describe("RateLimit adaptive (CUBIC, judged)", () => {
  scopedIt("is unlimited until throttling rises", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      yield* Effect.replicateEffect(
        Effect.flatMap(limiter.acquire, (ticket) => limiter.onResponse("success", ticket)),
        1000
      )
      yield* Effect.replicateEffect(
        Effect.flatMap(limiter.acquire, (ticket) => limiter.onResponse("other", ticket)),
        1000
      )
      assert.strictEqual(yield* Clock.currentTimeMillis, 0)
    }))

  scopedIt(
    "when a tenth of the answers are throttled, holds the rate at 0.6 of what got through",
    () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimit.make()
        const ticket = yield* warmUpAtTenPerSecond(limiter)
        yield* Effect.replicateEffect(limiter.onResponse("throttled", ticket), 5)
        // About 9/s got through over the last second (the count fades), so about 5.4/s, held until
        // the probe's own requests are answered (these never are).
        const slots = yield* slotsDuring(limiter, 10)
        assert.isTrue(slots >= 50 && slots <= 58, `got ${slots}`)
      })
  )

  scopedIt("answers to requests sent before the probe do not move it", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      const ticket = yield* warmUpAtTenPerSecond(limiter)
      // Over real HTTP, these arrive after the probe that the first of them started.
      yield* Effect.replicateEffect(limiter.onResponse("throttled", ticket), 30)
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 50 && slots <= 58, `got ${slots}`)
    }))

  scopedIt(
    "throttles answered before any success (they come back faster) do not send the rate to its floor",
    () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimit.make()
        // 50 streams start at once; the server's refusals come back at once, its answers later.
        const tickets = yield* Effect.replicateEffect(limiter.acquire, 50)
        yield* millis(10)
        for (const ticket of tickets.slice(0, 30)) yield* limiter.onResponse("throttled", ticket)
        // Nothing got through yet: the probe starts from beta of the rate requests were started at
        // (a guess that far-over probes halve), not from nothing (the 0.5/s floor).
        const slots = yield* slotsDuring(limiter, 1)
        assert.isAtLeast(slots, 20, `got ${slots}`)
      })
  )

  scopedIt(
    "a probe far over the limit probes again, lower, down to 0.5 requests per second at least",
    () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimit.make()
        const ticket = yield* warmUpAtTenPerSecond(limiter)
        yield* Effect.replicateEffect(limiter.onResponse("throttled", ticket), 5)
        // Every request of every probe throttled: each probe is far over after its third answer.
        yield* throttleEach(limiter, 30)
        // Capacity 1, refilled at 0.5/s.
        const slots = yield* slotsDuring(limiter, 20)
        assert.isTrue(slots >= 10 && slots <= 11, `got ${slots}`)
      })
  )

  scopedIt(
    "throttling that goes on at 0.6 and again at 0.36 of what got through is let go",
    () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimit.make()
        const ticket = yield* warmUpAtTenPerSecond(limiter)
        yield* Effect.replicateEffect(limiter.onResponse("throttled", ticket), 5)
        // Two probes, each answered 20 times, every fifth throttled.
        for (let probe = 0; probe < 2; probe++) {
          for (let answer = 0; answer < 20; answer++) {
            const started = yield* fork(limiter.acquire)
            yield* seconds(2)
            yield* limiter.onResponse(answer % 5 === 4 ? "throttled" : "success", yield* Fiber.join(started))
          }
        }
        // Unlimited again.
        assert.isAtLeast(yield* slotsDuring(limiter, 0), 1000)
      })
  )

  scopedIt("recovers as requests succeed, past the rate it was throttled at", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make()
      const ticket = yield* warmUpAtTenPerSecond(limiter)
      yield* Effect.replicateEffect(limiter.onResponse("throttled", ticket), 5)
      // The probe's requests all succeed: the limit is found, and CUBIC climbs from there.
      const caller = yield* greedy(limiter, (next) => limiter.onResponse("success", next))
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

  scopedIt("combined with a fixed cap, the stricter of the two applies", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ requestsPerSecond: 5, burst: 1 })
      // Before any throttle only the fixed cap applies.
      const caller = yield* greedy(limiter, (ticket) => limiter.onResponse("success", ticket))
      yield* seconds(10)
      assert.strictEqual(yield* caller.count, 51)
      yield* Fiber.interrupt(caller.fiber)
      yield* throttleEach(limiter, 30)
      // Now the adaptive floor of 0.5/s is the stricter.
      const slots = yield* slotsDuring(limiter, 10)
      assert.isTrue(slots >= 5 && slots <= 6, `got ${slots}`)
    }))
})

/**
 * `clients` callers sharing one limiter, each starting one request every `paceMillis` at most (the
 * limiter may make it wait) for `durationMillis`; the server decides each request when it arrives
 * (true: throttled) and the answer comes `latencyMillis` later; a throttled caller backs off up to
 * half a second first, as the retry loop does. Runs on the harness's virtual clock, which moves from
 * wake-up to wake-up without TestClock's real-time suspension checks. Returns when each request
 * started, from 0.
 */
const pacedClients = (
  scenario: {
    readonly durationMillis: number
    readonly paceMillis: number
    readonly clients?: number
    readonly latencyMillis?: number
    /** `false`: the same callers with no adaptive limiter, to compare with. */
    readonly adaptive?: boolean
  },
  server: (request: number) => Effect.Effect<boolean>
) =>
  Effect.gen(function*() {
    const run = Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ adaptive: scenario.adaptive ?? true })
      const starts: Array<number> = []
      let throttles = 0
      let requests = 0
      const startedAt = yield* Clock.currentTimeMillis
      const client = Effect.gen(function*() {
        for (;;) {
          const ticket = yield* limiter.acquire
          const now = (yield* Clock.currentTimeMillis) - startedAt
          if (now >= scenario.durationMillis) return
          starts.push(now)
          const throttled = yield* server(requests++)
          if (throttled) throttles++
          yield* Effect.sleep(Duration.millis(scenario.latencyMillis ?? 0))
          yield* limiter.onResponse(throttled ? "throttled" : "success", ticket)
          const backoff = throttled ? yield* Random.nextIntBetween(0, 500) : 0
          yield* Effect.sleep(Duration.millis(scenario.paceMillis + backoff))
        }
      })
      yield* Effect.all(Array.from({ length: scenario.clients ?? 1 }, () => client), { concurrency: "unbounded" })
      return { starts, throttles }
    })
    // On the harness's virtual clock (its driver beside the run), from the test clock's time.
    const { exit } = yield* VirtualClock.run(Effect.scoped(run), yield* Clock.currentTimeMillis)
    const result = yield* exit
    const startedBetween = (fromMillis: number, toMillis: number) =>
      result.starts.filter((at) => at >= fromMillis && at < toMillis).length
    const busiestSecondAfter = (fromMillis: number) => {
      let busiest = 0
      for (let second = fromMillis; second < scenario.durationMillis; second += 1000) {
        busiest = Math.max(busiest, startedBetween(second, second + 1000))
      }
      return busiest
    }
    return { throttles: result.throttles, startedBetween, busiestSecondAfter }
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
  scopedIt("against a server limit of 8/s, settles near the limit", () =>
    Effect.gen(function*() {
      // The client would send 50 a second.
      const client = yield* pacedClients({ durationMillis: 40_000, paceMillis: 20 }, yield* serverLimit(8))
      // Over the last 30 s: near the limit (CUBIC probes above it now and then), never far below.
      const started = client.startedBetween(10_000, 40_000)
      assert.isAtLeast(started, 30 * 8 * 0.9, `${started} started`)
      assert.isAtMost(started, 30 * 8 * 1.25, `${started} started`)
    }))

  // What real HTTP does and a zero-latency pull does not: answers arrive after the requests that
  // followed them, from many callers at once.
  for (const { clients, latencyMillis } of [{ clients: 8, latencyMillis: 50 }, { clients: 50, latencyMillis: 200 }]) {
    scopedIt(
      `${clients} callers, ${latencyMillis} ms of latency, a limit of 20/s: settles at it and stays`,
      () =>
        Effect.gen(function*() {
          const run = yield* pacedClients(
            { durationMillis: 40_000, paceMillis: 0, clients, latencyMillis },
            yield* serverLimit(20)
          )
          const started = run.startedBetween(10_000, 40_000)
          assert.isAtLeast(started, 30 * 20 * 0.85, `${started} started`)
          assert.isAtMost(started, 30 * 20 * 1.1, `${started} started`)
          // Never above limit + burst once the first second found the limit.
          assert.isAtMost(run.busiestSecondAfter(1_000), 40)
        }).pipe(withRandomSeed(clients))
    )
  }

  scopedIt(
    "with one answer in five throttled whatever the rate, lets go and runs at the client's own pace",
    () =>
      Effect.gen(function*() {
        const everyFifth = (request: number) => Effect.succeed(request % 5 === 4)
        const limited = yield* pacedClients({ durationMillis: 20_000, paceMillis: 20 }, everyFifth)
        const unlimited = yield* pacedClients({ durationMillis: 20_000, paceMillis: 20, adaptive: false }, everyFifth)
        // Over the last 10 s: the pace of the same client without the limiter.
        const started = limited.startedBetween(10_000, 20_000)
        const own = unlimited.startedBetween(10_000, 20_000)
        assert.isAtLeast(started, own * 0.95, `${started} started, ${own} without the limiter`)
      }).pipe(withRandomSeed(5))
  )

  scopedIt(
    "the same share throttled at random, 8 callers with 50 ms latency: the limiter lets go",
    () =>
      Effect.gen(function*() {
        const scenario = { durationMillis: 30_000, paceMillis: 20, clients: 8, latencyMillis: 50 }
        const atRandom = () => Effect.map(Random.next, (draw) => draw < 0.2)
        const limited = yield* pacedClients(scenario, atRandom)
        const unlimited = yield* pacedClients({ ...scenario, adaptive: false }, atRandom)
        const started = limited.startedBetween(10_000, 30_000)
        const own = unlimited.startedBetween(10_000, 30_000)
        assert.isAtLeast(started, own * 0.9, `${started} started, ${own} without the limiter`)
      }).pipe(withRandomSeed(11))
  )
})
