/**
 * Where the AWS credentials that sign each request come from. The service asks the `Credentials`
 * service once per attempt, so expiring credentials are picked up without restarting anything.
 * This module holds the providers that need only `fetch` (static, environment, container, IMDSv2,
 * `fromProvider`), the chain, and the cache; shared files and `credential_process` live in
 * `NodeCredentials`.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { CredentialsError } from "./AssociationExecutionsError.js"
import type { CacheOptions } from "./internal/credentials/cache.js"
import { cached } from "./internal/credentials/cache.js"
import type { ContainerOptions } from "./internal/credentials/container.js"
import { container } from "./internal/credentials/container.js"
import { instanceMetadata } from "./internal/credentials/instanceMetadata.js"
import type { InstanceMetadataOptions } from "./internal/credentials/instanceMetadata.js"
import type { CredentialsProvider, ProviderRequirements } from "./internal/credentials/provider.js"
import { chain, fromOption } from "./internal/credentials/provider.js"
import { identifier } from "./internal/identifier.js"

/** Re-exported so callers of this module can name and construct the error it fails with. */
export { CredentialsError }
export {
  /** Caches a credentials effect and refreshes it ahead of expiry, one refresh shared by concurrent callers. */
  cached
} from "./internal/credentials/cache.js"
export type { CacheOptions } from "./internal/credentials/cache.js"
export {
  /** Container credentials (ECS, EKS Pod Identity) from `AWS_CONTAINER_CREDENTIALS_*`. */
  container
} from "./internal/credentials/container.js"
export type { ContainerOptions } from "./internal/credentials/container.js"
export {
  /** Wraps an AWS SDK-style provider such as `fromNodeProviderChain()` (SSO, assume-role, web identity). */
  fromProvider
} from "./internal/credentials/fromProvider.js"
export type { SdkCredentials } from "./internal/credentials/fromProvider.js"
export {
  /** EC2 instance credentials over IMDSv2 (`AWS_EC2_METADATA_DISABLED` honoured). */
  instanceMetadata
} from "./internal/credentials/instanceMetadata.js"
export type { InstanceMetadataOptions } from "./internal/credentials/instanceMetadata.js"
export {
  /** Asks providers in order; the final error lists each one tried and why it did not apply. */
  chain,
  /** A provider from an `Option`-returning effect: `None` means "does not apply", with the reason given. */
  fromOption,
  /** A named provider from an effect that answers a {@link ProviderResult}. */
  make as makeProvider,
  /** A provider's answer: `Resolved` credentials or `NotApplicable` with a reason. */
  ProviderResult
} from "./internal/credentials/provider.js"
export type { CredentialsProvider, ProviderRequirements } from "./internal/credentials/provider.js"

/** One set of AWS credentials. Secrets are `Redacted`: they never print. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined
}

/** Provides credentials for each request. */
export class Credentials extends Context.Tag(identifier("Credentials"))<Credentials, {
  readonly get: Effect.Effect<AwsCredentials, CredentialsError>
}>() {}

/** Plain-value credentials, e.g. from options. */
export interface StaticCredentialsOptions {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string> | string
  readonly sessionToken?: Redacted.Redacted<string> | string | undefined
}

const redact = (value: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

/** Credentials from values. */
export const fromStatic = (options: StaticCredentialsOptions): AwsCredentials => ({
  accessKeyId: options.accessKeyId,
  secretAccessKey: redact(options.secretAccessKey),
  ...(options.sessionToken === undefined ? {} : { sessionToken: redact(options.sessionToken) })
})

/** A layer that always provides the same credentials. */
export const layerStatic = (options: StaticCredentialsOptions): Layer.Layer<Credentials> =>
  Layer.succeed(Credentials, { get: Effect.succeed(fromStatic(options)) })

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, read
 * through the `ConfigProvider` (so tests can supply them). `None` when the key id is not set.
 */
export const fromEnvironment: Effect.Effect<Option.Option<AwsCredentials>, CredentialsError> = Effect.gen(
  function*() {
    const env = yield* Effect.configProviderWith((provider) =>
      Effect.all({
        accessKeyId: Effect.option(provider.load(Config.string("AWS_ACCESS_KEY_ID"))),
        secretAccessKey: Effect.option(provider.load(Config.string("AWS_SECRET_ACCESS_KEY"))),
        sessionToken: Effect.option(provider.load(Config.string("AWS_SESSION_TOKEN")))
      })
    )
    if (Option.isNone(env.accessKeyId) || env.accessKeyId.value === "") return Option.none()
    if (Option.isNone(env.secretAccessKey) || env.secretAccessKey.value === "") {
      return yield* new CredentialsError({
        reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither"
      })
    }
    return Option.some(fromStatic({
      accessKeyId: env.accessKeyId.value,
      secretAccessKey: env.secretAccessKey.value,
      sessionToken: Option.getOrUndefined(Option.filter(env.sessionToken, (token) => token !== ""))
    }))
  }
)

/** The environment variables as a chain link; does not apply when `AWS_ACCESS_KEY_ID` is unset. */
export const environment: CredentialsProvider = fromOption(
  "environment",
  fromEnvironment,
  "AWS_ACCESS_KEY_ID is not set"
)

/** Options of the runtime-neutral default chain. */
export interface DefaultChainOptions {
  readonly container?: ContainerOptions | undefined
  readonly instanceMetadata?: InstanceMetadataOptions | undefined
}

/**
 * The AWS SDKs' default chain without the file-based links, so it runs on any runtime:
 * environment, then container, then IMDSv2. On Node, `NodeCredentials.defaultChain` adds the
 * shared files between environment and container.
 */
export const defaultChain = (
  options: DefaultChainOptions = {}
): ReadonlyArray<CredentialsProvider<HttpClient.HttpClient>> => [
  environment,
  container(options.container),
  instanceMetadata(options.instanceMetadata)
]

/** The `Credentials` service over a chain of providers, cached and refreshed ahead of expiry. */
export const make = <const Providers extends ReadonlyArray<CredentialsProvider<unknown>>>(
  providers: Providers,
  options: CacheOptions = {}
): Effect.Effect<Credentials["Type"], never, ProviderRequirements<Providers[number]> | Scope.Scope> =>
  Effect.map(cached(chain(providers), options), (get) => ({ get }))

/**
 * Credentials from one provider, cached.
 *
 * @example
 * ```ts
 * import { fromNodeProviderChain } from "@aws-sdk/credential-providers"
 * const CredentialsLive = Credentials.layer(Credentials.fromProvider(fromNodeProviderChain()))
 * ```
 */
export const layer = <Provider extends CredentialsProvider<unknown>>(
  provider: Provider,
  options: CacheOptions = {}
): Layer.Layer<Credentials, never, ProviderRequirements<Provider>> =>
  Layer.scoped(Credentials, make([provider], options))

/** Credentials from the first provider that applies, cached. */
export const layerChain = <const Providers extends ReadonlyArray<CredentialsProvider<unknown>>>(
  providers: Providers,
  options: CacheOptions = {}
): Layer.Layer<Credentials, never, ProviderRequirements<Providers[number]>> =>
  Layer.scoped(Credentials, make(providers, options))

/** The runtime-neutral {@link defaultChain}, cached. */
export const layerDefaultChain = (
  options: DefaultChainOptions & CacheOptions = {}
): Layer.Layer<Credentials, never, HttpClient.HttpClient> => layerChain(defaultChain(options), options)
