/**
 * Node-only: the AWS SDKs' full default credentials chain, with the shared config and credentials
 * files and `credential_process` between the environment and the container / IMDS links, and the
 * profile settings (`region`, endpoints, retries) the client reads from the same files.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as os from "node:os"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as Credentials from "./Credentials.js"
import { optionalEnv } from "./internal/credentials/env.js"
import { ProviderResult } from "./internal/credentials/provider.js"
import { sharedFiles as sharedFilesWith } from "./internal/credentials/sharedFiles.js"
import type { ProfileOptions, SharedConfig } from "./internal/sharedConfig.js"
import { loadSharedConfig as loadSharedConfigWith } from "./internal/sharedConfig.js"

export type { ProfileOptions, RetryMode, SharedConfig } from "./internal/sharedConfig.js"

/** What the Node links need at runtime; {@link layerDefaultChain} provides all of it. */
export type NodeRequirements = FileSystem.FileSystem | Path.Path | CommandExecutor.CommandExecutor

const withHome = (options: ProfileOptions): ProfileOptions => ({ homeDirectory: os.homedir(), ...options })

/**
 * Credentials from the selected profile: static keys with an optional session token, or
 * `credential_process`. The command line is run through the system shell exactly as configured,
 * as the AWS JS SDK does; treat write access to the config file like write access to your shell
 * profile. Profiles that assume roles, use SSO or web identity do not apply here: use
 * `Credentials.fromProvider(fromNodeProviderChain())` for those.
 */
export const sharedFiles = (options: ProfileOptions = {}): Credentials.CredentialsProvider<NodeRequirements> =>
  sharedFilesWith(withHome(options))

// The AWS JS SDK skips the environment keys when a profile is selected, so `--profile` / AWS_PROFILE
// is never silently overridden by stray AWS_ACCESS_KEY_ID values.
const environmentUnlessProfile = (profile: string | undefined): Credentials.CredentialsProvider =>
  Credentials.makeProvider(
    "environment",
    Effect.gen(function*() {
      const selected = profile === undefined ? yield* optionalEnv("AWS_PROFILE") : Option.some(profile)
      if (Option.isSome(selected)) {
        return ProviderResult.NotApplicable({
          reason: `profile ${selected.value} is selected, which takes precedence over AWS_ACCESS_KEY_ID`
        })
      }
      return yield* Credentials.environment.resolve
    })
  )

/** Options of the Node default chain. */
export interface DefaultChainOptions extends ProfileOptions, Credentials.DefaultChainOptions {}

/**
 * The AWS JS SDK's default chain: environment (skipped when a profile is selected), shared files
 * (static keys, session tokens, `credential_process`), container, IMDSv2.
 */
export const defaultChain = (
  options: DefaultChainOptions = {}
): ReadonlyArray<Credentials.CredentialsProvider<NodeRequirements | HttpClient.HttpClient>> => [
  environmentUnlessProfile(options.profile),
  sharedFiles(options),
  Credentials.container(options.container),
  Credentials.instanceMetadata(options.instanceMetadata)
]

/** The {@link defaultChain}, cached and refreshed ahead of expiry; brings its own Node file system and process runner. */
export const layerDefaultChain = (
  options: DefaultChainOptions & Credentials.CacheOptions = {}
): Layer.Layer<Credentials.Credentials, never, HttpClient.HttpClient> =>
  Credentials.layerChain(defaultChain(options), options).pipe(Layer.provide(NodeContext.layer))

/** {@link layerDefaultChain} with `fetch` as the HTTP client for the container and IMDS links. */
export const layer = (
  options: DefaultChainOptions & Credentials.CacheOptions = {}
): Layer.Layer<Credentials.Credentials> => layerDefaultChain(options).pipe(Layer.provide(FetchHttpClient.layer))

/**
 * The selected profile's client settings (region, endpoint URLs, retry settings, FIPS and
 * dual-stack switches). Explicit options and environment variables should win over these.
 */
export const loadSharedConfig = (options: ProfileOptions = {}): Effect.Effect<SharedConfig, ConfigurationError> =>
  loadSharedConfigWith(withHome(options)).pipe(Effect.provide(NodeContext.layer))
