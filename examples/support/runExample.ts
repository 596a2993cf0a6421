/**
 * How the examples run: against AWS when you pass an association id and an account is configured
 * (a region from the environment or a profile), otherwise against an embedded local SSM endpoint
 * on loopback, through the same HTTP and SigV4 path.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"

/** The service on a local endpoint with a seeded dataset, and the first association it serves. */
export const local = Effect.gen(function*() {
  // The endpoint logs a line per request; examples keep their output to what they print.
  const endpoint = yield* LocalEndpoint.make({
    generate: { seed: 7, associations: 3, executionsPerAssociation: 300, now: new Date() }
  })
    .pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
  const layer = AssociationExecutions.layer({
    endpoint: endpoint.url,
    region: endpoint.region,
    credentials: endpoint.credentials
  }).pipe(Layer.provide(FetchHttpClient.layer))
  return { layer, associationId: endpoint.model.associationIds[0] ?? "", endpoint }
})

/** Runs `program` for the association given on the command line, or for a local one. */
export const runExample = <A, E>(
  program: (associationId: string) => Effect.Effect<A, E, AssociationExecutions.AssociationExecutions>
) =>
  Effect.gen(function*() {
    const region = yield* Config.option(
      Config.string("AWS_REGION").pipe(Config.orElse(() => Config.string("AWS_PROFILE")))
    )
    const fromCommandLine = process.argv[2]
    if (fromCommandLine !== undefined && Option.isSome(region)) {
      return yield* program(fromCommandLine).pipe(
        Effect.provide(NodeAssociationExecutions.layerConfig())
      )
    }
    const target = yield* local
    yield* Console.error(`No AWS account configured: using the local endpoint ${target.endpoint.url}`)
    return yield* program(target.associationId).pipe(Effect.provide(target.layer))
  }).pipe(Effect.scoped)
