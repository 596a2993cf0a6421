/**
 * Decodes a parsed DescribeAssociationExecutions body. A page as AWS sends it (known members of
 * the expected types, no nulls) is read by plain code at a fraction of the Schema's cost; anything
 * else goes to the Schema, which decides what it means and words any mismatch. The fast path only
 * ever accepts what the Schema accepts, with the same result (a property test holds it to that).
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import {
  type Alarm,
  type AlarmConfiguration,
  type AlarmStateInformation,
  type AssociationExecution,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import { wireTimestampToMillis } from "./timestamp.js"

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Each element decoded, or `undefined` when the value is not a list or one element does not decode. */
const decodeList = <A>(value: unknown, decode: (element: unknown) => A | undefined): Array<A> | undefined => {
  if (!Array.isArray(value)) return undefined
  const decoded: Array<A> = []
  for (const element of value) {
    const item = decode(element)
    if (item === undefined) return undefined
    decoded.push(item)
  }
  return decoded
}

const decodeDate = (value: unknown): Date | undefined => {
  if (typeof value !== "number" && typeof value !== "string") return undefined
  const millis = wireTimestampToMillis(value)
  const decoded = millis === undefined ? undefined : new Date(millis)
  return decoded === undefined || Number.isNaN(decoded.getTime()) ? undefined : decoded
}

const decodeAlarm = (value: unknown): Alarm | undefined =>
  isRecord(value) && typeof value["Name"] === "string" ? { Name: value["Name"] } : undefined

const decodeAlarmConfiguration = (value: unknown): AlarmConfiguration | undefined => {
  if (!isRecord(value)) return undefined
  const ignore = value["IgnorePollAlarmFailure"]
  const alarms = value["Alarms"] === undefined ? [] : decodeList(value["Alarms"], decodeAlarm)
  if (alarms === undefined || (ignore !== undefined && typeof ignore !== "boolean")) return undefined
  return ignore === undefined ? { Alarms: alarms } : { IgnorePollAlarmFailure: ignore, Alarms: alarms }
}

const decodeTriggeredAlarm = (value: unknown): AlarmStateInformation | undefined =>
  isRecord(value) && typeof value["Name"] === "string" && typeof value["State"] === "string"
    ? { Name: value["Name"], State: value["State"] }
    : undefined

type Mutable<A> = { -readonly [Key in keyof A]: A[Key] }

const textMembers = [
  "AssociationId",
  "AssociationVersion",
  "ExecutionId",
  "Status",
  "DetailedStatus"
] as const

/** Members in the Schema's order, so the decoded objects look the same either way. */
const decodeExecution = (value: unknown): AssociationExecution | undefined => {
  if (!isRecord(value)) return undefined
  const decoded: Mutable<AssociationExecution> = {}
  for (const name of textMembers) {
    const member = value[name]
    if (member === undefined) continue
    if (typeof member !== "string") return undefined
    decoded[name] = member
  }
  for (const name of ["CreatedTime", "LastExecutionDate"] as const) {
    if (value[name] === undefined) continue
    const date = decodeDate(value[name])
    if (date === undefined) return undefined
    decoded[name] = date
  }
  const counts = value["ResourceCountByStatus"]
  if (counts !== undefined) {
    if (typeof counts !== "string") return undefined
    decoded.ResourceCountByStatus = counts
  }
  if (value["AlarmConfiguration"] !== undefined) {
    const configuration = decodeAlarmConfiguration(value["AlarmConfiguration"])
    if (configuration === undefined) return undefined
    decoded.AlarmConfiguration = configuration
  }
  if (value["TriggeredAlarms"] !== undefined) {
    const triggered = decodeList(value["TriggeredAlarms"], decodeTriggeredAlarm)
    if (triggered === undefined) return undefined
    decoded.TriggeredAlarms = triggered
  }
  return decoded
}

/** The usual page decoded by hand, or `undefined` when anything about it is unusual (a null included). */
export const decodeUsualPage = (body: unknown): DescribeAssociationExecutionsOutput | undefined => {
  if (!isRecord(body)) return undefined
  const executions = body["AssociationExecutions"] === undefined
    ? []
    : decodeList(body["AssociationExecutions"], decodeExecution)
  const nextToken = body["NextToken"] ?? ""
  if (executions === undefined || typeof nextToken !== "string" || body["NextToken"] === null) return undefined
  return nextToken === ""
    ? { AssociationExecutions: executions }
    : { AssociationExecutions: executions, NextToken: nextToken }
}

const decodeWithSchema = Schema.decodeUnknownEither(DescribeAssociationExecutionsOutput)

/** The decoded page, or the Schema's account of why the body is not one. */
export const decodeOutput = (
  body: unknown
): Either.Either<DescribeAssociationExecutionsOutput, ParseResult.ParseError> => {
  const usual = decodeUsualPage(body)
  return usual === undefined ? decodeWithSchema(body) : Either.right(usual)
}
