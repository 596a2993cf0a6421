/**
 * The `failures` command, declared once: what failed, where. Its flags are one table, from which
 * the help and the @effect/cli options are made, and the options' parsed record is what the
 * listing (`failures.ts`) is given: no flag is written twice.
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { checkFailuresArguments, failures } from "../failures.js"
import { type CommandSpec, type Flag, listFlags } from "../flags.js"
import * as Local from "../local.js"
import { awsLayer, policyOf } from "../serviceLayer.js"
import { connectionOf, connectionOptions, integerOption, outputOption, switchOption, textValue } from "./options.js"
import { targetsFlags } from "./targets.js"

/** The flags of `failures`, by name. */
export const failuresFlags = {
  associationId: {
    name: "association-id",
    alias: "a",
    value: "ID",
    description: "The association whose failures to list. Optional with --local (then the first local association)."
  },
  createdAfter: {
    ...listFlags.createdAfter,
    description: "Only executions created after this time: ISO-8601 (2025-05-01, 2025-05-01T08:00:00Z) or " +
      "relative to now (30m, 12h, 7d)."
  },
  createdBefore: {
    ...listFlags.createdBefore,
    description: "Only executions created before this time, in the same forms."
  },
  concurrency: {
    name: "concurrency",
    value: "N",
    description: "Executions whose targets are fetched at the same time, ahead of the output (which stays in " +
      "execution order). Default: 4."
  },
  maxItems: {
    name: "max-items",
    value: "N",
    description: "Stop after this many failed targets. The json, text and yaml documents then end with " +
      "NextToken, and stderr prints the --starting-token to continue."
  },
  pageSize: {
    name: "page-size",
    value: "N",
    description: "Items per request of both listings (executions and targets), 1 to 50. Default: SSM's (50)."
  },
  startingToken: {
    name: "starting-token",
    value: "TOKEN",
    description: "Continue after a record: the NextToken of an earlier run's document, or the token it printed " +
      "(the same association and time window)."
  },
  query: {
    name: "query",
    value: "JMESPATH",
    description: "A JMESPath expression over the document {\"Failures\": [...], \"NextToken\": \"...\"}, e.g. " +
      "'Failures[].[ResourceId,OutputSourceId]'."
  },
  output: {
    ...listFlags.output,
    description: "json ({\"Failures\": [...]}), text, table, yaml, ndjson (one failed target per line) or csv; " +
      "each record: ExecutionId, CreatedTime, ResourceId, ResourceType, Status, DetailedStatus, OutputSourceId, " +
      "OutputSourceType. Default: table on a terminal, ndjson when piped."
  },
  executionId: {
    name: "execution-id",
    value: "ID",
    description: "Only this execution's failed targets, whatever its own status (one still running may have " +
      "some already): after start --wait or wait, the ExecutionId it printed."
  },
  withOutput: {
    name: "with-output",
    description: "Explain each failure with its Run Command invocation (GetCommandInvocation, a few at a time): " +
      "Output (Invocation, or Expired after SSM's 30 days, Unavailable, NotRunCommand), OutputNote, " +
      "InvocationStatus, StatusDetails, ResponseCode (the exit code), StandardOutputContent, StandardErrorContent " +
      "(AWS's first 24,000 and 8,000 characters), StandardOutputUrl, StandardErrorUrl. The table shows the last " +
      "line of stderr."
  },
  local: targetsFlags.local
} as const satisfies Record<string, Flag>

const x = failuresFlags
const f = listFlags

/** `failures`. */
export const failuresSpec: CommandSpec = {
  name: "failures",
  description: "What failed, where: the failed targets of the failed executions of one association, newest " +
    "first, one record each with the execution, the resource and its output source. Targets are fetched a few " +
    "executions ahead; output that stops early ends with the token to continue from.",
  groups: [
    {
      title: "OPTIONS",
      flags: [
        x.associationId,
        x.executionId,
        x.createdAfter,
        x.createdBefore,
        x.maxItems,
        x.pageSize,
        x.startingToken,
        x.withOutput,
        x.query,
        x.output,
        f.region,
        f.profile,
        f.endpointUrl
      ]
    },
    {
      title: "REQUESTS",
      flags: [x.concurrency, f.maxAttempts, f.requestsPerSecond, f.patience, f.timeout, x.local, f.quiet, f.debug]
    }
  ],
  examples: [
    ["failures -a ID --created-after 7d --output csv > failures.csv", "the last week's failures"],
    ["failures --local --max-items 5 --output json", "no AWS account needed"],
    ["failures -a ID --max-items 5 --with-output --output yaml", "why each failed: exit code, stderr, S3 URLs"]
  ]
}

const options = {
  ...connectionOptions,
  associationId: textValue(x.associationId),
  createdAfter: textValue(x.createdAfter),
  createdBefore: textValue(x.createdBefore),
  concurrency: integerOption(x.concurrency),
  maxItems: integerOption(x.maxItems),
  pageSize: integerOption(x.pageSize),
  startingToken: textValue(x.startingToken),
  query: textValue(x.query),
  // `format`, the listing's word for it, so the parsed record is the listing's arguments as it is.
  format: outputOption(x.output),
  withOutput: switchOption(x.withOutput),
  executionId: textValue(x.executionId),
  local: switchOption(x.local),
  quiet: switchOption(f.quiet)
}

/** What `failures` was asked for: derived from its options, so the two cannot disagree. */
export type FailuresOptions = Command.Command.ParseConfig<typeof options>

/** Runs `failures`: on AWS as the connection flags say, or with `--local` on an embedded endpoint. */
export const runFailures = (args: FailuresOptions) =>
  Effect.gen(function*() {
    yield* checkFailuresArguments(args, { local: args.local })
    const connection = connectionOf(args)
    const policy = yield* policyOf(connection)
    return yield* args.local
      ? Local.failuresLocal(args, policy)
      : Effect.asVoid(failures(args).pipe(Effect.provide(awsLayer(connection, policy))))
  })

/** The @effect/cli command. */
export const failuresCommand = Command.make("failures", options, runFailures)
