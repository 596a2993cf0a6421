import { assert, describe, it } from "@effect/vitest"
import { fork, TestClock } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import {
  type DescribeError,
  InternalServerError,
  InvalidInput,
  type PaginationError,
  TimeoutError
} from "ssm-association-executions/AssociationExecutionsError"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "ssm-association-executions/DescribeAssociationExecutions"
import * as Pagination from "ssm-association-executions/internal/pagination"
import { collect } from "ssm-association-executions/line/stream"
import type { PaginationOptions } from "ssm-association-executions/Pagination"

const associationId = "8dfe3659-4309-493a-8755-0123456789ab"

const execution = (index: number): AssociationExecution => ({
  AssociationId: associationId,
  ExecutionId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
  Status: "Success"
})

/** Pages of the given sizes over items 0..n-1, tokens "t1", "t2", ...; records every request. */
const fakeService = (pageSizes: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<DescribeAssociationExecutionsInput>>([])
    const failures = yield* Ref.make<ReadonlyArray<number>>([])
    const starts = pageSizes.reduce<Array<number>>((acc, size) => [...acc, (acc.at(-1) ?? 0) + size], [0])
    const all = Array.from({ length: starts.at(-1) ?? 0 }, (_, index) => execution(index))
    const fetchPage = (
      input: DescribeAssociationExecutionsInput
    ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> =>
      Effect.gen(function*() {
        yield* Ref.update(requests, (list) => [...list, input])
        const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1))
        const failing = yield* Ref.get(failures)
        if (failing.includes(page)) return yield* new InternalServerError({ attempts: 5 })
        const start = starts[page] ?? 0
        const end = starts[page + 1] ?? start
        return {
          AssociationExecutions: all.slice(start, end),
          ...(page + 1 < pageSizes.length ? { NextToken: `t${page + 1}` } : {})
        }
      })
    return { requests, failures, fetchPage, all }
  })

const ids = (items: Iterable<AssociationExecution>) => Array.from(items, (item) => item.ExecutionId)

describe("Pagination", () => {
  it.effect("delivers every item of every page once, in order, following empty pages", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([2, 0, 3, 0, 1])
      const items = yield* collect(Pagination.items(service.fetchPage, { AssociationId: associationId }))
      assert.deepStrictEqual(ids(items), ids(service.all))
      assert.strictEqual((yield* Ref.get(service.requests)).length, 5)
    }))

  it.effect("repeats every other input member and sends the previous NextToken", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([1, 1])
      const filters = [{ Key: "Status", Value: "Failed", Type: "EQUAL" }] as const
      yield* Stream.runDrain(
        Pagination.pages(service.fetchPage, { AssociationId: associationId, Filters: filters }, { pageSize: 7 })
      )
      const requests = yield* Ref.get(service.requests)
      assert.deepStrictEqual(requests, [
        { AssociationId: associationId, Filters: filters, MaxResults: 7 },
        { AssociationId: associationId, Filters: filters, MaxResults: 7, NextToken: "t1" }
      ])
    }))

  it.effect("owns the paging members: a NextToken or MaxResults left on the input is not sent", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([1, 1])
      // The AWS SDK's paginator writes these into the input object it is given; the same object reused here.
      const reused = { AssociationId: associationId, NextToken: "stale", MaxResults: 3 }
      yield* Stream.runDrain(Pagination.pages(service.fetchPage, reused))
      const requests = yield* Ref.get(service.requests)
      assert.deepStrictEqual(requests, [{ AssociationId: associationId }, {
        AssociationId: associationId,
        NextToken: "t1"
      }])
    }))

  it.effect("is lazy: take(n) sends only the requests it needs, and nothing before it is run", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([3, 3, 3])
      const stream = Pagination.items(service.fetchPage, { AssociationId: associationId })
      assert.strictEqual((yield* Ref.get(service.requests)).length, 0)
      const firstFour = yield* collect(Stream.take(stream, 4))
      assert.strictEqual(firstFour.length, 4)
      assert.strictEqual((yield* Ref.get(service.requests)).length, 2)
    }))

  it.effect("maxItems stops inside a page and the resume token yields exactly the rest", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([3, 3, 2])
      const first = yield* collect(
        Pagination.pages(service.fetchPage, { AssociationId: associationId }, { maxItems: 4 })
      )
      const pages = first
      const delivered = pages.flatMap((page) => page.items)
      assert.deepStrictEqual(ids(delivered), ids(service.all.slice(0, 4)))
      const resumeToken = pages.at(-1)?.resumeToken
      assert.isDefined(resumeToken)
      const rest = yield* collect(
        Pagination.items(service.fetchPage, { AssociationId: associationId }, { startingToken: resumeToken })
      )
      assert.deepStrictEqual(ids(rest), ids(service.all.slice(4)))
    }))

  it.effect("maxItems at a page boundary resumes with the raw AWS NextToken", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([2, 2])
      const pages = yield* collect(
        Pagination.pages(service.fetchPage, { AssociationId: associationId }, { maxItems: 2 })
      )
      assert.strictEqual(pages.length, 1)
      assert.strictEqual(pages[0]?.resumeToken, "t1")
      assert.strictEqual((yield* Ref.get(service.requests)).length, 1)
    }))

  it.effect("a failure carries the resume point, and resuming delivers exactly the remainder", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([2, 2, 2])
      yield* Ref.set(service.failures, [2])
      const received: Array<AssociationExecution> = []
      const failure = yield* Pagination.items(service.fetchPage, { AssociationId: associationId }).pipe(
        Stream.runForEach((item) => Effect.sync(() => received.push(item))),
        Effect.flip
      )
      assert.strictEqual(failure._tag, "PaginationError")
      assert.strictEqual(failure.error._tag, "InternalServerError")
      assert.strictEqual(failure.resume.itemsDelivered, 4)
      assert.strictEqual(failure.resume.pagesDelivered, 2)
      assert.strictEqual(failure.resume.startingToken, "t2")
      yield* Ref.set(service.failures, [])
      const rest = yield* collect(
        Pagination.items(service.fetchPage, { AssociationId: associationId }, {
          startingToken: failure.resume.startingToken
        })
      )
      assert.deepStrictEqual([...ids(received), ...ids(rest)], ids(service.all))
    }))

  it.effect("a resume token made with one page size resumes exactly with a smaller one", () =>
    Effect.gen(function*() {
      // A service that honours MaxResults; its NextToken is the offset of the next page.
      const all = Array.from({ length: 80 }, (_, index) => execution(index))
      const offsetPaged = (
        input: DescribeAssociationExecutionsInput
      ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> => {
        const offset = Number(input.NextToken ?? "0")
        const end = offset + (input.MaxResults ?? 50)
        return Effect.succeed({
          AssociationExecutions: all.slice(offset, end),
          ...(end < all.length ? { NextToken: String(end) } : {})
        })
      }
      const first = yield* collect(
        Pagination.pages(offsetPaged, { AssociationId: associationId }, { maxItems: 30 })
      )
      const token = first.at(-1)?.resumeToken
      const rest = yield* collect(
        Pagination.items(offsetPaged, { AssociationId: associationId }, { startingToken: token, pageSize: 10 })
      )
      assert.deepStrictEqual(ids(rest), ids(all.slice(30)))
    }))

  it.effect("a failure right after a mid-page resume points back at the same position", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([3, 3])
      const pages = yield* collect(
        Pagination.pages(service.fetchPage, { AssociationId: associationId }, { maxItems: 1 })
      )
      const token = pages[0]?.resumeToken
      yield* Ref.set(service.failures, [0])
      const failure = yield* Stream.runDrain(
        Pagination.items(service.fetchPage, { AssociationId: associationId }, { startingToken: token })
      ).pipe(Effect.flip)
      assert.strictEqual(failure.resume.startingToken, token)
      assert.strictEqual(failure.resume.itemsDelivered, 0)
    }))

  it.effect("the same NextToken twice fails by default, and ends the stream with onRepeatedToken: stop", () =>
    Effect.gen(function*() {
      const repeating = (
        input: DescribeAssociationExecutionsInput
      ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> =>
        Effect.succeed({
          AssociationExecutions: [execution(input.NextToken === undefined ? 0 : 1)],
          NextToken: "same"
        })
      const failure: PaginationError = yield* Stream.runDrain(
        Pagination.items(repeating, { AssociationId: associationId })
      ).pipe(Effect.flip)
      assert.strictEqual(failure.error._tag, "RepeatedNextToken")
      assert.strictEqual(failure.resume.itemsDelivered, 1)
      const stopped = yield* collect(
        Pagination.items(repeating, { AssociationId: associationId }, { onRepeatedToken: "stop" })
      )
      assert.strictEqual(stopped.length, 2)
    }))

  it.effect("a malformed or retired starting token is InvalidInput and nothing is sent", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([1])
      // `sae1.` is the format before resume tokens named their listing: {"t":null,"s":2}.
      for (const startingToken of ["sae2.%%%", "sae2.", "sae1.eyJ0IjpudWxsLCJzIjoyfQ"]) {
        const failure = yield* Stream.runDrain(
          Pagination.items(service.fetchPage, { AssociationId: associationId }, { startingToken })
        ).pipe(Effect.flip)
        assert.instanceOf(failure.error, InvalidInput, startingToken)
        assert.strictEqual(failure.error.field, "startingToken")
        assert.isUndefined(failure.resume.startingToken)
      }
      assert.strictEqual((yield* Ref.get(service.requests)).length, 0)
    }))

  it.effect("every option value is checked, naming the option, before anything is sent", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([1])
      // As JavaScript callers and options read from configuration pass them: past the compiler.
      const invalid: ReadonlyArray<readonly [string, string]> = [
        ["pageSize", `{"pageSize": 0}`],
        ["pageSize", `{"pageSize": 51}`],
        ["pageSize", `{"pageSize": 2.5}`],
        ["pageSize", `{"pageSize": "10"}`],
        ["maxItems", `{"maxItems": 0}`],
        ["maxItems", `{"maxItems": -1}`],
        ["maxItems", `{"maxItems": 1.5}`],
        ["startingToken", `{"startingToken": 42}`],
        ["prefetch", `{"prefetch": -1}`],
        ["prefetch", `{"prefetch": 0.5}`],
        ["onRepeatedToken", `{"onRepeatedToken": "bogus"}`],
        ["onRepeatedToken", `{"onRepeatedToken": null}`],
        ["maxEmptyPages", `{"maxEmptyPages": 0}`],
        ["maxEmptyPages", `{"maxEmptyPages": 1e400}`],
        ["deadlineMillis", `{"deadlineMillis": 0}`],
        ["deadlineMillis", `{"deadlineMillis": -5}`]
      ]
      for (const [field, json] of invalid) {
        const options: PaginationOptions = JSON.parse(json)
        const failure = yield* Stream.runDrain(
          Pagination.items(service.fetchPage, { AssociationId: associationId }, options)
        ).pipe(Effect.flip)
        assert.instanceOf(failure.error, InvalidInput, json)
        assert.strictEqual(failure.error.field, field, json)
        assert.include(failure.message, field, json)
      }
      assert.strictEqual((yield* Ref.get(service.requests)).length, 0)
      const valid = yield* collect(Pagination.items(service.fetchPage, { AssociationId: associationId }, {
        pageSize: 50,
        maxItems: 1,
        prefetch: 0,
        onRepeatedToken: "stop",
        maxEmptyPages: 1,
        deadlineMillis: 0.5
      }))
      assert.strictEqual(valid.length, 1)
    }))

  it.effect("the deadline fails the pull with a TimeoutError and a resume point", () =>
    Effect.gen(function*() {
      const slow = (
        input: DescribeAssociationExecutionsInput
      ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> =>
        Effect.as(Effect.sleep(input.NextToken === undefined ? "1 second" : "1 minute"), {
          AssociationExecutions: [execution(0)],
          NextToken: "t1"
        })
      const fiber = yield* Stream.runDrain(
        Pagination.items(slow, { AssociationId: associationId }, { deadlineMillis: 10_000 })
      ).pipe(Effect.flip, fork)
      yield* TestClock.adjust("11 seconds")
      const failure = yield* Fiber.join(fiber)
      assert.instanceOf(failure.error, TimeoutError)
      assert.strictEqual(failure.resume.startingToken, "t1")
      assert.strictEqual(failure.resume.itemsDelivered, 1)
    }))

  it.effect("prefetch fetches ahead only as far as asked", () =>
    Effect.gen(function*() {
      const service = yield* fakeService([1, 1, 1, 1, 1, 1])
      const first = yield* collect(
        Stream.take(Pagination.pages(service.fetchPage, { AssociationId: associationId }, { prefetch: 2 }), 1)
      )
      assert.strictEqual(first.length, 1)
      const sent = (yield* Ref.get(service.requests)).length
      assert.isAtMost(sent, 4)
      assert.isAtLeast(sent, 1)
    }))
})
