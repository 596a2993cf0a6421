/**
 * The command line as data: what a flag and a command's help are, the output formats, and `list`'s
 * flags, the table every command takes its shared flags from (connection, `--output`, `--quiet`,
 * `--debug`). Each command declares the rest of its flags once in its module of `commands/`, from
 * which its @effect/cli options are made; `argv.ts` normalizes aws-cli habits with the same tables
 * (`--flag=value`, several values after `--filters`, `--format`), and `help.ts` prints the help from
 * them, so the three never disagree.
 */

/** One flag of a command. */
export interface Flag {
  /** The long name, without `--`. */
  readonly name: string
  /** A one-letter alias, without `-`. */
  readonly alias?: string | undefined
  /** Other long names that mean the same flag (`--format` for `--output`). */
  readonly aliases?: ReadonlyArray<string> | undefined
  /** What the value stands for in the help; absent for switches, which take no value. */
  readonly value?: string | undefined
  readonly description: string
  /** May be given more than once. */
  readonly repeatable?: boolean | undefined
  /** Takes every value up to the next flag, as aws-cli's list parameters do (`--filters A B`). */
  readonly several?: boolean | undefined
}

/** One command: its name, what it does, and its flags in groups (the help's sections). */
export interface CommandSpec {
  readonly name: string
  readonly description: string
  readonly groups: ReadonlyArray<{ readonly title: string; readonly flags: ReadonlyArray<Flag> }>
  /** Command lines to copy, each with a comment. */
  readonly examples: ReadonlyArray<readonly [string, string]>
}

/** The output formats of the listing commands; `table` and `ndjson` are the defaults on a terminal and in a pipe. */
export const outputFormats = ["json", "text", "table", "yaml", "ndjson", "csv"] as const

/** One output format. */
export type OutputFormat = (typeof outputFormats)[number]

/** The flags of `list`, by name. */
export const listFlags = {
  associationId: {
    name: "association-id",
    alias: "a",
    value: "ID",
    repeatable: true,
    description: "The association to list (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). Repeat it to list several at once: " +
      "they share one rate limiter and retry quota. Optional with --local (then the first local association)."
  },
  filters: {
    name: "filters",
    value: "FILTER",
    repeatable: true,
    several: true,
    description: "As in aws-cli: shorthand Key=Status,Value=Failed,Type=EQUAL (several separated by spaces, or the " +
      "flag repeated) or JSON '[{\"Key\":\"Status\",\"Value\":\"Failed\",\"Type\":\"EQUAL\"}]'. Keys: ExecutionId " +
      "and Status (Type EQUAL), CreatedTime (EQUAL, LESS_THAN, GREATER_THAN; an ISO-8601 time)."
  },
  maxItems: {
    name: "max-items",
    value: "N",
    description: "Stop after this many executions (per association). The json, text and yaml documents then end " +
      "with NextToken, and stderr prints the --starting-token to continue."
  },
  pageSize: {
    name: "page-size",
    value: "N",
    description: "Executions per request (MaxResults), 1 to 50. Default: SSM's (50)."
  },
  startingToken: {
    name: "starting-token",
    value: "TOKEN",
    description: "Continue where an earlier listing stopped: its NextToken or the token it printed (one " +
      "association, the same filters)."
  },
  noPaginate: {
    name: "no-paginate",
    description: "Send one request and print its page (with its NextToken), as aws-cli does."
  },
  cliInputJson: {
    name: "cli-input-json",
    value: "JSON",
    description: "The request as JSON, as aws-cli's skeleton: {\"AssociationId\": \"...\", \"Filters\": [...], " +
      "\"MaxResults\": 50, \"NextToken\": \"...\"}, or file://request.json. Flags on the command line win."
  },
  query: {
    name: "query",
    value: "JMESPATH",
    description: "A JMESPath expression over the document {\"AssociationExecutions\": [...], \"NextToken\": " +
      "\"...\"}, as aws-cli applies it, e.g. 'AssociationExecutions[].ExecutionId'. The output then waits for the " +
      "end of the listing."
  },
  output: {
    name: "output",
    aliases: ["format"],
    value: "FORMAT",
    description: "json (aws-cli's document), text (aws-cli's tab-separated lines), table (aligned columns that fit " +
      "the terminal), yaml, ndjson (one execution per line) or csv. Default: table on a terminal, ndjson when " +
      "piped. Times are ISO-8601."
  },
  status: {
    name: "status",
    value: "STATUS",
    description: "Only executions with this Status (any case): Pending, InProgress, Success, Failed, TimedOut, " +
      "Skipped, Cancelled."
  },
  executionId: { name: "execution-id", value: "ID", description: "Only the execution with this id." },
  createdAfter: {
    name: "created-after",
    value: "TIME",
    description: "Only executions created after this time: ISO-8601 (2025-05-01, 2025-05-01T08:00:00Z; UTC " +
      "unless a zone is given) or relative to now (30m, 12h, 7d, 1h30m). The CreatedTime GREATER_THAN filter."
  },
  createdBefore: {
    name: "created-before",
    value: "TIME",
    description: "Only executions created before this time, in the same forms (CreatedTime LESS_THAN)."
  },
  concurrency: {
    name: "concurrency",
    value: "N",
    description: "How many associations to list at the same time. Default: all of them."
  },
  region: {
    name: "region",
    value: "REGION",
    description: "AWS region, e.g. eu-west-1. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region."
  },
  profile: {
    name: "profile",
    value: "NAME",
    description: "Profile of ~/.aws/config and ~/.aws/credentials, SSO, assume-role and web-identity profiles " +
      "included. Default: AWS_PROFILE, then default."
  },
  endpointUrl: {
    name: "endpoint-url",
    value: "URL",
    description: "Send requests to this URL instead of the region's SSM endpoint. Default: AWS_ENDPOINT_URL_SSM, " +
      "AWS_ENDPOINT_URL, then the profile."
  },
  maxAttempts: {
    name: "max-attempts",
    value: "N",
    description: "Attempts per request, the first included, before a throttling or transient error is final. " +
      "Default: AWS_MAX_ATTEMPTS, the profile's max_attempts, then 5."
  },
  requestsPerSecond: {
    name: "requests-per-second",
    value: "RATE",
    description: "Start at most this many requests per second, across all associations. Default: no fixed limit " +
      "(requests slow down on their own after throttling)."
  },
  patience: {
    name: "patience",
    value: "DURATION",
    description: "How long a page throttled past --max-attempts is asked for again (after a wait, at the " +
      "shared rate) before the listing stops with a --starting-token to continue: a duration (90s, 5m), " +
      "or 0 to stop at once. Default: 5m."
  },
  timeout: {
    name: "timeout",
    value: "DURATION",
    description: "Time limit of one HTTP attempt: milliseconds (5000) or a duration (5s, 1m); a timed-out attempt " +
      "is retried. Default: 30s."
  },
  deadline: {
    name: "deadline",
    value: "DURATION",
    description: "Time limit of each association's whole listing, retries included (90s, 10m, 1h30m). Past it " +
      "the listing stops with exit 8 and the --starting-token to continue. Default: none."
  },
  quiet: {
    name: "quiet",
    alias: "q",
    description: "No progress line and no summary on stderr; errors and continue hints still appear."
  },
  local: {
    name: "local",
    description: "List from an embedded local endpoint (127.0.0.1, a free port, 4 associations of 2500 " +
      "executions): no AWS account or network needed."
  },
  noCliPager: {
    name: "no-cli-pager",
    description: "Accepted for aws-cli v2 habits; this command never pages its output."
  },
  debug: {
    name: "debug",
    description: "Each request and response on stderr, one line each: operation, HTTP status, error code, " +
      "request id, attempt, retry delay. Never credentials or signatures; stdout is unchanged. Any command, " +
      "anywhere on the line, as in aws-cli."
  }
} as const satisfies Record<string, Flag>

/** Every flag of a command, in help order. */
export const flagsOf = (spec: CommandSpec): ReadonlyArray<Flag> => spec.groups.flatMap((group) => group.flags)
