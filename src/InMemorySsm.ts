/**
 * An in-memory SSM that answers DescribeAssociationExecutions, DescribeAssociationExecutionTargets,
 * StartAssociationsOnce and GetCommandInvocation the way the real service does on the wire: its
 * data, validation, ordering, opaque NextTokens, runs that progress on Effect's `Clock`, Run
 * Command output, faults on demand, and an optional SigV4 check. The test
 * layer reaches it without a socket ({@link httpClient} is the same as an `HttpClient`);
 * `LocalEndpoint` serves it over HTTP.
 */
import type * as Effect from "effect/Effect"
import type { GenerateOptions, InMemorySsm, MakeOptions } from "./internal/inMemory/api.js"
import * as Dataset from "./internal/inMemory/dataset.js"
import * as LocalSignatures from "./internal/inMemory/localSignatures.js"
import * as Model from "./internal/inMemory/model.js"
import type { AcceptedCredentials } from "./internal/sigv4Verify.js"
import * as InMemoryHttpClient from "./line/inMemoryHttpClient.js"
import type { HttpClient } from "./line/transport.js"

export type { BehaviourOptions, GenerateOptions, InMemorySsm, MakeOptions } from "./internal/inMemory/api.js"
export type {
  AlarmConfigurationRecord,
  AlarmRecord,
  AssociationInput,
  AssociationRecord,
  CommandTarget,
  ExecutionInput,
  ExecutionRecord,
  ExecutionTargetRecord,
  TriggeredAlarmRecord
} from "./internal/inMemory/dataset.js"
export { Fault } from "./internal/inMemory/faults.js"
export type {
  FaultAnswer,
  OperationName,
  RandomFaults,
  ScriptedFault,
  ServerRateLimit
} from "./internal/inMemory/faults.js"
export type { OutputBucket } from "./internal/inMemory/invocations.js"
export type { FilterMode } from "./internal/inMemory/query.js"
export type { RunOptions, StartedRun, StartedTarget } from "./internal/inMemory/runs.js"
export type { Sequence } from "./internal/inMemory/sequence.js"
// The wire types (a request, an answer, the handler's SigV4 settings) stay internal: a test or a
// server reaches the wire through `LocalEndpoint`, `httpClient` or the model's own `handle`.
export type { RequestLogEntry } from "./internal/inMemory/wire.js"
export type { AcceptedCredentials } from "./internal/sigv4Verify.js"

/**
 * The key pair a local model accepts by default. Not a secret: it is printed on purpose so any
 * AWS SDK or the AWS CLI can be pointed at the local endpoint.
 */
export const localCredentials: AcceptedCredentials = LocalSignatures.localCredentials

/**
 * A model over the given data.
 *
 * @example
 * const model = yield* InMemorySsm.make({
 *   associations: [{ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab", executions: [...] }],
 *   faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
 * })
 */
export const make = (options: MakeOptions = {}): Effect.Effect<InMemorySsm> =>
  Model.make(Dataset.fromInput(options.associations ?? []), options)

/**
 * A model over data generated from a seed: realistic statuses, resource counts, alarms on some
 * associations, fractional timestamps. The same seed always gives the same data. Executions are made
 * on demand from their position, so an association of a million takes a few megabytes and well
 * under a second to start.
 *
 * @example
 * const model = yield* InMemorySsm.generate({ seed: 7, associations: 2, executionsPerAssociation: 120 })
 */
export const generate = (options: GenerateOptions): Effect.Effect<InMemorySsm> =>
  Model.make(Dataset.generate(options), options)

/**
 * An `HttpClient` of this Effect line (`@effect/platform`'s on Effect 3, `effect/http`'s on Effect 4)
 * that answers every request from the model, without a socket. A connection dropped before headers
 * fails as a transport error of that client; one dropped mid-body yields a response whose body
 * fails to read, as with `fetch`. Cut bodies arrive as complete 200 responses holding the partial
 * text.
 */
export const httpClient: (
  model: InMemorySsm,
  options?: {
    /**
     * Check each request's SigV4 signature against {@link localCredentials} (any region, a 5-minute
     * window), answering as SSM does when it fails.
     * @default false
     */
    readonly verifySignatures?: boolean | undefined
  }
) => HttpClient = InMemoryHttpClient.make
