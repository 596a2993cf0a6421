import {
  type AssociationExecutionTarget,
  paginateDescribeAssociationExecutionTargets,
  SSMClient
} from "@aws-sdk/client-ssm"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { spawn } from "node:child_process"
import { EventEmitter } from "node:events"
import { fileURLToPath } from "node:url"
import type * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
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
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import { LocalEndpointError } from "ssm-association-executions/LocalEndpoint"
import * as YAML from "yaml"
import { normalizeArgv, normalizeCommandArguments } from "../src/argv.js"
import {
  emptyWindow,
  knownStatuses,
  normalizeStatus,
  parseCliInputJson,
  parseFilterArguments,
  parseShorthand,
  parseTargetFilterArguments
} from "../src/awsInput.js"
import * as Cli from "../src/Cli.js"
import { listSpec } from "../src/commands/list.js"
import * as Debug from "../src/debug.js"
import {
  type CliFailure,
  ExitCode,
  exitCodeOf,
  exitCodeTable,
  failureLine,
  serverText,
  UsageError
} from "../src/exitCodes.js"
import { failureMembers } from "../src/failureRecords.js"
import { failures } from "../src/failures.js"
import * as Format from "../src/format.js"
import { wrap } from "../src/help.js"
import { list, type ListArguments, requestOf } from "../src/list.js"
import * as Local from "../src/local.js"
import { CliOutput, makeMemory } from "../src/output.js"
import { missingProfile, needsSdkProviders, profileCredentials, readProfile } from "../src/profile.js"
import { program } from "../src/program.js"
import * as Progress from "../src/progress.js"
import { applyQuery, checkQuery } from "../src/query.js"
import { targets } from "../src/targets.js"
import {
  parseDeadlineMillis,
  parsePatienceMillis,
  parseTimeBound,
  parseTimeoutMillis,
  resolveTimeBound
} from "../src/time.js"
import { runMain } from "./support/runMain.js"

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
    const text = formatter.header + formatter.rows(records, 0) + formatter.footer(2, undefined)
    const lines = text.trimEnd().split("\n")
    assert.strictEqual(lines.length, 2)
    assert.deepStrictEqual(lines.map((line) => JSON.parse(line)), records.map((record) => ({ ...record })))
  })

  it("json written in pages is exactly the collected document the AWS CLI prints", () => {
    const formatter = Format.formatter("json", { showAssociationId: false })
    const records = Array.from({ length: 5 }, (_, index) => Format.toRecord(execution({ ExecutionId: `e-${index}` })))
    const text = formatter.header + formatter.rows(records.slice(0, 2), 0) + formatter.rows(records.slice(2), 2) +
      formatter.footer(5, undefined)
    assert.strictEqual(text, `${JSON.stringify({ AssociationExecutions: records }, null, 4)}\n`)
    const empty = formatter.header + formatter.footer(0, undefined)
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
    // --patience: a duration, or 0 for none; never a bare number of unknown unit.
    assert.deepStrictEqual(parsePatienceMillis("5m"), Either.right(300_000))
    assert.deepStrictEqual(parsePatienceMillis("0"), Either.right(0))
    for (const text of ["-1s", "soon", "10", ""]) assert.isTrue(Either.isLeft(parsePatienceMillis(text)), text)
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
    readonly patienceMillis?: number
  } = {}
) =>
  Effect.gen(function*() {
    const memory = yield* makeMemory(options)
    const service = AssociationExecutionsTest.layer({
      model: ssm,
      faults: options.faults,
      retry: { maxAttempts: options.maxAttempts ?? 3 },
      patienceMillis: options.patienceMillis
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

const exitCodeOfRun = (exit: Exit.Exit<unknown, UsageError | { readonly _tag: "Exited"; readonly code: number }>) =>
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

  it.effect("throttled past every attempt, the page is asked for again within the patience, and all is printed", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const ids = ssm.associationIds
      const run = yield* runList(ssm, { associationIds: ids, pageSize: 20 }, {
        maxAttempts: 2,
        faults: [{ page: 2, attempts: [1, 4], answer: InMemorySsm.Fault.throttling() }]
      })
      assert.strictEqual(exitCodeOfRun(run.exit), ExitCode.success)
      assert.strictEqual(ndjsonIds(run.stdout).length, ssm.executions(ids[0] ?? "").length)
    }))

  it.effect("throttled past the retry budget: exit 6, a one-line reason with the token, and the rest on resume", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const ids = ssm.associationIds
      const failed = yield* runList(ssm, { associationIds: ids, pageSize: 20 }, {
        maxAttempts: 2,
        patienceMillis: 0,
        faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
      })
      assert.strictEqual(exitCodeOfRun(failed.exit), ExitCode.throttled)
      const lastLine = failed.stderr.trimEnd().split("\n").at(-1) ?? ""
      assert.match(
        lastLine,
        /^An error occurred \(ThrottlingException\) when calling the DescribeAssociationExecutions operation \(reached max retries: 1\): .+ \(hint: .*--max-attempts\)\. 20 executions were printed; continue with: --starting-token \S+$/
      )
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

  it.live("the CLI never ignores what it was told: each refusal names the flag and writes nothing to stdout", () =>
    Effect.gen(function*() {
      const associationId = "8dfe3659-4309-493a-8755-0123456789ab"
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
        [["list", "--local", "--Status", "failed"], "--Status"],
        [["list", "--local", "--Max-Items", "2"], "--Max-Items"],
        [["list", "--local", "--max-items", "1", "-a"], "-a needs a value"],
        [["list", "--local", "--max-items", "1", "--filters"], "--filters needs a value"],
        [["list", "--local", "--max-items"], "--max-items needs a value"],
        [["list", "--local", "--max-items", "1", "--max-items", "2"], "--max-items was given twice"],
        [["targets", "--local", "-e", "x", "-e", "y"], "--execution-id was given twice"],
        [["failures", "--local", "--Created-After", "7d"], "--Created-After"],
        [["list", "--local", "--filters", "[]"], "--filters: Filters: the list is empty"],
        [["targets", "--local", "--filters", "[]"], "--filters: Filters: the list is empty"],
        [
          ["list", "--cli-input-json", JSON.stringify({ AssociationId: associationId, Filters: [] })],
          "valid min length: 1"
        ]
      ]
      for (const [argv, expected] of cases) {
        const { code, stderr, stdout } = yield* runMain(argv)
        assert.strictEqual(code, ExitCode.usage, argv.join(" "))
        assert.include(stderr, expected, argv.join(" "))
        assert.strictEqual(stdout, "", argv.join(" "))
        assert.strictEqual(stderr.trimEnd().split("\n").length, 1, stderr)
      }
    }))

  it.live(
    "a rejected --starting-token (exit 2) writes nothing to stdout, in every format and with --query",
    () =>
      Effect.gen(function*() {
        for (
          const extra of [["--output", "json"], ["--output", "yaml"], ["--output", "text"], ["--output", "csv"], [
            "--query",
            "AssociationExecutions[].ExecutionId"
          ]]
        ) {
          const { code, stderr, stdout } = yield* runMain([
            "list",
            "--local",
            "--starting-token",
            "AAAAforged",
            ...extra
          ])
          assert.strictEqual(code, ExitCode.usage)
          assert.include(stderr, "(InvalidNextToken)")
          assert.strictEqual(stdout, "", extra.join(" "))
        }
        const { code, stdout } = yield* runMain([
          "failures",
          "--local",
          "--starting-token",
          "AAAAforged",
          "--output",
          "json"
        ])
        assert.strictEqual(code, ExitCode.usage)
        assert.strictEqual(stdout, "")
      }),
    30_000
  )

  it.live(
    "the local data ends now: the README's --created-after 7d finds executions of the last week",
    () =>
      Effect.gen(function*() {
        const { code, stdout } = yield* runMain([
          "failures",
          "--local",
          "--created-after",
          "7d",
          "--max-items",
          "3",
          "--output",
          "json",
          "-q"
        ])
        assert.strictEqual(code, 0)
        const document: { Failures: ReadonlyArray<{ CreatedTime: string }> } = JSON.parse(stdout)
        assert.strictEqual(document.Failures.length, 3)
        const weekAgo = Date.now() - 7 * 24 * 3_600_000
        for (const failure of document.Failures) {
          assert.isAbove(Date.parse(failure.CreatedTime), weekAgo)
          assert.isAtMost(Date.parse(failure.CreatedTime), Date.now())
        }
      }),
    30_000
  )

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

// ---------------------------------------------------------------------------------------------
// aws-cli habits: flags, filters, formats, errors, help
// ---------------------------------------------------------------------------------------------

describe("the command line as aws-cli takes it", () => {
  it("--flag=value, several values after --filters, and --format are normalized", () => {
    const argv = normalizeArgv([
      "node",
      "bin",
      "list",
      "--association-id=abc",
      "--filters",
      "Key=Status,Value=Failed,Type=EQUAL",
      "Key=ExecutionId,Value=e,Type=EQUAL",
      "--filters=[{\"Key\":\"Status\"}]",
      "--format",
      "csv",
      "--query=a==b",
      "-q",
      "--max-items",
      "-5"
    ], program.commands)
    assert.deepStrictEqual(
      Either.map(argv, (normalized) => normalized.slice(2)),
      Either.right([
        "list",
        "--association-id",
        "abc",
        "--filters",
        "Key=Status,Value=Failed,Type=EQUAL",
        "--filters",
        "Key=ExecutionId,Value=e,Type=EQUAL",
        "--filters",
        "[{\"Key\":\"Status\"}]",
        "--output",
        "csv",
        "--query",
        "a==b",
        "--quiet",
        "--max-items",
        "-5"
      ])
    )
  })

  it("whatever the command would not take as typed is refused, naming the flag", () => {
    const refused: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
      [
        ["--Status", "failed"],
        "--Status is not an option of list: option names are case-sensitive, as in aws-cli (--status)"
      ],
      [["--Max-Items", "2"], "(--max-items)"],
      [["--max-items", "--quiet"], "--max-items needs a value (N), not --quiet"],
      [["--max-items"], "--max-items needs a value (N)"],
      [["-a", "x", "-a"], "-a needs a value (ID)"],
      [["--filters"], "--filters needs a value (FILTER)"],
      [["--max-items", "1", "--max-items=2"], "--max-items was given twice: give it once"],
      [["--output", "json", "--format", "csv"], "--output was given twice"],
      [["--quiet=yes"], "--quiet is a switch and takes no value (got 'yes')"],
      [["--no-such-flag=1"], "--no-such-flag is not an option of list (see list --help)"],
      [["-a", "x", "stray"], "unexpected argument 'stray'"]
    ]
    for (const [args, expected] of refused) {
      const result = normalizeCommandArguments(listSpec, args)
      assert.isTrue(Either.isLeft(result), args.join(" "))
      if (Either.isLeft(result)) assert.include(result.left, expected)
    }
    // Repeatable flags may be repeated.
    assert.isTrue(Either.isRight(normalizeCommandArguments(listSpec, ["-a", "x", "--association-id", "y"])))
  })

  it("--filters: shorthand, JSON, quoting; keys, types and statuses in any case, sent as SSM spells them", () => {
    assert.deepStrictEqual(
      parseFilterArguments([
        "Key=Status,Value=failed,Type=EQUAL",
        "[{\"Key\":\"CreatedTime\",\"Value\":\"2025-05-01\",\"Type\":\"GREATER_THAN\"}]",
        "Key=executionid,Value=\"a,b\",Type=equal"
      ]),
      Either.right([
        { Key: "Status", Value: "Failed", Type: "EQUAL" },
        { Key: "CreatedTime", Value: "2025-05-01T00:00:00.000Z", Type: "GREATER_THAN" },
        { Key: "ExecutionId", Value: "a,b", Type: "EQUAL" }
      ])
    )
    assert.deepStrictEqual(
      parseShorthand("Key=Status,Value=a\\,b"),
      Either.right([["Key", "Status"], ["Value", "a,b"]])
    )
    const refused: ReadonlyArray<readonly [string, string]> = [
      ["Key=Status,Value=Failed", "Filters[0]: missing Type"],
      ["Key=Status,Value=Nope,Type=EQUAL", "Pending, InProgress, Success, Failed, TimedOut, Skipped or Cancelled"],
      ["Key=Status,Value=Failed,Type=LESS_THAN", "Type EQUAL only"],
      ["Key=Colour,Value=red,Type=EQUAL", "Key 'Colour' is not ExecutionId, Status or CreatedTime"],
      ["Key=CreatedTime,Value=yesterday,Type=LESS_THAN", "not an ISO-8601 time"],
      ["Key=Status,Value=Failed,Type=EQUAL,Extra=1", "unknown member 'Extra'"],
      ["[{\"Key\":", "not valid JSON"]
    ]
    for (const [text, reason] of refused) {
      const result = parseFilterArguments([text])
      assert.isTrue(Either.isLeft(result) && result.left.startsWith("--filters") && result.left.includes(reason), text)
    }
    assert.deepStrictEqual(normalizeStatus("timedout"), Either.right("TimedOut"))
    assert.deepStrictEqual([...knownStatuses], [
      "Pending",
      "InProgress",
      "Success",
      "Failed",
      "TimedOut",
      "Skipped",
      "Cancelled"
    ])
  })

  it.effect("--cli-input-json gives the request; flags on the command line win", () =>
    Effect.gen(function*() {
      const input = JSON.stringify({
        AssociationId: "8dfe3659-4309-493a-8755-0123456789ab",
        Filters: [{ Key: "Status", Value: "Success", Type: "EQUAL" }],
        MaxResults: 10,
        NextToken: "token-1"
      })
      const fromJson = yield* requestOf({ associationIds: [], cliInputJson: input })
      assert.deepStrictEqual(fromJson, {
        associationIds: ["8dfe3659-4309-493a-8755-0123456789ab"],
        filters: [{ Key: "Status", Value: "Success", Type: "EQUAL" }],
        pageSize: 10,
        startingToken: "token-1"
      })
      const overridden = yield* requestOf({
        associationIds: ["a-2"],
        cliInputJson: input,
        filters: ["Key=Status,Value=Failed,Type=EQUAL"],
        pageSize: 5,
        startingToken: "token-2"
      })
      assert.deepStrictEqual(overridden, {
        associationIds: ["a-2"],
        filters: [{ Key: "Status", Value: "Failed", Type: "EQUAL" }],
        pageSize: 5,
        startingToken: "token-2"
      })
      assert.isTrue(Either.isLeft(parseCliInputJson("{\"AssociationID\":\"x\"}")))
      assert.isTrue(Either.isLeft(parseCliInputJson("[1]")))
    }))

  it.effect("an empty time window and an unknown status are usage errors that say what is valid", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2025-06-01T12:00:00.000Z"))
      const window = yield* Effect.flip(
        requestOf({ associationIds: ["a"], createdAfter: "1d", createdBefore: "2d" })
      )
      assert.include(window.message, "the time window is empty")
      const status = yield* Effect.flip(requestOf({ associationIds: ["a"], status: "Done" }))
      assert.include(status.message, "--status: 'Done' is not an execution status: use Pending, InProgress")
      assert.isUndefined(
        emptyWindow([{ Key: "CreatedTime", Value: "2025-05-01T00:00:00.000Z", Type: "GREATER_THAN" }])
      )
      assert.deepStrictEqual(
        yield* requestOf({ associationIds: ["a"], status: "FAILED" }).pipe(Effect.map((request) => request.filters)),
        [{ Key: "Status", Value: "Failed", Type: "EQUAL" }]
      )
    }))

  it("--query: checked before anything is sent, applied to the whole document", () => {
    assert.isTrue(Either.isLeft(checkQuery("AssociationExecutions[.")))
    assert.isTrue(Either.isLeft(checkQuery("")))
    assert.isTrue(Either.isRight(checkQuery("AssociationExecutions[?Status=='Failed'] | length(@)")))
    const document = Format.outputDocument([{ ExecutionId: "e-1", Status: "Failed" }, { ExecutionId: "e-2" }], "t")
    assert.deepStrictEqual(applyQuery(document, "AssociationExecutions[].ExecutionId"), Either.right(["e-1", "e-2"]))
    assert.deepStrictEqual(applyQuery(document, "NextToken"), Either.right("t"))
    assert.isTrue(Either.isLeft(applyQuery(document, "abs(NextToken)")))
  })
})

describe("output formats as aws-cli prints them", () => {
  const { AlarmConfiguration: _alarms, ...second } = Format.toRecord(
    execution({ ExecutionId: "second", Status: "Success" })
  )
  const records = [Format.toRecord(execution()), second]
  const written = (format: Format.Format, token: string | undefined) => {
    const formatter = Format.formatter(format, { showAssociationId: false })
    return formatter.header + formatter.rows(records.slice(0, 1), 0) + formatter.rows(records.slice(1), 1) +
      formatter.footer(records.length, token)
  }

  it("json is aws-cli's document, with NextToken when the listing stopped early", () => {
    assert.deepStrictEqual(JSON.parse(written("json", "tok")), { AssociationExecutions: records, NextToken: "tok" })
    assert.strictEqual(written("json", "tok"), `${JSON.stringify(Format.outputDocument(records, "tok"), null, 4)}\n`)
    const formatter = Format.formatter("json", { showAssociationId: false })
    assert.deepStrictEqual(JSON.parse(formatter.header + formatter.footer(0, "t0")), {
      AssociationExecutions: [],
      NextToken: "t0"
    })
  })

  it("text: one ASSOCIATIONEXECUTIONS line per execution, scalar members sorted, nested members after, NEXTTOKEN last", () => {
    const lines = written("text", "tok").trimEnd().split("\n")
    assert.deepStrictEqual(lines, [
      [
        "ASSOCIATIONEXECUTIONS",
        "8dfe3659-4309-493a-8755-0123456789ab",
        "3",
        "2019-02-18T16:03:47.119Z",
        "TimedOut",
        "474925ef-1249-45a2-b93d-0123456789ab",
        "2019-02-18T16:03:56.843Z",
        "{Failed=1, Success=2}",
        "Failed"
      ].join("\t"),
      "ALARMCONFIGURATION\tFalse",
      "ALARMS\tcpu \"high\"",
      "TRIGGEREDALARMS\tcpu \"high\"\tALARM",
      [
        "ASSOCIATIONEXECUTIONS",
        "8dfe3659-4309-493a-8755-0123456789ab",
        "3",
        "2019-02-18T16:03:47.119Z",
        "TimedOut",
        "second",
        "2019-02-18T16:03:56.843Z",
        "{Failed=1, Success=2}",
        "Success"
      ].join("\t"),
      "TRIGGEREDALARMS\tcpu \"high\"\tALARM",
      "NEXTTOKEN\ttok"
    ])
    assert.strictEqual(
      Format.formatValue([["e-1", "Failed"], ["e-2", "Success"]], "text", { showAssociationId: false }),
      "e-1\tFailed\ne-2\tSuccess\n"
    )
    assert.strictEqual(Format.formatValue({ A: "x\ty\nz" }, "text", { showAssociationId: false }), "x y z\n")
  })

  it("yaml is the same document, and a listing of nothing is still one", () => {
    assert.deepStrictEqual(YAML.parse(written("yaml", "tok")), { AssociationExecutions: records, NextToken: "tok" })
    assert.include(written("yaml", undefined), "AssociationVersion: '3'\n")
    const formatter = Format.formatter("yaml", { showAssociationId: false })
    assert.deepStrictEqual(YAML.parse(formatter.header + formatter.rows([], 0) + formatter.footer(0, undefined)), {
      AssociationExecutions: []
    })
  })

  it("the table fits 80 and 120 columns, one line per row, shortening before leaving out", () => {
    const many = Array.from(
      { length: 3 },
      (_, index) =>
        Format.toRecord(
          execution({ ExecutionId: `474925ef-1249-45a2-b93d-01234567890${index}`, Status: "Multi\nLine" })
        )
    )
    for (const showAssociationId of [false, true]) {
      for (const width of [80, 120]) {
        const formatter = Format.formatter("table", { showAssociationId, width })
        const lines = (formatter.header + formatter.rows(many, 0)).trimEnd().split("\n")
        assert.strictEqual(lines.length, 5)
        for (const line of lines) assert.isAtMost(line.length, width, `${width}: ${line}`)
        assert.include(lines[0], "CreatedTime")
        assert.include(lines[0], "Status")
      }
    }
    const at80 = Format.formatter("table", { showAssociationId: false, width: 80 })
    const row = at80.rows(many.slice(0, 1), 0)
    // The ids stay whole; CreatedTime loses its milliseconds first.
    assert.include(row, "474925ef-1249-45a2-b93d-012345678900")
    assert.include(row, "2019-02-18T16:03:47Z")
    const at120 = Format.formatter("table", { showAssociationId: false, width: 120 })
    assert.include(at120.header, "DetailedStatus")
    assert.include(at120.header, "Resources")
    assert.include(at120.rows(many.slice(0, 1), 0), "474925ef-1249-45a2-b93d-012345678900")
    // Unbounded (a pipe), nothing is shortened.
    const piped = Format.formatter("table", { showAssociationId: false })
    assert.include(piped.rows(many.slice(0, 1), 0), "2019-02-18T16:03:47.119Z")
  })

  it("--query results print in every format", () => {
    const value = [{ Id: "e-1", Status: "Failed" }, { Id: "e-2", Status: "Success" }]
    const options = { showAssociationId: false, width: 80 }
    assert.deepStrictEqual(JSON.parse(Format.formatValue(value, "json", options)), value)
    assert.deepStrictEqual(YAML.parse(Format.formatValue(value, "yaml", options)), value)
    assert.strictEqual(Format.formatValue(value, "csv", options), "Id,Status\ne-1,Failed\ne-2,Success\n")
    assert.strictEqual(Format.formatValue(value, "ndjson", options).trimEnd().split("\n").length, 2)
    assert.match(Format.formatValue(value, "table", options), /^Id +Status\n-+ +-+\ne-1 +Failed\n/)
    assert.strictEqual(Format.formatValue("x", "json", options), "\"x\"\n")
  })
})

describe("AWS errors in aws-cli's shape", () => {
  it("every AWS answer names its code and shows the server's message, then our hint, on one line", () => {
    const answers: ReadonlyArray<readonly [CliFailure, string]> = [
      [new AssociationDoesNotExist({ message: "Association a does not exist." }), "AssociationDoesNotExist"],
      [new InvalidNextToken({ message: "The specified token isn't valid." }), "InvalidNextToken"],
      [new InternalServerError({ attempts: 5, retryStop: "attempts" }), "InternalServerError"],
      [
        new ThrottlingError({
          code: "ThrottlingException",
          awsMessage: "Rate exceeded",
          attempts: 5,
          retryStop: "attempts"
        }),
        "ThrottlingException"
      ],
      [
        new AwsServiceError({
          code: "AccessDeniedException",
          awsMessage: "User: x is not authorized",
          fault: "client"
        }),
        "AccessDeniedException"
      ],
      [new AwsServiceError({ code: "ExpiredTokenException", fault: "client" }), "ExpiredTokenException"]
    ]
    for (const [failure, code] of answers) {
      const line = failureLine(failure, { associationId: "a" })
      assert.match(
        line,
        new RegExp(
          `^An error occurred \\(${code}\\) when calling the DescribeAssociationExecutions operation( \\(reached max retries: \\d+\\))?: .+ \\(hint: .+\\)$`
        ),
        line
      )
    }
    const throttled = (retryStop: "attempts" | "quota" | "patience", attempts: number) =>
      failureLine(
        new ThrottlingError({ code: "ThrottlingException", awsMessage: "Rate exceeded", attempts, retryStop })
      )
    assert.include(throttled("attempts", 5), "operation (reached max retries: 4): Rate exceeded (hint:")
    // "reached max retries" only when every attempt was used: not after a spent quota, nor patience.
    assert.include(throttled("quota", 1), "operation (retry quota spent by earlier failures, after 1 attempt): Rate")
    assert.notInclude(throttled("quota", 1), "reached max retries")
    assert.include(throttled("patience", 5), "(still failing when --patience ran out, 5 attempts in its last round)")
    assert.include(throttled("patience", 5), "raise --patience")
    assert.include(failureLine(new AwsServiceError({ code: "Odd", fault: "client" })), "operation: Unknown (hint:")
  })

  it("the server's text is cleaned of escapes and control characters and cut", () => {
    const hostile = `\u001b[31mred\u001b[0m\nsecond line\u0007 \u001b]0;title\u0007${"x".repeat(1000)}`
    const line = failureLine(new AwsServiceError({ code: "ValidationException", awsMessage: hostile, fault: "client" }))
    assert.notMatch(line, /[\u0000-\u001f\u007f-\u009f]/)
    assert.include(line, "operation: red second line ")
    assert.notInclude(line, "title")
    assert.isBelow(line.length, 450)
    assert.strictEqual(serverText("a\r\n\tb"), "a b")
  })
})

describe("profiles", () => {
  const sources = (config: string, credentials = "", env: Record<string, string> = {}) => ({
    env,
    homeDirectory: "/home/u",
    readFile: (file: string) =>
      file === "/home/u/.aws/config" ? config : file === "/home/u/.aws/credentials" ? credentials : undefined
  })

  it("a profile named but found nowhere fails by its name; the default may be absent", () => {
    const missing = readProfile("nope", sources("[default]\nregion = eu-west-1\n"))
    assert.include(missingProfile(missing)?.reason, "The config profile (nope) could not be found")
    assert.isUndefined(missingProfile(readProfile(undefined, sources(""))))
    const fromEnvironment = readProfile(undefined, sources("", "", { AWS_PROFILE: "ghost" }))
    assert.include(missingProfile(fromEnvironment)?.reason, "(ghost)")
    assert.isTrue(readProfile("keys", sources("", "[keys]\naws_access_key_id = A\n")).found)
  })

  it("only role, SSO and web-identity profiles take the AWS SDK's provider chain", () => {
    const config = [
      "[profile role]",
      "role_arn = arn:aws:iam::1:role/r",
      "source_profile = keys",
      "[profile sso]",
      "sso_session = corp",
      "sso_account_id = 1",
      "[profile web]",
      "web_identity_token_file = /t",
      "[profile keys]",
      "region = eu-west-1",
      "s3 =",
      "  role_arn = nested, not the profile's"
    ].join("\n")
    const needs = (name: string) => needsSdkProviders(readProfile(name, sources(config)))
    assert.deepStrictEqual(["role", "sso", "web", "keys"].map(needs), [true, true, true, false])
  })

  it.effect("an SDK-resolved profile is a provider; plain keys use the library's own chain", () =>
    Effect.gen(function*() {
      const sso = yield* profileCredentials("sso", sources("[profile sso]\nsso_start_url = https://x\n"))
      assert.include(sso?.name, "profile sso")
      assert.isUndefined(yield* profileCredentials("keys", sources("[profile keys]\nregion = eu-west-1\n")))
      const missing = yield* Effect.flip(profileCredentials("nope", sources("")))
      assert.include(missing.reason, "(nope)")
    }))
})

describe("help", () => {
  it.live("--help on a pipe: plain text, the program name in every usage, no placeholder lines", () =>
    Effect.gen(function*() {
      for (const argv of [["--help"], ["list", "--help"], ["local", "-h"], ["list", "-a", "x", "--help"]]) {
        const { code, stdout } = yield* runMain(argv)
        assert.strictEqual(code, 0)
        assert.notInclude(stdout, "\u001b")
        assert.notInclude(stdout, "A user-defined piece of text")
        assert.notInclude(stdout, "This setting is optional")
        assert.notInclude(stdout, "$ ")
        assert.include(stdout, "ssm-association-executions")
        assert.include(stdout, "EXIT CODES")
      }
      const { stdout } = yield* runMain(["list", "--help"])
      assert.include(stdout, "ssm-association-executions list [options]")
      for (const flag of ["--filters", "--query", "--cli-input-json", "--no-paginate", "--output, --format"]) {
        assert.include(stdout, flag)
      }
      for (const line of stdout.split("\n")) assert.isAtMost(line.length, 80, line)
      assert.strictEqual(wrap("a b c", 3, 2), "  a b c")
    }))

  it.live("every parse error names its flag, without escape codes", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
        [["list", "--local", "--max-items", "abc"], "--max-items: 'abc' is not a whole number"],
        [["list", "--local", "--page-size=x"], "--page-size: 'x' is not a whole number"],
        [["list", "--local", "--requests-per-second", "fast"], "--requests-per-second: 'fast' is not a number"],
        [["list", "--local", "--output", "xml"], "--output: 'xml' is not an output format"],
        [["list", "--local", "--status", "done"], "--status: 'done' is not an execution status"],
        [["list", "--local", "--no-such-flag"], "--no-such-flag"],
        [["local", "--port", "http"], "--port: 'http' is not a whole number"],
        [["local", "--rate-limit", "fast"], "--rate-limit: 'fast' is not a number"],
        [["local", "--rate-limit", "20", "--rate-burst", "2.5"], "--rate-burst: '2.5' is not a whole number"]
      ]
      for (const [argv, expected] of cases) {
        const { code, stderr } = yield* runMain(argv)
        assert.strictEqual(code, ExitCode.usage, argv.join(" "))
        assert.include(stderr, expected)
        assert.notInclude(stderr, "\u001b")
        assert.strictEqual(stderr.trimEnd().split("\n").length, 1, stderr)
      }
    }))
})

/** The executions of the local endpoint `list --local` serves, from the same seeded data. */
const localTruth = Effect.map(InMemorySsm.generate(Local.defaultDataset), (ssm) => ssm)

describe("main, as aws-cli is typed", () => {
  it.live("an aws-cli command line against the local endpoint gives aws-cli's document", () =>
    Effect.gen(function*() {
      const ssm = yield* localTruth
      const associationId = ssm.associationIds[1] ?? ""
      const failed = ssm.executions(associationId).filter((record) => record.Status === "Failed")
      const { code, stdout } = yield* runMain([
        "list",
        "--local",
        "--association-id",
        associationId,
        "--filters",
        "Key=Status,Value=Failed,Type=EQUAL",
        "--max-items",
        "3",
        "--output",
        "json",
        "--query",
        "AssociationExecutions[].ExecutionId"
      ])
      assert.strictEqual(code, 0)
      assert.deepStrictEqual(JSON.parse(stdout), failed.slice(0, 3).map((record) => record.ExecutionId))

      // Without --query: the whole document, whose NextToken continues exactly.
      const first = yield* runMain([
        "list",
        "--local",
        `--association-id=${associationId}`,
        "--filters",
        "[{\"Key\":\"Status\",\"Value\":\"failed\",\"Type\":\"EQUAL\"}]",
        "--max-items",
        "3",
        "--output",
        "json",
        "-q"
      ])
      const document: { AssociationExecutions: Array<Format.FlatExecution>; NextToken?: string } = JSON.parse(
        first.stdout
      )
      assert.strictEqual(document.AssociationExecutions.length, 3)
      assert.isString(document.NextToken)
      const next = yield* runMain([
        "list",
        "--local",
        "-a",
        associationId,
        "--filters",
        "Key=Status,Value=Failed,Type=EQUAL",
        "--starting-token",
        document.NextToken ?? "",
        "--max-items",
        "2",
        "--output",
        "text",
        "-q"
      ])
      const lines = next.stdout.trimEnd().split("\n")
      assert.deepStrictEqual(
        lines.filter((line) => line.startsWith("ASSOCIATIONEXECUTIONS\t")).map((line) => line.split("\t")[5]),
        failed.slice(3, 5).map((record) => record.ExecutionId)
      )
      assert.match(lines.at(-1) ?? "", /^NEXTTOKEN\t\S+$/)
    }), 30_000)

  it.live("--no-paginate sends one request; --cli-input-json gives the request", () =>
    Effect.gen(function*() {
      const ssm = yield* localTruth
      const associationId = ssm.associationIds[0] ?? ""
      const one = yield* runMain(["list", "--local", "-a", associationId, "--no-paginate", "--output", "json"])
      const page: { AssociationExecutions: ReadonlyArray<unknown>; NextToken?: string } = JSON.parse(one.stdout)
      assert.strictEqual(page.AssociationExecutions.length, 50)
      assert.isString(page.NextToken)
      assert.include(one.stderr, "in 1 page")
      const input = JSON.stringify({ AssociationId: associationId, MaxResults: 7 })
      const fromJson = yield* runMain(["list", "--local", "--cli-input-json", input, "--no-paginate", "-q"])
      assert.deepStrictEqual(
        ndjsonIds(fromJson.stdout),
        ssm.executions(associationId).slice(0, 7).map((record) => record.ExecutionId)
      )
    }), 30_000)

  it.live(
    "AWS errors from the endpoint name their code: unknown association, forged and foreign tokens",
    () =>
      Effect.gen(function*() {
        const ssm = yield* localTruth
        const missing = yield* runMain(["list", "--local", "-a", "8dfe3659-4309-493a-8755-0123456789ab"])
        assert.strictEqual(missing.code, ExitCode.associationNotFound)
        assert.match(
          missing.stderr.trimEnd(),
          /^An error occurred \(AssociationDoesNotExist\) when calling the DescribeAssociationExecutions operation: .+\(hint: .+\)$/
        )
        const forged = yield* runMain([
          "list",
          "--local",
          "-a",
          ssm.associationIds[0] ?? "",
          "--starting-token",
          "AAAAforged"
        ])
        assert.strictEqual(forged.code, ExitCode.usage)
        assert.match(forged.stderr.trimEnd(), /^An error occurred \(InvalidNextToken\) when calling/)
        const edited = yield* runMain([
          "list",
          "--local",
          "-a",
          ssm.associationIds[0] ?? "",
          "--starting-token",
          "sae2.x.y"
        ])
        assert.strictEqual(edited.code, ExitCode.usage)
        assert.include(edited.stderr, "(InvalidNextToken)")
      }),
    30_000
  )

  it.live("demo: two pages, a summary, and next steps that work as printed", () =>
    Effect.gen(function*() {
      const { code, stderr, stdout } = yield* runMain(["demo"])
      assert.strictEqual(code, 0)
      assert.strictEqual(stdout.trimEnd().split("\n").length, 2 + Local.demoItems)
      assert.include(stderr, `${Local.demoItems} executions from 1 association in 2 pages`)
      const token = tokenIn(stderr)
      assert.isDefined(token)
      const steps = stderr.slice(stderr.indexOf("Next,")).replace(/\\\n\s*/g, "").split("\n")
        .filter((line) => line.trim().startsWith("npx ssm-association-executions list"))
      assert.strictEqual(steps.length, 3)
      const [rest, query] = steps.map((line) =>
        (line.replace(/#.*$/, "").trim().match(/'[^']*'|\S+/g) ?? []).slice(2).map((word) =>
          word.startsWith("'") ? word.slice(1, -1) : word
        )
      )
      // The command to continue carries the token the listing printed.
      assert.include(rest ?? [], token ?? "")
      const continued = yield* runMain([...(rest ?? []), "--max-items", "3", "-q"])
      assert.strictEqual(continued.code, 0)
      assert.strictEqual(ndjsonIds(continued.stdout).length, 3)
      const queried = yield* runMain(query ?? [])
      assert.strictEqual(queried.code, 0)
      const pairs: ReadonlyArray<ReadonlyArray<string>> = JSON.parse(queried.stdout)
      assert.strictEqual(pairs.length, 5)
    }), 30_000)

  it.scoped("local's banner also exports AWS_DEFAULT_REGION for aws-cli v1", () =>
    Effect.gen(function*() {
      const endpoint = yield* Local.startSilent({ seed: 1, associations: 1, executionsPerAssociation: 1 })
      const exportLine = LocalEndpoint.startupBanner(endpoint).split("\n").find((line) => line.includes("export "))
      assert.include(exportLine, "AWS_ENDPOINT_URL_SSM=")
      assert.include(exportLine, `AWS_DEFAULT_REGION=${endpoint.region}`)
    }))
})

describe("local --rate-limit", () => {
  const localArguments: Local.LocalArguments = {
    port: 0,
    region: "us-east-1",
    seed: 1,
    associations: 1,
    executionsPerAssociation: 3,
    throttleProbability: 0,
    errorProbability: 0,
    dropProbability: 0
  }

  it.live("refuses a rate that is not above 0, a burst that is not a whole number of 1 or more, a burst alone", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
        [["local", "--rate-limit", "0"], "--rate-limit must be more than 0"],
        [["local", "--rate-limit=-5"], "--rate-limit must be more than 0"],
        [["local", "--rate-limit", "20", "--rate-burst", "0"], "--rate-burst must be a whole number of 1 or more"],
        [["local", "--rate-burst", "5"], "--rate-burst needs --rate-limit"]
      ]
      for (const [argv, expected] of cases) {
        const { code, stderr } = yield* runMain(argv)
        assert.strictEqual(code, ExitCode.usage, argv.join(" "))
        assert.include(stderr, expected)
      }
    }))

  it.effect("serves the limit: the burst is answered, the next request is throttled as SSM throttles", () =>
    Effect.gen(function*() {
      // Under TestClock no time passes, so no token comes back: the burst alone decides.
      const model = yield* InMemorySsm.generate(Local.localDataset({ ...localArguments, rateLimit: 20, rateBurst: 2 }))
      const request: Parameters<InMemorySsm.InMemorySsm["handle"]>[0] = {
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
        },
        body: JSON.stringify({ AssociationId: model.associationIds[0] })
      }
      const statuses: Array<string> = []
      for (let sent = 0; sent < 3; sent++) {
        const answer = yield* model.handle(request)
        statuses.push(answer._tag === "Response" ? `${answer.status} ${answer.entry.code ?? ""}`.trim() : "dropped")
      }
      assert.deepStrictEqual(statuses, ["200", "200", "400 ThrottlingException"])
    }))

  it("bursts the rate rounded up when no burst is given, so a limit below 1 per second still serves", () => {
    assert.deepStrictEqual(Local.localDataset({ ...localArguments, rateLimit: 0.5 }).rateLimit, {
      requestsPerSecond: 0.5,
      burst: 1
    })
    assert.deepStrictEqual(Local.localDataset({ ...localArguments, rateLimit: 20 }).rateLimit, {
      requestsPerSecond: 20,
      burst: 20
    })
    assert.isUndefined(Local.localDataset(localArguments).rateLimit)
  })
})

describe("interrupted output stays valid", () => {
  const waitFor = (condition: Effect.Effect<boolean>) =>
    Effect.gen(function*() {
      for (let round = 0; round < 1_000 && !(yield* condition); round++) yield* Effect.yieldNow()
    })

  it.effect("json: Ctrl-C mid-listing closes the document with the NextToken, which continues exactly", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const ids = ssm.associationIds
      const memory = yield* makeMemory()
      // Page 3 never answers in virtual time: the listing is cut while it waits.
      const service = AssociationExecutionsTest.layer({
        model: ssm,
        faults: [{ page: 3, answer: InMemorySsm.Fault.latency(3_600_000) }]
      })
      const fiber = yield* Effect.fork(
        list({ associationIds: ids, pageSize: 20, format: "json", quiet: true }).pipe(
          Effect.provide(Layer.merge(service, Layer.succeed(CliOutput, memory.output)))
        )
      )
      yield* waitFor(Effect.map(memory.stdout, (text) => (text.match(/"ExecutionId"/g) ?? []).length >= 40))
      yield* Fiber.interrupt(fiber)
      const document: { AssociationExecutions: Array<Format.FlatExecution>; NextToken?: string } = JSON.parse(
        yield* memory.stdout
      )
      assert.strictEqual(document.AssociationExecutions.length, 40)
      assert.include(yield* memory.stderr, `Interrupted; continue with: --starting-token ${document.NextToken}`)
      yield* ssm.clearFaults
      // The same command with the token, as the hint says.
      const rest = yield* runList(ssm, { associationIds: ids, pageSize: 20, startingToken: document.NextToken })
      assert.deepStrictEqual(
        [...document.AssociationExecutions.map((record) => record.ExecutionId), ...ndjsonIds(rest.stdout)],
        ssm.executions(ids[0] ?? "").map((record) => record.ExecutionId)
      )
    }))

  it.effect("a failure mid-way ends json and yaml documents whole, with the NextToken; csv ends on a whole line", () =>
    Effect.gen(function*() {
      const failing = (format: Format.Format) =>
        Effect.flatMap(
          model({ associations: 1 }),
          (ssm) =>
            runList(ssm, { associationIds: ssm.associationIds, pageSize: 20, format }, {
              maxAttempts: 2,
              patienceMillis: 0,
              faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
            })
        )
      const json = yield* failing("json")
      assert.strictEqual(exitCodeOfRun(json.exit), ExitCode.throttled)
      const document: { AssociationExecutions: ReadonlyArray<unknown>; NextToken?: string } = JSON.parse(json.stdout)
      assert.strictEqual(document.AssociationExecutions.length, 20)
      assert.strictEqual(document.NextToken, tokenIn(json.stderr))
      const yaml = yield* failing("yaml")
      assert.strictEqual(YAML.parse(yaml.stdout).NextToken, tokenIn(yaml.stderr))
      const text = yield* failing("text")
      assert.strictEqual(text.stdout.trimEnd().split("\n").at(-1), `NEXTTOKEN\t${tokenIn(text.stderr)}`)
      const csv = yield* failing("csv")
      assert.isTrue(csv.stdout.endsWith("\n"))
      assert.strictEqual(parseCsv(csv.stdout).length, 21)
    }))
})

// ---------------------------------------------------------------------------------------------
// Drill down: targets, failures, --debug
// ---------------------------------------------------------------------------------------------

const runDrill = <E>(
  ssm: InMemorySsm.InMemorySsm,
  command: Effect.Effect<unknown, E, AssociationExecutions.AssociationExecutions | CliOutput>,
  options: { readonly faults?: ReadonlyArray<InMemorySsm.ScriptedFault>; readonly maxAttempts?: number } = {}
) =>
  Effect.gen(function*() {
    const memory = yield* makeMemory()
    const service = AssociationExecutionsTest.layer({
      model: ssm,
      faults: options.faults,
      retry: { maxAttempts: options.maxAttempts ?? 3 }
    })
    const exit = yield* AssociationExecutionsTest.runWithTestClock(
      command.pipe(Effect.provide(Layer.merge(service, Layer.succeed(CliOutput, memory.output))), Effect.exit)
    )
    return { exit, stdout: yield* memory.stdout, stderr: yield* memory.stderr }
  })

const ndjsonRecords = (stdout: string): ReadonlyArray<Readonly<Record<string, unknown>>> =>
  stdout.trimEnd().split("\n").filter((line) => line !== "").map((line) => {
    const record: unknown = JSON.parse(line)
    return typeof record === "object" && record !== null ? { ...record } : {}
  })

/** The failed targets of the failed executions, in the service's order: what `failures` must print. */
const expectedFailures = (ssm: InMemorySsm.InMemorySsm, associationId: string) =>
  ssm.executions(associationId).filter((execution) => execution.Status === "Failed").flatMap((execution) =>
    ssm.targets(associationId, execution.ExecutionId).filter((target) => target.Status === "Failed").map((target) =>
      `${execution.ExecutionId}/${target.ResourceId}`
    )
  )

const failureKeys = (records: ReadonlyArray<Readonly<Record<string, unknown>>>) =>
  records.map((record) => `${String(record["ExecutionId"])}/${String(record["ResourceId"])}`)

describe("targets", () => {
  it.effect("prints exactly the model's targets of the execution, in order, across pages", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const associationId = ssm.associationIds[0] ?? ""
      const execution = ssm.executions(associationId).find((each) =>
        ssm.targets(associationId, each.ExecutionId).length > 2
      )
      assert.isDefined(execution)
      const executionId = execution?.ExecutionId ?? ""
      const { exit, stderr, stdout } = yield* runDrill(ssm, targets({ associationId, executionId, pageSize: 2 }))
      assert.isTrue(Exit.isSuccess(exit))
      const expected = ssm.targets(associationId, executionId)
      assert.deepStrictEqual(
        ndjsonRecords(stdout).map((record) => [record["ResourceId"], record["Status"]]),
        expected.map((target) => [target.ResourceId, target.Status])
      )
      assert.include(stderr, `${expected.length} targets of execution ${executionId}`)
      // The json document is aws-cli's, with its member name.
      const json = yield* runDrill(ssm, targets({ associationId, executionId, format: "json", maxItems: 1 }))
      const document: {
        AssociationExecutionTargets: ReadonlyArray<Readonly<Record<string, unknown>>>
        NextToken?: string
      } = JSON.parse(json.stdout)
      assert.deepStrictEqual(document.AssociationExecutionTargets.map((record) => record["ResourceId"]), [
        expected[0]?.ResourceId
      ])
      assert.strictEqual(document.NextToken, tokenIn(json.stderr))
    }))

  it.effect("--filters in aws-cli's shorthand and JSON (no Type) select the model's matching targets", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const associationId = ssm.associationIds[0] ?? ""
      const execution = ssm.executions(associationId).find((each) =>
        ssm.targets(associationId, each.ExecutionId).some((target) => target.Status === "Failed")
      )
      const executionId = execution?.ExecutionId ?? ""
      const failed = ssm.targets(associationId, executionId).filter((target) => target.Status === "Failed")
      for (const filters of [["Key=Status,Value=Failed"], ["[{\"Key\":\"status\",\"Value\":\"Failed\"}]"]]) {
        const { stdout } = yield* runDrill(ssm, targets({ associationId, executionId, filters, quiet: true }))
        assert.deepStrictEqual(
          ndjsonRecords(stdout).map((record) => record["ResourceId"]),
          failed.map((t) => t.ResourceId)
        )
      }
      assert.deepStrictEqual(
        parseTargetFilterArguments(["Key=Status,Value=Failed,Type=EQUAL"]),
        Either.left(
          "--filters: Filters[0]: unknown member 'Type', must be one of: Key, Value (target filters have no Type)"
        )
      )
    }))

  it.effect("an unknown execution names AssociationExecutionDoesNotExist and exits 5", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const associationId = ssm.associationIds[0] ?? ""
      const { exit, stderr } = yield* runDrill(
        ssm,
        targets({ associationId, executionId: "00000000-0000-4000-8000-000000000000" })
      )
      assert.strictEqual(exitCodeOfRun(exit), ExitCode.associationNotFound)
      assert.match(
        stderr.trimEnd(),
        /^An error occurred \(AssociationExecutionDoesNotExist\) when calling the DescribeAssociationExecutionTargets operation: .+--execution-id\)\)$/
      )
    }))
})

describe("failures", () => {
  it.effect("lists exactly the failed targets of the failed executions, in order; resumes exactly", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const associationId = ssm.associationIds[0] ?? ""
      const expected = expectedFailures(ssm, associationId)
      assert.isAbove(expected.length, 3)
      const all = yield* runDrill(ssm, failures({ associationId, pageSize: 7, concurrency: 3 }))
      assert.isTrue(Exit.isSuccess(all.exit))
      assert.deepStrictEqual(failureKeys(ndjsonRecords(all.stdout)), expected)
      assert.deepStrictEqual(Object.keys(ndjsonRecords(all.stdout)[0] ?? {}), [...failureMembers])
      assert.notInclude(all.stderr, "--starting-token")
      const first = yield* runDrill(ssm, failures({ associationId, maxItems: 3, quiet: true }))
      const token = tokenIn(first.stderr)
      assert.isDefined(token)
      const rest = yield* runDrill(ssm, failures({ associationId, startingToken: token, quiet: true }))
      assert.deepStrictEqual(failureKeys([...ndjsonRecords(first.stdout), ...ndjsonRecords(rest.stdout)]), expected)
      // Exactly all of them: the end says nothing follows.
      const exact = yield* runDrill(ssm, failures({ associationId, maxItems: expected.length, format: "json" }))
      assert.isUndefined(JSON.parse(exact.stdout).NextToken)
    }))

  it.effect("interrupted json is a whole document whose NextToken continues exactly", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const associationId = ssm.associationIds[0] ?? ""
      const expected = expectedFailures(ssm, associationId)
      const memory = yield* makeMemory()
      // The second page of failed executions never answers in virtual time: the run is cut while it waits.
      const service = AssociationExecutionsTest.layer({
        model: ssm,
        faults: [{ operation: "DescribeAssociationExecutions", page: 2, answer: InMemorySsm.Fault.latency(3_600_000) }]
      })
      const fiber = yield* Effect.fork(
        failures({ associationId, pageSize: 5, concurrency: 1, format: "json", quiet: true }).pipe(
          Effect.provide(Layer.merge(service, Layer.succeed(CliOutput, memory.output)))
        )
      )
      for (let round = 0; round < 1_000 && !(yield* memory.stdout).includes("ResourceId"); round++) {
        yield* Effect.yieldNow()
      }
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(fiber)
      const document: { Failures: ReadonlyArray<Readonly<Record<string, unknown>>>; NextToken?: string } = JSON.parse(
        yield* memory.stdout
      )
      assert.isAbove(document.Failures.length, 0)
      assert.isDefined(document.NextToken)
      assert.include(yield* memory.stderr, `Interrupted; continue with: --starting-token ${document.NextToken}`)
      yield* ssm.clearFaults
      const rest = yield* runDrill(ssm, failures({ associationId, startingToken: document.NextToken, quiet: true }))
      assert.deepStrictEqual(failureKeys([...document.Failures, ...ndjsonRecords(rest.stdout)]), expected)
    }))
})

describe("--debug", () => {
  it.effect("one line per request and per response from the service's spans: status, code, request id, attempt, delay", () =>
    Effect.gen(function*() {
      const ssm = yield* model({ associations: 1 })
      const lines: Array<string> = []
      const tracer = Debug.tracer(yield* Effect.tracer, (line) => lines.push(line))
      const { exit, stdout } = yield* runDrill(
        ssm,
        list({ associationIds: ssm.associationIds, pageSize: 50, quiet: true }).pipe(Effect.withTracer(tracer)),
        { faults: [{ page: 2, attempts: 1, answer: InMemorySsm.Fault.throttling() }] }
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(ndjsonIds(stdout).length, 60)
      const text = lines.join("")
      assert.strictEqual(lines.filter((line) => line.includes("→ ")).length, 2)
      assert.match(
        text,
        /← #2 DescribeAssociationExecutions attempt 1: HTTP 400 ThrottlingException, request id \S+; retry in \d+ ms\n/
      )
      assert.match(text, /← #2 DescribeAssociationExecutions attempt 2: HTTP 200, request id [\w-]+, \d+ ms\n/)
      assert.isTrue(lines.every((line) => line.startsWith("[debug] ") && line.endsWith("\n")))
    }))

  it.live(
    "--debug on the command line: request lines on stderr, never a secret; stdout stays the records",
    () =>
      Effect.gen(function*() {
        const { code, stderr, stdout } = yield* runMain(["failures", "--local", "--max-items", "2", "--debug"])
        assert.strictEqual(code, 0)
        assert.strictEqual(ndjsonRecords(stdout).length, 2)
        assert.notInclude(stdout, "[debug]")
        assert.match(stderr, /\[debug\] → #1 DescribeAssociationExecutions request\n/)
        assert.match(stderr, /\[debug\] ← #\d+ DescribeAssociationExecutionTargets attempt 1: HTTP 200/)
        const secret = Redacted.value(InMemorySsm.localCredentials.secretAccessKey)
        for (const forbidden of [secret, "Signature=", "AWS4-HMAC-SHA256", "X-Amz-Security-Token", "authorization"]) {
          assert.notInclude(stderr.toLowerCase(), forbidden.toLowerCase())
        }
        const unknown = yield* runMain([
          "targets",
          "--debug",
          "--local",
          "-e",
          "00000000-0000-4000-8000-000000000000"
        ])
        assert.strictEqual(unknown.code, ExitCode.associationNotFound)
        assert.match(
          unknown.stderr,
          /attempt 1: HTTP 400 AssociationExecutionDoesNotExist, request id \S+; not retried/
        )
        assert.strictEqual(unknown.stdout, "")
      }),
    30_000
  )
})

describe("targets against the AWS SDK", () => {
  it.scoped("prints the same targets, members and order, as @aws-sdk/client-ssm's paginator lists", () =>
    Effect.gen(function*() {
      const endpoint = yield* LocalEndpoint.make({
        generate: { seed: 27, associations: 1, executionsPerAssociation: 12 }
      })
        .pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
      const associationId = endpoint.model.associationIds[0] ?? ""
      const execution = endpoint.model.executions(associationId).find((each) =>
        endpoint.model.targets(associationId, each.ExecutionId).length > 2
      )
      const executionId = execution?.ExecutionId ?? ""
      const client = new SSMClient({
        endpoint: endpoint.url,
        region: endpoint.region,
        credentials: {
          accessKeyId: endpoint.credentials.accessKeyId,
          secretAccessKey: Redacted.value(endpoint.credentials.secretAccessKey)
        }
      })
      const fromSdk = yield* Effect.tryPromise(async () => {
        const listed: Array<AssociationExecutionTarget> = []
        const pages = paginateDescribeAssociationExecutionTargets(
          { client, pageSize: 2 },
          { AssociationId: associationId, ExecutionId: executionId }
        )
        for await (const page of pages) listed.push(...(page.AssociationExecutionTargets ?? []))
        return listed
      })
      const { code, stdout } = yield* runMain([
        "targets",
        "--association-id",
        associationId,
        "--execution-id",
        executionId,
        "--endpoint-url",
        endpoint.url,
        "--region",
        endpoint.region,
        "--page-size",
        "2",
        "--output",
        "json"
      ]).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(
        new Map([
          ["AWS_ACCESS_KEY_ID", endpoint.credentials.accessKeyId],
          ["AWS_SECRET_ACCESS_KEY", Redacted.value(endpoint.credentials.secretAccessKey)],
          ["AWS_CONFIG_FILE", "/dev/null"],
          ["AWS_SHARED_CREDENTIALS_FILE", "/dev/null"]
        ])
      )))
      assert.strictEqual(code, ExitCode.success)
      const document: { AssociationExecutionTargets: ReadonlyArray<Readonly<Record<string, unknown>>> } = JSON.parse(
        stdout
      )
      // The SDK gives Dates, the CLI ISO-8601 text: both compared as epoch milliseconds.
      const millis = (value: unknown) =>
        value === undefined ? undefined : value instanceof Date ? value.getTime() : Date.parse(String(value))
      const comparable = (target: {
        readonly ResourceId?: unknown
        readonly ResourceType?: unknown
        readonly Status?: unknown
        readonly DetailedStatus?: unknown
        readonly LastExecutionDate?: unknown
        readonly OutputSource?: unknown
      }) => [
        target.ResourceId,
        target.ResourceType,
        target.Status,
        target.DetailedStatus,
        millis(target.LastExecutionDate),
        JSON.stringify(target.OutputSource)
      ]
      assert.isAbove(fromSdk.length, 2)
      assert.deepStrictEqual(document.AssociationExecutionTargets.map(comparable), fromSdk.map(comparable))
    }))
})
