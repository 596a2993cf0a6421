/**
 * What both operations' schemas are built from on either Effect line, as plain data and code: the
 * id patterns the model has, each input rule in words, and the walks that read JSON null as absent.
 * The Schema-API pieces are each line's own (`../line/schemaParts.ts`).
 */

// The model's pattern is unanchored, but SSM applies it as a full match (spec 2.1).
export const associationIdPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

// GetCommandInvocation's model pattern, applied as SSM does: a full match (a near miss is a ValidationException).
export const instanceIdPattern = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/

/** Each input rule in the words `InvalidInput` uses, so both lines say the same. */
export const rules = {
  object: "must be an object",
  string: "must be a string",
  nonEmptyString: "must be a non-empty string",
  associationId: "must match the association id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)",
  uuid: "must match the id pattern xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)",
  maxResults: "must be an integer from 1 to 50",
  filters: "must be a non-empty list of filters",
  executionFilterKey: "must be one of ExecutionId, Status, CreatedTime",
  filterOperator: "must be one of EQUAL, LESS_THAN, GREATER_THAN",
  targetsFilterKey: "must be one of Status, ResourceId, ResourceType",
  associationIds: "must be a list of 1 to 10 association ids",
  commandId: "must be exactly 36 characters",
  instanceId: "must be an instance id (i- and 8 or 17 characters) or a managed node id (mi- and 17 characters)",
  pluginName: "must be at least 4 characters"
} as const

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
