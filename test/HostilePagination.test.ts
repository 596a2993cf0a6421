/**
 * Streams against services that misbehave and tokens that were tampered with: whatever answers,
 * a stream stays bounded (token loops, endless empty pages) and a resume token only continues the
 * listing it came from. Each service is a fake `fetchPage` that records what it was sent.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import {
  type DescribeError,
  EndlessPagination,
  InvalidInput,
  RepeatedNextToken
} from "ssm-association-executions/AssociationExecutionsError"
import type {
  AssociationExecution,
  AssociationExecutionFilter,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "ssm-association-executions/DescribeAssociationExecutions"
import * as Pagination from "ssm-association-executions/internal/pagination"
import { collect } from "ssm-association-executions/line/stream"
import type { PagesInput } from "ssm-association-executions/Pagination"

const associationX = "8dfe3659-4309-493a-8755-0123456789ab"
const associationY = "11111111-2222-4333-8444-555555555555"

const execution = (index: number): AssociationExecution => ({
  AssociationId: associationX,
  ExecutionId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
  Status: "Success"
})

const ids = (items: Iterable<AssociationExecution>) => Array.from(items, (item) => item.ExecutionId)

/** A service that answers every request with `answer`, recording the requests. */
const scripted = (
  answer: (input: DescribeAssociationExecutionsInput, index: number) => DescribeAssociationExecutionsOutput
) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<DescribeAssociationExecutionsInput>>([])
    const fetchPage = (
      input: DescribeAssociationExecutionsInput
    ): Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError> =>
      Effect.map(
        Ref.modify(requests, (list) => [list.length, [...list, input]] as const),
        (index) => answer(input, index)
      )
    return { requests, fetchPage, sent: Effect.map(Ref.get(requests), (list) => list.map((input) => input.NextToken)) }
  })

// A broken stream would follow these services forever; the cap turns that into a failed assertion.
const bounded = <A, E>(stream: Stream.Stream<A, E>) => Stream.take(stream, 5_000)

describe("token loops", () => {
  // undefined -> A -> B -> A -> B ...: the token comes back two pages later, never right away.
  const alternating = (input: DescribeAssociationExecutionsInput, index: number) => ({
    AssociationExecutions: [execution(index)],
    NextToken: input.NextToken === "A" ? "B" : "A"
  })

  it.effect("a NextToken that comes back pages later (A, B, A) fails with RepeatedNextToken", () =>
    Effect.gen(function*() {
      const service = yield* scripted(alternating)
      const failure = yield* Stream.runDrain(
        bounded(Pagination.items(service.fetchPage, { AssociationId: associationX }))
      )
        .pipe(Effect.flip)
      assert.instanceOf(failure.error, RepeatedNextToken)
      assert.deepStrictEqual(yield* service.sent, [undefined, "A", "B"])
      // The pages before the repeat were delivered; the resume point is the page that repeated.
      assert.strictEqual(failure.resume.itemsDelivered, 2)
      assert.strictEqual(failure.resume.startingToken, "B")
    }))

  it.effect("with onRepeatedToken: stop, the page that repeats is the last one", () =>
    Effect.gen(function*() {
      const service = yield* scripted(alternating)
      const items = yield* collect(
        bounded(Pagination.items(service.fetchPage, { AssociationId: associationX }, { onRepeatedToken: "stop" }))
      )
      assert.deepStrictEqual(ids(items), ids([0, 1, 2].map(execution)))
      assert.deepStrictEqual(yield* service.sent, [undefined, "A", "B"])
    }))

  it.effect("the starting token counts as seen, and a longer loop is caught on its first repeat", () =>
    Effect.gen(function*() {
      // S -> t1 -> t2 -> ... -> t40 -> S
      const service = yield* scripted((input) => {
        const at = input.NextToken === "S" ? 0 : Number(input.NextToken?.slice(1))
        return { AssociationExecutions: [], NextToken: at === 40 ? "S" : `t${at + 1}` }
      })
      const failure = yield* Stream.runDrain(
        bounded(Pagination.pages(service.fetchPage, { AssociationId: associationX }, { startingToken: "S" }))
      ).pipe(Effect.flip)
      assert.instanceOf(failure.error, RepeatedNextToken)
      assert.strictEqual((yield* service.sent).length, 41)
    }))

  it.effect("a loop is caught with prefetch too, and nothing past the repeat is requested", () =>
    Effect.gen(function*() {
      const service = yield* scripted(alternating)
      const failure = yield* Stream.runDrain(
        bounded(Pagination.pages(service.fetchPage, { AssociationId: associationX }, { prefetch: 4 }))
      ).pipe(Effect.flip)
      assert.instanceOf(failure.error, RepeatedNextToken)
      assert.strictEqual((yield* service.sent).length, 3)
    }))
})

describe("endless empty pages", () => {
  // Empty pages with a fresh token each time, forever: e1, e2, e3, ...
  const endless = (_: DescribeAssociationExecutionsInput, index: number) => ({
    AssociationExecutions: [],
    NextToken: `e${index + 1}`
  })

  it.effect("stop at the default cap with EndlessPagination and the token of the next page", () =>
    Effect.gen(function*() {
      const service = yield* scripted(endless)
      const failure = yield* Stream.runDrain(
        bounded(Pagination.pages(service.fetchPage, { AssociationId: associationX }))
      )
        .pipe(Effect.flip)
      assert.instanceOf(failure.error, EndlessPagination)
      assert.strictEqual(failure.error.emptyPages, Pagination.defaultMaxEmptyPages)
      assert.strictEqual((yield* service.sent).length, Pagination.defaultMaxEmptyPages)
      assert.strictEqual(failure.resume.startingToken, `e${Pagination.defaultMaxEmptyPages}`)
      assert.include(failure.message, "empty pages in a row")
      // Resuming continues with exactly the page that would have come next.
      yield* Ref.set(service.requests, [])
      const again = yield* Stream.runDrain(
        Pagination.pages(service.fetchPage, { AssociationId: associationX }, {
          startingToken: failure.resume.startingToken,
          maxEmptyPages: 2
        })
      ).pipe(Effect.flip)
      assert.deepStrictEqual(yield* service.sent, [`e${Pagination.defaultMaxEmptyPages}`, "e1"])
      assert.instanceOf(again.error, EndlessPagination)
    }))

  it.effect("only empty pages in a row count, and resuming after the cap loses and repeats nothing", () =>
    Effect.gen(function*() {
      // Page sizes by page number; the last page has no NextToken.
      const sizes = [1, 0, 0, 2, 0, 1]
      let next = 0
      const starts = sizes.map((size) => (next += size) - size)
      const all = Array.from({ length: next }, (_, index) => execution(index))
      const service = yield* scripted((input) => {
        const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1))
        return {
          AssociationExecutions: all.slice(starts[page], (starts[page] ?? 0) + (sizes[page] ?? 0)),
          ...(page + 1 < sizes.length ? { NextToken: `p${page + 1}` } : {})
        }
      })
      const input = { AssociationId: associationX }
      const whole = yield* collect(Pagination.items(service.fetchPage, input, { maxEmptyPages: 3 }))
      assert.deepStrictEqual(ids(whole), ids(all))

      const received: Array<AssociationExecution> = []
      const failure = yield* Pagination.items(service.fetchPage, input, { maxEmptyPages: 2 }).pipe(
        Stream.runForEach((item) => Effect.sync(() => received.push(item))),
        Effect.flip
      )
      assert.instanceOf(failure.error, EndlessPagination)
      assert.strictEqual(failure.resume.startingToken, "p3")
      assert.strictEqual(failure.resume.itemsDelivered, 1)
      const rest = yield* collect(
        Pagination.items(service.fetchPage, input, { startingToken: failure.resume.startingToken })
      )
      assert.deepStrictEqual([...ids(received), ...ids(rest)], ids(all))
    }))
})

describe("resume tokens", () => {
  const pages3 = (input: DescribeAssociationExecutionsInput) => {
    const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1))
    return {
      AssociationExecutions: [0, 1, 2].map((offset) => execution(page * 3 + offset)),
      ...(page < 2 ? { NextToken: `t${page + 1}` } : {})
    }
  }
  const statusFilter: ReadonlyArray<AssociationExecutionFilter> = [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
  const createdFilter: AssociationExecutionFilter = {
    Key: "CreatedTime",
    Value: "2025-05-01T00:00:00Z",
    Type: "GREATER_THAN"
  }

  /** A resume token inside the second page of `input`'s listing. */
  const tokenInsidePage = (input: PagesInput) =>
    Effect.gen(function*() {
      const service = yield* scripted(pages3)
      const pages = yield* collect(Pagination.pages(service.fetchPage, input, { maxItems: 4 }))
      const token = pages.at(-1)?.resumeToken ?? ""
      assert.match(token, /^sae2\.[\w-]+\.[0-9a-z]+$/)
      return token
    })

  const rejected = (input: PagesInput, startingToken: string) =>
    Effect.gen(function*() {
      const service = yield* scripted(pages3)
      const failure = yield* Stream.runDrain(Pagination.items(service.fetchPage, input, { startingToken })).pipe(
        Effect.flip
      )
      assert.strictEqual((yield* Ref.get(service.requests)).length, 0, "nothing is sent")
      assert.instanceOf(failure.error, InvalidInput)
      assert.strictEqual(failure.error.field, "startingToken")
      return failure.error
    })

  it.effect("continue the listing they came from, with the filters in any order and any page size", () =>
    Effect.gen(function*() {
      const input = { AssociationId: associationX, Filters: [...statusFilter, createdFilter] }
      const token = yield* tokenInsidePage(input)
      const service = yield* scripted(pages3)
      const rest = yield* collect(Pagination.items(service.fetchPage, {
        AssociationId: associationX,
        Filters: [createdFilter, ...statusFilter]
      }, { startingToken: token, pageSize: 2 }))
      assert.deepStrictEqual(ids(rest), ids([4, 5, 6, 7, 8].map(execution)))
    }))

  it.effect("given to another association: InvalidInput naming both, and nothing is sent", () =>
    Effect.gen(function*() {
      const token = yield* tokenInsidePage({ AssociationId: associationX })
      const error = yield* rejected({ AssociationId: associationY }, token)
      assert.include(error.rule, associationX)
      assert.include(error.rule, associationY)
    }))

  it.effect("given to other filters (one added, one changed, one removed): InvalidInput, nothing is sent", () =>
    Effect.gen(function*() {
      const plain = yield* tokenInsidePage({ AssociationId: associationX })
      const error = yield* rejected({ AssociationId: associationX, Filters: statusFilter }, plain)
      assert.include(error.rule, "Filters")
      const filtered = yield* tokenInsidePage({ AssociationId: associationX, Filters: statusFilter })
      yield* rejected(
        { AssociationId: associationX, Filters: [{ Key: "Status", Value: "Success", Type: "EQUAL" }] },
        filtered
      )
      yield* rejected({ AssociationId: associationX }, filtered)
    }))

  it.effect("changed in any one character after the prefix, or cut short: InvalidInput, nothing is sent", () =>
    Effect.gen(function*() {
      const input = { AssociationId: associationX }
      const token = yield* tokenInsidePage(input)
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
      for (let index = "sae2.".length; index < token.length; index++) {
        const original = token.charAt(index)
        const replacement = alphabet.charAt((alphabet.indexOf(original) + 7) % alphabet.length)
        const changed = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`
        const error = yield* rejected(input, changed)
        assert.include(error.rule, "changed", changed)
      }
      yield* rejected(input, token.slice(0, -1))
      yield* rejected(input, token.slice(0, token.lastIndexOf(".")))
    }))

  it.effect("a forged huge skip needs a valid checksum, and a raw AWS NextToken is still passed through", () =>
    Effect.gen(function*() {
      const input = { AssociationId: associationX }
      const token = yield* tokenInsidePage(input)
      // Re-encode the body with an enormous skip but keep the old checksum, as an edit by hand would.
      const [body = "", checksum = ""] = token.slice("sae2.".length).split(".")
      const json = JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/")))
      const forged = btoa(JSON.stringify({ ...json, s: 1_000_000 })).replace(/\+/g, "-").replace(/\//g, "_")
        .replace(/=+$/, "")
      yield* rejected(input, `sae2.${forged}.${checksum}`)
      const service = yield* scripted(pages3)
      const rest = yield* collect(Pagination.items(service.fetchPage, input, { startingToken: "t2" }))
      assert.deepStrictEqual(ids(rest), ids([6, 7, 8].map(execution)))
    }))
})
