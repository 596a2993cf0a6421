/**
 * The service the CLI lists through: AWS configured the way the AWS CLI is (options, then the
 * environment, then the profile), or an embedded local endpoint; either way with the retry,
 * rate-limit and timeout options of the command line, over `fetch`.
 */
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import type { LocalEndpointInfo } from "ssm-association-executions/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"
import { UsageError } from "./exitCodes.js"
import { profileCredentials } from "./profile.js"
import { parsePatienceMillis, parseTimeoutMillis } from "./time.js"

/** Where and how to reach SSM, as typed on the command line. */
export interface ConnectionArguments {
  readonly region?: string | undefined
  readonly profile?: string | undefined
  readonly endpointUrl?: string | undefined
  readonly maxAttempts?: number | undefined
  readonly requestsPerSecond?: number | undefined
  /** Milliseconds (`5000`) or a duration (`5s`). */
  readonly timeout?: string | undefined
  /** A duration (`5m`), or 0. */
  readonly patience?: string | undefined
}

/** The request policy options of the service. */
export type Policy = Pick<AssociationExecutions.Options, "retry" | "rateLimit" | "timeoutMillis" | "patienceMillis">

/** The policy the options ask for, or what is wrong with them. */
export const policyOf = (args: ConnectionArguments): Effect.Effect<Policy, UsageError> =>
  Effect.gen(function*() {
    if (args.maxAttempts !== undefined && args.maxAttempts < 1) {
      return yield* new UsageError({ message: "--max-attempts must be 1 or more (1 turns retries off)" })
    }
    if (args.requestsPerSecond !== undefined && !(args.requestsPerSecond > 0)) {
      return yield* new UsageError({ message: "--requests-per-second must be more than 0" })
    }
    const timeout = args.timeout === undefined ? undefined : parseTimeoutMillis(args.timeout)
    if (timeout !== undefined && Either.isLeft(timeout)) {
      return yield* new UsageError({ message: `--timeout: ${timeout.left}` })
    }
    const patience = args.patience === undefined ? undefined : parsePatienceMillis(args.patience)
    if (patience !== undefined && Either.isLeft(patience)) {
      return yield* new UsageError({ message: `--patience: ${patience.left}` })
    }
    return {
      ...(patience === undefined ? {} : { patienceMillis: patience.right }),
      ...(args.maxAttempts === undefined ? {} : { retry: { maxAttempts: args.maxAttempts } }),
      ...(args.requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond: args.requestsPerSecond } }),
      ...(timeout === undefined ? {} : { timeoutMillis: timeout.right })
    }
  })

const fromConfigError = (error: ConfigurationError | ConfigError.ConfigError): ConfigurationError =>
  ConfigError.isConfigError(error)
    ? new ConfigurationError({ reason: `an environment variable is not valid: ${String(error)}` })
    : error

/**
 * SSM in AWS: explicit options win over the environment, which wins over the profile. A profile
 * named but not found fails by its name; one that assumes a role, uses SSO or web identity signs
 * with the AWS SDK's provider chain.
 */
export const awsLayer = (
  args: ConnectionArguments,
  policy: Policy
): Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError> =>
  Layer.unwrapEffect(
    Effect.map(profileCredentials(args.profile), (credentials) =>
      NodeAssociationExecutions.layerConfig({
        ...policy,
        ...(args.region === undefined ? {} : { region: args.region }),
        ...(args.profile === undefined ? {} : { profile: args.profile }),
        ...(args.endpointUrl === undefined ? {} : { endpoint: args.endpointUrl }),
        ...(credentials === undefined ? {} : { credentials })
      }))
  ).pipe(Layer.mapError(fromConfigError))

/** A local endpoint, reached over HTTP and signed with its credentials, like AWS. */
export const localLayer = (
  endpoint: LocalEndpointInfo,
  policy: Policy
): Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError> =>
  NodeAssociationExecutions.layer({
    ...policy,
    region: endpoint.region,
    endpoint: endpoint.url,
    credentials: endpoint.credentials
  })
