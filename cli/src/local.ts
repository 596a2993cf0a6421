/**
 * The CLI on the embedded local endpoint: `local` serves it until Ctrl-C, `list --local`,
 * `targets --local` and `failures --local` run through it, and `demo` (what `npm start` runs) lists one association of a realistic, slightly
 * throttled dataset through the real HTTP and SigV4 path.
 */
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as HashSet from "effect/HashSet"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import type * as Scope from "effect/Scope"
import type * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import type * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import type { LocalOptions } from "./commands/local.js"
import type { Exited } from "./exitCodes.js"
import { shellQuote, UsageError } from "./exitCodes.js"
import { failures, type FailuresArguments } from "./failures.js"
import { list, type ListArguments, requestOf } from "./list.js"
import { CliOutput } from "./output.js"
import { localLayer, type Policy } from "./serviceLayer.js"
import { targets, type TargetsArguments } from "./targets.js"

// A fixed secret seals the NextTokens, so a token printed by one run still works in the next (a
// token holds a position, and the history is the same at every start, only moved to end now).
const tokenSecret = "ssm-association-executions/local-endpoint"

/**
 * The data `local` and `list --local` serve by default: several associations, thousands of
 * executions, the newest a few hours before the endpoint starts (so `--created-after 7d` finds some),
 * and runs that last 8 s.
 */
export const defaultDataset = {
  seed: 1,
  associations: 4,
  executionsPerAssociation: 2_500,
  tokenSecret,
  // A run started here takes 8 s, long enough to watch its targets finish one by one, short enough
  // that `start --local --wait` is a demo, not a wait.
  runs: { durationMillis: 8_000 }
} as const

/** What `demo` serves: the default data, 3% random throttling and a server-side limit. */
export const demoDataset: InMemorySsm.GenerateOptions = {
  ...defaultDataset,
  randomFaults: { seed: 1, throttling: 0.03 },
  rateLimit: { requestsPerSecond: 50, burst: 10 }
}

/** Starts a local endpoint that logs nothing, for the life of the scope. */
export const startSilent = (
  generate: InMemorySsm.GenerateOptions
): Effect.Effect<LocalEndpoint.LocalEndpointInfo, LocalEndpoint.LocalEndpointError, Scope.Scope> =>
  // The server's request fibers keep the loggers of the fiber that started it.
  Effect.locally(LocalEndpoint.make({ generate }), FiberRef.currentLoggers, HashSet.empty())

/** `list --local`: lists through a fresh local endpoint; without ids, its first association. */
export const listLocal = (
  args: ListArguments,
  policy: Policy
): Effect.Effect<void, UsageError | Exited | ConfigurationError | LocalEndpoint.LocalEndpointError, CliOutput> =>
  Effect.scoped(Effect.gen(function*() {
    const endpoint = yield* startSilent(defaultDataset)
    const [first] = endpoint.model.associationIds
    const named = (yield* requestOf(args)).associationIds.length > 0
    // Said even with --quiet: without it the output would not say whose executions these are.
    if (!named && first !== undefined) {
      const output = yield* CliOutput
      yield* output.writeError(
        `Listing association ${first}, the first of ${endpoint.model.associationIds.length} the local endpoint serves (pick another with --association-id).\n`
      )
    }
    const associationIds = named || first === undefined ? args.associationIds : [first]
    yield* Effect.asVoid(list({ ...args, associationIds }).pipe(Effect.provide(localLayer(endpoint, policy))))
  }))

/**
 * Runs `use` against a fresh local endpoint of {@link defaultDataset}, the service reaching it over
 * HTTP and SigV4 as it reaches AWS.
 */
export const withLocal = <A, E>(
  policy: Policy,
  use: (
    endpoint: LocalEndpoint.LocalEndpointInfo
  ) => Effect.Effect<A, E, AssociationExecutions.AssociationExecutions | CliOutput>
): Effect.Effect<A, E | ConfigurationError | LocalEndpoint.LocalEndpointError, CliOutput> =>
  Effect.scoped(Effect.gen(function*() {
    const endpoint = yield* startSilent(defaultDataset)
    return yield* use(endpoint).pipe(Effect.provide(localLayer(endpoint, policy)))
  }))

// Said even with --quiet: without it the output would not say whose records these are.
const note = (text: string) => Effect.flatMap(CliOutput, (output) => output.writeError(`${text}\n`))

/**
 * `targets --local`: without ids, the local endpoint's first association and its newest failed
 * execution (its newest execution when none failed).
 */
export const targetsLocal = (
  args: TargetsArguments,
  policy: Policy
): Effect.Effect<void, UsageError | Exited | ConfigurationError | LocalEndpoint.LocalEndpointError, CliOutput> =>
  withLocal(policy, (endpoint) =>
    Effect.gen(function*() {
      const associationId = args.associationId ?? endpoint.model.associationIds[0]
      if (associationId === undefined) return
      const executions = endpoint.model.executions(associationId)
      const picked = executions.find((execution) => execution.Status === "Failed") ?? executions[0]
      const executionId = args.executionId ?? picked?.ExecutionId
      if (executionId === undefined) return
      if (args.associationId === undefined || args.executionId === undefined) {
        yield* note(
          `Targets of execution ${executionId} (${
            picked?.ExecutionId === executionId ? picked.Status : "given"
          }) of association ${associationId} on the local endpoint (pick others with --association-id, --execution-id).`
        )
      }
      yield* Effect.asVoid(targets({ ...args, associationId, executionId }))
    }))

/** `failures --local`: without an id, the local endpoint's first association. */
export const failuresLocal = (
  args: FailuresArguments,
  policy: Policy
): Effect.Effect<void, UsageError | Exited | ConfigurationError | LocalEndpoint.LocalEndpointError, CliOutput> =>
  withLocal(policy, (endpoint) =>
    Effect.gen(function*() {
      const associationId = args.associationId ?? endpoint.model.associationIds[0]
      if (associationId === undefined) return
      if (args.associationId === undefined) {
        yield* note(
          `What failed in association ${associationId}, the first of ${endpoint.model.associationIds.length} the local endpoint serves (pick another with --association-id).`
        )
      }
      yield* Effect.asVoid(failures({ ...args, associationId }))
    }))

/** How many executions `demo` lists: two pages, enough to see the format, the summary and how to continue. */
export const demoItems = 100

/** `demo`: the first two pages of one association of {@link demoDataset}, as a table, then what to try next. */
export const demo: Effect.Effect<
  void,
  UsageError | Exited | ConfigurationError | LocalEndpoint.LocalEndpointError,
  CliOutput
> = Effect.scoped(Effect.gen(function*() {
  const output = yield* CliOutput
  const endpoint = yield* startSilent(demoDataset)
  const [first, second] = endpoint.model.associationIds
  if (first === undefined) return
  yield* output.writeError(
    [
      `Local SSM endpoint on ${endpoint.url}: ${endpoint.model.associationIds.length} associations of ${defaultDataset.executionsPerAssociation} executions,`,
      `3% random ThrottlingException and a server limit of ${demoDataset.rateLimit?.requestsPerSecond} requests/s.`,
      `The first ${demoItems} executions of association ${first}, over HTTP and signed with SigV4, as against AWS:`,
      "",
      ""
    ].join("\n")
  )
  const stopped = yield* list({ associationIds: [first], format: "table", maxItems: demoItems }).pipe(
    Effect.provide(localLayer(endpoint, {}))
  )
  const token = stopped[0]?.startingToken
  const command = "npx ssm-association-executions"
  yield* output.writeError(
    [
      "",
      "Next, in this clone (list --local serves the same data):",
      ...(token === undefined
        ? []
        : [`  ${command} list --local -a ${first} --starting-token ${shellQuote(token)}   # the rest`]),
      `  ${command} list --local -a ${second ?? first} --filters Key=Status,Value=Failed,Type=EQUAL \\`,
      "      --max-items 5 --output json --query 'AssociationExecutions[].[ExecutionId,CreatedTime]'",
      `  ${command} start --local --wait        # run an association, follow it to the end (8 s)`,
      `  ${command} failures --local --with-output --max-items 3   # what failed, where, and why`,
      `  ${command} local        # serve it for any AWS SDK or the AWS CLI`,
      `  ${command} list --help  # aws-cli's flags and output formats, exit codes`,
      ""
    ].join("\n")
  )
}))

/**
 * What `local` serves and how it misbehaves: its command's options (`commands/local.ts`), the rate
 * limit and its burst optional (absent: no limit; the rate, rounded up).
 */
export type LocalArguments =
  & Omit<LocalOptions, "rateLimit" | "rateBurst">
  & Partial<Pick<LocalOptions, "rateLimit" | "rateBurst">>

const checkLocalArguments = (args: LocalArguments): Effect.Effect<void, UsageError> => {
  const problem = !Number.isInteger(args.port) || args.port < 0 || args.port > 65_535
    ? "--port must be from 0 (any free port) to 65535"
    : args.associations < 1 || args.executionsPerAssociation < 0
    ? "--associations must be 1 or more and --executions-per-association 0 or more"
    : [args.throttleProbability, args.errorProbability, args.dropProbability].some((p) => !(p >= 0 && p <= 1))
    ? "the fault probabilities must be from 0 to 1 (0.05 is 5%)"
    : args.rateLimit !== undefined && !(args.rateLimit > 0)
    ? "--rate-limit must be more than 0 (requests per second)"
    : args.rateBurst !== undefined && !(Number.isInteger(args.rateBurst) && args.rateBurst >= 1)
    ? "--rate-burst must be a whole number of 1 or more"
    : args.rateBurst !== undefined && args.rateLimit === undefined
    ? "--rate-burst needs --rate-limit"
    : undefined
  return problem === undefined ? Effect.void : Effect.fail(new UsageError({ message: problem }))
}

/** What `local` generates and how it misbehaves, from its (checked) arguments. */
export const localDataset = (args: LocalArguments): InMemorySsm.GenerateOptions => {
  const faulty = args.throttleProbability > 0 || args.errorProbability > 0 || args.dropProbability > 0
  return {
    seed: args.seed,
    tokenSecret,
    associations: args.associations,
    executionsPerAssociation: args.executionsPerAssociation,
    ...(faulty
      ? {
        randomFaults: {
          seed: args.seed,
          throttling: args.throttleProbability,
          internalServerError: args.errorProbability,
          drop: args.dropProbability
        }
      }
      : {}),
    // The bucket must hold at least one whole request, or a limit below 1 per second would refuse all.
    ...(args.rateLimit === undefined
      ? {}
      : { rateLimit: { requestsPerSecond: args.rateLimit, burst: args.rateBurst ?? Math.ceil(args.rateLimit) } })
  }
}

const messageText = (message: unknown): string =>
  Array.isArray(message) ? message.map(String).join(" ") : String(message)

// One line per request: the time, then what LocalEndpoint logs (operation, status, error code, latency).
// On stderr, as every log line of the CLI: stdout keeps only the banner, whose export lines a script can read.
const requestLogger = Logger.withConsoleError(
  Logger.make(({ date, message }) => `${date.toISOString()} ${messageText(message)}`)
)

/** `local`: serves the endpoint until interrupted (Ctrl-C), logging every request on stderr. */
export const serve = (
  args: LocalArguments
): Effect.Effect<void, UsageError | LocalEndpoint.LocalEndpointError, CliOutput> =>
  Effect.scoped(Effect.gen(function*() {
    yield* checkLocalArguments(args)
    const output = yield* CliOutput
    const dataset = localDataset(args)
    // The endpoint logs each request at debug level; here that line is the point.
    const endpoint = yield* LocalEndpoint.make({ port: args.port, region: args.region, generate: dataset }).pipe(
      Effect.locally(FiberRef.currentLoggers, HashSet.make(requestLogger)),
      Effect.locally(FiberRef.currentMinimumLogLevel, LogLevel.Debug)
    )
    const limit = dataset.rateLimit === undefined
      ? ""
      : `\nRate limited: ${dataset.rateLimit.requestsPerSecond} requests/s, burst ${dataset.rateLimit.burst}; ` +
        "past it, 400 ThrottlingException (Rate exceeded).\n"
    yield* output.write(
      `${LocalEndpoint.startupBanner(endpoint)}\n${limit}\nOne line per request follows on stderr; Ctrl-C stops.\n`
    )
      .pipe(
        Effect.catchTag("StdoutClosed", () => Effect.void)
      )
    return yield* Effect.never
  }))
