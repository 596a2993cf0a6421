import { assert, describe, it } from "@effect/vitest"
import * as Data from "effect/Data"
import * as Schema from "effect/Schema"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  ConfigurationError,
  CredentialsError,
  DescribeError,
  EndlessPagination,
  ExecutionNotFound,
  InternalServerError,
  InvalidInput,
  isAssociationExecutionsError,
  PaginationError,
  ResumePoint,
  StartOnceError,
  StartOutcomeUnknown,
  ThrottlingError,
  TimeoutError,
  TransportError,
  WatchError,
  WatchTimeout
} from "ssm-association-executions/AssociationExecutionsError"

class OtherError extends Data.TaggedError("AssociationDoesNotExist")<{ readonly message: string }> {}

describe("isAssociationExecutionsError", () => {
  it("accepts this module's errors, constructed as users construct them", () => {
    const modeled = new AssociationDoesNotExist({ message: "no such association" })
    assert.isTrue(isAssociationExecutionsError(modeled))
    assert.isTrue(isAssociationExecutionsError(new ThrottlingError({ code: "ThrottlingException" })))
    assert.isTrue(isAssociationExecutionsError(new ConfigurationError({ reason: "no region" })))
    const endless = new EndlessPagination({ emptyPages: 1000, page: 1000 })
    assert.isTrue(isAssociationExecutionsError(endless))
    assert.isTrue(isAssociationExecutionsError(
      new PaginationError({ error: endless, resume: new ResumePoint({ pagesDelivered: 0, itemsDelivered: 0 }) })
    ))
    assert.isTrue(isAssociationExecutionsError(
      new PaginationError({ error: modeled, resume: new ResumePoint({ pagesDelivered: 0, itemsDelivered: 0 }) })
    ))
  })

  it("rejects other values, including another library's error with the same tag", () => {
    assert.isFalse(isAssociationExecutionsError(new OtherError({ message: "elsewhere" })))
    assert.isFalse(isAssociationExecutionsError({ _tag: "ThrottlingError", code: "x" }))
    assert.isFalse(isAssociationExecutionsError(new Error("plain")))
    assert.isFalse(isAssociationExecutionsError(undefined))
  })
})

describe("defaults", () => {
  it("fills in what the constructor was not given: AWS's missing message, the operation, no providers tried", () => {
    const modeled = new AssociationDoesNotExist({})
    assert.strictEqual(
      modeled.message,
      "The association does not exist: check the association id, the account and the region."
    )
    assert.strictEqual(modeled.operation, "DescribeAssociationExecutions")
    assert.strictEqual(new ThrottlingError({ code: "ThrottlingException" }).awsMessage, "")
    assert.deepStrictEqual(new CredentialsError({ reason: "none found" }).tried, [])
    assert.strictEqual(
      new InvalidInput({ field: "AssociationId", rule: "is required" }).operation,
      "DescribeAssociationExecutions"
    )
  })

  it("fills in the same when decoding what another process encoded without them", () => {
    const decoded = Schema.decodeSync(DescribeError)({ _tag: "InternalServerError" })
    assert.instanceOf(decoded, InternalServerError)
    assert.strictEqual(decoded.message, "An error occurred on the server side.")
    assert.strictEqual(decoded.operation, "DescribeAssociationExecutions")
  })
})

describe("messages", () => {
  it("a throttle says what ran out and what to change, with the request id", () => {
    assert.strictEqual(
      new ThrottlingError({
        code: "ThrottlingException",
        awsMessage: "Rate exceeded",
        requestId: "req-1",
        attempts: 3,
        retryStop: "quota"
      }).message,
      "DescribeAssociationExecutions was throttled by AWS (ThrottlingException: Rate exceeded); lower the request rate " +
        "(request id req-1, gave up after 3 attempts: the retry quota this client shares was spent by earlier failures)"
    )
    assert.strictEqual(
      new ThrottlingError({ code: "ThrottlingException", attempts: 1, retryStop: "patience" }).message,
      "DescribeAssociationExecutions was throttled by AWS (ThrottlingException); lower the request rate or raise " +
        "patienceMillis (still failing after 1 attempt: the stream's patience (patienceMillis) ran out)"
    )
  })

  it("other answers and failures name the operation, the status and the attempts", () => {
    assert.strictEqual(
      new AwsServiceError({ code: "AccessDeniedException", fault: "client", httpStatus: 400, awsMessage: "no" })
        .message,
      "DescribeAssociationExecutions failed with AccessDeniedException (HTTP 400): no"
    )
    assert.strictEqual(
      new TransportError({ reason: "connection reset", attempts: 5, retryStop: "attempts" }).message,
      "DescribeAssociationExecutions could not reach AWS: connection reset (gave up after 5 attempts, the most maxAttempts allows)"
    )
    assert.strictEqual(
      new TimeoutError({ scope: "attempt", timeoutMillis: 3000, detail: "while waiting for credentials", attempts: 2 })
        .message,
      "DescribeAssociationExecutions ran out of its 3000 ms while waiting for credentials (after 2 attempts)"
    )
    assert.strictEqual(
      new TimeoutError({ scope: "deadline", timeoutMillis: 500 }).message,
      "DescribeAssociationExecutions did not finish within its deadline of 500 ms"
    )
    assert.strictEqual(
      new InvalidInput({ field: "Filters[0].Value", rule: "must not be empty" }).message,
      "Invalid input for DescribeAssociationExecutions: Filters[0].Value must not be empty (nothing was sent)"
    )
    assert.strictEqual(
      new CredentialsError({ reason: "no credentials", tried: ["environment: unset", "imds: timed out"] }).message,
      "no credentials; tried: environment: unset; imds: timed out"
    )
    assert.strictEqual(new ConfigurationError({ reason: "no region" }).message, "Invalid configuration: no region")
  })

  it("a stream's failure adds what ran out of AWS's own text and where to resume", () => {
    const error = new PaginationError({
      error: new InternalServerError({ message: "boom", attempts: 5, retryStop: "attempts" }),
      resume: new ResumePoint({ startingToken: "sae2.abc", pagesDelivered: 2, itemsDelivered: 75 })
    })
    assert.strictEqual(
      error.message,
      "boom (gave up after 5 attempts, the most maxAttempts allows); 75 items in 2 pages were delivered, " +
        "resume with startingToken sae2.abc"
    )
  })

  it("a start whose outcome is unknown says when to look from, and round-trips through its schema", () => {
    const requestedAt = new Date("2026-12-01T10:00:00.000Z")
    const error = new StartOutcomeUnknown({
      associationIds: ["a-1", "a-2"],
      requestedAt,
      cause: new TransportError({ reason: "socket hang up", operation: "StartAssociationsOnce" }),
      detail: "no check was asked for"
    })
    assert.strictEqual(
      error.message,
      "StartAssociationsOnce may have started a-1, a-2: StartAssociationsOnce could not reach AWS: socket hang up; " +
        "no check was asked for. It was not sent again (starting is not idempotent): look for executions created " +
        "after 2026-12-01T10:00:00.000Z before starting again"
    )
    const encoded = Schema.encodeSync(StartOnceError)(error)
    assert.strictEqual(encoded._tag, "StartOutcomeUnknown")
    // The time travels as ISO text on both lines.
    if (encoded._tag === "StartOutcomeUnknown") assert.strictEqual(encoded.requestedAt, "2026-12-01T10:00:00.000Z")
    const decoded = Schema.decodeSync(StartOnceError)(encoded)
    assert.instanceOf(decoded, StartOutcomeUnknown)
    assert.strictEqual(decoded.message, error.message)
  })

  it("a watch that found nothing says what it looked for, and for how long", () => {
    assert.strictEqual(
      new ExecutionNotFound({
        associationId: "a-1",
        createdAfter: new Date("2026-12-01T10:00:00.000Z"),
        waitedMillis: 30000,
        polls: 4
      }).message,
      "No execution of association a-1 created after 2026-12-01T10:00:00.000Z became visible in 30000 ms " +
        "(4 polls): check the ids, or that the start happened"
    )
    assert.strictEqual(
      new ExecutionNotFound({ associationId: "a-1", executionId: "e-1", waitedMillis: 5000, polls: 2 }).message,
      "No execution e-1 of association a-1 became visible in 5000 ms (2 polls): check the ids, or that the start happened"
    )
  })

  it("a watch past its deadline says what was last seen, and carries it through its schema", () => {
    const lastSeen = {
      AssociationId: "a-1",
      ExecutionId: "e-1",
      Status: "InProgress",
      resourceCounts: { InProgress: 2, Success: 1 },
      terminal: false,
      execution: { AssociationId: "a-1", ExecutionId: "e-1", Status: "InProgress" },
      finishedTargets: [],
      targets: [],
      observedAt: new Date("2026-12-01T10:05:00.000Z")
    }
    const error = new WatchTimeout({ associationId: "a-1", executionId: "e-1", deadlineMillis: 60000, lastSeen })
    assert.strictEqual(
      error.message,
      "Execution e-1 of association a-1 was still InProgress when the deadline of 60000 ms passed; watch again to continue"
    )
    assert.strictEqual(
      new WatchTimeout({
        associationId: "a-1",
        executionId: "e-1",
        deadlineMillis: 5,
        lastSeen: { ...lastSeen, Status: "" }
      })
        .message,
      "Execution e-1 of association a-1 was still without a status when the deadline of 5 ms passed; watch again to continue"
    )
    const decoded = Schema.decodeSync(WatchError)(Schema.encodeSync(WatchError)(error))
    assert.instanceOf(decoded, WatchTimeout)
    if (decoded._tag === "WatchTimeout") {
      assert.deepStrictEqual(decoded.lastSeen.resourceCounts, { InProgress: 2, Success: 1 })
      assert.strictEqual(decoded.lastSeen.observedAt.toISOString(), "2026-12-01T10:05:00.000Z")
    }
  })
})
