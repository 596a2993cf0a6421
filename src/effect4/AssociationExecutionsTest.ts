/**
 * The test layer: the real `AssociationExecutions` service (validation, signing, retries, rate
 * limits, pagination) with only the transport replaced by an in-memory SSM, so a user's test of
 * their own retry handling runs deterministically on virtual time (see {@link runWithTestClock}).
 *
 * @example
 * import { AssociationExecutionsTest, InMemorySsm } from "ssm-association-executions/effect4"
 *
 * const TestLayer = AssociationExecutionsTest.layer({
 *   model: { seed: 1, associations: 1, executionsPerAssociation: 120 },
 *   faults: [{ page: 2, attempts: [1, 2], answer: InMemorySsm.Fault.throttling() }]
 * })
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AssociationExecutions from "./AssociationExecutions.js"
import type { DescribeError, DescribeTargetsError } from "./AssociationExecutionsError.js"
import type {
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "./DescribeAssociationExecutions.js"
import type {
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "./DescribeAssociationExecutionTargets.js"
import type * as InMemorySsm from "./InMemorySsm.js"
import { identifier } from "./internal/identifier.js"
import * as internal from "./internal/testLayer.js"
import type { TestLayerOptions } from "./internal/testLayer.js"

/** The in-memory SSM behind a test layer: its data, its request log, its fault controls. */
export class Model extends Context.Service<Model, InMemorySsm.InMemorySsm>()(
  identifier("AssociationExecutionsTest/Model")
) {}

export type { TestLayerOptions } from "./internal/testLayer.js"

/**
 * The real service over an in-memory SSM, plus the {@link Model} for assertions on data and requests.
 * Requests are validated, signed with the model's local credentials (in plain synchronous code),
 * retried, rate limited and paginated as in production, and checked like the local endpoint does;
 * only the socket is replaced by the model. Nothing on that path awaits a promise, so virtual time
 * alone drives it (see {@link runWithTestClock}).
 */
export const layer = (
  options: TestLayerOptions = {}
): Layer.Layer<AssociationExecutions.AssociationExecutions | Model> =>
  Layer.unwrap(
    Effect.map(
      internal.modelAndService(options),
      ([model, service]) => Layer.merge(service, Layer.succeed(Model)(model))
    )
  )

/**
 * A service whose single requests come from your functions; every stream (`pages`, `stream`,
 * `targetPages`, `targets`, `failures`) runs the real pagination over them. For stubbing one
 * response or one error without a model. Without `describeTargets`, the drill-down fails with
 * `AssociationExecutionDoesNotExist` saying no stub was given; without `startOnce` or
 * `getCommandInvocation` in `others`, they fail with `InvalidAssociation` and
 * `InvocationDoesNotExist` saying the same.
 *
 * @example
 * const Stubbed = AssociationExecutionsTest.layerFromDescribe(() =>
 *   Effect.fail(new AssociationDoesNotExist({ message: "no such association" }))
 * )
 */
export const layerFromDescribe = (
  describe: (input: DescribeAssociationExecutionsInput) => Effect.Effect<
    DescribeAssociationExecutionsOutput,
    DescribeError
  >,
  describeTargets?: (input: DescribeAssociationExecutionTargetsInput) => Effect.Effect<
    DescribeAssociationExecutionTargetsOutput,
    DescribeTargetsError
  >,
  others: Partial<Pick<AssociationExecutions.Service, "startOnce" | "getCommandInvocation">> = {}
): Layer.Layer<AssociationExecutions.AssociationExecutions> =>
  Layer.succeed(AssociationExecutions.AssociationExecutions)(internal.stubService(describe, describeTargets, others))

/**
 * Runs `effect` on virtual time that starts at `TestClock`'s and moves from one wake-up to the next
 * whenever every fiber waits (backoff, rate limits, deadlines), so retries take no real time yet
 * happen in the same order and with the same delays as in production; afterwards `TestClock` stands
 * at the time the effect ended. Meant for effects over {@link layer}, whose path awaits no promise:
 * a fiber waiting on real I/O does not hold time back. Time inside moves only from wake-up to
 * wake-up (`TestClock.adjust` inside does not move it).
 *
 * @example
 * const failures = yield* AssociationExecutionsTest.runWithTestClock(countFailures(associationId))
 */
export const runWithTestClock: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> =
  internal.runWithTestClock
