/**
 * How `list` prints executions: records with the AWS member names and ISO-8601 timestamps, as the
 * AWS CLI prints them, in four formats that all write page by page (`json` too: its document is
 * built incrementally, so it is byte for byte what collecting and printing at the end would give).
 */
import type {
  AlarmConfiguration,
  AlarmStateInformation,
  AssociationExecution
} from "ssm-association-executions/DescribeAssociationExecutions"

/** The output formats, the default first. */
export const formats = ["table", "ndjson", "json", "csv"] as const

/** One output format. */
export type Format = (typeof formats)[number]

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

const isoTimestamp = (date: Date): string => Number.isNaN(date.getTime()) ? "Invalid Date" : date.toISOString()

/** The record of one execution. */
export const toRecord = (execution: AssociationExecution): FlatExecution => {
  const {
    AlarmConfiguration,
    AssociationId,
    AssociationVersion,
    CreatedTime,
    DetailedStatus,
    ExecutionId,
    LastExecutionDate,
    ResourceCountByStatus,
    Status,
    TriggeredAlarms
  } = execution
  return {
    ...(AssociationId === undefined ? {} : { AssociationId }),
    ...(AssociationVersion === undefined ? {} : { AssociationVersion }),
    ...(ExecutionId === undefined ? {} : { ExecutionId }),
    ...(Status === undefined ? {} : { Status }),
    ...(DetailedStatus === undefined ? {} : { DetailedStatus }),
    ...(CreatedTime === undefined ? {} : { CreatedTime: isoTimestamp(CreatedTime) }),
    ...(LastExecutionDate === undefined ? {} : { LastExecutionDate: isoTimestamp(LastExecutionDate) }),
    ...(ResourceCountByStatus === undefined ? {} : { ResourceCountByStatus }),
    ...(AlarmConfiguration === undefined ? {} : { AlarmConfiguration }),
    ...(TriggeredAlarms === undefined ? {} : { TriggeredAlarms })
  }
}

/** Text for one format, written as pages arrive. */
export interface Formatter {
  /** Written once, before the first page (may be empty). */
  readonly header: string
  /** The text of one page; `alreadyWritten` counts the records written before it. */
  readonly rows: (records: ReadonlyArray<FlatExecution>, alreadyWritten: number) => string
  /** Written once at the end, with the number of records written in all. */
  readonly footer: (written: number) => string
}

const lines = (texts: ReadonlyArray<string>) => texts.map((text) => `${text}\n`).join("")

// ---------------------------------------------------------------------------------------------
// ndjson and json
// ---------------------------------------------------------------------------------------------

const ndjson: Formatter = {
  header: "",
  rows: (records) => lines(records.map((record) => JSON.stringify(record))),
  footer: () => ""
}

// The AWS CLI indents its JSON output by 4 spaces.
const indent = (text: string, spaces: number) => text.replace(/\n/g, `\n${" ".repeat(spaces)}`)

const json: Formatter = {
  header: "{\n    \"AssociationExecutions\": [",
  rows: (records, alreadyWritten) =>
    records.map((record, index) =>
      `${alreadyWritten + index === 0 ? "" : ","}\n        ${indent(JSON.stringify(record, null, 4), 8)}`
    ).join(""),
  footer: (written) => written === 0 ? "]\n}\n" : "\n    ]\n}\n"
}

// ---------------------------------------------------------------------------------------------
// csv
// ---------------------------------------------------------------------------------------------

/** One CSV field, quoted as RFC 4180 requires (and when edge spaces would otherwise be lost). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, "\"\"")}"` : value

const csvValue = (record: FlatExecution, key: (typeof recordMembers)[number]): string => {
  const value = record[key]
  if (value === undefined) return ""
  return typeof value === "string" ? value : JSON.stringify(value)
}

const csv: Formatter = {
  header: `${recordMembers.join(",")}\n`,
  rows: (records) =>
    lines(records.map((record) => recordMembers.map((key) => csvField(csvValue(record, key))).join(","))),
  footer: () => ""
}

// ---------------------------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------------------------

interface Column {
  readonly title: string
  readonly width: number
  readonly value: (record: FlatExecution) => string | undefined
}

// Fixed widths: ISO timestamps are 24 characters and ids 36, so only free text can overflow.
const tableColumns = (showAssociationId: boolean): ReadonlyArray<Column> => [
  { title: "CreatedTime", width: 24, value: (record) => record.CreatedTime },
  ...(showAssociationId
    ? [{ title: "AssociationId", width: 36, value: (record: FlatExecution) => record.AssociationId }]
    : []),
  { title: "ExecutionId", width: 36, value: (record) => record.ExecutionId },
  { title: "Version", width: 7, value: (record) => record.AssociationVersion },
  { title: "Status", width: 10, value: (record) => record.Status },
  { title: "DetailedStatus", width: 14, value: (record) => record.DetailedStatus },
  { title: "Resources", width: 24, value: (record) => record.ResourceCountByStatus },
  {
    title: "Alarms",
    width: 0,
    value: (record) => record.TriggeredAlarms?.map((alarm) => `${alarm.Name}=${alarm.State}`).join(" ")
  }
]

const cell = (text: string, width: number) => {
  if (width === 0) return text
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)
}

const tableLine = (cells: ReadonlyArray<string>, columns: ReadonlyArray<Column>) =>
  cells.map((text, index) => cell(text, columns[index]?.width ?? 0)).join("  ").trimEnd()

const table = (showAssociationId: boolean): Formatter => {
  const columns = tableColumns(showAssociationId)
  const titles = columns.map((column) => column.title)
  const rules = columns.map((column) => "-".repeat(column.width === 0 ? column.title.length : column.width))
  return {
    header: lines([tableLine(titles, columns), tableLine(rules, columns)]),
    rows: (records) =>
      lines(records.map((record) => tableLine(columns.map((column) => column.value(record) ?? "-"), columns))),
    footer: () => ""
  }
}

/** The formatter of `format`; `showAssociationId` adds that column to the table (several associations). */
export const formatter = (format: Format, options: { readonly showAssociationId: boolean }): Formatter => {
  switch (format) {
    case "table":
      return table(options.showAssociationId)
    case "ndjson":
      return ndjson
    case "json":
      return json
    case "csv":
      return csv
  }
}
