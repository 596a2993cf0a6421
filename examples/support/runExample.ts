/**
 * How the examples run: against AWS when an account is configured (a region from the environment
 * or a profile) and you pass an association id, otherwise against an embedded local SSM endpoint
 * on loopback, through the same HTTP and SigV4 path. The association id you pass is the one
 * listed either way; without one, the local endpoint's first association is. Each example says on
 * stderr where it listed from and which association.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"

/** The service on a local endpoint with a seeded dataset, and the first association it serves. */
export const local = Effect.gen(function*() {
  // Its history ends now, and it logs requests at debug level only: the output is the example's.
  const endpoint = yield* LocalEndpoint.make({
    // Runs started here last a few seconds, so the run examples end soon.
    generate: {
      seed: 7,
      associations: 3,
      executionsPerAssociation: 300,
      runs: { durationMillis: 4000, visibleAfterMillis: 500 }
    }
  })
  const layer = AssociationExecutions.layer({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.credentials
  }).pipe(Layer.provide(FetchHttpClient.layer))
  return { layer, associationId: endpoint.model.associationIds[0] ?? "", endpoint }
})

/** Where an example lists from: the service, the association, and a sentence that says so. */
export interface Target {
  readonly layer: Layer.Layer<AssociationExecutions.AssociationExecutions, unknown>
  readonly associationId: string
  readonly description: string
  /** The local endpoint, when the example runs on one. */
  readonly endpoint: LocalEndpoint.LocalEndpointInfo | undefined
}

/** Whether an AWS account is configured: a region or a profile in the environment. */
export const awsConfigured: Effect.Effect<boolean> = Effect.map(
  Effect.orElseSucceed(
    Config.option(Config.string("AWS_REGION").pipe(Config.orElse(() => Config.string("AWS_PROFILE")))),
    () => Option.none()
  ),
  Option.isSome
)

/** The target for `associationId` (the command line's, usually): AWS when configured, else local. */
export const target = (
  associationId: string | undefined
): Effect.Effect<Target, LocalEndpoint.LocalEndpointError | ConfigurationError, Scope.Scope> =>
  Effect.gen(function*() {
    if (associationId !== undefined && (yield* awsConfigured)) {
      return {
        layer: NodeAssociationExecutions.layerConfig(),
        associationId,
        description: `AWS (region and credentials from the environment and ~/.aws), association ${associationId}`,
        endpoint: undefined
      }
    }
    const localTarget = yield* local
    const chosen = associationId ?? localTarget.associationId
    return {
      layer: localTarget.layer,
      associationId: chosen,
      description: `the local endpoint ${localTarget.endpoint.url} (no AWS account configured), association ${chosen}` +
        (associationId === undefined ? " (its first; pass another as the first argument)" : ""),
      endpoint: localTarget.endpoint
    }
  })

/** Runs `program` for the association given on the command line, or for a local one. */
export const runExample = <A, E>(
  program: (associationId: string) => Effect.Effect<A, E, AssociationExecutions.AssociationExecutions>,
  associationId: string | undefined = process.argv[2]
) =>
  Effect.gen(function*() {
    if (associationId !== undefined && (yield* awsConfigured)) {
      yield* Console.error(`Listing from AWS, association ${associationId}`)
      return yield* program(associationId).pipe(
        Effect.provide(NodeAssociationExecutions.layerConfig())
      )
    }
    const chosen = yield* target(associationId)
    yield* Console.error(`Listing from ${chosen.description}`)
    return yield* program(chosen.associationId).pipe(Effect.provide(chosen.layer))
  }).pipe(Effect.scoped)

const messageOf = (error: unknown): string =>
  typeof error === "string"
    ? error
    : typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error)

/** Runs an example's main: prints what it returns, or its error as one line with exit code 1. */
export const main = <A, E>(effect: Effect.Effect<A, E>, print: (value: A) => string): void => {
  Effect.runPromise(
    effect.pipe(
      Effect.match({
        onFailure: (error) => {
          console.error(messageOf(error))
          process.exitCode = 1
        },
        onSuccess: (value) => console.log(print(value))
      })
    )
  ).catch((defect: unknown) => {
    console.error(messageOf(defect))
    process.exitCode = 1
  })
}
