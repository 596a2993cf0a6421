/**
 * The fast page decoder's plain parts, no Effect: readers of one member's wire value, and the loop
 * that reads an object of a Schema's shape (`../line/outputDecoder.ts` derives shapes from each
 * line's Schema; `outputDecoder.ts` puts them together). A reader answers {@link unusual} for any
 * value it does not read, and its page goes to the Schema.
 */
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

export const text: Reader<string> = (wire) => typeof wire === "string" ? wire : unusual

/**
 * Text that is often the same from one item to the next (every execution of a listing has the same
 * `AssociationId`): an equal value is answered with the string read before, so the page keeps one
 * copy and the one JSON.parse made dies young. The reader holds only the last value.
 */
export const repeatedText = (): Reader<string> => {
  let last = ""
  return (wire) => {
    if (typeof wire !== "string") return unusual
    if (wire !== last) last = wire
    return last
  }
}

export const flag: Reader<boolean> = (wire) => typeof wire === "boolean" ? wire : unusual

export const timestamp: Reader<Date> = (wire) => {
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
export const list = <A>(element: (wire: unknown) => A | typeof unusual): Reader<ReadonlyArray<A>> => (wire) => {
  if (!Array.isArray(wire)) return unusual
  const decoded = wire.map(element)
  return allRead(decoded) ? decoded : unusual
}

/** A list the Schema defaults to empty when absent (`listDefaultingToEmpty`). */
export const listOrEmpty = <A>(element: (wire: unknown) => A | typeof unusual): Reader<ReadonlyArray<A>> => {
  const readList = list(element)
  return (wire) => wire === undefined ? [] : readList(wire)
}

/** A page's `NextToken`: AWS may end with `""`, which the Schema reads as no token. */
export const nextToken: Reader<string> = (wire) => wire === undefined || wire === "" ? undefined : text(wire)
