/**
 * Real time over loopback: the local endpoint (rate limit, random faults, latency) and many listings
 * through one Node layer, judged against the model's ground truth. `test/RealTime.test.ts` and
 * `bench/realtime.ts` both use it. Times are the wall clock's; nothing here is virtual.
 */
import { settle, type Settled, withMinimumLogLevel } from "@line/testing"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { PaginationError } from "ssm-association-executions/AssociationExecutionsError"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"

/** What the server serves and how it misbehaves. */
export interface LoopbackScenario {
  readonly associations: number
  /** Full pages per association: it has `pagesEach * pageSize` executions. */
  readonly pagesEach: number
  /** @default 50 (the service's default page size) */
  readonly pageSize?: number | undefined
  /** The server's token bucket. */
  readonly rateLimit?: InMemorySsm.ServerRateLimit | undefined
  /** Random faults; the seed is taken again on every `reset`, so each client meets the same sequence. */
  readonly randomFaults?: InMemorySsm.RandomFaults | undefined
  /**
   * Every answer (throttles included) leaves this long after its request arrived, as over a
   * network: the server decides at once, the client hears later.
   * @default 0
   */
  readonly latencyMillis?: number | undefined
  /** Seed of the data. @default 1 */
  readonly seed?: number | undefined
}

/** One request as the server received it. */
export interface Arrival {
  /** Wall-clock time it arrived, before the rate limit judged it. */
  readonly atMillis: number
  /** HTTP status sent; `undefined` when the connection was dropped before headers. */
  readonly status: number | undefined
  readonly code: string | undefined
}

/** A running server and the truth to judge listings by. */
export interface LoopbackServer {
  readonly url: string
  readonly region: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly scenario: LoopbackScenario
  readonly pageSize: number
  readonly associationIds: ReadonlyArray<string>
  /** Each association's execution ids in the service's order. */
  readonly truth: ReadonlyMap<string, ReadonlyArray<string>>
  /** A fresh model from the same seeds: a full bucket, random faults from the start, no arrivals. */
  readonly reset: Effect.Effect<void>
  /** What arrived since the last reset, oldest first. */
  readonly arrivals: Effect.Effect<ReadonlyArray<Arrival>>
}

/** How one listing ended, against the truth. */
export interface ListingOutcome {
  readonly associationId: string
  /** Every execution, once each, in the service's order. */
  readonly exact: boolean
  readonly delivered: number
  readonly missing: number
  readonly duplicates: number
  /** The error that ended it, if it ended early (after any resumes). */
  readonly failure: string | undefined
  /** How often a client that resumes asked again from its last token after a failure. */
  readonly resumes: number
}

/** One run of one client: every listing, and what the server saw. */
export interface LoopbackRun {
  readonly client: string
  readonly listings: ReadonlyArray<ListingOutcome>
  readonly elapsedMillis: number
  readonly requests: number
  readonly throttles: number
  /** The most requests the server received in any one second (a sliding window), throttled ones included. */
  readonly busiestSecond: number
  /**
   * The same, from one second after the first request on: once the limit has been found. In its first
   * second a client that starts unlimited (as the AWS SDKs' adaptive mode does) learns the limit
   * from the throttles the server's burst hides until it is spent.
   */
  readonly busiestSecondOnceFound: number
  /** Why listings were lost: the error that ended each one that ended early, with its association. */
  readonly failures: ReadonlyArray<string>
  /** The errors a resuming client recovered from by asking again from its last token. */
  readonly recovered: ReadonlyArray<string>
}

/** True when every listing of the run is exact. */
export const allExact = (run: LoopbackRun): boolean => run.listings.every((listing) => listing.exact)

/** The most times within any window of 1,000 ms (times in ascending order). */
export const busiestSecond = (times: ReadonlyArray<number>): number => {
  let most = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while ((times[last] ?? 0) - (times[first] ?? 0) >= 1000) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

/** A listing's delivered ids against the truth. */
export const judge = (
  associationId: string,
  delivered: ReadonlyArray<string>,
  truth: ReadonlyArray<string>,
  failure: string | undefined,
  resumes = 0
): ListingOutcome => {
  const seen = new Set(delivered)
  const missing = truth.filter((id) => !seen.has(id)).length
  const exact = delivered.length === truth.length && delivered.every((id, index) => id === truth[index])
  return {
    associationId,
    exact,
    delivered: delivered.length,
    missing,
    duplicates: delivered.length - seen.size,
    failure,
    resumes
  }
}

/** The run's summary from its listings and the server's arrivals. */
export const summarize = (
  client: string,
  listings: ReadonlyArray<ListingOutcome>,
  elapsedMillis: number,
  arrivals: ReadonlyArray<Arrival>,
  recovered: ReadonlyArray<string> = []
): LoopbackRun => ({
  client,
  listings,
  elapsedMillis,
  requests: arrivals.length,
  throttles: arrivals.filter((arrival) => arrival.code === "ThrottlingException").length,
  busiestSecond: busiestSecond(arrivals.map((arrival) => arrival.atMillis)),
  busiestSecondOnceFound: busiestSecond(
    arrivals.map((arrival) => arrival.atMillis).filter((at) => at >= (arrivals[0]?.atMillis ?? 0) + 1000)
  ),
  failures: listings.flatMap((listing) =>
    listing.failure === undefined ? [] : [`${listing.associationId}: ${listing.failure}`]
  ),
  recovered
})

// A fixed secret, so a model made again by `reset` accepts the tokens of the one it replaced.
const tokenSecret = "loopback-harness"

/** Starts the server for the life of the scope. */
export const startServer = (
  scenario: LoopbackScenario
): Effect.Effect<LoopbackServer, LocalEndpoint.LocalEndpointError, Scope.Scope> =>
  Effect.gen(function*() {
    const pageSize = scenario.pageSize ?? 50
    const generate: InMemorySsm.GenerateOptions = {
      seed: scenario.seed ?? 1,
      associations: scenario.associations,
      executionsPerAssociation: scenario.pagesEach * pageSize,
      tokenSecret,
      rateLimit: scenario.rateLimit,
      randomFaults: scenario.randomFaults
    }
    let current = yield* InMemorySsm.generate(generate)
    let arrivals: Array<Arrival> = []
    const latencyMillis = scenario.latencyMillis ?? 0
    // The endpoint serves whichever model is current; each request is timed as it arrives.
    const served: InMemorySsm.InMemorySsm = {
      ...current,
      handle: (request, options) =>
        Effect.gen(function*() {
          const atMillis = yield* Clock.currentTimeMillis
          const answer = yield* current.handle(request, options)
          arrivals.push({ atMillis, status: answer.entry.status, code: answer.entry.code })
          if (latencyMillis > 0) yield* Effect.sleep(latencyMillis)
          return answer
        }),
      requests: Effect.suspend(() => current.requests),
      requestCount: Effect.suspend(() => current.requestCount)
    }
    // The endpoint's fibers keep the log level they start with: one line per request would flood the output.
    const endpoint = yield* LocalEndpoint.make({ model: served }).pipe(withMinimumLogLevel("None"))
    const truth = new Map(
      current.associationIds.map((id) => [id, current.executions(id).map((execution) => execution.ExecutionId)])
    )
    return {
      url: endpoint.url,
      region: endpoint.region,
      accessKeyId: endpoint.credentials.accessKeyId,
      secretAccessKey: Redacted.value(endpoint.credentials.secretAccessKey),
      scenario,
      pageSize,
      associationIds: current.associationIds,
      truth,
      reset: Effect.map(InMemorySsm.generate(generate), (fresh) => {
        current = fresh
        arrivals = []
      }),
      arrivals: Effect.sync(() => [...arrivals].sort((a, b) => a.atMillis - b.atMillis))
    }
  })

/** Options of {@link listWithModule}. */
export interface ModuleListingOptions {
  /** The layer's options beyond where and as whom. @default none: the library's defaults */
  readonly options?: AssociationExecutions.Options | undefined
  /** @default "this module" */
  readonly client?: string | undefined
  /**
   * When a listing fails, go on from its resume point, as a caller of the SDK's paginator goes on
   * from its last NextToken; each resume is counted and its error kept. @default false
   */
  readonly resume?: boolean | undefined
}

/**
 * Lists every association at once through one `NodeAssociationExecutions.layer` (so all share its
 * limiter and retry quota), after a `reset` of the server, and judges each listing.
 */
export const listWithModule = (
  server: LoopbackServer,
  settings: ModuleListingOptions = {}
): Effect.Effect<LoopbackRun, never> =>
  Effect.gen(function*() {
    yield* server.reset
    const layer = NodeAssociationExecutions.layer({
      ...settings.options,
      region: server.region,
      endpoint: server.url,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
    })
    const recovered: Array<string> = []
    const listed = yield* Effect.gen(function*() {
      const service = yield* AssociationExecutions.AssociationExecutions
      const started = performance.now()
      const listings = yield* Effect.forEach(server.associationIds, (associationId) =>
        Effect.gen(function*() {
          const delivered: Array<string> = []
          let startingToken: string | undefined = undefined
          for (let resumes = 0;; resumes++) {
            const ended: Settled<void, PaginationError> = yield* settle(
              Stream.runForEach(
                service.stream({ AssociationId: associationId }, { pageSize: server.pageSize, startingToken }),
                (execution) => Effect.sync(() => delivered.push(execution.ExecutionId ?? "(no ExecutionId)"))
              )
            )
            const truth = server.truth.get(associationId) ?? []
            if (ended.ok) return judge(associationId, delivered, truth, undefined, resumes)
            // Bounded: a listing that keeps failing is lost after as many resumes as it has pages.
            if (settings.resume !== true || resumes >= truth.length / server.pageSize) {
              return judge(associationId, delivered, truth, ended.error.message, resumes)
            }
            recovered.push(ended.error.error.message)
            startingToken = ended.error.resume.startingToken
          }
        }), { concurrency: "unbounded" })
      return { listings, elapsedMillis: performance.now() - started }
    }).pipe(
      Effect.provide(layer),
      Effect.catchTag("ConfigurationError", (error) =>
        // The layer could not be built: every listing is lost, with the reason.
        Effect.succeed({
          listings: server.associationIds.map((id) => judge(id, [], server.truth.get(id) ?? [], error.message)),
          elapsedMillis: 0
        }))
    )
    return summarize(
      settings.client ?? "this module",
      listed.listings,
      listed.elapsedMillis,
      yield* server.arrivals,
      recovered
    )
  })
