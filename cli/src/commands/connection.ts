/**
 * How a command reaches SSM, declared once: AWS as the connection flags configure it, or, with
 * `--local`, a fresh embedded local endpoint over the same HTTP and SigV4 path.
 */
import * as Effect from "effect/Effect"
import type { AssociationExecutions } from "ssm-association-executions/AssociationExecutions"
import type { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import type { LocalEndpointError, LocalEndpointInfo } from "ssm-association-executions/LocalEndpoint"
import type { UsageError } from "../exitCodes.js"
import * as Local from "../local.js"
import type { CliOutput } from "../output.js"
import { awsLayer, type ConnectionArguments, policyOf } from "../serviceLayer.js"

/**
 * Runs `use` with the service the flags describe. `use` is given the local endpoint when there is
 * one (`--local`), so it can pick its own example ids.
 */
export const withService = <A, E>(
  connection: ConnectionArguments,
  local: boolean,
  use: (endpoint: LocalEndpointInfo | undefined) => Effect.Effect<A, E, AssociationExecutions | CliOutput>
): Effect.Effect<A, E | UsageError | ConfigurationError | LocalEndpointError, CliOutput> =>
  Effect.flatMap(policyOf(connection), (policy) =>
    local
      ? Local.withLocal(policy, use)
      : use(undefined).pipe(Effect.provide(awsLayer(connection, policy))))
