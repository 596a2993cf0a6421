/**
 * The `wait` command, declared once: follow one association execution to its end (AWS has no
 * waiter for it), by id, as the first created after a time, or the association's newest. Progress
 * on stderr, a line per change; at the end the execution and its failed targets on stdout, in
 * every output format; the exit code says how it ended (`follow.ts`).
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { LocalEndpointInfo } from "ssm-association-executions/LocalEndpoint"
import type { WatchInput } from "ssm-association-executions/Watch"
import { fromEither, usage } from "../exitCodes.js"
import { type CommandSpec, type Flag, listFlags } from "../flags.js"
import { follow, waitInputOf } from "../follow.js"
import { CliOutput } from "../output.js"
import { parseDeadlineMillis, resolveTimeBound } from "../time.js"
import { failedStatuses } from "../waitRecords.js"
import { withService } from "./connection.js"
import { connectionOf, connectionOptions, outputOption, switchOption, textValue } from "./options.js"

/** How long `wait` waits by default: association runs on many nodes take minutes, rarely an hour. */
export const defaultDeadlineMillis = 3_600_000

/** The flags of `wait`, by name; `start --wait` shares `deadline` and `output`. */
export const waitFlags = {
  associationId: {
    name: "association-id",
    alias: "a",
    value: "ID",
    description: "The association whose execution to follow. Optional with --local (then the first local association)."
  },
  executionId: {
    name: "execution-id",
    value: "ID",
    description: "The execution to follow. Default: the first created after --created-after, else the newest."
  },
  createdAfter: {
    name: "created-after",
    value: "TIME",
    description: "Follow the first execution created after this time (ISO-8601, or relative: 30s, 5m), waiting " +
      "up to 30 s for it to appear. Not with --execution-id."
  },
  deadline: {
    name: "deadline",
    value: "DURATION",
    description: "The most time to wait (90s, 10m, 1h30m). Past it: exit 12, with the command that keeps " +
      "waiting. Default: 1h."
  },
  output: {
    ...listFlags.output,
    description: "How the end is printed: json ({\"AssociationExecution\": {...}, \"FailedTargets\": [...]}), " +
      "text, yaml, ndjson (that document on one line), table (the execution, then its failed targets) or csv (the " +
      "failed targets). Default: table on a terminal, ndjson when piped."
  },
  local: {
    name: "local",
    description: "Follow an execution of an embedded local endpoint (the data of list --local), which stops " +
      "with the command. Without --execution-id or --created-after: its newest finished execution (the " +
      "history's newest stays Pending)."
  },
  quiet: {
    name: "quiet",
    alias: "q",
    description: "No progress lines and no end line on stderr; errors still appear."
  }
} as const satisfies Record<string, Flag>

const w = waitFlags
const f = listFlags

/** `wait`'s help. */
export const waitSpec: CommandSpec = {
  name: "wait",
  description: "Follow one execution to its end: a line on stderr per change (status, counts, targets that " +
    "finished), then the execution and its failed targets on stdout. Exit 0 on Success, 10 on Failed, TimedOut " +
    "or Cancelled, 11 when no execution appeared, 12 when --deadline passed.",
  groups: [
    { title: "WHAT TO FOLLOW", flags: [w.associationId, w.executionId, w.createdAfter, w.deadline] },
    { title: "OUTPUT", flags: [w.output, w.quiet] },
    {
      title: "REQUESTS",
      flags: [f.region, f.profile, f.endpointUrl, f.maxAttempts, f.requestsPerSecond, f.timeout, w.local, f.debug]
    }
  ],
  examples: [
    ["wait --association-id ID", "is its newest execution done, and what failed?"],
    ["wait -a ID --execution-id EXEC --deadline 10m --output json", "one execution, ten minutes at most"],
    ["start -a ID --wait", "run it now and follow the run"]
  ]
}

// Each poll's patience with throttling ends at the deadline: the watch sets it.
const { patience: _patience, ...requestOptions } = connectionOptions

const options = {
  associationId: textValue(w.associationId),
  executionId: textValue(w.executionId),
  createdAfter: textValue(w.createdAfter),
  deadline: textValue(w.deadline),
  output: outputOption(w.output),
  local: switchOption(w.local),
  quiet: switchOption(w.quiet),
  ...requestOptions
}

/** What `wait` was asked for: derived from its options, so the two cannot disagree. */
export type WaitArguments = Command.Command.ParseConfig<typeof options>

/** `--deadline` in milliseconds, the default when not given. */
export const deadlineOf = (text: string | undefined) =>
  text === undefined
    ? Effect.succeed(defaultDeadlineMillis)
    : fromEither(Either.mapLeft(parseDeadlineMillis(text), (reason) => `--deadline: ${reason}`))

/**
 * With `--local` and nothing chosen: the newest finished execution (a generated history's newest
 * stays Pending, so waiting for it would only reach the deadline), said on stderr.
 */
const localPick = (
  endpoint: LocalEndpointInfo,
  associationId: string
): Effect.Effect<WatchInput | undefined, never, CliOutput> =>
  Effect.gen(function*() {
    const picked = endpoint.model.executions(associationId).find((execution) =>
      execution.Status === "Success" || failedStatuses.has(execution.Status ?? "")
    )
    if (picked?.ExecutionId === undefined) return undefined
    const output = yield* CliOutput
    yield* output.writeError(
      `Execution ${picked.ExecutionId} (${picked.Status}) of association ${associationId}, the newest finished one ` +
        "on the local endpoint (pick another with --execution-id; start --local --wait follows a new run).\n"
    )
    return { AssociationId: associationId, ExecutionId: picked.ExecutionId }
  })

/** Runs `wait`. */
export const wait = (args: WaitArguments) =>
  Effect.gen(function*() {
    if (!args.local && args.associationId === undefined) {
      return yield* usage("Give --association-id ID, or --local to try the embedded endpoint")
    }
    if (args.executionId !== undefined && args.createdAfter !== undefined) {
      return yield* usage("--execution-id names the execution: --created-after cannot also choose one")
    }
    const deadlineMillis = yield* deadlineOf(args.deadline)
    const createdAfter = args.createdAfter === undefined ? undefined : yield* Effect.flatMap(
      resolveTimeBound(args.createdAfter),
      (bound) => fromEither(Either.mapLeft(bound, (reason) => `--created-after: ${reason}`))
    )
    yield* withService(connectionOf(args), args.local, (endpoint) =>
      Effect.gen(function*() {
        const associationId = args.associationId ?? endpoint?.model.associationIds[0] ?? ""
        const picked = endpoint !== undefined && args.executionId === undefined && createdAfter === undefined
          ? yield* localPick(endpoint, associationId)
          : undefined
        const input = picked ?? (args.executionId === undefined
          ? yield* waitInputOf(associationId, createdAfter === undefined ? undefined : new Date(createdAfter))
          : { AssociationId: associationId, ExecutionId: args.executionId })
        yield* follow({ input, deadlineMillis, format: args.output, quiet: args.quiet })
      }))
  })

/** The @effect/cli command. */
export const waitCommand = Command.make("wait", options, wait)
