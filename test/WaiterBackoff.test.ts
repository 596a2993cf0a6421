/**
 * Smithy's waiter backoff as `watch` uses it: the delay ceiling doubling to the maximum, and the
 * last poll placed just before the deadline, never after it.
 */
import { assert, describe, it } from "@effect/vitest"
import { delayCeiling, lastPollLeadMillis, nextPoll } from "ssm-association-executions/internal/waiterBackoff"

const bounds = { minDelayMillis: 2000, maxDelayMillis: 120_000 }

/** Every poll time of a whole wait, the draw given by `draw(ceiling)`, from 0 to `deadline`. */
const schedule = (deadline: number, draw: (ceiling: number) => number) => {
  const times = [0]
  for (let attempt = 1; attempt < 10_000; attempt++) {
    const now = times.at(-1) ?? 0
    const next = nextPoll(bounds, draw(delayCeiling(bounds, attempt)), deadline - now)
    if (next._tag === "TimeUp") return times
    times.push(now + next.delayMillis)
  }
  return assert.fail("the wait never ended")
}

describe("waiter backoff", () => {
  it("the ceiling doubles from the minimum, then stays at the maximum (Smithy's attemptCeiling)", () => {
    assert.deepStrictEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => delayCeiling(bounds, attempt)),
      [2000, 4000, 8000, 16_000, 32_000, 64_000, 120_000, 120_000, 120_000]
    )
    // Equal bounds: linear polling.
    assert.deepStrictEqual(
      [1, 2, 9].map((attempt) => delayCeiling({ minDelayMillis: 5000, maxDelayMillis: 5000 }, attempt)),
      [5000, 5000, 5000]
    )
  })

  it("a delay that would leave less than the minimum becomes the last poll, just before the deadline", () => {
    assert.deepStrictEqual(nextPoll(bounds, 5000, 300_000), { _tag: "Poll", delayMillis: 5000, last: false })
    assert.deepStrictEqual(nextPoll(bounds, 5000, 6500), { _tag: "Poll", delayMillis: 5500, last: true })
    assert.deepStrictEqual(nextPoll(bounds, 5000, lastPollLeadMillis), { _tag: "TimeUp" })
    // The lead is never more than the shortest delay.
    assert.deepStrictEqual(nextPoll({ minDelayMillis: 200, maxDelayMillis: 400 }, 300, 450), {
      _tag: "Poll",
      delayMillis: 250,
      last: true
    })
  })

  it("whatever the draws, the polls end just before the deadline and never pass it", () => {
    for (const deadline of [10_000, 60_000, 300_000, 3_600_000]) {
      for (const draw of [(ceiling: number) => ceiling, () => bounds.minDelayMillis, (c: number) => (c + 2000) / 2]) {
        const times = schedule(deadline, draw)
        assert.strictEqual(times.at(-1), deadline - lastPollLeadMillis, `deadline ${deadline}`)
        assert.isTrue(times.every((time, index) => index === 0 || time > (times[index - 1] ?? 0)))
      }
    }
    // With the largest draws and a 300 s wait: 0, 2, 6, 14, 30, 62, 126, 246, then 299 s.
    assert.deepStrictEqual(schedule(300_000, (ceiling) => ceiling), [
      0,
      2000,
      6000,
      14_000,
      30_000,
      62_000,
      126_000,
      246_000,
      299_000
    ])
  })
})
