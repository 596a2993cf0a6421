/**
 * The `targets` command, declared once: aws-cli's `describe-association-execution-targets` (the
 * resources one execution ran on). Its flags are one table, from which the help and the
 * @effect/cli options are made, and the options' parsed record is what the listing (`targets.ts`)
 * is given: no flag is written twice.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { type CommandSpec, type Flag, listFlags } from "../flags.js"
import * as Local from "../local.js"
import { awsLayer, policyOf } from "../serviceLayer.js"
import { checkTargetsArguments, targets } from "../targets.js"
import {
  connectionOf,
  connectionOptions,
  integerOption,
  outputOption,
  switchOption,
  textOption,
  textValue
} from "./options.js"

/** The flags of `targets`, by name: `list`'s where they mean the same. */
export const targetsFlags = {
  associationId: {
    name: "association-id",
    alias: "a",
    value: "ID",
    description: "The association of the execution. Optional with --local (then the first local association)."
  },
  executionId: {
    name: "execution-id",
    alias: "e",
    value: "ID",
    description: "The execution whose targets to list (an ExecutionId from list). Optional with --local (then " +
      "the association's newest failed execution)."
  },
  filters: {
    name: "filters",
    value: "FILTER",
    repeatable: true,
    several: true,
    description: "As in aws-cli: shorthand Key=Status,Value=Failed (several separated by spaces, or the flag " +
      "repeated) or JSON '[{\"Key\":\"Status\",\"Value\":\"Failed\"}]'. Keys: Status, ResourceId, ResourceType; " +
      "no Type (equality)."
  },
  maxItems: {
    name: "max-items",
    value: "N",
    description: "Stop after this many targets. The json, text and yaml documents then end with NextToken, and " +
      "stderr prints the --starting-token to continue."
  },
  pageSize: { name: "page-size", value: "N", description: "Targets per request (MaxResults), 1 to 50." },
  startingToken: {
    name: "starting-token",
    value: "TOKEN",
    description: "Continue where an earlier listing stopped: its NextToken or the token it printed (the same " +
      "execution and filters)."
  },
  query: {
    name: "query",
    value: "JMESPATH",
    description: "A JMESPath expression over the document {\"AssociationExecutionTargets\": [...], \"NextToken\": " +
      "\"...\"}, e.g. 'AssociationExecutionTargets[].ResourceId'."
  },
  output: {
    ...listFlags.output,
    description: "json (aws-cli's document), text, table, yaml, ndjson (one target per line) or csv. Default: " +
      "table on a terminal, ndjson when piped."
  },
  deadline: {
    name: "deadline",
    value: "DURATION",
    description: "Time limit of the whole listing, retries included (90s, 10m). Past it the listing stops with " +
      "exit 8 and the --starting-token to continue. Default: none."
  },
  local: {
    name: "local",
    description: "Use an embedded local endpoint (the data of list --local): no AWS account or network needed."
  }
} as const satisfies Record<string, Flag>

const t = targetsFlags
const f = listFlags

/** `targets`. */
export const targetsSpec: CommandSpec = {
  name: "targets",
  description: "Stream the targets of one execution (DescribeAssociationExecutionTargets): the resources it ran " +
    "on, each with its status and output source. Output that stops early ends with the NextToken or " +
    "--starting-token to continue from, as list's does.",
  groups: [
    {
      title: "AWS CLI OPTIONS (as aws ssm describe-association-execution-targets)",
      flags: [
        t.associationId,
        t.executionId,
        t.filters,
        t.maxItems,
        t.pageSize,
        t.startingToken,
        t.query,
        t.output,
        f.region,
        f.profile,
        f.endpointUrl,
        f.noCliPager
      ]
    },
    {
      title: "REQUESTS",
      flags: [f.maxAttempts, f.requestsPerSecond, f.patience, f.timeout, t.deadline, t.local, f.quiet, f.debug]
    }
  ],
  examples: [
    [
      "targets --association-id ID --execution-id EXEC --filters Key=Status,Value=Failed --output json",
      "aws-cli's flags"
    ],
    ["targets --local --output table", "no AWS account needed: the newest failed execution's targets"]
  ]
}

const options = {
  ...connectionOptions,
  associationId: textValue(t.associationId),
  executionId: textValue(t.executionId),
  filters: Options.repeated(textOption(t.filters)),
  maxItems: integerOption(t.maxItems),
  pageSize: integerOption(t.pageSize),
  startingToken: textValue(t.startingToken),
  query: textValue(t.query),
  // `format`, the listing's word for it, so the parsed record is the listing's arguments as it is.
  format: outputOption(t.output),
  noCliPager: switchOption(f.noCliPager),
  deadline: textValue(t.deadline),
  local: switchOption(t.local),
  quiet: switchOption(f.quiet)
}

/** What `targets` was asked for: derived from its options, so the two cannot disagree. */
export type TargetsOptions = Command.Command.ParseConfig<typeof options>

/** Runs `targets`: on AWS as the connection flags say, or with `--local` on an embedded endpoint. */
export const runTargets = (args: TargetsOptions) =>
  Effect.gen(function*() {
    yield* checkTargetsArguments(args, { local: args.local })
    const connection = connectionOf(args)
    const policy = yield* policyOf(connection)
    return yield* args.local
      ? Local.targetsLocal(args, policy)
      : Effect.asVoid(targets(args).pipe(Effect.provide(awsLayer(connection, policy))))
  })

/** The @effect/cli command. */
export const targetsCommand = Command.make("targets", options, runTargets)
