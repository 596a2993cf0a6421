/**
 * The `invocation` command, declared once: aws-cli's `get-command-invocation` (a Run Command's
 * result on one node: status, exit code, the first 24,000 characters of stdout and 8,000 of
 * stderr). Its flags are one table, from which the help and the @effect/cli options are made; its
 * record is GetCommandInvocation's answer as AWS sends it and aws-cli prints it (the same member
 * names and order, the three time members as the strings AWS sends).
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type {
  GetCommandInvocationInput,
  GetCommandInvocationOutput
} from "ssm-association-executions/GetCommandInvocation"
import type { LocalEndpointInfo } from "ssm-association-executions/LocalEndpoint"
import { fromEither, usage } from "../exitCodes.js"
import { type CommandSpec, type Flag, listFlags } from "../flags.js"
import * as Format from "../format.js"
import { CliOutput } from "../output.js"
import { applyQuery, checkQuery } from "../query.js"
import { withService } from "./connection.js"
import { connectionOf, connectionOptions, outputOption, switchOption, textValue } from "./options.js"

/** The flags of `invocation`, by name. */
export const invocationFlags = {
  commandId: {
    name: "command-id",
    value: "ID",
    description: "The command (36 characters): a target's OutputSourceId, as targets and failures print it. " +
      "Optional with --local (then a failed target's)."
  },
  instanceId: {
    name: "instance-id",
    value: "ID",
    description: "The node it ran on (i-… or mi-…): the target's ResourceId. Optional with --local."
  },
  pluginName: {
    name: "plugin-name",
    value: "NAME",
    description: "The step whose result to show; needed only when the document has several " +
      "(aws:runShellScript for AWS-RunShellScript)."
  },
  query: {
    name: "query",
    value: "JMESPATH",
    description: "A JMESPath expression over the invocation document, e.g. 'StandardErrorContent' or " +
      "'[Status,ResponseCode]'."
  },
  output: {
    ...listFlags.output,
    description: "json (aws-cli's document), text, table (one row per member), yaml, ndjson (the document on " +
      "one line) or csv. Default: table on a terminal, ndjson when piped."
  },
  local: {
    name: "local",
    description: "Ask an embedded local endpoint (the data of list --local): without ids, a failed target's " +
      "invocation. No AWS account or network needed."
  }
} as const satisfies Record<string, Flag>

const i = invocationFlags
const f = listFlags

/** `invocation`'s help. */
export const invocationSpec: CommandSpec = {
  name: "invocation",
  description: "A Run Command's result on one node (GetCommandInvocation): status, exit code (ResponseCode), " +
    "the first 24,000 characters of stdout and 8,000 of stderr, S3 URLs. A failed target's OutputSourceId and " +
    "ResourceId name it.",
  groups: [
    {
      title: "AWS CLI OPTIONS (as aws ssm get-command-invocation)",
      flags: [i.commandId, i.instanceId, i.pluginName, i.query, i.output, f.region, f.profile, f.endpointUrl]
    },
    { title: "REQUESTS", flags: [f.maxAttempts, f.requestsPerSecond, f.timeout, i.local, f.debug] }
  ],
  examples: [
    [
      "invocation --command-id CMD --instance-id i-0123456789abcdef0 --query StandardErrorContent --output text",
      "why a target failed"
    ],
    ["invocation --local --output json", "no AWS account needed: a failed target's invocation"]
  ]
}

// One request, retried inside: a page's patience does not apply.
const { patience: _patience, ...requestOptions } = connectionOptions

const options = {
  commandId: textValue(i.commandId),
  instanceId: textValue(i.instanceId),
  pluginName: textValue(i.pluginName),
  query: textValue(i.query),
  output: outputOption(i.output),
  local: switchOption(i.local),
  ...requestOptions
}

/** What `invocation` was asked for: derived from its options, so the two cannot disagree. */
export type InvocationArguments = Command.Command.ParseConfig<typeof options>

/** With `--local` and no ids: the newest failed target with a Run Command output of the first association. */
const failedTargetOf = (endpoint: LocalEndpointInfo): Pick<GetCommandInvocationInput, "CommandId" | "InstanceId"> => {
  const associationId = endpoint.model.associationIds[0] ?? ""
  for (const execution of endpoint.model.executions(associationId)) {
    if (execution.Status !== "Failed") continue
    const target = endpoint.model.targets(associationId, execution.ExecutionId).find((target) =>
      target.Status === "Failed" && target.OutputSource?.OutputSourceType === "RunCommand"
    )
    if (target?.OutputSource !== undefined) {
      return { CommandId: target.OutputSource.OutputSourceId, InstanceId: target.ResourceId }
    }
  }
  return { CommandId: "", InstanceId: "" }
}

/**
 * The invocation as printed: `table` as one row per member, the rest as aws-cli prints a document.
 * One string in `text` (`--query StandardOutputContent`) is printed as it is, newlines kept, as
 * aws-cli prints it: that is how a command's output is read back.
 */
const render = (value: unknown, format: Format.Format, width: number | undefined): string =>
  format === "text" && typeof value === "string"
    ? value.endsWith("\n") ? value : `${value}\n`
    : format === "table" && typeof value === "object" && value !== null && !Array.isArray(value)
    ? Format.formatValue(
      Object.entries(value).map(([Member, Value]) => ({ Member, Value })),
      "table",
      { showAssociationId: false, width }
    )
    : Format.formatValue(value, format, { showAssociationId: false, width })

/** Runs `invocation`: one GetCommandInvocation, its document on stdout. */
export const invocation = (args: InvocationArguments) =>
  Effect.gen(function*() {
    if (args.query !== undefined) yield* fromEither(checkQuery(args.query))
    if (!args.local && (args.commandId === undefined || args.instanceId === undefined)) {
      return yield* usage(
        "Give --command-id and --instance-id (a failed target's OutputSourceId and ResourceId), or --local"
      )
    }
    const answer: GetCommandInvocationOutput = yield* withService(connectionOf(args), args.local, (endpoint) =>
      Effect.gen(function*() {
        const picked = endpoint === undefined || (args.commandId !== undefined && args.instanceId !== undefined)
          ? undefined
          : failedTargetOf(endpoint)
        const input: GetCommandInvocationInput = {
          CommandId: args.commandId ?? picked?.CommandId ?? "",
          InstanceId: args.instanceId ?? picked?.InstanceId ?? "",
          ...(args.pluginName === undefined ? {} : { PluginName: args.pluginName })
        }
        if (picked !== undefined) {
          // Said even when piped: without it the output would not say whose invocation this is.
          const output = yield* CliOutput
          yield* output.writeError(
            `The invocation of command ${input.CommandId} on ${input.InstanceId}, a failed target on the local ` +
              "endpoint (pick another with --command-id, --instance-id).\n"
          )
        }
        const service = yield* AssociationExecutions
        return yield* service.getCommandInvocation(input)
      }))
    const queried = args.query === undefined ? Either.right<unknown>(answer) : applyQuery(answer, args.query)
    if (Either.isLeft(queried)) {
      return yield* usage(queried.left)
    }
    const output = yield* CliOutput
    const format = args.output ?? (output.stdoutIsTerminal ? "table" : "ndjson")
    yield* output.write(render(queried.right, format, output.stdoutColumns)).pipe(
      // The reader went away (`| head`): it has what it wanted.
      Effect.catchTag("StdoutClosed", () =>
        Effect.void)
    )
  })

/** The @effect/cli command. */
export const invocationCommand = Command.make("invocation", options, invocation)
