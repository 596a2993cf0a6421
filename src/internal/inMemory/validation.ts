/**
 * Server-side request parsing and validation as SSM does it (spec 2.1): wrong JSON types are a
 * `SerializationException`; constraint violations are one `ValidationException` counting every
 * violation with Coral-style lowerCamelCase paths; filter semantics are checked after that.
 */
import type { Settled } from "../settled.js"

/** An error answer before any business logic: code, HTTP status and message. */
export interface WireError {
  readonly code: string
  readonly status: number
  readonly message: string
}

/**
 * A request checked: its value, or the error answer it gets. A plain union rather than `Either`
 * (Effect 3) or `Result` (Effect 4), so that both Effect lines share this file.
 */
export type Checked<A> = Settled<A, WireError>

/** A request that passed. */
export const valid = <A>(value: A): Checked<A> => ({ ok: true, value })

/** A request answered with `error`. */
export const invalid = (error: WireError): Checked<never> => ({ ok: false, error })

/** The value of a passed request transformed; a refusal kept as it is. */
export const mapChecked = <A, B>(checked: Checked<A>, f: (value: A) => B): Checked<B> =>
  checked.ok ? valid(f(checked.value)) : checked

/** A filter of DescribeAssociationExecutions, after validation. */
export interface ExecutionFilter {
  readonly Key: "ExecutionId" | "Status" | "CreatedTime"
  readonly Value: string
  readonly Type: "EQUAL" | "LESS_THAN" | "GREATER_THAN"
  /** `CreatedTime` values, parsed to epoch milliseconds. */
  readonly millis?: number
}

/** A validated DescribeAssociationExecutions request. */
export interface ExecutionsRequest {
  readonly AssociationId: string
  readonly Filters?: ReadonlyArray<ExecutionFilter>
  readonly MaxResults?: number
  readonly NextToken?: string
}

/** A filter of DescribeAssociationExecutionTargets, after validation. */
export interface TargetFilter {
  readonly Key: "Status" | "ResourceId" | "ResourceType"
  readonly Value: string
}

/** A validated DescribeAssociationExecutionTargets request. */
export interface TargetsRequest {
  readonly AssociationId: string
  readonly ExecutionId: string
  readonly Filters?: ReadonlyArray<TargetFilter>
  readonly MaxResults?: number
  readonly NextToken?: string
}

const serialization: WireError = { code: "SerializationException", status: 400, message: "" }

const uuidPatternText = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
// Smithy patterns are unanchored, but SSM applies this one as a full match (spec 2.1).
const uuidPattern = new RegExp(`^${uuidPatternText}$`)

const executionFilterKeys = ["ExecutionId", "Status", "CreatedTime"] as const
const filterTypes = ["EQUAL", "LESS_THAN", "GREATER_THAN"] as const
const targetFilterKeys = ["Status", "ResourceId", "ResourceType"] as const

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type JsonObject = { readonly [key: string]: Json }

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The body as a JSON object; an empty body counts as `{}`. */
export const parseBody = (body: string): Checked<JsonObject> => {
  if (body.trim() === "") return valid({})
  let value: Json
  try {
    value = JSON.parse(body)
  } catch {
    return invalid(serialization)
  }
  return isObject(value) ? valid(value) : invalid(serialization)
}

// Optional members sent as JSON null are treated as absent (Smithy AwsJson11ServersDontDeserializeNullStructureValues).
const member = (object: JsonObject, name: string): Json | undefined => {
  const value = object[name]
  return value === null ? undefined : value
}

type Shape = "string" | "integer" | "list"

const hasShape = (value: Json | undefined, shape: Shape): boolean =>
  value === undefined ||
  (shape === "string"
    ? typeof value === "string"
    : shape === "integer"
    ? typeof value === "number" && Number.isInteger(value)
    : Array.isArray(value))

const render = (value: Json | undefined): string =>
  value === undefined ? "null" : `'${Array.isArray(value) ? `[${value.length === 0 ? "" : "..."}]` : String(value)}'`

const violation = (value: Json | undefined, path: string, constraint: string) =>
  `Value ${render(value)} at '${path}' failed to satisfy constraint: ${constraint}`

const validationError = (violations: ReadonlyArray<string>): WireError => ({
  code: "ValidationException",
  status: 400,
  message: `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${
    violations.join("; ")
  }`
})

const checkUuid = (violations: Array<string>, value: Json | undefined, path: string) => {
  if (value === undefined) violations.push(violation(value, path, "Member must not be null"))
  else if (typeof value === "string" && !uuidPattern.test(value)) {
    violations.push(violation(value, path, `Member must satisfy regular expression pattern: ${uuidPatternText}`))
  }
}

const checkMaxResults = (violations: Array<string>, value: Json | undefined) => {
  if (typeof value !== "number") return
  if (value < 1) violations.push(violation(value, "maxResults", "Member must have value greater than or equal to 1"))
  if (value > 50) violations.push(violation(value, "maxResults", "Member must have value less than or equal to 50"))
}

const checkEnum = (
  violations: Array<string>,
  value: Json | undefined,
  path: string,
  allowed: ReadonlyArray<string>
) => {
  if (value === undefined) violations.push(violation(value, path, "Member must not be null"))
  else if (typeof value === "string" && !allowed.includes(value)) {
    violations.push(violation(value, path, `Member must satisfy enum value set: [${allowed.join(", ")}]`))
  }
}

const checkValue = (violations: Array<string>, value: Json | undefined, path: string) => {
  if (value === undefined) violations.push(violation(value, path, "Member must not be null"))
  else if (value === "") violations.push(violation(value, path, "Member must have length greater than or equal to 1"))
}

const isOneOf = <const Options extends ReadonlyArray<string>>(
  value: Json | undefined,
  options: Options
): value is Options[number] => typeof value === "string" && options.includes(value)

const isoTimestamp = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/

/** Epoch milliseconds of a strict ISO-8601 date-time with a zone, e.g. `2019-02-18T16:00:00Z`. */
export const parseIsoTimestamp = (text: string): number | undefined => {
  const match = isoTimestamp.exec(text)
  if (match === null) return undefined
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number)
  const fraction = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3))
  const zone = match[8] ?? "Z"
  if (
    year === undefined || month === undefined || day === undefined || hours === undefined ||
    minutes === undefined || seconds === undefined || hours > 23 || minutes > 59 || seconds > 59
  ) return undefined
  const local = Date.UTC(year, month - 1, day, hours, minutes, seconds, fraction)
  const checked = new Date(local)
  if (checked.getUTCMonth() !== month - 1 || checked.getUTCDate() !== day) return undefined
  const offsetMinutes = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) *
    (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  return local - offsetMinutes * 60_000
}

const allowedTypes: Record<ExecutionFilter["Key"], ReadonlyArray<ExecutionFilter["Type"]>> = {
  ExecutionId: ["EQUAL"],
  Status: ["EQUAL"],
  CreatedTime: ["EQUAL", "LESS_THAN", "GREATER_THAN"]
}

const filterListShapeOk = (filters: Json | undefined, members: ReadonlyArray<string>): boolean =>
  filters === undefined ||
  (Array.isArray(filters) &&
    filters.every((filter: Json) =>
      isObject(filter) && members.every((name) => hasShape(member(filter, name), "string"))
    ))

const checkListLength = (violations: Array<string>, filters: Json | undefined) => {
  if (Array.isArray(filters) && filters.length === 0) {
    violations.push(violation(filters, "filters", "Member must have length greater than or equal to 1"))
  }
}

/** Parses and validates a DescribeAssociationExecutions body. */
export const executionsRequest = (body: string): Checked<ExecutionsRequest> => {
  const json = parseBody(body)
  if (!json.ok) return json
  const object = json.value
  const associationId = member(object, "AssociationId")
  const filters = member(object, "Filters")
  const maxResults = member(object, "MaxResults")
  const nextToken = member(object, "NextToken")
  if (
    !hasShape(associationId, "string") || !hasShape(maxResults, "integer") || !hasShape(nextToken, "string") ||
    !filterListShapeOk(filters, ["Key", "Value", "Type"])
  ) return invalid(serialization)

  const violations: Array<string> = []
  checkUuid(violations, associationId, "associationId")
  checkListLength(violations, filters)
  const filterList = Array.isArray(filters) ? filters.filter(isObject) : []
  filterList.forEach((filter, index) => {
    const path = `filters.${index + 1}.member`
    checkEnum(violations, member(filter, "Key"), `${path}.key`, executionFilterKeys)
    checkValue(violations, member(filter, "Value"), `${path}.value`)
    checkEnum(violations, member(filter, "Type"), `${path}.type`, filterTypes)
  })
  checkMaxResults(violations, maxResults)
  if (violations.length > 0) return invalid(validationError(violations))

  // Key/Type pairing and timestamp format are documented but not modeled; SSM's exact wording is unknown.
  const parsed: Array<ExecutionFilter> = []
  for (const filter of filterList) {
    const key = member(filter, "Key")
    const value = member(filter, "Value")
    const type = member(filter, "Type")
    if (!isOneOf(key, executionFilterKeys) || !isOneOf(type, filterTypes) || typeof value !== "string") continue
    if (!allowedTypes[key].includes(type)) {
      return invalid({
        code: "ValidationException",
        status: 400,
        message: `The filter type ${type} is not valid for the filter key ${key}. Valid types for ${key}: [${
          allowedTypes[key].join(", ")
        }].`
      })
    }
    if (key === "CreatedTime") {
      const millis = parseIsoTimestamp(value)
      if (millis === undefined) {
        return invalid({
          code: "ValidationException",
          status: 400,
          message:
            `The CreatedTime filter value '${value}' is not a valid ISO-8601 timestamp; use a UTC date-time such as 2019-02-18T16:00:00Z.`
        })
      }
      parsed.push({ Key: key, Value: value, Type: type, millis })
    } else parsed.push({ Key: key, Value: value, Type: type })
  }
  return valid({
    AssociationId: String(associationId),
    ...(filters === undefined ? {} : { Filters: parsed }),
    ...(typeof maxResults === "number" ? { MaxResults: maxResults } : {}),
    ...(typeof nextToken === "string" ? { NextToken: nextToken } : {})
  })
}

/** Parses and validates a DescribeAssociationExecutionTargets body. */
export const targetsRequest = (body: string): Checked<TargetsRequest> => {
  const json = parseBody(body)
  if (!json.ok) return json
  const object = json.value
  const associationId = member(object, "AssociationId")
  const executionId = member(object, "ExecutionId")
  const filters = member(object, "Filters")
  const maxResults = member(object, "MaxResults")
  const nextToken = member(object, "NextToken")
  if (
    !hasShape(associationId, "string") || !hasShape(executionId, "string") || !hasShape(maxResults, "integer") ||
    !hasShape(nextToken, "string") || !filterListShapeOk(filters, ["Key", "Value"])
  ) return invalid(serialization)

  const violations: Array<string> = []
  checkUuid(violations, associationId, "associationId")
  checkUuid(violations, executionId, "executionId")
  checkListLength(violations, filters)
  const filterList = Array.isArray(filters) ? filters.filter(isObject) : []
  filterList.forEach((filter, index) => {
    const path = `filters.${index + 1}.member`
    checkEnum(violations, member(filter, "Key"), `${path}.key`, targetFilterKeys)
    checkValue(violations, member(filter, "Value"), `${path}.value`)
  })
  checkMaxResults(violations, maxResults)
  if (violations.length > 0) return invalid(validationError(violations))

  const parsed: Array<TargetFilter> = []
  for (const filter of filterList) {
    const key = member(filter, "Key")
    const value = member(filter, "Value")
    if (isOneOf(key, targetFilterKeys) && typeof value === "string") parsed.push({ Key: key, Value: value })
  }
  return valid({
    AssociationId: String(associationId),
    ExecutionId: String(executionId),
    ...(filters === undefined ? {} : { Filters: parsed }),
    ...(typeof maxResults === "number" ? { MaxResults: maxResults } : {}),
    ...(typeof nextToken === "string" ? { NextToken: nextToken } : {})
  })
}

/** A validated StartAssociationsOnce request. */
export interface StartRequest {
  readonly AssociationIds: ReadonlyArray<string>
}

/** Parses and validates a StartAssociationsOnce body (1 to 10 association ids). */
export const startRequest = (body: string): Checked<StartRequest> => {
  const json = parseBody(body)
  if (!json.ok) return json
  const object = json.value
  const ids = member(object, "AssociationIds")
  if (!hasShape(ids, "list") || (Array.isArray(ids) && !ids.every((id: Json) => typeof id === "string"))) {
    return invalid(serialization)
  }
  const violations: Array<string> = []
  const list: ReadonlyArray<Json> = Array.isArray(ids) ? ids : []
  if (ids === undefined) violations.push(violation(ids, "associationIds", "Member must not be null"))
  else if (list.length < 1) {
    violations.push(violation(ids, "associationIds", "Member must have length greater than or equal to 1"))
  } else if (list.length > 10) {
    violations.push(violation(ids, "associationIds", "Member must have length less than or equal to 10"))
  }
  list.forEach((id, index) => checkUuid(violations, id, `associationIds.${index + 1}.member`))
  if (violations.length > 0) return invalid(validationError(violations))
  return valid({ AssociationIds: list.map(String) })
}

/** A validated GetCommandInvocation request. */
export interface InvocationRequest {
  readonly CommandId: string
  readonly InstanceId: string
  readonly PluginName?: string
}

const instanceIdPatternText = "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)"
const instanceIdPattern = new RegExp(instanceIdPatternText)

/** Parses and validates a GetCommandInvocation body. */
export const invocationRequest = (body: string): Checked<InvocationRequest> => {
  const json = parseBody(body)
  if (!json.ok) return json
  const object = json.value
  const commandId = member(object, "CommandId")
  const instanceId = member(object, "InstanceId")
  const pluginName = member(object, "PluginName")
  if (!hasShape(commandId, "string") || !hasShape(instanceId, "string") || !hasShape(pluginName, "string")) {
    return invalid(serialization)
  }
  const violations: Array<string> = []
  if (commandId === undefined) violations.push(violation(commandId, "commandId", "Member must not be null"))
  else if (typeof commandId === "string" && commandId.length !== 36) {
    violations.push(
      violation(
        commandId,
        "commandId",
        `Member must have length ${commandId.length < 36 ? "greater than or equal to" : "less than or equal to"} 36`
      )
    )
  }
  if (instanceId === undefined) violations.push(violation(instanceId, "instanceId", "Member must not be null"))
  else if (typeof instanceId === "string" && !instanceIdPattern.test(instanceId)) {
    violations.push(
      violation(instanceId, "instanceId", `Member must satisfy regular expression pattern: ${instanceIdPatternText}`)
    )
  }
  if (typeof pluginName === "string" && pluginName.length < 4) {
    violations.push(violation(pluginName, "pluginName", "Member must have length greater than or equal to 4"))
  }
  if (violations.length > 0) return invalid(validationError(violations))
  return valid({
    CommandId: String(commandId),
    InstanceId: String(instanceId),
    ...(typeof pluginName === "string" ? { PluginName: pluginName } : {})
  })
}
