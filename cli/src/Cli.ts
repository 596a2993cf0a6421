/**
 * *Node-only*: the `ssm-association-executions` command (`list`, `local`, `demo`): its options and
 * their help, wired to the implementations in `internal/cli`. {@link main} returns the exit code.
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type { Teardown } from "@effect/platform/Runtime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import { ExitCode, exitCodeOf, exitCodeTable, failureLine } from "./exitCodes.js"
import { formats } from "./format.js"
import { checkArguments, list } from "./list.js"
import * as Local from "./local.js"
import { CliOutput } from "./output.js"
import { awsLayer, policyOf } from "./serviceLayer.js"

export { ExitCode } from "./exitCodes.js"

const optional = <A>(option: Options.Options<A>, description: string) =>
  option.pipe(Options.optional, Options.withDescription(description))

const listOptions = {
  associationIds: Options.text("association-id").pipe(Options.withPseudoName("ID")).pipe(
    Options.withAlias("a"),
    Options.repeated,
    Options.withDescription(
      "The association to list (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx). Repeat it to list several at once: they " +
        "share one rate limiter and retry quota. Optional with --local (then the first local association)."
    )
  ),
  status: optional(
    Options.text("status").pipe(Options.withPseudoName("STATUS")),
    "Only executions with this Status, e.g. Success, Failed, Pending."
  ),
  executionId: optional(
    Options.text("execution-id").pipe(Options.withPseudoName("ID")),
    "Only the execution with this id."
  ),
  createdAfter: optional(
    Options.text("created-after").pipe(Options.withPseudoName("TIME")),
    "Only executions created after this time: ISO-8601 (2025-05-01, 2025-05-01T08:00:00Z; UTC unless a zone is " +
      "given) or relative to now (30m, 12h, 7d, 1h30m). Sent as the CreatedTime GREATER_THAN filter."
  ),
  createdBefore: optional(
    Options.text("created-before").pipe(Options.withPseudoName("TIME")),
    "Only executions created before this time, in the same forms as --created-after (CreatedTime LESS_THAN)."
  ),
  maxItems: optional(
    Options.integer("max-items").pipe(Options.withPseudoName("N")),
    "Stop after this many executions (per association); stderr then prints the --starting-token to continue."
  ),
  pageSize: optional(
    Options.integer("page-size").pipe(Options.withPseudoName("N")),
    "Executions per request, 1 to 50. Default: SSM's (50)."
  ),
  startingToken: optional(
    Options.text("starting-token").pipe(Options.withPseudoName("TOKEN")),
    "Continue an earlier listing where it stopped, with the token it printed (one association only; same filters)."
  ),
  concurrency: optional(
    Options.integer("concurrency").pipe(Options.withPseudoName("N")),
    "How many associations to list at the same time. Default: all of them."
  ),
  format: optional(
    Options.choice("format", formats),
    "Output format: table (aligned columns), ndjson (one JSON object per line), json (one document, like the " +
      "AWS CLI) or csv. Default: table on a terminal, ndjson when piped. Records use the AWS member names, times " +
      "in ISO-8601."
  ),
  region: optional(
    Options.text("region").pipe(Options.withPseudoName("REGION")),
    "AWS region, e.g. eu-west-1. Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region."
  ),
  profile: optional(
    Options.text("profile").pipe(Options.withPseudoName("NAME")),
    "Profile of ~/.aws/config and ~/.aws/credentials for credentials and settings. Default: AWS_PROFILE, then default."
  ),
  endpointUrl: optional(
    Options.text("endpoint-url").pipe(Options.withPseudoName("URL")),
    "Send requests to this URL instead of the region's SSM endpoint (e.g. a local endpoint). Default: " +
      "AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL, then the profile."
  ),
  maxAttempts: optional(
    Options.integer("max-attempts").pipe(Options.withPseudoName("N")),
    "Attempts per request, the first included, before a throttling or transient error is final. Default: " +
      "AWS_MAX_ATTEMPTS, the profile's max_attempts, then 5."
  ),
  requestsPerSecond: optional(
    Options.float("requests-per-second").pipe(Options.withPseudoName("RATE")),
    "Start at most this many requests per second, across all associations. Default: no fixed limit (requests " +
      "slow down on their own after throttling)."
  ),
  timeout: optional(
    Options.text("timeout").pipe(Options.withPseudoName("DURATION")),
    "Time limit of one HTTP attempt: milliseconds (5000) or a duration (5s, 1m); a timed-out attempt is " +
      "retried. Default: 30s."
  ),
  deadline: optional(
    Options.text("deadline").pipe(Options.withPseudoName("DURATION")),
    "Time limit of the whole listing of each association, retries and waits included: a duration (90s, 10m, " +
      "1h30m). Past it the listing stops with exit 8 and stderr prints the --starting-token to continue. " +
      "Default: none."
  ),
  quiet: Options.boolean("quiet").pipe(
    Options.withAlias("q"),
    Options.withDescription("No progress line and no summary on stderr; errors and continue hints still appear.")
  ),
  local: Options.boolean("local").pipe(
    Options.withDescription(
      "Start the embedded local endpoint (127.0.0.1, a free port, a seeded dataset of 4 associations with 2500 " +
        "executions each) and list from it: no AWS account or network needed."
    )
  )
}

const listCommand = Command.make("list", listOptions, (options) =>
  Effect.gen(function*() {
    const args = {
      associationIds: options.associationIds,
      status: Option.getOrUndefined(options.status),
      executionId: Option.getOrUndefined(options.executionId),
      createdAfter: Option.getOrUndefined(options.createdAfter),
      createdBefore: Option.getOrUndefined(options.createdBefore),
      maxItems: Option.getOrUndefined(options.maxItems),
      pageSize: Option.getOrUndefined(options.pageSize),
      startingToken: Option.getOrUndefined(options.startingToken),
      deadline: Option.getOrUndefined(options.deadline),
      concurrency: Option.getOrUndefined(options.concurrency),
      format: Option.getOrUndefined(options.format),
      quiet: options.quiet
    }
    const connection = {
      region: Option.getOrUndefined(options.region),
      profile: Option.getOrUndefined(options.profile),
      endpointUrl: Option.getOrUndefined(options.endpointUrl),
      maxAttempts: Option.getOrUndefined(options.maxAttempts),
      requestsPerSecond: Option.getOrUndefined(options.requestsPerSecond),
      timeout: Option.getOrUndefined(options.timeout)
    }
    yield* checkArguments(args, { local: options.local })
    const policy = yield* policyOf(connection)
    return yield* options.local
      ? Local.listLocal(args, policy)
      : list(args).pipe(Effect.provide(awsLayer(connection, policy)))
  })).pipe(
    Command.withDescription(
      "Stream the executions of one or more SSM associations (DescribeAssociationExecutions), printing each page " +
        "as it arrives. Output that stops early (--max-items, Ctrl-C, or a failure past the retry budget) ends " +
        "with the --starting-token to continue from."
    )
  )

const localOptions = {
  port: Options.integer("port").pipe(Options.withPseudoName("PORT")).pipe(
    Options.withDefault(0),
    Options.withDescription("TCP port on 127.0.0.1; 0 picks a free one (printed in the banner). Default: 0.")
  ),
  region: Options.text("region").pipe(Options.withPseudoName("REGION")).pipe(
    Options.withDefault("us-east-1"),
    Options.withDescription("The region clients must sign for. Default: us-east-1.")
  ),
  seed: Options.integer("seed").pipe(Options.withPseudoName("N")).pipe(
    Options.withDefault(Local.defaultDataset.seed),
    Options.withDescription(
      "Seed of the generated data: the same seed always gives the same associations. Default: 1 (as list --local)."
    )
  ),
  associations: Options.integer("associations").pipe(Options.withPseudoName("N")).pipe(
    Options.withDefault(Local.defaultDataset.associations),
    Options.withDescription("How many associations to serve. Default: 4.")
  ),
  executionsPerAssociation: Options.integer("executions-per-association").pipe(Options.withPseudoName("N")).pipe(
    Options.withDefault(Local.defaultDataset.executionsPerAssociation),
    Options.withDescription("How many executions each association has. Default: 2500.")
  ),
  throttleProbability: Options.float("throttle-probability").pipe(Options.withPseudoName("P")).pipe(
    Options.withDefault(0),
    Options.withDescription("Probability (0 to 1) that a request is answered with 400 ThrottlingException. Default: 0.")
  ),
  errorProbability: Options.float("error-probability").pipe(Options.withPseudoName("P")).pipe(
    Options.withDefault(0),
    Options.withDescription("Probability (0 to 1) that a request is answered with 500 InternalServerError. Default: 0.")
  ),
  dropProbability: Options.float("drop-probability").pipe(Options.withPseudoName("P")).pipe(
    Options.withDefault(0),
    Options.withDescription("Probability (0 to 1) that the connection drops in the middle of a response. Default: 0.")
  ),
  serverRequestsPerSecond: optional(
    Options.float("server-requests-per-second").pipe(Options.withPseudoName("RATE")),
    "Answer ThrottlingException (Rate exceeded) beyond this many requests per second, as SSM does. Default: no limit."
  )
}

const localCommand = Command.make(
  "local",
  localOptions,
  (options) =>
    Local.serve({ ...options, serverRequestsPerSecond: Option.getOrUndefined(options.serverRequestsPerSecond) })
).pipe(
  Command.withDescription(
    "Serve a seeded in-memory SSM on 127.0.0.1 over HTTP, checking SigV4 like AWS, until Ctrl-C. Point this " +
      "command (--endpoint-url), any AWS SDK or the AWS CLI at it with the lines it prints; one line per request."
  )
)

const demoCommand = Command.make("demo", {}, () => Local.demo).pipe(
  Command.withDescription(
    "What npm start runs: start the local endpoint with 4 associations of 2500 executions and a little throttling, " +
      "and list one association through the real HTTP and SigV4 path, with progress and a summary."
  )
)

const rootCommand = Command.make("ssm-association-executions").pipe(
  Command.withDescription(
    "List AWS Systems Manager association executions as a stream, with retries, rate limiting and resume tokens."
  ),
  Command.withSubcommands([listCommand, localCommand, demoCommand])
)

const exitCodeHelp = HelpDoc.blocks([
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.p(exitCodeTable.map(([code, meaning]) => `${String(code).padStart(3)}  ${meaning}`).join("\n"))
])

// stdout carries only the records, so log lines (`--log-level debug`, and Effect's own debug lines
// about fibers that failed) go where the progress line and the errors go.
const logToStderr = Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.stringLogger))

const run = Command.run(rootCommand, {
  name: "ssm-association-executions",
  version: "0.1.0",
  footer: exitCodeHelp
})

/**
 * Runs the command line `argv` (as `process.argv`: runtime and script first) and returns the exit
 * code. Expected failures end with one line on stderr and their code; only bugs give code 1.
 */
export const main = (
  argv: ReadonlyArray<string>
): Effect.Effect<number, never, CliOutput | CliApp.CliApp.Environment> =>
  Effect.gen(function*() {
    const output = yield* CliOutput
    return yield* run(argv).pipe(
      Effect.provide(logToStderr),
      Effect.as<number>(ExitCode.success),
      Effect.catchAll((failure) => {
        // @effect/cli has already printed what is wrong with the command line.
        if (ValidationError.isValidationError(failure)) return Effect.succeed(ExitCode.usage)
        if (failure._tag === "Exited") return Effect.succeed(failure.code)
        return Effect.as(output.writeError(`${failureLine(failure)}\n`), exitCodeOf(failure))
      }),
      Effect.catchAllCause((cause) =>
        Effect.as(
          output.writeError(`Unexpected error (please report it):\n${Cause.pretty(cause)}\n`),
          ExitCode.unexpected
        )
      )
    )
  })

/** The signals that stop the CLI early: Ctrl-C, and SIGTERM from `kill`, a supervisor or a container stopping. */
export type StopSignal = "SIGINT" | "SIGTERM"

/**
 * Remembers the first stop signal `target` (the process) receives, for {@link makeTeardown}:
 * `NodeRuntime.runMain` interrupts the program on both, so the interruption alone cannot tell which
 * one it was. Install it before `runMain`, so it hears the signal before the interruption it causes.
 */
export const recordStopSignal = (
  target: { readonly once: (signal: StopSignal, listener: () => void) => unknown }
): () => StopSignal | undefined => {
  let received: StopSignal | undefined
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    target.once(signal, () => {
      received ??= signal
    })
  }
  return () => received
}

/**
 * For `NodeRuntime.runMain`: exits with the code {@link main} returned; when interrupted, 143 after
 * SIGTERM and 130 otherwise (Ctrl-C); 1 on a bug.
 */
export const makeTeardown = (stopSignal: () => StopSignal | undefined): Teardown => (exit, onExit) => {
  if (Exit.isSuccess(exit)) {
    onExit(typeof exit.value === "number" ? exit.value : ExitCode.success)
  } else if (Cause.isInterruptedOnly(exit.cause)) {
    onExit(stopSignal() === "SIGTERM" ? ExitCode.terminated : ExitCode.interrupted)
  } else {
    onExit(ExitCode.unexpected)
  }
}

/** {@link makeTeardown} when no signal is recorded: an interruption is taken for Ctrl-C. */
export const teardown: Teardown = makeTeardown(() => undefined)
