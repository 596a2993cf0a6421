/**
 * Node-only: the AWS SDKs' full default credentials chain, with the shared config and credentials
 * files and `credential_process` between the environment and the container / IMDS links. Files
 * and processes are read with `node:` builtins: nothing beyond the library's own dependencies.
 * `profileInfo` answers what the selected profile is, from the same reading of the files.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as os from "node:os"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as Credentials from "./Credentials.js"
import { type CredentialsProvider, ProviderResult } from "./internal/credentials/provider.js"
import { sharedFiles as sharedFilesWith } from "./internal/credentials/sharedFiles.js"
import { optionalEnv } from "./internal/environment.js"
import type { HostSystem } from "./internal/hostSystem.js"
import * as NodeHostSystem from "./internal/nodeHostSystem.js"
import {
  type ProfileInfo,
  profileInfo as profileInfoWith,
  type ProfileInfoOptions,
  type ProfileOptions
} from "./internal/sharedConfig.js"

export type { ProfileInfo, ProfileInfoOptions, ProfileOptions } from "./internal/sharedConfig.js"

const withHome = <Options extends ProfileOptions>(options: Options): Options => ({
  homeDirectory: os.homedir(),
  ...options
})

/** The provider with the Node host seam (files, processes) supplied. */
const onNode = <R>(provider: CredentialsProvider<R>): CredentialsProvider<Exclude<R, HostSystem>> => ({
  name: provider.name,
  resolve: Effect.provide(provider.resolve, NodeHostSystem.layer)
})

/**
 * The selected profile as the library reads it (`profile`, else `AWS_PROFILE`, else `default`;
 * `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`): its name, whether it was
 * named or fell back to `default`, whether either file has it, and its setting names (no values).
 * For what the library leaves to its caller: a named profile that does not exist, or one whose
 * credentials only the AWS SDK resolves (`role_arn`, `sso_*`, `web_identity_token_file`). A
 * missing file is an empty one; an unreadable file or no home directory is a `ConfigurationError`.
 * The environment is read through Effect's `ConfigProvider`.
 */
export const profileInfo = (options: ProfileInfoOptions = {}): Effect.Effect<ProfileInfo, ConfigurationError> =>
  Effect.provide(profileInfoWith(withHome(options)), NodeHostSystem.layer)

/**
 * Credentials from the selected profile: static keys with an optional session token, or
 * `credential_process`. The command line is run through the system shell exactly as configured,
 * as the AWS JS SDK does; treat write access to the config file like write access to your shell
 * profile. Profiles that assume roles, use SSO or web identity do not apply here: use
 * `Credentials.fromProvider(fromNodeProviderChain())` for those.
 */
export const sharedFiles = (options: ProfileOptions = {}): CredentialsProvider =>
  onNode(sharedFilesWith(withHome(options)))

// The AWS JS SDK skips the environment keys when a profile is selected, so `--profile` / AWS_PROFILE
// is never silently overridden by stray AWS_ACCESS_KEY_ID values.
const environmentUnlessProfile = (profile: string | undefined): CredentialsProvider =>
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
 * What `NodeAssociationExecutions.layerConfig` uses without `credentials`: the AWS JS SDK's
 * default chain on Node. Environment (skipped when a profile is selected), shared files (static
 * keys, session tokens, `credential_process`), container (its token file read from disk), IMDSv2.
 */
export const defaultChain = (
  options: DefaultChainOptions = {}
): ReadonlyArray<CredentialsProvider<HttpClient.HttpClient>> => [
  environmentUnlessProfile(options.profile),
  sharedFiles(options),
  onNode(Credentials.container(options.container)),
  Credentials.instanceMetadata(options.instanceMetadata)
]
