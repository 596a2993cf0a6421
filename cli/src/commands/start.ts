/**
 * The `start` command, declared once: aws-cli's `start-associations-once` (run associations now,
 * once). As aws-cli, it prints nothing on stdout when SSM accepts; a short line on stderr says what
 * started. A start is never sent twice by a retry: when its answer is lost, the library looks for
 * the new execution, and when it cannot tell, the command exits with its own code (9) saying the
 * start may have happened. With `--wait` it then follows the new execution (the first created
 * after the start was sent) as `wait` does: the same progress, output and exit codes.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { StartOnceError } from "ssm-association-executions/AssociationExecutionsError"
import { shellQuote, usage, type UsageError } from "../exitCodes.js"
import { type CommandSpec, type Flag, listFlags, type OutputFormat } from "../flags.js"
import { follow } from "../follow.js"
import { CliOutput } from "../output.js"
import { parsePatienceMillis } from "../time.js"
import { withService } from "./connection.js"
import { connectionOf, connectionOptions, outputOption, switchOption, textOption, textValue } from "./options.js"
import { deadlineOf, waitFlags } from "./wait.js"

/** StartAssociationsOnce takes 1 to 10 association ids (the model's list length). */
export const maxAssociationsPerStart = 10

/** The flags of `start`, by name. */
export const startFlags = {
  associationId: {
    name: "association-id",
    alias: "a",
    aliases: ["association-ids"],
    value: "ID",
    repeatable: true,
    several: true,
    description: "The association to run now: repeat the flag or give several after it (aws-cli's " +
      "--association-ids A B), up to 10. Optional with --local (then the first local association)."
  },
  confirmWithin: {
    name: "confirm-within",
    value: "DURATION",
    description: "When the answer to the start is lost (a dropped connection, a cut answer, a timeout), how " +
      "long to look for the new execution before sending the start again: a duration (20s, 1m), or 0 to stop at " +
      "once with exit 9. The start is never sent again while it may have happened. Default: 20s."
  },
  local: {
    name: "local",
    description: "Start on an embedded local endpoint (the data of list --local), which stops with the command; " +
      "no AWS account or network needed."
  },
  wait: {
    name: "wait",
    description: "Then follow the new execution to its end, as wait does: progress on stderr, the execution and " +
      "its failed targets on stdout, exit 0 on Success and 10 on Failed, TimedOut or Cancelled. One association."
  },
  deadline: { ...waitFlags.deadline, description: `With --wait: ${waitFlags.deadline.description}` },
  output: { ...waitFlags.output, description: `With --wait: ${waitFlags.output.description}` },
  quiet: listFlags.quiet
} as const satisfies Record<string, Flag>

const s = startFlags
const f = listFlags

/** `start`'s help. */
export const startSpec: CommandSpec = {
  name: "start",
  description: "Run associations now, once (StartAssociationsOnce). Prints nothing on stdout, as aws-cli; stderr " +
    "says what started. A start whose answer was lost is looked for, never blindly repeated: exit 9 when it may " +
    "have happened and no new execution showed it.",
  groups: [
    {
      title: "AWS CLI OPTIONS (as aws ssm start-associations-once)",
      flags: [s.associationId, f.region, f.profile, f.endpointUrl]
    },
    {
      title: "REQUESTS",
      flags: [s.confirmWithin, f.maxAttempts, f.requestsPerSecond, f.timeout, s.local, s.quiet, f.debug]
    },
    { title: "FOLLOWING THE RUN", flags: [s.wait, s.deadline, s.output] }
  ],
  examples: [
    ["start --association-id ID", "run it now"],
    ["start --association-id ID --wait --deadline 15m", "run it now and follow the run to its end"],
    ["start -a ID && list -a ID --max-items 1 --output json", "run it, then see its newest execution"]
  ]
}

// One request (and the look for its execution), retried inside: a page's patience does not apply.
const { patience: _patience, ...requestOptions } = connectionOptions

const options = {
  associationIds: Options.repeated(textOption(s.associationId)),
  confirmWithin: textValue(s.confirmWithin),
  local: switchOption(s.local),
  quiet: switchOption(s.quiet),
  wait: switchOption(s.wait),
  deadline: textValue(s.deadline),
  output: outputOption(s.output),
  ...requestOptions
}

/** What `start` was asked for: derived from its options, so the two cannot disagree. */
export type StartArguments = Command.Command.ParseConfig<typeof options>

/** What to start, checked: the ids, and how long to look for a start whose answer was lost. */
export interface StartRequest {
  readonly associationIds: ReadonlyArray<string>
  readonly confirmWithinMillis: number | undefined
  readonly quiet: boolean
  /** With `--wait`: how long to follow the run, and how to print its end. */
  readonly wait?: { readonly deadlineMillis: number; readonly format: OutputFormat | undefined } | undefined
}

/** Starts `request.associationIds` once; a line on stderr says so unless `quiet`. */
export const startAssociations = (
  request: StartRequest
): Effect.Effect<void, StartOnceError, AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    const service = yield* AssociationExecutions
    yield* service.startOnce(
      { AssociationIds: request.associationIds },
      request.confirmWithinMillis === undefined ? {} : { confirmWithinMillis: request.confirmWithinMillis }
    )
    if (request.quiet) return
    const output = yield* CliOutput
    const [first] = request.associationIds
    yield* output.writeError(
      `Started ${request.associationIds.join(", ")}; ` + (request.wait !== undefined
        ? "following its new execution (Ctrl-C stops the waiting, not the run)\n"
        : "a new execution shows within seconds" +
          (first === undefined ? ".\n" : `: list -a ${shellQuote(first)} --max-items 1\n`))
    )
  })

/**
 * `start --wait`: starts one association, then follows the first execution created after the start
 * was sent (StartAssociationsOnce returns no id), as `wait` does.
 */
export const startAndWait = (request: StartRequest) =>
  Effect.gen(function*() {
    const sentAt = new Date(yield* Clock.currentTimeMillis)
    yield* startAssociations(request)
    const [associationId] = request.associationIds
    if (request.wait === undefined || associationId === undefined) return
    yield* follow({
      input: { AssociationId: associationId, createdAfter: sentAt },
      deadlineMillis: request.wait.deadlineMillis,
      format: request.wait.format,
      quiet: request.quiet
    })
  })

const requestOf = (args: StartArguments): Effect.Effect<Omit<StartRequest, "associationIds">, UsageError> =>
  Effect.gen(function*() {
    if (!args.local && args.associationIds.length === 0) {
      return yield* usage("Give --association-id ID (up to 10), or --local to try the embedded endpoint")
    }
    if (args.associationIds.length > maxAssociationsPerStart) {
      return yield* usage(
        `--association-id: ${args.associationIds.length} given, and one start takes at most ${maxAssociationsPerStart}`
      )
    }
    const confirm = args.confirmWithin === undefined ? undefined : parsePatienceMillis(args.confirmWithin)
    if (confirm !== undefined && Either.isLeft(confirm)) {
      return yield* usage(`--confirm-within: '${args.confirmWithin}' is not a duration: give 20s, 1m, or 0`)
    }
    if (!args.wait) {
      const unused = args.deadline !== undefined ? "--deadline" : args.output !== undefined ? "--output" : undefined
      if (unused !== undefined) return yield* usage(`${unused} applies only with --wait: add --wait, or leave it out`)
      return { confirmWithinMillis: confirm?.right, quiet: args.quiet }
    }
    if (args.associationIds.length > 1) {
      return yield* usage(`--wait follows one association's run: ${args.associationIds.length} were given`)
    }
    const deadlineMillis = yield* deadlineOf(args.deadline)
    return { confirmWithinMillis: confirm?.right, quiet: args.quiet, wait: { deadlineMillis, format: args.output } }
  })

/** Runs `start`. */
export const start = (args: StartArguments) =>
  Effect.gen(function*() {
    const request = yield* requestOf(args)
    yield* withService(connectionOf(args), args.local, (endpoint) =>
      Effect.gen(function*() {
        const first = endpoint?.model.associationIds[0]
        const associationIds = args.associationIds.length === 0 && first !== undefined
          ? [first]
          : args.associationIds
        yield* startAndWait({ ...request, associationIds })
        if (endpoint !== undefined && !request.quiet && request.wait === undefined) {
          const output = yield* CliOutput
          yield* output.writeError(
            `That was the local endpoint ${endpoint.url}, which stops with this command (local serves one that stays).\n`
          )
        }
      }))
  })

/** The @effect/cli command. */
export const startCommand = Command.make("start", options, start)
