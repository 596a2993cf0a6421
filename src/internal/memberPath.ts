/** Names a member inside the operation's shapes the way people write it: `Filters[0].Value`. */
export const formatMemberPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (text, key) => typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`,
    ""
  )
