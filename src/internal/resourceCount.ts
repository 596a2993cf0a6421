/** `ResourceCountByStatus`, free text such as `"{Failed=2, Success=5}"`, read as counts. */

/**
 * Counts from a `ResourceCountByStatus` text such as `"{Failed=2, Success=5}"`. AWS documents the
 * member as free text, so entries that do not read as `Name=count` are skipped, never an error.
 */
export const parseResourceCountByStatus = (text: string): Record<string, number> => {
  const inner = text.trim().replace(/^\{/, "").replace(/\}$/, "")
  const entries = inner.split(",").flatMap((entry): ReadonlyArray<readonly [string, number]> => {
    const match = /^\s*([^=\s][^=]*?)\s*=\s*(\d+)\s*$/.exec(entry)
    return match === null || match[1] === undefined || match[2] === undefined
      ? []
      : [[match[1], Number(match[2])]]
  })
  return Object.fromEntries(entries)
}
