/**
 * Pieces both operations' schemas are built from: the association id pattern, optional members and
 * lists as the AWS model has them, and the walk that reads JSON null as absent.
 */
import * as Schema from "effect/Schema"

// The model's pattern is unanchored, but SSM applies it as a full match (spec 2.1).
export const associationIdPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

// Output members follow the model's optionality. JSON null is read as absent, but by one pass over
// the page (see the output schema) rather than a transformation per member: decoding a page costs
// less than half as much that way.
export const optionalMember = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

// An absent list means an empty one (spec 3).
export const listDefaultingToEmpty = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [] })

/** The object without its `null` members; the same object when it has none. */
export const withoutNullMembers = (value: object): object => {
  let copy: Record<string, unknown> | undefined
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) continue
    copy ??= { ...value }
    delete copy[key]
  }
  return copy ?? value
}

export const isObject = (value: unknown): value is object =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Applies `clean` to a list's object elements, copying the list only when one changes. */
export const mapObjects = (list: unknown, clean: (value: object) => object): unknown => {
  if (!Array.isArray(list)) return list
  let copy: Array<unknown> | undefined
  list.forEach((element, index) => {
    const cleaned = isObject(element) ? clean(element) : element
    if (cleaned !== element) (copy ??= [...list])[index] = cleaned
  })
  return copy ?? list
}

/** Sets `key` of `value` to `cleaned`, copying `value` only when it changes. */
export const withMember = (value: object, key: string, member: unknown, cleaned: unknown): object =>
  cleaned === member ? value : { ...value, [key]: cleaned }
