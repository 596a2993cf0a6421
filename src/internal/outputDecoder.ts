/**
 * Decodes a parsed DescribeAssociationExecutions or DescribeAssociationExecutionTargets body. A page as AWS sends it (known members of
 * the expected types, no nulls) is read by plain code at a fraction of the Schema's cost; anything
 * else goes to the Schema, which decides what it means and words any mismatch. The fast path only
 * ever accepts what the Schema accepts, with the same result (a property test holds it to that).
 *
 * One contract, not two shapes: which members each object has, in which order, under which wire
 * names and which may be absent is read from the Schema once, at load. The fast path adds only how
 * to read each member, in tables the compiler checks against the Schema's types; a member without
 * a reader sends its page to the Schema, so a member added to the Schema is never dropped.
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import {
  Alarm,
  AlarmConfiguration,
  AlarmStateInformation,
  AssociationExecution,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsOutput,
  OutputSource
} from "../DescribeAssociationExecutionTargets.js"
import { wireTimestampToMillis } from "./timestamp.js"

/** A reader's answer when the value is not one the fast path reads: the page goes to the Schema. */
export const unusual: unique symbol = Symbol("outputDecoder/unusual")

/**
 * Reads one member from its wire value (`undefined` when the member is absent). Answering
 * `undefined` leaves the member out, as the Schema does with an empty `NextToken`; a required
 * member left out sends the page to the Schema.
 */
export type Reader<T> = (wire: unknown) => T | undefined | typeof unusual

/** How to read each member of `A`. The compiler refuses a table without a member the Schema has. */
export type Readers<A> = { readonly [Name in keyof A]-?: Reader<Exclude<A[Name], undefined>> }

/** An object's members as the Schema has them, with their readers. */
export interface Shape<A> {
  /** Members with a reader, in the Schema's order, which is the order of the Schema's result. */
  readonly members: ReadonlyArray<{
    readonly name: keyof A & string
    /** Not the name when the Schema renames the member (`Schema.fromKey`). */
    readonly wireName: string
    /**
     * An optional member without a transformation: absent stays absent without asking the reader.
     * Every other member's reader also answers for absence (a default, or a missing member).
     */
    readonly skipWhenAbsent: boolean
    readonly read: Reader<Exclude<A[keyof A & string], undefined>>
  }>
  /** Members the decoded object must have. */
  readonly required: ReadonlyArray<keyof A & string>
  /**
   * Wire names of optional members the Schema has and the readers do not (the compiler was not
   * asked, as in a test run): an object that has one goes to the Schema.
   */
  readonly unread: ReadonlyArray<string>
  /**
   * A member without a reader that the Schema may give a value even when it is absent (a required
   * or transformed one, or one under a symbol): every object goes to the Schema.
   */
  readonly unreadable: boolean
}

const hasReader = <A>(readers: Readers<A>, name: string): name is keyof A & string => Object.hasOwn(readers, name)

/**
 * The shape of a Struct, from its fields. Only a plain Struct (`records` empty) is accepted: members
 * under an index signature would be the Schema's to keep, and the fast path drops unknown members.
 */
export const shapeOf = <A>(
  schema: { readonly fields: Schema.Struct.Fields; readonly records: readonly []; readonly Type: A },
  readers: Readers<A>
): Shape<A> => {
  const members: Array<Shape<A>["members"][number]> = []
  const required: Array<keyof A & string> = []
  const unread: Array<string> = []
  let unreadable = false
  for (const name of Reflect.ownKeys(schema.fields)) {
    const field = schema.fields[name]
    const ast = Schema.isPropertySignature(field) ? field.ast : undefined
    const transformed = ast?._tag === "PropertySignatureTransformation"
    const optional = ast === undefined ? false : transformed ? ast.to.isOptional : ast.isOptional
    if (typeof name !== "string" || !hasReader(readers, name)) {
      if (typeof name === "string" && optional && !transformed) unread.push(name)
      else unreadable = true
      continue
    }
    const fromKey = transformed ? ast.from.fromKey : undefined
    const wireName = typeof fromKey === "string" ? fromKey : name
    members.push({ name, wireName, skipWhenAbsent: optional && !transformed, read: readers[name] })
    if (!optional) required.push(name)
  }
  return { members, required, unread, unreadable }
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

type Draft<A> = { -readonly [Name in keyof A]?: A[Name] }

/** True when every member the type requires is in the draft (a reader may have left one out). */
const isComplete = <A>(draft: Draft<A>, required: ReadonlyArray<keyof A & string>): draft is A => {
  for (const name of required) {
    if (draft[name] === undefined) return false
  }
  return true
}

const hasUnread = (wire: Readonly<Record<string, unknown>>, unread: ReadonlyArray<string>): boolean => {
  for (const name of unread) {
    if (wire[name] !== undefined) return true
  }
  return false
}

/** Reads an object of the shape: one plain loop over its members, allocating only the object it returns. */
export const structReader = <A>(shape: Shape<A>) => (wire: unknown): A | typeof unusual => {
  if (!isRecord(wire) || shape.unreadable || (shape.unread.length > 0 && hasUnread(wire, shape.unread))) {
    return unusual
  }
  const draft: Draft<A> = {}
  for (const member of shape.members) {
    const value = wire[member.wireName]
    if (value === undefined && member.skipWhenAbsent) continue
    const read = member.read(value)
    if (read === unusual) return unusual
    if (read !== undefined) draft[member.name] = read
  }
  return isComplete(draft, shape.required) ? draft : unusual
}

const text: Reader<string> = (wire) => typeof wire === "string" ? wire : unusual

/**
 * Text that is often the same from one item to the next (every execution of a listing has the same
 * `AssociationId`): an equal value is answered with the string read before, so the page keeps one
 * copy and the one JSON.parse made dies young. The reader holds only the last value.
 */
const repeatedText = (): Reader<string> => {
  let last = ""
  return (wire) => {
    if (typeof wire !== "string") return unusual
    if (wire !== last) last = wire
    return last
  }
}

const flag: Reader<boolean> = (wire) => typeof wire === "boolean" ? wire : unusual

const timestamp: Reader<Date> = (wire) => {
  if (typeof wire !== "number" && typeof wire !== "string") return unusual
  const millis = wireTimestampToMillis(wire)
  const decoded = millis === undefined ? undefined : new Date(millis)
  return decoded === undefined || Number.isNaN(decoded.getTime()) ? unusual : decoded
}

const allRead = <A>(values: ReadonlyArray<A | typeof unusual>): values is ReadonlyArray<A> => !values.includes(unusual)

/**
 * A list of elements read by `element`, when every one of them reads. The list is made by `map`, a
 * builtin, never by an array literal: V8 pretenures a literal's allocation site once a scavenge finds
 * its arrays alive (a page in flight), and then every page decoded into those arrays, its objects,
 * dates and strings, is kept by the old-space array through the next scavenges and dies in old space.
 */
const list = <A>(element: (wire: unknown) => A | typeof unusual): Reader<ReadonlyArray<A>> => (wire) => {
  if (!Array.isArray(wire)) return unusual
  const decoded = wire.map(element)
  return allRead(decoded) ? decoded : unusual
}

/** A list the Schema defaults to empty when absent (`listDefaultingToEmpty`). */
const listOrEmpty = <A>(element: (wire: unknown) => A | typeof unusual): Reader<ReadonlyArray<A>> => {
  const readList = list(element)
  return (wire) => wire === undefined ? [] : readList(wire)
}

/** A page's `NextToken`: AWS may end with `""`, which the Schema reads as no token. */
const nextToken: Reader<string> = (wire) => wire === undefined || wire === "" ? undefined : text(wire)

// Leaves first: each object's readers name the readers of the objects inside it.

const alarmReaders: Readers<Alarm> = { Name: text }
const alarmShape = shapeOf(Alarm, alarmReaders)

const triggeredAlarmReaders: Readers<AlarmStateInformation> = { Name: text, State: text }
const triggeredAlarmShape = shapeOf(AlarmStateInformation, triggeredAlarmReaders)

const alarmConfigurationReaders: Readers<AlarmConfiguration> = {
  IgnorePollAlarmFailure: flag,
  Alarms: listOrEmpty(structReader(alarmShape))
}
const alarmConfigurationShape = shapeOf(AlarmConfiguration, alarmConfigurationReaders)

const executionReaders: Readers<AssociationExecution> = {
  AssociationId: repeatedText(),
  AssociationVersion: repeatedText(),
  ExecutionId: text,
  Status: repeatedText(),
  DetailedStatus: repeatedText(),
  CreatedTime: timestamp,
  LastExecutionDate: timestamp,
  ResourceCountByStatus: repeatedText(),
  AlarmConfiguration: structReader(alarmConfigurationShape),
  TriggeredAlarms: list(structReader(triggeredAlarmShape))
}
const executionShape = shapeOf(AssociationExecution, executionReaders)

const pageReaders: Readers<DescribeAssociationExecutionsOutput> = {
  AssociationExecutions: listOrEmpty(structReader(executionShape)),
  NextToken: nextToken
}
// The output schema removes nulls before its members apply; the fast path reads no null (a null is
// not of any member's type), so on the pages it reads that step changes nothing and only the
// members are its to follow.
const pageShape = shapeOf(DescribeAssociationExecutionsOutput.to, pageReaders)

/** Every object the fast path reads: its Schema, readers and shape, for the tests that hold them together. */
export const shapes = {
  page: { schema: DescribeAssociationExecutionsOutput.to, readers: pageReaders, shape: pageShape },
  execution: { schema: AssociationExecution, readers: executionReaders, shape: executionShape },
  alarmConfiguration: {
    schema: AlarmConfiguration,
    readers: alarmConfigurationReaders,
    shape: alarmConfigurationShape
  },
  alarm: { schema: Alarm, readers: alarmReaders, shape: alarmShape },
  triggeredAlarm: { schema: AlarmStateInformation, readers: triggeredAlarmReaders, shape: triggeredAlarmShape }
}

// DescribeAssociationExecutionTargets: the same contract, its own objects.

const outputSourceReaders: Readers<OutputSource> = { OutputSourceId: text, OutputSourceType: text }
const outputSourceShape = shapeOf(OutputSource, outputSourceReaders)

const targetReaders: Readers<AssociationExecutionTarget> = {
  AssociationId: repeatedText(),
  AssociationVersion: repeatedText(),
  ExecutionId: repeatedText(),
  ResourceId: text,
  ResourceType: repeatedText(),
  Status: repeatedText(),
  DetailedStatus: repeatedText(),
  LastExecutionDate: timestamp,
  OutputSource: structReader(outputSourceShape)
}
const targetShape = shapeOf(AssociationExecutionTarget, targetReaders)

const targetsPageReaders: Readers<DescribeAssociationExecutionTargetsOutput> = {
  AssociationExecutionTargets: listOrEmpty(structReader(targetShape)),
  NextToken: nextToken
}
// As for executions: the nulls the output schema removes first are never read by the fast path.
const targetsPageShape = shapeOf(DescribeAssociationExecutionTargetsOutput.to, targetsPageReaders)

/** The targets page's objects, as {@link shapes} has the executions page's. */
export const targetShapes = {
  page: { schema: DescribeAssociationExecutionTargetsOutput.to, readers: targetsPageReaders, shape: targetsPageShape },
  target: { schema: AssociationExecutionTarget, readers: targetReaders, shape: targetShape },
  outputSource: { schema: OutputSource, readers: outputSourceReaders, shape: outputSourceShape }
}

/** The usual page read by `readPage`, else the Schema's decoding (and its account of a mismatch). */
const pageDecoder = <A>(
  readPage: (wire: unknown) => A | typeof unusual,
  decodeWithSchema: (body: unknown) => Either.Either<A, ParseResult.ParseError>
) =>
(body: unknown): Either.Either<A, ParseResult.ParseError> => {
  const usual = readPage(body)
  return usual === unusual ? decodeWithSchema(body) : Either.right(usual)
}

const readPage = structReader(pageShape)

/** The usual page decoded by plain code, or `undefined` when anything about it is unusual (a null included). */
export const decodeUsualPage = (body: unknown): DescribeAssociationExecutionsOutput | undefined => {
  const page = readPage(body)
  return page === unusual ? undefined : page
}

/** The decoded page, or the Schema's account of why the body is not one. */
export const decodeOutput: (
  body: unknown
) => Either.Either<DescribeAssociationExecutionsOutput, ParseResult.ParseError> = pageDecoder(
  readPage,
  Schema.decodeUnknownEither(DescribeAssociationExecutionsOutput)
)

const readTargetsPage = structReader(targetsPageShape)

/** The usual targets page decoded by plain code, or `undefined` when anything about it is unusual. */
export const decodeUsualTargetsPage = (body: unknown): DescribeAssociationExecutionTargetsOutput | undefined => {
  const page = readTargetsPage(body)
  return page === unusual ? undefined : page
}

/** The decoded targets page, or the Schema's account of why the body is not one. */
export const decodeTargetsOutput: (
  body: unknown
) => Either.Either<DescribeAssociationExecutionTargetsOutput, ParseResult.ParseError> = pageDecoder(
  readTargetsPage,
  Schema.decodeUnknownEither(DescribeAssociationExecutionTargetsOutput)
)
