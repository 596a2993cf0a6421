/**
 * Aligned columns that fit a width: each row is one line, never wrapped. When the preferred widths
 * do not fit, columns shrink to their minimum in a set order (their text cut with `…`), then whole
 * columns are left out, least useful first, and only then do the last-resort columns (ids) shrink;
 * a line that still does not fit is cut at the width.
 */

/** One column of a table of `Row`s. */
export interface Column<Row> {
  readonly title: string
  readonly preferred: number
  readonly min: number
  /** Lower shrinks first; absent: keeps its preferred width. */
  readonly shrinkOrder?: number | undefined
  /** Shrinks only once every column that can be left out is: its text is the point of the table (ids). */
  readonly lastResort?: boolean | undefined
  /** Lower is left out first; absent: always shown. */
  readonly dropOrder?: number | undefined
  readonly value: (row: Row) => string | undefined
  /** A shorter form of a value for a narrower column, instead of cutting it. */
  readonly shorten?: ((value: string, width: number) => string | undefined) | undefined
}

/** The columns shown and their widths. */
export interface Layout<Row> {
  readonly columns: ReadonlyArray<{ readonly column: Column<Row>; readonly width: number }>
  /** The whole line's width, when bounded. */
  readonly width: number | undefined
}

const gap = 2

const totalOf = (widths: ReadonlyArray<number>) =>
  widths.reduce((sum, width) => sum + width, 0) + gap * Math.max(0, widths.length - 1)

/** Widths for `columns` within `width` (unbounded: the preferred widths). */
export const layout = <Row>(columns: ReadonlyArray<Column<Row>>, width: number | undefined): Layout<Row> => {
  const preferred = { columns: columns.map((column) => ({ column, width: column.preferred })), width }
  if (width === undefined || totalOf(columns.map((column) => column.preferred)) <= width) return preferred
  const dropOrders = [...new Set(columns.flatMap((column) => column.dropOrder ?? []))].sort((a, b) => a - b)
  const attempt = (kept: ReadonlyArray<Column<Row>>, lastResort: boolean) => {
    const widths = kept.map((column) => column.preferred)
    let excess = totalOf(widths) - width
    const shrinking = kept.map((column, index) => ({ column, index }))
      .filter(({ column }) => column.shrinkOrder !== undefined && (lastResort || column.lastResort !== true))
      .sort((a, b) => (a.column.shrinkOrder ?? 0) - (b.column.shrinkOrder ?? 0))
    for (const { column, index } of shrinking) {
      if (excess <= 0) break
      const cut = Math.min(excess, column.preferred - column.min)
      widths[index] = column.preferred - cut
      excess -= cut
    }
    return {
      fits: excess <= 0,
      layout: { columns: kept.map((column, index) => ({ column, width: widths[index] ?? 0 })), width }
    }
  }
  let kept = columns
  for (let dropped = 0; dropped <= dropOrders.length; dropped++) {
    const limit = dropped === 0 ? Number.NEGATIVE_INFINITY : dropOrders[dropped - 1] ?? Number.NEGATIVE_INFINITY
    kept = columns.filter((column) => column.dropOrder === undefined || column.dropOrder > limit)
    const soft = attempt(kept, false)
    if (soft.fits) return soft.layout
  }
  return attempt(kept, true).layout
}

// Control characters would move the cursor or break the line: a cell is shown as one line.
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")

const fitTo = (text: string, width: number) => text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text

const line = <Row>(layout: Layout<Row>, cells: ReadonlyArray<string>): string => {
  const last = layout.columns.length - 1
  const used = totalOf(layout.columns.map(({ width }) => width))
  const text = cells.map((cell, index) => {
    const width = layout.columns[index]?.width ?? 0
    // The last column takes whatever room is left, and all of it when the width is unbounded.
    if (index === last) return layout.width === undefined ? cell : fitTo(cell, width + Math.max(0, layout.width - used))
    return fitTo(cell, width).padEnd(width)
  }).join(" ".repeat(gap)).trimEnd()
  return layout.width === undefined ? text : fitTo(text, layout.width)
}

/** The title line and the rule under it; none when no column has a title. */
export const headerLines = <Row>(layout: Layout<Row>): ReadonlyArray<string> =>
  layout.columns.every(({ column }) => column.title === "")
    ? []
    : [
      line(layout, layout.columns.map(({ column }) => column.title)),
      line(layout, layout.columns.map(({ column, width }) => "-".repeat(Math.max(column.title.length, width))))
    ]

/** One row as one line; absent values show as `-`. */
export const rowLine = <Row>(layout: Layout<Row>, row: Row): string =>
  line(
    layout,
    layout.columns.map(({ column, width }) => {
      const value = column.value(row)
      if (value === undefined) return "-"
      const text = printable(value)
      return column.shorten?.(text, width) ?? text
    })
  )

/** Columns sized to their content (at most 60 wide), the widest shrinking first. */
export const fitted = <Row>(
  specs: ReadonlyArray<{ readonly title: string; readonly value: (row: Row) => string | undefined }>,
  rows: ReadonlyArray<Row>
): ReadonlyArray<Column<Row>> => {
  const widths = specs.map((spec) =>
    Math.min(60, Math.max(spec.title.length, 1, ...rows.map((row) => printable(spec.value(row) ?? "-").length)))
  )
  const byWidth = widths.map((width, index) => ({ width, index })).sort((a, b) => b.width - a.width)
  return specs.map((spec, index) => ({
    ...spec,
    preferred: widths[index] ?? 1,
    min: Math.min(widths[index] ?? 1, Math.max(6, spec.title.length)),
    shrinkOrder: byWidth.findIndex((entry) => entry.index === index)
  }))
}
