/**
 * The test layer's engine: the model built from its options, the real service made over it (the
 * in-memory transport, the synchronous signer), the stub service of `layerFromDescribe`, and the
 * driver of `runWithTestClock`. `AssociationExecutionsTest.ts` declares and binds these.
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"
import type * as AssociationExecutions from "../AssociationExecutions.js"
import {
  AssociationExecutionDoesNotExist,
  type DescribeError,
  type DescribeTargetsError,
  InvalidAssociation,
  InvocationDoesNotExist
} from "../AssociationExecutionsError.js"
import type {
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import type {
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "../DescribeAssociationExecutionTargets.js"
import type * as InMemorySsm from "../InMemorySsm.js"
import { serviceLayer, setTestClock, testClockMillis } from "../line/testLayer.js"
import { fromRequests, makeWith } from "./client.js"
import * as Dataset from "./inMemory/dataset.js"
import { localCredentials, signatureVerification } from "./inMemory/localSignatures.js"
import * as Model from "./inMemory/model.js"
import * as InMemoryTransport from "./inMemory/transport.js"
import { signRequestSync } from "./syncSigning.js"
import * as VirtualClock from "./virtualClock.js"

/**
 * Options of `AssociationExecutionsTest.layer`, declared once for both Effect lines (each line's
 * `AssociationExecutionsTest.ts` re-exports it): the model, its faults, the signature check, and
 * the service's own retry, rate limit, timeout and patience.
 */
export interface TestLayerOptions
  extends Pick<AssociationExecutions.Options, "retry" | "rateLimit" | "timeoutMillis" | "patienceMillis">
{
  /**
   * The in-memory SSM: a model you built, or options to generate one from a seed (`seed` present)
   * or to make one from your data (`associations` as records).
   * @default a generated model with seed 1 (3 associations of 60 executions)
   */
  readonly model?: InMemorySsm.InMemorySsm | InMemorySsm.GenerateOptions | InMemorySsm.MakeOptions | undefined
  /** Scripted faults added to the model (e.g. throttle the first two attempts at page 2). */
  readonly faults?: ReadonlyArray<InMemorySsm.ScriptedFault> | undefined
  /**
   * Check every request's SigV4 signature, as the local endpoint does.
   * @default true
   */
  readonly verifySignatures?: boolean | undefined
}

const isModel = (model: NonNullable<TestLayerOptions["model"]>): model is InMemorySsm.InMemorySsm =>
  Predicate.hasProperty(model, "handle")

const isGenerateOptions = (
  model: InMemorySsm.GenerateOptions | InMemorySsm.MakeOptions
): model is InMemorySsm.GenerateOptions => Predicate.hasProperty(model, "seed")

const buildModel = (option: TestLayerOptions["model"]): Effect.Effect<InMemorySsm.InMemorySsm> => {
  const model = option ?? { seed: 1 }
  if (isModel(model)) return Effect.succeed(model)
  return isGenerateOptions(model)
    ? Model.make(Dataset.generate(model), model)
    : Model.make(Dataset.fromInput(model.associations ?? []), model)
}

/** The model of `options`, and the real service over it, faults added. */
export const modelAndService = (
  options: TestLayerOptions
): Effect.Effect<
  readonly [InMemorySsm.InMemorySsm, Layer.Layer<AssociationExecutions.AssociationExecutions>]
> =>
  Effect.gen(function*() {
    const model = yield* buildModel(options.model)
    if (options.faults !== undefined) yield* model.addFaults(options.faults)
    const handleOptions = options.verifySignatures === false ? {} : { signature: signatureVerification() }
    const service = serviceLayer(
      model,
      makeWith({
        region: "us-east-1",
        endpoint: "https://ssm.us-east-1.amazonaws.com",
        credentials: localCredentials,
        signer: signRequestSync,
        retry: options.retry,
        rateLimit: options.rateLimit,
        timeoutMillis: options.timeoutMillis,
        patienceMillis: options.patienceMillis
      }, InMemoryTransport.transport(model, handleOptions))
    )
    return [model, service] as const
  })

/** The stub service of `layerFromDescribe`: what is not given fails saying no stub was given. */
export const stubService = (
  describe: (input: DescribeAssociationExecutionsInput) => Effect.Effect<
    DescribeAssociationExecutionsOutput,
    DescribeError
  >,
  describeTargets:
    | ((input: DescribeAssociationExecutionTargetsInput) => Effect.Effect<
      DescribeAssociationExecutionTargetsOutput,
      DescribeTargetsError
    >)
    | undefined,
  others: Partial<Pick<AssociationExecutions.Service, "startOnce" | "getCommandInvocation">>
): AssociationExecutions.Service =>
  fromRequests({
    describe,
    describeTargets: describeTargets ??
      (() =>
        Effect.fail(
          new AssociationExecutionDoesNotExist({ message: "layerFromDescribe was given no describeTargets stub" })
        )),
    startOnce: others.startOnce ??
      (() => Effect.fail(new InvalidAssociation({ message: "layerFromDescribe was given no startOnce stub" }))),
    getCommandInvocation: others.getCommandInvocation ??
      (() =>
        Effect.fail(
          new InvocationDoesNotExist({ message: "layerFromDescribe was given no getCommandInvocation stub" })
        ))
  })

/** `effect` on virtual time from TestClock's, which afterwards stands where the effect ended. */
export const runWithTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const startMillis = yield* testClockMillis
    const { endMillis, exit } = yield* VirtualClock.run(effect, startMillis)
    if (endMillis > startMillis) yield* setTestClock(endMillis)
    return yield* exit
  })
