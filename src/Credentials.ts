/**
 * Where the credentials that sign each request come from. Pass them to a layer as the
 * `credentials` option: static values, one provider, a list of providers asked in order, or an
 * effect run for every attempt. Providers are cached by the layer and refreshed five minutes
 * before they expire. This module holds the providers that need only `fetch` (environment,
 * container, IMDSv2) and `fromProvider` for the AWS SDK's own; `NodeCredentials` adds the shared
 * files and `credential_process`.
 */
import type * as Redacted from "effect/Redacted"
import type { ContainerOptions } from "./internal/credentials/container.js"
import * as DefaultChain from "./internal/credentials/defaultChain.js"
import * as Environment from "./internal/credentials/environment.js"
import type { InstanceMetadataOptions } from "./internal/credentials/instanceMetadata.js"
import type { CredentialsProvider } from "./internal/credentials/provider.js"
import type { HttpClient } from "./line/transport.js"

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
  /** A named provider from an effect that answers a {@link ProviderResult}. */
  make as makeProvider,
  /** A provider's answer: `Resolved` credentials or `NotApplicable` with a reason. */
  ProviderResult
} from "./internal/credentials/provider.js"
export type { CredentialsProvider } from "./internal/credentials/provider.js"

/** One set of AWS credentials. Secrets are `Redacted`: they never print. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined
}

/** Plain-value credentials, e.g. from options. */
export interface StaticCredentialsOptions {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string> | string
  readonly sessionToken?: Redacted.Redacted<string> | string | undefined
}

/** Credentials from values, with the secrets `Redacted`. */
export const fromStatic: (options: StaticCredentialsOptions) => AwsCredentials = Environment.fromStatic

/**
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, read through Effect's
 * `ConfigProvider` (so tests can supply them); does not apply when `AWS_ACCESS_KEY_ID` is unset.
 */
export const environment: CredentialsProvider = Environment.environment

/** Options of the runtime-neutral default chain. */
export interface DefaultChainOptions {
  readonly container?: ContainerOptions | undefined
  readonly instanceMetadata?: InstanceMetadataOptions | undefined
}

/**
 * What `AssociationExecutions.layer` uses without `credentials`: the AWS SDKs' default chain
 * without the file-based links, so it runs on any runtime: environment, then container, then
 * IMDSv2. `NodeCredentials.defaultChain` adds the shared files between environment and container.
 */
export const defaultChain: (
  options?: DefaultChainOptions
) => ReadonlyArray<CredentialsProvider<HttpClient>> = DefaultChain.defaultChain
