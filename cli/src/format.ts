/**
 * How the listing commands print records: AWS member names and ISO-8601 timestamps, in aws-cli's
 * document `{"<Member>": [...], "NextToken": "..."}` (json, yaml, text) or one record per line
 * (ndjson, csv) or a table that fits the terminal. Every format writes page by page and ends whole:
 * a document's end, with its NextToken, is written however the listing stops. What differs per
 * command (the document's member, the csv and table columns) is a {@link Shape}; `list`'s is here.
 */
import type {
  AlarmConfiguration,
  AlarmStateInformation,
  AssociationExecution
} from "ssm-association-executions/DescribeAssociationExecutions"
import * as Table from "./table.js"
import * as Text from "./textFormat.js"
import * as Yaml from "./yamlFormat.js"

export { type OutputFormat as Format, outputFormats as formats } from "./flags.js"
import type { OutputFormat } from "./flags.js"

/** One execution as the AWS CLI prints it: AWS member names, timestamps in ISO-8601, absent members left out. */
export interface FlatExecution {
  readonly AssociationId?: string
  readonly AssociationVersion?: string
  readonly ExecutionId?: string
  readonly Status?: string
  readonly DetailedStatus?: string
  readonly CreatedTime?: string
  readonly LastExecutionDate?: string
  readonly ResourceCountByStatus?: string
  readonly AlarmConfiguration?: AlarmConfiguration
  readonly TriggeredAlarms?: ReadonlyArray<AlarmStateInformation>
}

/** The members of a record in the order the AWS CLI prints them (and `csv` columns). */
export const recordMembers = [
  "AssociationId",
  "AssociationVersion",
  "ExecutionId",
  "Status",
  "DetailedStatus",
  "CreatedTime",
  "LastExecutionDate",
  "ResourceCountByStatus",
  "AlarmConfiguration",
  "TriggeredAlarms"
] as const satisfies ReadonlyArray<keyof FlatExecution>

/** An ISO-8601 timestamp, as aws-cli prints times. */
export const isoTimestamp = (date: Date): string => Number.isNaN(date.getTime()) ? "Invalid Date" : date.toISOString()

/** The record of one execution. */
export const toRecord = (execution: AssociationExecution): FlatExecution => {
  // Filled member by member in aws-cli's order: one object per item, not one spread per member
  // (a listing of 50,000 executions spent about 270 ms on the spreads).
  const record: { -readonly [Member in keyof FlatExecution]: FlatExecution[Member] } = {}
  if (execution.AssociationId !== undefined) record.AssociationId = execution.AssociationId
  if (execution.AssociationVersion !== undefined) record.AssociationVersion = execution.AssociationVersion
  if (execution.ExecutionId !== undefined) record.ExecutionId = execution.ExecutionId
  if (execution.Status !== undefined) record.Status = execution.Status
  if (execution.DetailedStatus !== undefined) record.DetailedStatus = execution.DetailedStatus
  if (execution.CreatedTime !== undefined) record.CreatedTime = isoTimestamp(execution.CreatedTime)
  if (execution.LastExecutionDate !== undefined) record.LastExecutionDate = isoTimestamp(execution.LastExecutionDate)
  if (execution.ResourceCountByStatus !== undefined) record.ResourceCountByStatus = execution.ResourceCountByStatus
  if (execution.AlarmConfiguration !== undefined) record.AlarmConfiguration = execution.AlarmConfiguration
  if (execution.TriggeredAlarms !== undefined) record.TriggeredAlarms = execution.TriggeredAlarms
  return record
}

/** aws-cli's output document. */
export interface OutputDocument {
  readonly AssociationExecutions: ReadonlyArray<FlatExecution>
  readonly NextToken?: string
}

/** The document of `records`, with `nextToken` when the listing stopped before the end. */
export const outputDocument = (records: ReadonlyArray<FlatExecution>, nextToken: string | undefined): OutputDocument =>
  nextToken === undefined
    ? { AssociationExecutions: records }
    : { AssociationExecutions: records, NextToken: nextToken }

/** The document of any shape: `{"<member>": [...], "NextToken": "..."}`. */
export const documentOf = (
  member: string,
  records: ReadonlyArray<unknown>,
  nextToken: string | undefined
): Readonly<Record<string, unknown>> =>
  nextToken === undefined ? { [member]: records } : { [member]: records, NextToken: nextToken }

/** What differs between the records of the listing commands. */
export interface Shape<Item, Rec> {
  /** The document's list member, as aws-cli names it (`AssociationExecutions`). */
  readonly member: string
  /** The record of one item. */
  readonly toRecord: (item: Item) => Rec
  /** The members in the order aws-cli prints them: the csv columns. */
  readonly members: ReadonlyArray<keyof Rec & string>
  /** The table's columns, in the order shown. */
  readonly columns: (options: FormatOptions) => ReadonlyArray<Table.Column<Rec>>
}

/** Text for one format, written as pages arrive. */
export interface Formatter<Rec = FlatExecution> {
  /** Written once, before the first page (may be empty). */
  readonly header: string
  /** The text of one page; `alreadyWritten` counts the records written before it. */
  readonly rows: (records: ReadonlyArray<Rec>, alreadyWritten: number) => string
  /**
   * Written once at the end, however the listing ended, with the number of records written in all
   * and the NextToken to continue from, if the listing stopped early.
   */
  readonly footer: (written: number, nextToken: string | undefined) => string
}

const lines = (texts: ReadonlyArray<string>) => texts.map((text) => `${text}\n`).join("")

// ---------------------------------------------------------------------------------------------
// ndjson and json
// ---------------------------------------------------------------------------------------------

const ndjson: Formatter<unknown> = {
  header: "",
  rows: (records) => lines(records.map((record) => JSON.stringify(record))),
  footer: () => ""
}

// The AWS CLI indents its JSON output by 4 spaces.
const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${" ".repeat(spaces)}`)

const json = (member: string): Formatter<unknown> => ({
  header: `{\n    ${JSON.stringify(member)}: [`,
  rows: (records, alreadyWritten) =>
    records.map((record, index) =>
      `${alreadyWritten + index === 0 ? "" : ","}\n        ${indent(JSON.stringify(record, null, 4), 8)}`
    ).join(""),
  footer: (written, nextToken) =>
    `${written === 0 ? "]" : "\n    ]"}${
      nextToken === undefined ? "" : `,\n    "NextToken": ${JSON.stringify(nextToken)}`
    }\n}\n`
})

// ---------------------------------------------------------------------------------------------
// text and yaml
// ---------------------------------------------------------------------------------------------

// aws-cli prints a paginated listing in text page by page, and the token to continue last.
const text = (member: string): Formatter<unknown> => ({
  header: "",
  rows: (records) => Text.formatText({ [member]: records }),
  footer: (_written, nextToken) =>
    nextToken === undefined ? "" : Text.formatText({ NextToken: { NextToken: nextToken } })
})

const yaml = (member: string): Formatter<unknown> => ({
  header: "",
  // The key is written with the first record, so that a listing of nothing can still say `[]`.
  rows: (records, alreadyWritten) =>
    records.length === 0 ? "" : `${alreadyWritten === 0 ? `${member}:\n` : ""}${Yaml.stringify(records)}`,
  footer: (written, nextToken) =>
    `${written === 0 ? `${member}: []\n` : ""}${
      nextToken === undefined ? "" : Yaml.stringify({ NextToken: nextToken })
    }`
})

// ---------------------------------------------------------------------------------------------
// csv
// ---------------------------------------------------------------------------------------------

/** One CSV field, quoted as RFC 4180 requires (and when edge spaces would otherwise be lost). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, "\"\"")}"` : value

const csvText = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value)

const csvLine = (values: ReadonlyArray<unknown>) => values.map((value) => csvField(csvText(value))).join(",")

const csv = <Rec>(members: ReadonlyArray<keyof Rec & string>): Formatter<Rec> => ({
  header: `${members.join(",")}\n`,
  rows: (records) => lines(records.map((record) => csvLine(members.map((key) => record[key])))),
  footer: () => ""
})

// ---------------------------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------------------------

// ISO timestamps are 24 characters and ids 36; a narrow terminal first loses the free text, then
// whole columns, then the milliseconds of CreatedTime, and ids are cut last.
const recordColumns = (showAssociationId: boolean): ReadonlyArray<Table.Column<FlatExecution>> => [
  createdTimeColumn((record) => record.CreatedTime),
  ...(showAssociationId
    ? [{
      title: "AssociationId",
      preferred: 36,
      min: 13,
      shrinkOrder: 5,
      lastResort: true,
      value: (record: FlatExecution) => record.AssociationId
    }]
    : []),
  idColumn("ExecutionId", (record) => record.ExecutionId),
  { title: "Version", preferred: 7, min: 7, dropOrder: 4, value: (record) => record.AssociationVersion },
  { title: "Status", preferred: 10, min: 7, shrinkOrder: 7, lastResort: true, value: (record) => record.Status },
  {
    title: "DetailedStatus",
    preferred: 14,
    min: 14,
    dropOrder: 3,
    value: (record) => record.DetailedStatus
  },
  {
    title: "Resources",
    preferred: 24,
    min: 12,
    shrinkOrder: 2,
    dropOrder: 2,
    value: (record) => record.ResourceCountByStatus
  },
  {
    title: "Alarms",
    preferred: 24,
    min: 8,
    shrinkOrder: 1,
    dropOrder: 1,
    value: (record) => record.TriggeredAlarms?.map((alarm) => `${alarm.Name}=${alarm.State}`).join(" ")
  }
]

/** A timestamp column that loses its milliseconds before it is cut (`.119Z` becomes `Z`). */
export const createdTimeColumn = <Rec>(
  value: (record: Rec) => string | undefined,
  title = "CreatedTime"
): Table.Column<Rec> => ({
  title,
  preferred: 24,
  min: 20,
  shrinkOrder: 4,
  value,
  // Without the milliseconds: still a whole, exact-to-the-second time.
  shorten: (text, width) => width < 24 && text.length === 24 ? `${text.slice(0, 19)}Z` : undefined
})

/** An id column: the point of the table, cut only as a last resort. */
export const idColumn = <Rec>(title: string, value: (record: Rec) => string | undefined): Table.Column<Rec> => ({
  title,
  preferred: 36,
  min: 13,
  shrinkOrder: 6,
  lastResort: true,
  value
})

const table = <Rec>(columns: ReadonlyArray<Table.Column<Rec>>, width: number | undefined): Formatter<Rec> => {
  const layout = Table.layout(columns, width)
  return {
    header: lines(Table.headerLines(layout)),
    rows: (records) => lines(records.map((record) => Table.rowLine(layout, record))),
    footer: () => ""
  }
}

/** How the output is laid out. */
export interface FormatOptions {
  /** Adds the AssociationId column to the table (several associations). */
  readonly showAssociationId: boolean
  /** The table's width: the terminal's columns; unlimited when undefined. */
  readonly width?: number | undefined
}

/** The formatter of `format` for records of `shape`. */
export const formatterOf = <Item, Rec>(
  shape: Shape<Item, Rec>,
  format: OutputFormat,
  options: FormatOptions
): Formatter<Rec> => {
  switch (format) {
    case "table":
      return table(shape.columns(options), options.width)
    case "ndjson":
      return ndjson
    case "json":
      return json(shape.member)
    case "text":
      return text(shape.member)
    case "yaml":
      return yaml(shape.member)
    case "csv":
      return csv(shape.members)
  }
}

/** `list`'s records: executions, in the document `{"AssociationExecutions": [...]}`. */
export const executionShape: Shape<AssociationExecution, FlatExecution> = {
  member: "AssociationExecutions",
  toRecord,
  members: recordMembers,
  columns: (options) => recordColumns(options.showAssociationId)
}

/** The formatter of `format` for executions. */
export const formatter = (format: OutputFormat, options: FormatOptions): Formatter =>
  formatterOf(executionShape, format, options)

// ---------------------------------------------------------------------------------------------
// Any value (the result of --query)
// ---------------------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const keysOf = (items: ReadonlyArray<unknown>): ReadonlyArray<string> => [
  ...new Set(items.flatMap((item) => isRecord(item) ? Object.keys(item) : []))
]

const csvOfValue = (value: unknown): string => {
  if (!Array.isArray(value)) return isRecord(value) ? csvOfValue([value]) : lines([csvLine([value])])
  if (value.length > 0 && value.every(isRecord)) {
    const keys = keysOf(value)
    return lines([keys.map(csvField).join(","), ...value.map((item) => csvLine(keys.map((key) => item[key])))])
  }
  return lines(value.map((item) => Array.isArray(item) ? csvLine(item) : csvLine([item])))
}

const tableOfValue = (value: unknown, width: number | undefined): string => {
  const cellText = (cell: unknown) =>
    cell === undefined || cell === null ? undefined : typeof cell === "string" ? cell : JSON.stringify(cell)
  const rows: ReadonlyArray<unknown> = Array.isArray(value) ? value : [value]
  if (rows.length > 0 && rows.every(isRecord)) {
    const keys = keysOf(rows)
    const columns = Table.fitted(
      keys.map((key) => ({ title: key, value: (row: unknown) => isRecord(row) ? cellText(row[key]) : undefined })),
      rows
    )
    const layout = Table.layout(columns, width)
    return lines([...Table.headerLines(layout), ...rows.map((row) => Table.rowLine(layout, row))])
  }
  const widest = Math.max(0, ...rows.map((row) => Array.isArray(row) ? row.length : 1))
  const columns = Table.fitted(
    Array.from({ length: widest }, (_, at) => ({
      title: "",
      value: (row: unknown) => cellText(Array.isArray(row) ? row[at] : at === 0 ? row : undefined)
    })),
    rows
  )
  const layout = Table.layout(columns, width)
  return lines(rows.map((row) => Table.rowLine(layout, row)))
}

/** Any JSON value (the result of `--query`) in `format`, as aws-cli prints it where it can. */
export const formatValue = (value: unknown, format: OutputFormat, options: FormatOptions): string => {
  switch (format) {
    case "json":
      return `${JSON.stringify(value, null, 4) ?? "null"}\n`
    case "text":
      return Text.formatText(value)
    case "yaml":
      return Yaml.stringify(value)
    case "ndjson":
      return lines((Array.isArray(value) ? value : [value]).map((item) => JSON.stringify(item) ?? "null"))
    case "csv":
      return csvOfValue(value)
    case "table":
      return tableOfValue(value, options.width)
  }
}
