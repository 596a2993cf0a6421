import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { spawn } from "node:child_process"
import { EventEmitter } from "node:events"
import { fileURLToPath } from "node:url"
import {
  AssociationDoesNotExist,
  AwsServiceError,
  ConfigurationError,
  CredentialsError,
  EndlessPagination,
  InternalServerError,
  InvalidInput,
  InvalidNextToken,
  RepeatedNextToken,
  ResponseDecodeError,
  ResumePoint,
  ThrottlingError,
  TimeoutError,
  TransportError
} from "ssm-association-executions/AssociationExecutionsError"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import type { AssociationExecution } from "ssm-association-executions/DescribeAssociationExecutions"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import { LocalEndpointError } from "ssm-association-executions/LocalEndpoint"
import * as Cli from "../src/Cli.js"
import { type CliFailure, ExitCode, exitCodeOf, exitCodeTable, failureLine, UsageError } from "../src/exitCodes.js"
import * as Format from "../src/format.js"
import { list, type ListArguments } from "../src/list.js"
import { CliOutput, makeMemory, type MemoryOutput } from "../src/output.js"
import * as Progress from "../src/progress.js"
import { parseDeadlineMillis, parseTimeBound, parseTimeoutMillis, resolveTimeBound } from "../src/time.js"

const execution = (overrides: Partial<AssociationExecution> = {}): AssociationExecution => ({
  AssociationId: "8dfe3659-4309-493a-8755-0123456789ab",
  AssociationVersion: "3",
  ExecutionId: "474925ef-1249-45a2-b93d-0123456789ab",
  Status: "Failed",
  DetailedStatus: "TimedOut",
  CreatedTime: new Date(1550505827119),
  LastExecutionDate: new Date(1550505836843),
  ResourceCountByStatus: "{Failed=1, Success=2}",
  AlarmConfiguration: { IgnorePollAlarmFailure: false, Alarms: [{ Name: "cpu \"high\"" }] },
  TriggeredAlarms: [{ Name: "cpu \"high\"", State: "ALARM" }],
  ...overrides
})

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const character = text[index]
    if (quoted) {
      if (character === "\"" && text[index + 1] === "\"") {
        field += "\""
        index++
      } else if (character === "\"") {
        quoted = false
      } else {
        field += character
      }
    } else if (character === "\"") {
      quoted = true
    } else if (character === ",") {
      row.push(field)
      field = ""
    } else if (character === "\n") {
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else {
      field += character
    }
  }
  return rows
}

describe("format", () => {
  it("records use the AWS member names in AWS CLI order, ISO-8601 timestamps, absent members left out", () => {
    const record = Format.toRecord(execution())
    assert.deepStrictEqual(Object.keys(record), [...Format.recordMembers])
    assert.strictEqual(record.CreatedTime, "2019-02-18T16:03:47.119Z")
    assert.strictEqual(record.LastExecutionDate, "2019-02-18T16:03:56.843Z")
    const sparse = Format.toRecord({ ExecutionId: "e-1", CreatedTime: new Date(0) })
    assert.deepStrictEqual(sparse, { ExecutionId: "e-1", CreatedTime: "1970-01-01T00:00:00.000Z" })
  })

  it("ndjson writes one parseable record per line, page by page", () => {
    const formatter = Format.formatter("ndjson", { showAssociationId: false })
    const records = [execution(), execution({ ExecutionId: "second" })].map(Format.toRecord)
    const text = formatter.header + formatter.rows(records, 0) + formatter.footer(2)
    const lines = text.trimEnd().split("\n")
    assert.strictEqual(lines.length, 2)
    assert.deepStrictEqual(lines.map((line) => JSON.parse(line)), records.map((record) => ({ ...record })))
  })

  it("json written in pages is exactly the collected document the AWS CLI prints", () => {
    const formatter = Format.formatter("json", { showAssociationId: false })
    const records = Array.from({ length: 5 }, (_, index) => Format.toRecord(execution({ ExecutionId: `e-${index}` })))
    const text = formatter.header + formatter.rows(records.slice(0, 2), 0) + formatter.rows(records.slice(2), 2) +
      formatter.footer(5)
    assert.strictEqual(text, `${JSON.stringify({ AssociationExecutions: records }, null, 4)}\n`)
    const empty = formatter.header + formatter.footer(0)
    assert.deepStrictEqual(JSON.parse(empty), { AssociationExecutions: [] })
  })

  it("csv quotes commas, quotes and newlines (RFC 4180) and keeps nested members as JSON", () => {
    const formatter = Format.formatter("csv", { showAssociationId: false })
    const { TriggeredAlarms: _alarms, ...tricky } = execution({ Status: "Failed, \"really\"\ntwice" })
    const text = formatter.header + formatter.rows([Format.toRecord(tricky)], 0)
    const [header, row] = parseCsv(text)
    assert.deepStrictEqual(header, [...Format.recordMembers])
    assert.isDefined(row)
    const cell = (name: string) => row?.[Format.recordMembers.findIndex((member) => member === name)]
    assert.strictEqual(cell("Status"), "Failed, \"really\"\ntwice")
    assert.strictEqual(cell("ResourceCountByStatus"), "{Failed=1, Success=2}")
    assert.strictEqual(cell("CreatedTime"), "2019-02-18T16:03:47.119Z")
    assert.strictEqual(cell("TriggeredAlarms"), "")
    assert.deepStrictEqual(JSON.parse(cell("AlarmConfiguration") ?? ""), {
      IgnorePollAlarmFailure: false,
      Alarms: [{ Name: "cpu \"high\"" }]
    })
    assert.strictEqual(Format.csvField("plain"), "plain")
    assert.strictEqual(Format.csvField(" padded"), "\" padded\"")
  })

  it("table aligns columns, marks absent values and cuts overlong text", () => {
    const formatter = Format.formatter("table", { showAssociationId: true })
    const { DetailedStatus: _detailed, TriggeredAlarms: _alarms, ...sparse } = execution({
      Status: "AVeryLongStatusName"
    })
    const records = [execution(), sparse].map(Format.toRecord)
    const lines = (formatter.header + formatter.rows(records, 0)).trimEnd().split("\n")
    assert.strictEqual(lines.length, 4)
    const executionColumn = lines[0]?.indexOf("ExecutionId") ?? -1
    const statusColumn = lines[0]?.indexOf("Status") ?? -1
    assert.isAbove(executionColumn, 0)
    for (const line of lines.slice(2)) {
      assert.strictEqual(line.indexOf("474925ef-1249-45a2-b93d-0123456789ab"), executionColumn)
      assert.include(line, "8dfe3659-4309-493a-8755-0123456789ab")
    }
    assert.strictEqual(lines[3]?.slice(statusColumn, statusColumn + 10), "AVeryLong…")
    assert.include(lines[2], "cpu \"high\"=ALARM")
    assert.match(lines[3] ?? "", / - +\{Failed=1/)
  })
})

describe("time", () => {
  const now = Date.parse("2025-06-01T12:00:00.000Z")

  it("relative times count back from now", () => {
    assert.deepStrictEqual(parseTimeBound("7d", now), Either.right("2025-05-25T12:00:00.000Z"))
    assert.deepStrictEqual(parseTimeBound("12h", now), Either.right("2025-06-01T00:00:00.000Z"))
    assert.deepStrictEqual(parseTimeBound("30m", now), Either.right("2025-06-01T11:30:00.000Z"))
    assert.deepStrictEqual(parseTimeBound("1h30m", now), Either.right("2025-06-01T10:30:00.000Z"))
  })

  it("ISO-8601 dates and date-times become UTC timestamps", () => {
    assert.deepStrictEqual(parseTimeBound("2025-05-01", now), Either.right("2025-05-01T00:00:00.000Z"))
    assert.deepStrictEqual(parseTimeBound("2025-05-01T08:00", now), Either.right("2025-05-01T08:00:00.000Z"))
    assert.deepStrictEqual(
      parseTimeBound("2025-05-01T08:00:00.5+02:00", now),
      Either.right("2025-05-01T06:00:00.500Z")
    )
    assert.deepStrictEqual(
      parseTimeBound("2018-04-10T19:15:38.372Z", now),
      Either.right("2018-04-10T19:15:38.372Z")
    )
  })

  it("rejects what is neither, including dates that do not exist", () => {
    for (const text of ["yesterday", "7", "2025-02-30", "2025-13-01", "7 days", ""]) {
      assert.isTrue(Either.isLeft(parseTimeBound(text, now)), text)
    }
  })

  it("rejects relative times that reach back before 1970 instead of sending a six-digit year", () => {
    for (const text of ["99999999d", "9999999999999w", "20300d", "20240d12h1ms"]) {
      assert.isTrue(Either.isLeft(parseTimeBound(text, now)), text)
    }
    const overflow = parseTimeBound("99999999d", now)
    assert.isTrue(Either.isLeft(overflow) && overflow.left.includes("before 1970"))
    // Back to the epoch itself is still a time.
    assert.deepStrictEqual(parseTimeBound("20240d12h", now), Either.right("1970-01-01T00:00:00.000Z"))
  })

  it("deadlines are durations, as relative times are written", () => {
    assert.deepStrictEqual(parseDeadlineMillis("10m"), Either.right(600_000))
    assert.deepStrictEqual(parseDeadlineMillis("1h30m"), Either.right(5_400_000))
    assert.deepStrictEqual(parseDeadlineMillis("90s"), Either.right(90_000))
    for (const text of ["0s", "soon", "10", ""]) assert.isTrue(Either.isLeft(parseDeadlineMillis(text)), text)
  })

  it.effect("relative times follow the Clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      assert.deepStrictEqual(yield* resolveTimeBound("1d"), Either.right("2025-05-31T12:00:00.000Z"))
      yield* TestClock.adjust("6 hours")
      assert.deepStrictEqual(yield* resolveTimeBound("1d"), Either.right("2025-05-31T18:00:00.000Z"))
    }))

  it("timeouts are milliseconds or durations", () => {
    assert.deepStrictEqual(parseTimeoutMillis("5000"), Either.right(5000))
    assert.deepStrictEqual(parseTimeoutMillis("5s"), Either.right(5000))
    assert.deepStrictEqual(parseTimeoutMillis("1m30s"), Either.right(90_000))
    assert.deepStrictEqual(parseTimeoutMillis("250ms"), Either.right(250))
    assert.isTrue(Either.isLeft(parseTimeoutMillis("0")))
    assert.isTrue(Either.isLeft(parseTimeoutMillis("soon")))
  })
})

describe("exit codes", () => {
  const cases: ReadonlyArray<readonly [CliFailure, ExitCode]> = [
    [new UsageError({ message: "bad" }), ExitCode.usage],
    [new InvalidInput({ field: "AssociationId", rule: "must match" }), ExitCode.usage],
    [new InvalidNextToken({}), ExitCode.usage],
    [new ConfigurationError({ reason: "no AWS region is configured" }), ExitCode.configuration],
    [new LocalEndpointError({ reason: "address in use" }), ExitCode.configuration],
    [new CredentialsError({ reason: "No AWS credentials found" }), ExitCode.credentials],
    [new AwsServiceError({ code: "ExpiredTokenException", fault: "client", httpStatus: 400 }), ExitCode.credentials],
    [
      new AwsServiceError({ code: "UnrecognizedClientException", fault: "client", httpStatus: 400 }),
      ExitCode.credentials
    ],
    [new AssociationDoesNotExist({}), ExitCode.associationNotFound],
    [new ThrottlingError({ code: "ThrottlingException", attempts: 5 }), ExitCode.throttled],
    [new AwsServiceError({ code: "TooManyRequestsException", fault: "client", httpStatus: 429 }), ExitCode.throttled],
    [new AwsServiceError({ code: "AccessDeniedException", fault: "client", httpStatus: 400 }), ExitCode.awsError],
    [new AwsServiceError({ code: "ValidationException", fault: "client", httpStatus: 400 }), ExitCode.awsError],
    [new InternalServerError({}), ExitCode.awsError],
    [new ResponseDecodeError({ kind: "schema", reason: "bad" }), ExitCode.awsError],
    [new RepeatedNextToken({ page: 3 }), ExitCode.awsError],
    [new EndlessPagination({ emptyPages: 1000, page: 1000 }), ExitCode.awsError],
    [new TimeoutError({ scope: "deadline", timeoutMillis: 600_000 }), ExitCode.network],
    [new TransportError({ reason: "connection refused" }), ExitCode.network],
    [new TimeoutError({ scope: "attempt", timeoutMillis: 30_000 }), ExitCode.network]
  ]

  it("every error tag has its code, and every code is documented", () => {
    for (const [failure, code] of cases) assert.strictEqual(exitCodeOf(failure), code, failure._tag)
    const documented = new Set(exitCodeTable.map(([code]) => code))
    for (const code of Object.values(ExitCode)) assert.isTrue(documented.has(code), String(code))
    assert.strictEqual(new Set(Object.values(ExitCode)).size, Object.values(ExitCode).length)
  })

  it("each failure is one line that says what to do", () => {
    for (const [failure] of cases) {
      const line = failureLine(failure)
      assert.notInclude(line, "\n", failure._tag)
      assert.notInclude(line, "    at ", failure._tag)
      assert.match(line, /^[^a-z]/, failure._tag)
    }
    assert.include(failureLine(new InvalidInput({ field: "MaxResults", rule: "must be 1 to 50" })), "--page-size")
    assert.include(failureLine(new ThrottlingError({ code: "ThrottlingException" })), "--max-attempts")
    assert.include(failureLine(new TimeoutError({ scope: "deadline", timeoutMillis: 600_000 })), "raise --deadline")
    assert.include(
      failureLine(new InvalidInput({ field: "deadlineMillis", rule: "must be more than 0" })),
      "--deadline"
    )
    const resume = new ResumePoint({ startingToken: "e1000", pagesDelivered: 999, itemsDelivered: 0 })
    assert.include(
      failureLine(new EndlessPagination({ emptyPages: 1000, page: 1000 }), { resume }),
      "continue with: --starting-token e1000"
    )
  })

  it("a failure past the retry budget names the flag to continue with, per association when several", () => {
    const resume = new ResumePoint({ startingToken: "tok/en=", pagesDelivered: 2, itemsDelivered: 100 })
    const throttled = new ThrottlingError({ code: "ThrottlingException", attempts: 5 })
    assert.include(failureLine(throttled, { associationId: "a-1", resume }), "continue with: --starting-token tok/en=")
    assert.include(
      failureLine(throttled, { associationId: "a-1", resume, several: true }),
      "continue with: --association-id a-1 --starting-token tok/en="
    )
    const odd = new ResumePoint({ startingToken: "it's", pagesDelivered: 1, itemsDelivered: 1 })
    assert.include(failureLine(throttled, { resume: odd }), "--starting-token 'it'\\''s'")
    // Continuing cannot fix a mistake in the command.
    assert.notInclude(failureLine(new AssociationDoesNotExist({}), { resume }), "--starting-token")
  })

  it("teardown exits with main's code, 130 on interruption and 1 on a defect", () => {
    const codes: Array<number> = []
    Cli.teardown(Exit.succeed(6), (code) => codes.push(code))
    Cli.teardown(Exit.interrupt(Fiber.id(Fiber.void)), (code) => codes.push(code))
    Cli.teardown(Exit.failCause(Cause.die("bug")), (code) => codes.push(code))
    assert.deepStrictEqual(codes, [6, 130, 1])
  })

  it("an interruption exits 143 after SIGTERM and 130 after SIGINT; the first signal decides", () => {
    const codeAfter = (signals: ReadonlyArray<Cli.StopSignal>) => {
      const process = new EventEmitter()
      const teardown = Cli.makeTeardown(Cli.recordStopSignal(process))
      for (const signal of signals) process.emit(signal)
      const codes: Array<number> = []
      teardown(Exit.interrupt(Fiber.id(Fiber.void)), (code) => codes.push(code))
      teardown(Exit.succeed(0), (code) => codes.push(code))
      return codes
    }
    assert.deepStrictEqual(codeAfter(["SIGTERM"]), [ExitCode.terminated, 0])
    assert.deepStrictEqual(codeAfter(["SIGINT"]), [ExitCode.interrupted, 0])
    assert.deepStrictEqual(codeAfter(["SIGTERM", "SIGINT"]), [143, 0])
    assert.deepStrictEqual(codeAfter([]), [130, 0])
  })
})

describe("progress", () => {
  it("counts pages, items, statuses and the CreatedTime span", () => {
    const stats = Progress.addPage(
      Progress.addPage(Progress.emptyStats, [execution({ Status: "Success", CreatedTime: new Date(2_000) })]),
      [execution({ Status: "Failed", CreatedTime: new Date(1_000) }), execution({ Status: "Success" })]
    )
    assert.strictEqual(stats.pages, 2)
    assert.strictEqual(stats.items, 3)
    assert.deepStrictEqual(stats.statusCounts, [["Success", 2], ["Failed", 1]])
    assert.strictEqual(stats.oldestCreated, 1_000)
    const counts = { requests: 5, retries: 2, throttles: 1 }
    const line = Progress.progressLine(stats, counts, 1_500)
    assert.strictEqual(line, "2 pages · 3 items · 5 requests · 2 retries · 1 throttled · 2 items/s · 1.5s")
    const summary = Progress.summary(stats, counts, 65_000, 1)
    assert.include(summary, "3 executions from 1 association in 2 pages")
    assert.include(summary, "Success 2 · Failed 1")
    assert.include(summary, "1970-01-01T00:00:01.000Z .. 2019-02-18T16:03:47.119Z")
    assert.include(summary, "5 (2 retries, 1 throttled)")
    assert.include(summary, "1m05s")
  })
})

// ---------------------------------------------------------------------------------------------
// list, end to end in process
// ---------------------------------------------------------------------------------------------

const model = (options: Partial<InMemorySsm.GenerateOptions> = {}) =>
  InMemorySsm.generate({ seed: 11, associations: 3, executionsPerAssociation: 60, ...options })

const runList = (
  ssm: InMemorySsm.InMemorySsm,
  args: ListArguments,
  options: {
    readonly stdoutIsTerminal?: boolean
    readonly stderrIsTerminal?: boolean
    readonly closeStdoutAfterWrites?: number
    readonly faults?: ReadonlyArray<InMemorySsm.ScriptedFault>
    readonly maxAttempts?: number
  } = {}
) =>
  Effect.gen(function*() {
    const memory = yield* makeMemory(options)
    const service = AssociationExecutionsTest.layer({
      model: ssm,
      faults: options.faults,
      retry: { maxAttempts: options.maxAttempts ?? 3 }
    })
    // Retries back off on the Clock: step it to each wake-up.
    const exit = yield* AssociationExecutionsTest.runWithTestClock(
      list(args).pipe(Effect.provide(Layer.merge(service, Layer.succeed(CliOutput, memory.output))), Effect.exit)
    )
    return { exit, stdout: yield* memory.stdout, stderr: yield* memory.stderr }
  })

const ndjsonIds = (stdout: string) =>
  stdout.trimEnd().split("\n").filter((line) => line !== "").map((line) => {
    const record: unknown = JSON.parse(line)
    return typeof record === "object" && record !== null && "ExecutionId" in record ? String(record.ExecutionId) : ""
  })

const tokenIn = (stderr: string) => /--starting-token (\S+)/.exec(stderr)?.[1]

const exitCodeOfRun = (exit: Exit.Exit<void, UsageError | { readonly _tag: "Exited"; readonly code: number }>) =>
  Exit.match(exit, {
    onSuccess: () => 0,
    onFailure: (cause) => {
      const failure = Cause.failureOption(cause)
      return failure._tag === "Some" && failure.value._tag === "Exited" ? failure.value.code : -1
    }
  })

describe("list", () => {
  it.effect("lists several associations through one layer, each page as it comes", () =>
    Effect.gen(function*() {
      const ssm = yield* model()
      const { exit, stderr, stdout } = yield* runList(ssm, { associationIds: ssm.associationIds, pageSize: 20 })
      assert.isTrue(Exit.isSuccess(exit))
      const expected = ssm.associationIds.flatMap((id) => ssm.executions(id).map((record) => record.ExecutionId))
      assert.sameMembers(ndjsonIds(stdout), expected)
      // Every association was requested from the same model, so through the same layer.
      const requested = new Set((yield* ssm.requests).map((entry) => entry.associationId))
      assert.deepStrictEqual([...requested].sort(), [...ssm.associationIds].sort())
      assert.include(stderr, "180 executions from 3 associations in 9 pages")
      assert.notInclude(stderr, "--starting-token")
    }))

  it.effect("--max-items prints the flag to continue, and continuing yields exactly the rest", () =>
    Effect.gen(function*() {
      const ssm = yield* model()
      const [associationId] = ssm.associationIds
      assert.isDefined(associationId)
      const ids = [associationId ?? ""]
      const first = yield* runList(ssm, { associationIds: ids, maxItems: 33, pageSize: 25, quiet: true })
      assert.isTrue(Exit.isSuccess(first.exit))
      assert.strictEqual(ndjsonIds(first.stdout).length, 33)
      const token = tokenIn(first.stderr)
      assert.isDefined(token)
      const rest = yield* runList(ssm, { associationIds: ids, startingToken: token, pageSize: 25, quiet: true })
      assert.isTrue(Exit.isSuccess(rest.exit))
      assert.strictEqual(rest.stderr, "")
      assert.deepStrictEqual(
        [...ndjsonIds(first.stdout), ...ndjsonIds(rest.stdout)],
        ssm.executions(associationId ?? "").map((record) => record.ExecutionId)
      )
    }))

  it.effect("with several associations, each gets its own continue flags", () =>
    Effect.gen(function*() {
      const ssm = yield* model()
      const { stderr } = yield* runList(ssm, { associationIds: ssm.associationIds, maxItems: 5, quiet: true })
      for (const id of ssm.associationIds) assert.include(stderr, `--association-id ${id} --starting-token `)
    }))

  it.effect("throttled past the retry budget: exit 6, a one-line reason with the token, and the rest on resume", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const ids = ssm.associationIds
      const failed = yield* runList(ssm, { associationIds: ids, pageSize: 20 }, {
        maxAttempts: 2,
        faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
      })
      assert.strictEqual(exitCodeOfRun(failed.exit), ExitCode.throttled)
      const lastLine = failed.stderr.trimEnd().split("\n").at(-1) ?? ""
      assert.match(lastLine, /^Throttled by SSM .*continue with: --starting-token \S+$/)
      assert.strictEqual(ndjsonIds(failed.stdout).length, 20)
      yield* ssm.clearFaults
      const rest = yield* runList(ssm, { associationIds: ids, pageSize: 20, startingToken: tokenIn(lastLine) })
      assert.deepStrictEqual(
        [...ndjsonIds(failed.stdout), ...ndjsonIds(rest.stdout)],
        ssm.executions(ids[0] ?? "").map((record) => record.ExecutionId)
      )
    }))

  it.effect("an unknown association ends with exit 5 and no summary of nothing", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const { exit, stderr } = yield* runList(ssm, { associationIds: ["8dfe3659-4309-493a-8755-0123456789ab"] })
      assert.strictEqual(exitCodeOfRun(exit), ExitCode.associationNotFound)
      assert.strictEqual(stderr.trimEnd().split("\n").length, 1)
      assert.include(stderr, "8dfe3659-4309-493a-8755-0123456789ab does not exist")
    }))

  it.effect("a closed stdout stops the listing quietly and pulls no more pages", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const { exit, stderr, stdout } = yield* runList(
        ssm,
        { associationIds: ssm.associationIds, pageSize: 10 },
        { closeStdoutAfterWrites: 1 }
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(stderr, "")
      assert.strictEqual(ndjsonIds(stdout).length, 10)
      assert.isAtMost((yield* ssm.requests).length, 2)
    }))

  it.effect("filters map to the AWS filters, relative times against the Clock", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      yield* TestClock.setTime(Date.parse("2025-06-01T12:00:00.000Z"))
      const { stdout } = yield* runList(ssm, {
        associationIds: ssm.associationIds,
        status: "Failed",
        createdAfter: "14d",
        format: "json"
      })
      const document: { AssociationExecutions: Array<Format.FlatExecution> } = JSON.parse(stdout)
      const expected = ssm.executions(ssm.associationIds[0] ?? "").filter((record) =>
        record.Status === "Failed" && record.CreatedTime.getTime() > Date.parse("2025-05-18T12:00:00.000Z")
      )
      assert.isAbove(expected.length, 0)
      assert.deepStrictEqual(
        document.AssociationExecutions.map((record) => record.ExecutionId),
        expected.map((record) => record.ExecutionId)
      )
    }))

  it.effect("defaults to a table on a terminal and ndjson when piped; progress only on a terminal", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const args = { associationIds: ssm.associationIds, maxItems: 3 }
      const terminal = yield* runList(ssm, args, { stdoutIsTerminal: true, stderrIsTerminal: true })
      assert.match(terminal.stdout, /^CreatedTime +ExecutionId +Version/)
      assert.include(terminal.stderr, "\r\u001b[2K")
      const piped = yield* runList(ssm, args)
      assert.strictEqual(ndjsonIds(piped.stdout).length, 3)
      assert.notInclude(piped.stderr, "\u001b")
    }))

  it.effect("--deadline bounds the whole listing: exit 8 with the flag to continue, and continuing yields the rest", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const ids = ssm.associationIds
      // Page 3 answers only after a minute; the listing has five seconds.
      const late = yield* runList(ssm, { associationIds: ids, pageSize: 20, deadline: "5s", quiet: true }, {
        faults: [{ page: 3, answer: InMemorySsm.Fault.latency(60_000) }]
      })
      assert.strictEqual(exitCodeOfRun(late.exit), ExitCode.network)
      const lastLine = late.stderr.trimEnd().split("\n").at(-1) ?? ""
      assert.match(lastLine, /^The listing did not finish within --deadline \(5000 ms\).*--starting-token \S+$/)
      assert.strictEqual(ndjsonIds(late.stdout).length, 40)
      yield* ssm.clearFaults
      const rest = yield* runList(ssm, { associationIds: ids, pageSize: 20, startingToken: tokenIn(lastLine) })
      assert.deepStrictEqual(
        [...ndjsonIds(late.stdout), ...ndjsonIds(rest.stdout)],
        ssm.executions(ids[0] ?? "").map((record) => record.ExecutionId)
      )
    }))

  it.effect("refuses what cannot work before sending anything", () =>
    Effect.gen(function*() {
      const ssm = yield* model()
      const attempts: ReadonlyArray<ListArguments> = [
        { associationIds: [] },
        { associationIds: ssm.associationIds, startingToken: "abc" },
        { associationIds: ssm.associationIds, createdBefore: "last week" },
        { associationIds: ssm.associationIds, pageSize: 51 },
        { associationIds: ssm.associationIds, createdAfter: "99999999d" },
        { associationIds: ssm.associationIds, createdBefore: "99999999d" },
        { associationIds: ssm.associationIds, deadline: "soon" },
        { associationIds: ssm.associationIds, deadline: "0s" }
      ]
      for (const args of attempts) {
        const { exit } = yield* runList(ssm, args)
        assert.isTrue(
          Exit.isFailure(exit) &&
            Cause.failureOption(exit.cause).pipe((failure) =>
              failure._tag === "Some" && failure.value._tag === "UsageError"
            )
        )
      }
      assert.strictEqual((yield* ssm.requests).length, 0)
    }))
})

// ---------------------------------------------------------------------------------------------
// The whole command line, against the embedded local endpoint (a real loopback server)
// ---------------------------------------------------------------------------------------------

/**
 * The console @effect/cli prints to (help on stdout, command-line mistakes on stderr), writing into
 * `memory` as the process's console writes to the real streams.
 */
const memoryConsole = (memory: MemoryOutput) =>
  Effect.map(Effect.console, (current): Console.Console => ({
    ...current,
    log: (...args) => Effect.ignore(memory.output.write(`${args.join(" ")}\n`)),
    error: (...args) => memory.output.writeError(`${args.join(" ")}\n`),
    // What loggers write through: the same two streams.
    unsafe: {
      ...current.unsafe,
      log: (...args) => Effect.runSync(Effect.ignore(memory.output.write(`${args.join(" ")}\n`))),
      error: (...args) => Effect.runSync(memory.output.writeError(`${args.join(" ")}\n`))
    }
  }))

const runMain = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const memory = yield* makeMemory()
    const code = yield* Cli.main(["node", "ssm-association-executions", ...argv]).pipe(
      Effect.provide(Layer.merge(NodeContext.layer, Layer.succeed(CliOutput, memory.output))),
      Effect.withConsole(yield* memoryConsole(memory))
    )
    return { code, stdout: yield* memory.stdout, stderr: yield* memory.stderr }
  })

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url))

/**
 * Starts `local` from the sources in a child process (as the bin runs it, with tsx for TypeScript),
 * sends `signal` once it serves, and gives the exit code.
 */
const stopWith = (signal: Cli.StopSignal) =>
  Effect.async<number | null, Error>((resume) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "cli/src/bin.ts", "local", "--port", "0", "--executions-per-association", "1"],
      { cwd: repositoryRoot, stdio: ["ignore", "pipe", "pipe"] }
    )
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      if (stdout.includes("Ctrl-C stops")) child.kill(signal)
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on("error", (error) => resume(Effect.fail(error)))
    child.on(
      "exit",
      (code) => resume(code === null ? Effect.fail(new Error(`killed: ${stderr}`)) : Effect.succeed(code))
    )
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("main", () => {
  it.live("list --local lists over HTTP and SigV4, and resumes with the flag it prints", () =>
    Effect.gen(function*() {
      const first = yield* runMain(["list", "--local", "--max-items", "5", "--format", "csv", "--quiet"])
      assert.strictEqual(first.code, 0)
      const rows = parseCsv(first.stdout)
      assert.deepStrictEqual(rows[0], [...Format.recordMembers])
      assert.strictEqual(rows.length, 6)
      const [, firstRow] = rows
      const associationId = firstRow?.[0] ?? ""
      assert.include(first.stderr, `Listing association ${associationId}`)
      const token = tokenIn(first.stderr)
      assert.isDefined(token)
      const next = yield* runMain([
        "list",
        "--local",
        "-a",
        associationId,
        "--starting-token",
        token ?? "",
        "--max-items",
        "2",
        "--quiet"
      ])
      assert.strictEqual(next.code, 0)
      assert.strictEqual(ndjsonIds(next.stdout).length, 2)
      assert.notInclude(ndjsonIds(next.stdout), rows[5]?.[2])
    }), 30_000)

  it.live("usage mistakes exit 2 before anything is configured", () =>
    Effect.gen(function*() {
      const missing = yield* runMain(["list"])
      assert.strictEqual(missing.code, ExitCode.usage)
      assert.include(missing.stderr, "--association-id")
      const badTime = yield* runMain(["list", "-a", "8dfe3659-4309-493a-8755-0123456789ab", "--created-after", "soon"])
      assert.strictEqual(badTime.code, ExitCode.usage)
      assert.strictEqual(badTime.stderr.trimEnd().split("\n").length, 1)
      const unknownFlag = yield* runMain(["list", "--no-such-flag"])
      assert.strictEqual(unknownFlag.code, ExitCode.usage)
      assert.include(unknownFlag.stderr, "--no-such-flag")
      const overflow = yield* runMain(["list", "--local", "--created-after", "99999999d"])
      assert.strictEqual(overflow.code, ExitCode.usage)
      assert.include(overflow.stderr, "before 1970")
      assert.strictEqual(overflow.stdout, "")
    }))

  it.live("log lines go to stderr, even at --log-level debug: stdout stays ndjson", () =>
    Effect.gen(function*() {
      const first = yield* runMain(["list", "--local", "--max-items", "1", "--quiet"])
      const associationId = /Listing association (\S+),/.exec(first.stderr)?.[1] ?? ""
      // The unknown association fails, and Effect logs the failed fiber at debug level.
      const { code, stderr, stdout } = yield* runMain([
        "--log-level",
        "debug",
        "list",
        "--local",
        "-a",
        associationId,
        "-a",
        "8dfe3659-4309-493a-8755-0123456789ab",
        "--max-items",
        "3",
        "--format",
        "ndjson"
      ])
      assert.strictEqual(code, ExitCode.associationNotFound)
      assert.include(stderr, "level=DEBUG")
      assert.notInclude(stdout, "level=")
      assert.strictEqual(ndjsonIds(stdout).length, 3)
    }), 30_000)

  it.live(
    "SIGTERM exits 143 and Ctrl-C (SIGINT) 130, from the real executable",
    () =>
      Effect.forEach(
        [["SIGTERM", 143], ["SIGINT", 130]] as const,
        ([signal, expected]) => Effect.map(stopWith(signal), (code) => assert.strictEqual(code, expected, signal))
      ),
    60_000
  )
})
