/**
 * The `list` command, declared once: aws-cli's `describe-association-executions`, streamed, for
 * one or more associations. Its flags are `flags.ts`'s `listFlags`, the table the other commands
 * take their shared flags (connection, output, quiet) from; from it the help and the @effect/cli
 * options here are made, and the options' parsed record is what the listing (`list.ts`) is given.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { type CommandSpec, listFlags } from "../flags.js"
import { checkArguments, list } from "../list.js"
import * as Local from "../local.js"
import { awsLayer, policyOf } from "../serviceLayer.js"
import {
  connectionOf,
  connectionOptions,
  integerOption,
  outputOption,
  switchOption,
  textOption,
  textValue
} from "./options.js"

const f = listFlags

/** `list`. */
export const listSpec: CommandSpec = {
  name: "list",
  description: "Stream the executions of one or more SSM associations (DescribeAssociationExecutions), printing " +
    "each page as it arrives. Output that stops early (--max-items, Ctrl-C, or a failure past the retry budget) " +
    "ends with the NextToken or --starting-token to continue from.",
  groups: [
    {
      title: "AWS CLI OPTIONS (as aws ssm describe-association-executions)",
      flags: [
        f.associationId,
        f.filters,
        f.maxItems,
        f.pageSize,
        f.startingToken,
        f.noPaginate,
        f.cliInputJson,
        f.query,
        f.output,
        f.region,
        f.profile,
        f.endpointUrl,
        f.noCliPager
      ]
    },
    { title: "FILTERS", flags: [f.status, f.executionId, f.createdAfter, f.createdBefore] },
    {
      title: "REQUESTS",
      flags: [
        f.concurrency,
        f.maxAttempts,
        f.requestsPerSecond,
        f.patience,
        f.timeout,
        f.deadline,
        f.local,
        f.quiet,
        f.debug
      ]
    }
  ],
  examples: [
    [
      "list --association-id ID --filters Key=Status,Value=Failed,Type=EQUAL --max-items 10 --output json",
      "aws-cli's flags"
    ],
    ["list -a ID --status failed --created-after 7d --output csv > failed.csv", "the shortcuts"],
    ["list --local --output json --query 'AssociationExecutions[].ExecutionId'", "no AWS account needed"]
  ]
}

// Read-only, as the listing only reads them (and callers may pass a model's read-only list).
const repeatedText = (flag: typeof f.associationId | typeof f.filters) =>
  Options.map(Options.repeated(textOption(flag)), (values): ReadonlyArray<string> => values)

const options = {
  associationIds: repeatedText(f.associationId),
  filters: repeatedText(f.filters),
  maxItems: integerOption(f.maxItems),
  pageSize: integerOption(f.pageSize),
  startingToken: textValue(f.startingToken),
  noPaginate: switchOption(f.noPaginate),
  cliInputJson: textValue(f.cliInputJson),
  query: textValue(f.query),
  // `format`, the listing's word for it, so the parsed record is the listing's arguments as it is.
  format: outputOption(f.output),
  ...connectionOptions,
  noCliPager: switchOption(f.noCliPager),
  status: textValue(f.status),
  executionId: textValue(f.executionId),
  createdAfter: textValue(f.createdAfter),
  createdBefore: textValue(f.createdBefore),
  concurrency: integerOption(f.concurrency),
  deadline: textValue(f.deadline),
  local: switchOption(f.local),
  quiet: switchOption(f.quiet)
}

/** What `list` was asked for: derived from its options, so the two cannot disagree. */
export type ListOptions = Command.Command.ParseConfig<typeof options>

/** Runs `list`: on AWS as the connection flags say, or with `--local` on an embedded endpoint. */
export const runList = (args: ListOptions) =>
  Effect.gen(function*() {
    const connection = connectionOf(args)
    yield* checkArguments(args, { local: args.local })
    const policy = yield* policyOf(connection)
    return yield* args.local
      ? Local.listLocal(args, policy)
      : Effect.asVoid(list(args).pipe(Effect.provide(awsLayer(connection, policy))))
  })

/** The @effect/cli command. */
export const listCommand = Command.make("list", options, runList)
