/**
 * The profile `--profile` (or `AWS_PROFILE`) selects, read the way the AWS CLI reads it, for two
 * decisions the library leaves to its caller: a profile named but found in neither file is an
 * error that names it (as aws-cli's "The config profile (x) could not be found"), and a profile
 * that assumes a role, uses SSO or web identity gets the AWS SDK's provider chain, loaded only then.
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import * as Credentials from "ssm-association-executions/Credentials"

/** What the CLI needs to know of the selected profile. */
export interface ProfileInfo {
  readonly name: string
  /** Named by `--profile` or `AWS_PROFILE`, rather than the `default` fallback. */
  readonly explicit: boolean
  /** A section for it exists in the config or the credentials file. */
  readonly found: boolean
  /** The setting names of the profile, from both files. */
  readonly keys: ReadonlySet<string>
}

/** Where the files are and what the environment says. */
export interface ProfileSources {
  readonly env: Readonly<Record<string, string | undefined>>
  /** The file's text, `undefined` when it does not exist. */
  readonly readFile: (file: string) => string | undefined
  readonly homeDirectory: string
}

const nodeSources: ProfileSources = {
  env: process.env,
  readFile: (file) => {
    try {
      return fs.readFileSync(file, "utf8")
    } catch {
      return undefined
    }
  },
  homeDirectory: os.homedir()
}

const setting = (env: ProfileSources["env"], name: string) => {
  const value = env[name]
  return value === undefined || value === "" ? undefined : value
}

/** Section name to setting names, of an INI file as the AWS shared files use it. */
export const sectionKeys = (text: string): ReadonlyMap<string, ReadonlySet<string>> => {
  const sections = new Map<string, Set<string>>()
  let current: Set<string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue
    const header = /^\[\s*([^\]]+?)\s*\]/.exec(line)
    if (header !== null) {
      const name = (header[1] ?? "").replace(/\s+/g, " ")
      current = sections.get(name) ?? new Set()
      sections.set(name, current)
      continue
    }
    // Indented lines continue a nested setting (`s3 =` sub-keys); only top-level names count.
    const key = /^([^=\s]+)\s*=/.exec(line)
    if (key !== null && current !== undefined && !/^\s/.test(raw)) current.add((key[1] ?? "").toLowerCase())
  }
  return sections
}

const expandHome = (file: string, home: string) => file.replace(/^~(?=$|[\\/])/, home)

/** The selected profile: `explicit` (`--profile`), else `AWS_PROFILE`, else `default`. */
export const readProfile = (explicit: string | undefined, sources: ProfileSources = nodeSources): ProfileInfo => {
  const fromEnvironment = setting(sources.env, "AWS_PROFILE")
  const name = explicit ?? fromEnvironment ?? "default"
  const configFile = expandHome(
    setting(sources.env, "AWS_CONFIG_FILE") ?? path.join(sources.homeDirectory, ".aws", "config"),
    sources.homeDirectory
  )
  const credentialsFile = expandHome(
    setting(sources.env, "AWS_SHARED_CREDENTIALS_FILE") ?? path.join(sources.homeDirectory, ".aws", "credentials"),
    sources.homeDirectory
  )
  const config = sectionKeys(sources.readFile(configFile) ?? "")
  const credentials = sectionKeys(sources.readFile(credentialsFile) ?? "")
  const sections = [
    name === "default" ? config.get("default") : undefined,
    config.get(`profile ${name}`),
    credentials.get(name)
  ].filter((section) => section !== undefined)
  return {
    name,
    explicit: explicit !== undefined || fromEnvironment !== undefined,
    found: sections.length > 0,
    keys: new Set(sections.flatMap((section) => [...section]))
  }
}

/** Whether the profile gets its credentials in a way only the AWS SDK's provider chain resolves. */
export const needsSdkProviders = (profile: ProfileInfo): boolean =>
  [...profile.keys].some((key) =>
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

/**
 * The AWS SDK's Node provider chain for `profile` (SSO, assume-role, web identity, and all the
 * rest), imported on first use so that a listing with plain keys never loads it.
 */
export const sdkCredentials = (profile: string): Credentials.CredentialsProvider => {
  let chain: Promise<() => Promise<Credentials.SdkCredentials>> | undefined
  return Credentials.fromProvider(() => {
    chain ??= import("@aws-sdk/credential-providers").then((providers) => providers.fromNodeProviderChain({ profile }))
    return chain.then((resolve) => resolve())
  }, { name: `profile ${profile} (AWS SDK provider chain)` })
}

/** The checks and credentials of the selected profile, for the CLI's AWS layer. */
export const profileCredentials = (
  explicit: string | undefined,
  sources: ProfileSources = nodeSources
): Effect.Effect<Credentials.CredentialsProvider | undefined, ConfigurationError> =>
  Effect.suspend(() => {
    const profile = readProfile(explicit, sources)
    const missing = missingProfile(profile)
    if (missing !== undefined) return Effect.fail(missing)
    return Effect.succeed(needsSdkProviders(profile) ? sdkCredentials(profile.name) : undefined)
  })
