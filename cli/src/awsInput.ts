/**
 * The request as aws-cli takes it: `--filters` in shorthand (`Key=Status,Value=Failed,Type=EQUAL`)
 * or JSON, `--cli-input-json` (the request skeleton, inline or `file://`), and the checks aws-cli
 * leaves to the service but a careful CLI makes first: filter keys and types, status names (any
 * case, sent as SSM spells them), CreatedTime values, and a time window that cannot be empty.
 */
import * as Either from "effect/Either"
import * as fs from "node:fs"
import type { AssociationExecutionFilter } from "ssm-association-executions/DescribeAssociationExecutions"
import type { AssociationExecutionTargetsFilter } from "ssm-association-executions/DescribeAssociationExecutionTargets"
import { parseIsoTimestamp } from "./time.js"

/**
 * The execution statuses SSM reports: Pending, Success and Failed are documented; InProgress,
 * TimedOut, Skipped and Cancelled appear as execution and detailed statuses.
 */
export const knownStatuses = ["Pending", "InProgress", "Success", "Failed", "TimedOut", "Skipped", "Cancelled"] as const

const filterKeys = ["ExecutionId", "Status", "CreatedTime"] as const
const filterTypes = ["EQUAL", "LESS_THAN", "GREATER_THAN"] as const

const list = (values: ReadonlyArray<string>) =>
  values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`

const caseless = <A extends string>(values: ReadonlyArray<A>, text: string): A | undefined =>
  values.find((value) => value.toLowerCase() === text.trim().toLowerCase())

/** The status as SSM spells it, or what is wrong with it. */
export const normalizeStatus = (text: string): Either.Either<string, string> => {
  const known = caseless(knownStatuses, text)
  return known === undefined
    ? Either.left(`'${text}' is not an execution status: use ${list(knownStatuses)} (any case)`)
    : Either.right(known)
}

// ---------------------------------------------------------------------------------------------
// Shorthand
// ---------------------------------------------------------------------------------------------

/**
 * The `key=value` pairs of one shorthand structure (`Key=Status,Value=Failed,Type=EQUAL`): values
 * may be quoted with `"` or `'` to hold commas, and `\` escapes the next character, as in aws-cli.
 */
export const parseShorthand = (text: string): Either.Either<ReadonlyArray<readonly [string, string]>, string> => {
  const pairs: Array<readonly [string, string]> = []
  let index = 0
  while (index < text.length) {
    const equals = text.indexOf("=", index)
    if (equals === -1) return Either.left(`expected key=value at '${text.slice(index)}'`)
    const key = text.slice(index, equals).trim()
    if (!/^[A-Za-z]\w*$/.test(key)) return Either.left(`'${key}' is not a key (expected Key, Value or Type)`)
    index = equals + 1
    let value = ""
    const quote = text[index] === "\"" || text[index] === "'" ? text[index] : undefined
    if (quote !== undefined) {
      const close = text.indexOf(quote, index + 1)
      if (close === -1) return Either.left(`the quote after ${key}= is not closed`)
      value = text.slice(index + 1, close)
      index = close + 1
      if (index < text.length && text[index] !== ",") {
        return Either.left(`expected a comma after ${key}=${quote}…${quote}`)
      }
    } else {
      while (index < text.length && text[index] !== ",") {
        if (text[index] === "\\" && index + 1 < text.length) index++
        value += text[index]
        index++
      }
    }
    pairs.push([key, value])
    // Past the comma.
    index++
  }
  return Either.right(pairs)
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

const filterOf = (
  members: Readonly<Record<string, unknown>>,
  where: string
): Either.Either<AssociationExecutionFilter, string> => {
  for (const name of Object.keys(members)) {
    if (!["Key", "Value", "Type"].includes(name)) {
      return Either.left(`${where}: unknown member '${name}', must be one of: Key, Value, Type`)
    }
  }
  const { Key: rawKey, Type: rawType, Value: rawValue } = members
  for (const [name, value] of [["Key", rawKey], ["Value", rawValue], ["Type", rawType]] as const) {
    if (value === undefined) return Either.left(`${where}: missing ${name} (e.g. Key=Status,Value=Failed,Type=EQUAL)`)
    if (typeof value !== "string") return Either.left(`${where}: ${name} must be a string`)
  }
  const key = caseless(filterKeys, String(rawKey))
  if (key === undefined) return Either.left(`${where}: Key '${String(rawKey)}' is not ${list(filterKeys)}`)
  const type = caseless(filterTypes, String(rawType))
  if (type === undefined) return Either.left(`${where}: Type '${String(rawType)}' is not ${list(filterTypes)}`)
  if (key !== "CreatedTime" && type !== "EQUAL") {
    return Either.left(
      `${where}: a ${key} filter takes Type EQUAL only (LESS_THAN and GREATER_THAN are for CreatedTime)`
    )
  }
  const value = String(rawValue)
  if (key === "Status") {
    return Either.map(
      Either.mapLeft(normalizeStatus(value), (reason) => `${where}: ${reason}`),
      (status) => ({ Key: key, Value: status, Type: type })
    )
  }
  if (key === "CreatedTime") {
    const millis = parseIsoTimestamp(value)
    return millis === undefined
      ? Either.left(`${where}: '${value}' is not an ISO-8601 time (2025-05-01, 2025-05-01T08:00:00Z)`)
      : Either.right({ Key: key, Value: new Date(millis).toISOString(), Type: type })
  }
  return value === ""
    ? Either.left(`${where}: Value must not be empty`)
    : Either.right({ Key: key, Value: value, Type: type })
}

// The model's Filters list has length min 1: aws-cli refuses `[]` before sending, SSM with a ValidationException.
const emptyFilters = (where: string) =>
  `${where}: the list is empty, and SSM takes 1 filter or more (aws-cli: valid min length: 1); leave the flag out ` +
  "to list everything"

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Filters from a JSON value: a list of filter structures, or one. */
export const filtersFromJson = (
  value: unknown,
  where: string
): Either.Either<ReadonlyArray<AssociationExecutionFilter>, string> => {
  const items = Array.isArray(value) ? value : [value]
  if (items.length === 0) return Either.left(emptyFilters(where))
  const filters: Array<AssociationExecutionFilter> = []
  for (const [index, item] of items.entries()) {
    if (!isRecord(item)) return Either.left(`${where}[${index}] must be an object with Key, Value and Type`)
    const filter = filterOf(item, `${where}[${index}]`)
    if (Either.isLeft(filter)) return Either.left(filter.left)
    filters.push(filter.right)
  }
  return Either.right(filters)
}

/**
 * The filters of every `--filters` value: JSON when it starts with `[` or `{`, shorthand
 * otherwise, numbered across all values as aws-cli numbers its list (`Filters[1]`).
 */
export const parseFilterArguments = (
  values: ReadonlyArray<string>
): Either.Either<ReadonlyArray<AssociationExecutionFilter>, string> => {
  const filters: Array<AssociationExecutionFilter> = []
  for (const value of values) {
    const trimmed = value.trim()
    const where = `--filters: Filters[${filters.length}]`
    let parsed: Either.Either<ReadonlyArray<AssociationExecutionFilter>, string>
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      const json = parseJson(trimmed)
      parsed = Either.isLeft(json)
        ? Either.left(`--filters: not valid JSON (${json.left})`)
        : Either.mapLeft(
          filtersFromJson(json.right, "Filters"),
          (reason) =>
            `--filters: ${reason.replace(/^Filters\[(\d+)\]/, (_, at) => `Filters[${filters.length + Number(at)}]`)}`
        )
    } else {
      parsed = Either.flatMap(
        Either.mapLeft(parseShorthand(trimmed), (reason) => `${where}: ${reason}`),
        (pairs) => Either.map(filterOf(Object.fromEntries(pairs), where), (filter) => [filter])
      )
    }
    if (Either.isLeft(parsed)) return Either.left(parsed.left)
    filters.push(...parsed.right)
  }
  return Either.right(filters)
}

// ---------------------------------------------------------------------------------------------
// Target filters (DescribeAssociationExecutionTargets: Key and Value, no Type)
// ---------------------------------------------------------------------------------------------

const targetFilterKeys = ["Status", "ResourceId", "ResourceType"] as const

const targetFilterOf = (
  members: Readonly<Record<string, unknown>>,
  where: string
): Either.Either<AssociationExecutionTargetsFilter, string> => {
  for (const name of Object.keys(members)) {
    if (!["Key", "Value"].includes(name)) {
      return Either.left(`${where}: unknown member '${name}', must be one of: Key, Value (target filters have no Type)`)
    }
  }
  const { Key: rawKey, Value: rawValue } = members
  for (const [name, value] of [["Key", rawKey], ["Value", rawValue]] as const) {
    if (value === undefined) return Either.left(`${where}: missing ${name} (e.g. Key=Status,Value=Failed)`)
    if (typeof value !== "string") return Either.left(`${where}: ${name} must be a string`)
  }
  const key = caseless(targetFilterKeys, String(rawKey))
  if (key === undefined) return Either.left(`${where}: Key '${String(rawKey)}' is not ${list(targetFilterKeys)}`)
  const value = String(rawValue)
  return value === "" ? Either.left(`${where}: Value must not be empty`) : Either.right({ Key: key, Value: value })
}

/** The target filters of every `--filters` value of `targets`: shorthand `Key=Status,Value=Failed` or JSON. */
export const parseTargetFilterArguments = (
  values: ReadonlyArray<string>
): Either.Either<ReadonlyArray<AssociationExecutionTargetsFilter>, string> => {
  const filters: Array<AssociationExecutionTargetsFilter> = []
  for (const value of values) {
    const trimmed = value.trim()
    const json = trimmed.startsWith("[") || trimmed.startsWith("{")
    const parsed: Either.Either<ReadonlyArray<Readonly<Record<string, unknown>>>, string> = json
      ? Either.flatMap(
        Either.mapLeft(parseJson(trimmed), (reason) => `not valid JSON (${reason})`),
        (document) => {
          const items: ReadonlyArray<unknown> = Array.isArray(document) ? document : [document]
          if (items.length === 0) return Either.left(emptyFilters("Filters"))
          const bad = items.findIndex((item) => !isRecord(item))
          return bad === -1
            ? Either.right(items.filter(isRecord))
            : Either.left(`Filters[${filters.length + bad}] must be an object with Key and Value`)
        }
      )
      : Either.map(parseShorthand(trimmed), (pairs) => [Object.fromEntries(pairs)])
    if (Either.isLeft(parsed)) return Either.left(`--filters: ${parsed.left}`)
    for (const members of parsed.right) {
      const filter = targetFilterOf(members, `--filters: Filters[${filters.length}]`)
      if (Either.isLeft(filter)) return Either.left(filter.left)
      filters.push(filter.right)
    }
  }
  return Either.right(filters)
}

const parseJson = (text: string): Either.Either<unknown, string> =>
  Either.try({
    try: (): unknown => JSON.parse(text),
    catch: (error) => error instanceof Error ? error.message : String(error)
  })

// ---------------------------------------------------------------------------------------------
// --cli-input-json
// ---------------------------------------------------------------------------------------------

/** The request members `--cli-input-json` may set, as aws-cli's skeleton names them. */
export interface CliInput {
  readonly AssociationId?: string | undefined
  readonly Filters?: ReadonlyArray<AssociationExecutionFilter> | undefined
  readonly MaxResults?: number | undefined
  readonly NextToken?: string | undefined
}

const readInput = (text: string): Either.Either<string, string> => {
  if (!text.startsWith("file://")) return Either.right(text)
  const path = text.slice("file://".length)
  return Either.try({
    try: () => fs.readFileSync(path, "utf8"),
    catch: (error) => `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`
  })
}

/** The request of `--cli-input-json` (inline JSON or `file://path`), or what is wrong with it. */
export const parseCliInputJson = (text: string): Either.Either<CliInput, string> =>
  Either.mapLeft(
    Either.gen(function*() {
      const json = yield* Either.flatMap(readInput(text.trim()), (source) =>
        Either.mapLeft(parseJson(source), (reason) => `not valid JSON (${reason})`))
      if (!isRecord(json)) {
        return yield* Either.left("expected a JSON object such as {\"AssociationId\": \"...\"}")
      }
      const known = ["AssociationId", "Filters", "MaxResults", "NextToken"]
      const unknown = Object.keys(json).filter((key) =>
        !known.includes(key)
      )
      if (unknown.length > 0) {
        return yield* Either.left(`unknown parameter ${unknown.join(", ")}, must be one of: ${known.join(", ")}`)
      }
      const { AssociationId, Filters, MaxResults, NextToken } = json
      if (AssociationId !== undefined && typeof AssociationId !== "string") {
        return yield* Either.left("AssociationId must be a string")
      }
      if (MaxResults !== undefined && !(typeof MaxResults === "number" && Number.isInteger(MaxResults))) {
        return yield* Either.left("MaxResults must be a whole number")
      }
      if (NextToken !== undefined && typeof NextToken !== "string") {
        return yield* Either.left("NextToken must be a string")
      }
      const filters = Filters === undefined ? undefined : yield* filtersFromJson(Filters, "Filters")
      return { AssociationId, Filters: filters, MaxResults, NextToken }
    }),
    (reason) => `--cli-input-json: ${reason}`
  )

// ---------------------------------------------------------------------------------------------
// The time window
// ---------------------------------------------------------------------------------------------

/**
 * What is wrong with the CreatedTime filters taken together: a window whose start is not before
 * its end matches nothing, which is a typo rather than a question.
 */
export const emptyWindow = (filters: ReadonlyArray<AssociationExecutionFilter>): string | undefined => {
  const bounds = (type: AssociationExecutionFilter["Type"]) =>
    filters.filter((filter) => filter.Key === "CreatedTime" && filter.Type === type).map((filter) => filter.Value)
  const after = bounds("GREATER_THAN").sort().at(-1)
  const before = bounds("LESS_THAN").sort().at(0)
  if (after === undefined || before === undefined || Date.parse(after) < Date.parse(before)) return undefined
  return `the time window is empty: created after ${after} and before ${before} matches nothing (is ` +
    "--created-after later than --created-before?)"
}
