/**
 * The profile `--profile` (or `AWS_PROFILE`) selects, as the library's resolver reads it
 * (`NodeCredentials.profileInfo`), for two decisions the library leaves to its caller: a profile
 * named but found in neither file is an error that names it (as aws-cli's "The config profile (x)
 * could not be found"), and a profile that assumes a role, uses SSO or web identity gets the AWS
 * SDK's provider chain, loaded only then.
 */
import type * as Providers from "@aws-sdk/credential-providers"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import * as Credentials from "ssm-association-executions/Credentials"
import * as NodeCredentials from "ssm-association-executions/NodeCredentials"

/** What the CLI needs to know of the selected profile. */
export type ProfileInfo = NodeCredentials.ProfileInfo

/** The environment and files to read instead of the process's and the disk's (for tests). */
export interface ProfileSources {
  readonly env: Readonly<Record<string, string | undefined>>
  /** The file's text, `undefined` when it does not exist. */
  readonly readFile: (file: string) => string | undefined
  /** Where `~` is when the environment names no home directory. */
  readonly homeDirectory: string
}

const environment = (env: ProfileSources["env"]) =>
  ConfigProvider.fromMap(
    new Map(Object.entries(env).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])))
  )

/** The selected profile: `explicit` (`--profile`), else `AWS_PROFILE`, else `default`. */
const selectedProfile = (
  explicit: string | undefined,
  sources: ProfileSources | undefined
): Effect.Effect<ProfileInfo, ConfigurationError> =>
  sources === undefined
    ? NodeCredentials.profileInfo({ profile: explicit })
    : NodeCredentials.profileInfo({
      profile: explicit,
      homeDirectory: sources.homeDirectory,
      readFile: sources.readFile
    })
      .pipe(Effect.withConfigProvider(environment(sources.env)))

/**
 * The selected profile read from `sources`. Synchronous, as their reader is; it cannot fail, since
 * `sources` always has a home directory and a missing file reads as empty.
 */
export const readProfile = (explicit: string | undefined, sources: ProfileSources): ProfileInfo =>
  Effect.runSync(selectedProfile(explicit, sources))

/** Whether the profile gets its credentials in a way only the AWS SDK's provider chain resolves. */
export const needsSdkProviders = (profile: ProfileInfo): boolean =>
  [...profile.settingNames].map((name) => name.toLowerCase()).some((key) =>
    key === "role_arn" || key === "web_identity_token_file" || key === "sso_session" || key.startsWith("sso_")
  )

/** A profile that was named but does not exist, in aws-cli's words. */
export const missingProfile = (profile: ProfileInfo): ConfigurationError | undefined =>
  profile.explicit && !profile.found
    ? new ConfigurationError({
      reason: `The config profile (${profile.name}) could not be found in ~/.aws/config or ~/.aws/credentials ` +
        "(AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); create it with aws configure --profile " +
        `${profile.name}, or choose another`
    })
    : undefined

// Node hands `import()` of the (CommonJS) package its named exports; the CLI's bundle, split by
// esbuild, hands it only `{ default: exports }`.
type LoadedProviders = typeof Providers | { readonly default: typeof Providers }

/** `fromNodeProviderChain`, imported on first use, as Node loads the package or as the bundle does. */
export const loadNodeProviderChain = (): Promise<typeof Providers.fromNodeProviderChain> =>
  import("@aws-sdk/credential-providers").then((loaded: LoadedProviders) =>
    ("fromNodeProviderChain" in loaded ? loaded : loaded.default).fromNodeProviderChain
  )

/**
 * The AWS SDK's Node provider chain for `profile` (SSO, assume-role, web identity, and all the
 * rest), imported on first use so that a listing with plain keys never loads it.
 */
export const sdkCredentials = (profile: string): Credentials.CredentialsProvider => {
  let chain: Promise<() => Promise<Credentials.SdkCredentials>> | undefined
  return Credentials.fromProvider(() => {
    chain ??= loadNodeProviderChain().then((fromNodeProviderChain) => fromNodeProviderChain({ profile }))
    return chain.then((resolve) => resolve())
  }, { name: `profile ${profile} (AWS SDK provider chain)` })
}

/**
 * The checks and credentials of the selected profile, for the CLI's AWS layer: the process's
 * environment and files unless `sources` are given.
 */
export const profileCredentials = (
  explicit: string | undefined,
  sources?: ProfileSources
): Effect.Effect<Credentials.CredentialsProvider | undefined, ConfigurationError> =>
  Effect.flatMap(selectedProfile(explicit, sources), (profile) => {
    const missing = missingProfile(profile)
    if (missing !== undefined) return Effect.fail(missing)
    return Effect.succeed(needsSdkProviders(profile) ? sdkCredentials(profile.name) : undefined)
  })
