/**
 * SSM's JSON answers read by plain code, for tests shared by both Effect lines (whose Schema
 * modules differ): each reader keeps only the members it names, as a Schema struct would, leaves an
 * absent optional member absent, and throws on a wrong shape so the test fails saying what it got.
 */
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const wrong = (what: string, value: unknown): never => {
  throw new Error(`not ${what}: ${JSON.stringify(value)}`)
}

/** A JSON object's members. */
export const jsonObject = (text: string): Readonly<Record<string, unknown>> => {
  const value: unknown = JSON.parse(text)
  return isRecord(value) ? value : wrong("a JSON object", text)
}

const recordOf = (value: unknown): Readonly<Record<string, unknown>> =>
  isRecord(value) ? value : wrong("an object", value)

const string = (object: Readonly<Record<string, unknown>>, name: string): string => {
  const value = object[name]
  return typeof value === "string" ? value : wrong(`a string ${name}`, object)
}

const number = (object: Readonly<Record<string, unknown>>, name: string): number => {
  const value = object[name]
  return typeof value === "number" ? value : wrong(`a number ${name}`, object)
}

const absent = (object: Readonly<Record<string, unknown>>, name: string): boolean => object[name] === undefined

/** An error answer's body. */
export interface ErrorBody {
  readonly __type: string
  readonly message?: string
}

export const errorBody = (text: string): ErrorBody => {
  const body = jsonObject(text)
  return { __type: string(body, "__type"), ...(absent(body, "message") ? {} : { message: string(body, "message") }) }
}

/** An execution as DescribeAssociationExecutions writes it (epoch seconds), alarms left out. */
export interface Execution {
  readonly AssociationId: string
  readonly AssociationVersion?: string
  readonly ExecutionId: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly CreatedTime: number
  readonly LastExecutionDate?: number
  readonly ResourceCountByStatus?: string
}

const execution = (value: unknown): Execution => {
  const object = recordOf(value)
  return {
    AssociationId: string(object, "AssociationId"),
    ...(absent(object, "AssociationVersion") ? {} : { AssociationVersion: string(object, "AssociationVersion") }),
    ExecutionId: string(object, "ExecutionId"),
    ...(absent(object, "Status") ? {} : { Status: string(object, "Status") }),
    ...(absent(object, "DetailedStatus") ? {} : { DetailedStatus: string(object, "DetailedStatus") }),
    CreatedTime: number(object, "CreatedTime"),
    ...(absent(object, "LastExecutionDate") ? {} : { LastExecutionDate: number(object, "LastExecutionDate") }),
    ...(absent(object, "ResourceCountByStatus")
      ? {}
      : { ResourceCountByStatus: string(object, "ResourceCountByStatus") })
  }
}

/** A DescribeAssociationExecutions page. */
export interface ExecutionsPage {
  readonly AssociationExecutions: ReadonlyArray<Execution>
  readonly NextToken?: string
}

export const executionsPage = (text: string): ExecutionsPage => {
  const body = jsonObject(text)
  const executions = body["AssociationExecutions"]
  return {
    AssociationExecutions: Array.isArray(executions)
      ? executions.map(execution)
      : wrong("a list of executions", body),
    ...(absent(body, "NextToken") ? {} : { NextToken: string(body, "NextToken") })
  }
}

/** A target as DescribeAssociationExecutionTargets writes it, its output source left out. */
export interface Target {
  readonly ExecutionId: string
  readonly ResourceId: string
  readonly ResourceType: string
  readonly Status?: string
}

const target = (value: unknown): Target => {
  const object = recordOf(value)
  return {
    ExecutionId: string(object, "ExecutionId"),
    ResourceId: string(object, "ResourceId"),
    ResourceType: string(object, "ResourceType"),
    ...(absent(object, "Status") ? {} : { Status: string(object, "Status") })
  }
}

/** A DescribeAssociationExecutionTargets page. */
export interface TargetsPage {
  readonly AssociationExecutionTargets: ReadonlyArray<Target>
  readonly NextToken?: string
}

export const targetsPage = (text: string): TargetsPage => {
  const body = jsonObject(text)
  const targets = body["AssociationExecutionTargets"]
  return {
    AssociationExecutionTargets: Array.isArray(targets) ? targets.map(target) : wrong("a list of targets", body),
    ...(absent(body, "NextToken") ? {} : { NextToken: string(body, "NextToken") })
  }
}
