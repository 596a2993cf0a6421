/**
 * aws-cli's `text` output: tab-separated lines. An object's scalar members (sorted by name) make
 * one line, prefixed with the upper-cased name it was found under (`ASSOCIATIONEXECUTIONS`); its
 * lists and objects follow, each under its own name. In a list of objects every line has the
 * same columns (the scalar names of all of them), empty where one has no such member.
 */

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isScalar = (value: unknown) => value === null || typeof value !== "object"

// As Python's str(): aws-cli prints True, False and None. A tab or newline inside a value would
// split its line, so control characters become spaces.
const scalarText = (value: unknown): string =>
  value === null || value === undefined
    ? "None"
    : value === true
    ? "True"
    : value === false
    ? "False"
    : (typeof value === "string" ? value : JSON.stringify(value)).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")

const formatDict = (
  item: Readonly<Record<string, unknown>>,
  identifier: string | undefined,
  scalarKeys: ReadonlyArray<string> | undefined,
  out: Array<string>
) => {
  const keys = Object.keys(item).sort()
  const scalars = scalarKeys === undefined
    ? keys.filter((key) => isScalar(item[key])).map((key) => scalarText(item[key]))
    : scalarKeys.map((key) => key in item ? scalarText(item[key]) : "")
  const nested = scalarKeys === undefined
    ? keys.filter((key) => !isScalar(item[key]))
    : keys.filter((key) => !scalarKeys.includes(key))
  if (scalars.length > 0) {
    out.push([...(identifier === undefined ? [] : [identifier.toUpperCase()]), ...scalars].join("\t"))
  }
  for (const key of nested) format(item[key], key, undefined, out)
}

const formatList = (items: ReadonlyArray<unknown>, identifier: string | undefined, out: Array<string>) => {
  if (items.length === 0) return
  if (items.some(isRecord)) {
    const keys = [
      ...new Set(items.flatMap((item) => isRecord(item) ? Object.keys(item).filter((key) => isScalar(item[key])) : []))
    ].sort()
    for (const item of items) format(item, identifier, keys, out)
    return
  }
  const scalars = items.filter(isScalar)
  const nested = items.filter((item) => !isScalar(item))
  if (scalars.length > 0) {
    if (identifier === undefined) out.push(scalars.map(scalarText).join("\t"))
    else for (const scalar of scalars) out.push(`${identifier.toUpperCase()}\t${scalarText(scalar)}`)
  }
  for (const item of nested) format(item, identifier, undefined, out)
}

const format = (
  item: unknown,
  identifier: string | undefined,
  scalarKeys: ReadonlyArray<string> | undefined,
  out: Array<string>
): void => {
  if (isRecord(item)) formatDict(item, identifier, scalarKeys, out)
  else if (Array.isArray(item)) formatList(item, identifier, out)
  else out.push(scalarText(item))
}

/** `value` in aws-cli's text format, each line ending in a newline; control characters in values become spaces. */
export const formatText = (value: unknown): string => {
  const out: Array<string> = []
  format(value, undefined, undefined, out)
  return out.map((line) => `${line}\n`).join("")
}
