/**
 * The AWS shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`): a small INI
 * parser, the selected profile's merged settings, and the typed settings the client reads from it.
 * Files are read through the host seam (`hostSystem.ts`), which the Node entry provides.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ConfigurationError } from "../AssociationExecutionsError.js"
import { HostSystem } from "../line/hostSystem.js"
import { optionalEnv } from "./environment.js"
import { scrubText } from "./scrub.js"
import type { SettingsSource } from "./settings.js"

/** Sections by name; each maps keys to values. Sub-section keys are `parent.child`. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>

// A comment starts with `#` or `;` at the start of a line or after whitespace, so `abc#def` stays a value.
const commentStart = /(^|\s)[#;]/

/**
 * Parses the AWS flavour of INI. A key with an empty value opens a sub-section, whose indented
 * `key = value` lines are stored as `parent.key` (the `services` sections use this); the first
 * unindented line closes it. Lines that are neither sections nor assignments are ignored, as the
 * JS SDK does.
 */
export const parseIni = (text: string): IniSections => {
  const sections = new Map<string, Map<string, string>>()
  let section: Map<string, string> | undefined
  let subSection: string | undefined
  for (const rawLine of text.split(/\r?\n/)) {
    const comment = commentStart.exec(rawLine)
    const line = comment === null ? rawLine : rawLine.slice(0, comment.index)
    const trimmed = line.trim()
    if (trimmed === "") continue
    if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
      const name = trimmed.slice(1, -1).trim().split(/\s+/).join(" ")
      section = sections.get(name) ?? new Map<string, string>()
      sections.set(name, section)
      subSection = undefined
      continue
    }
    const equals = line.indexOf("=")
    if (section === undefined || equals <= 0) continue
    const key = line.slice(0, equals).trim()
    const value = line.slice(equals + 1).trim()
    if (key === "") continue
    const indented = /^\s/.test(line)
    if (!indented) subSection = undefined
    if (value === "" && !indented) {
      subSection = key
      continue
    }
    section.set(subSection === undefined ? key : `${subSection}.${key}`, value)
  }
  return sections
}

/** Where to look and which profile to select; each falls back to the environment, then the default. */
export interface ProfileOptions {
  /** @default `AWS_PROFILE`, else `default` */
  readonly profile?: string | undefined
  /** @default `AWS_CONFIG_FILE`, else `~/.aws/config` */
  readonly configFile?: string | undefined
  /** @default `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials` */
  readonly credentialsFile?: string | undefined
  /** Used when `HOME`, `USERPROFILE` and `HOMEDRIVE`/`HOMEPATH` are all unset (Node passes `os.homedir()`). */
  readonly homeDirectory?: string | undefined
}

/** The selected profile, merged from both files (the credentials file wins, as in the SDKs). */
export interface LoadedProfile {
  readonly name: string
  /** Whether either file has a section for the profile. */
  readonly found: boolean
  /** Whether the name came from an option or `AWS_PROFILE` rather than the `default` fallback. */
  readonly explicit: boolean
  readonly settings: ReadonlyMap<string, string>
  /** The `[services <name>]` section that the profile's `services` key names, or empty. */
  readonly services: ReadonlyMap<string, string>
  readonly configFile: string
  readonly credentialsFile: string
}

const homeDirectory = (fallback: string | undefined) =>
  Effect.gen(function*() {
    const home = yield* optionalEnv("HOME")
    if (Option.isSome(home)) return Option.some(home.value)
    const userProfile = yield* optionalEnv("USERPROFILE")
    if (Option.isSome(userProfile)) return Option.some(userProfile.value)
    const homePath = yield* optionalEnv("HOMEPATH")
    if (Option.isSome(homePath)) {
      return Option.some(`${Option.getOrElse(yield* optionalEnv("HOMEDRIVE"), () => "C:\\")}${homePath.value}`)
    }
    return fallback === undefined ? Option.none() : Option.some(fallback)
  })

const resolveFile = (
  explicit: string | undefined,
  variable: string,
  defaultName: string,
  fallbackHome: string | undefined
): Effect.Effect<string, ConfigurationError, HostSystem> =>
  Effect.gen(function*() {
    const host = yield* HostSystem
    const configured = explicit ?? Option.getOrUndefined(yield* optionalEnv(variable))
    const home = yield* homeDirectory(fallbackHome)
    if (configured !== undefined) {
      // The SDKs expand a leading `~` in these variables themselves.
      const tilde = /^~(?=$|[\\/])/.exec(configured)
      if (tilde === null || Option.isNone(home)) return configured
      return host.joinPath(home.value, configured.slice(1))
    }
    if (Option.isNone(home)) {
      return yield* new ConfigurationError({
        reason: `cannot locate ~/.aws/${defaultName}: no home directory is set (set HOME or ${variable})`
      })
    }
    return host.joinPath(home.value, ".aws", defaultName)
  })

// A missing file is an empty file: most machines have only one of the two.
const readSections = (file: string): Effect.Effect<IniSections, ConfigurationError, HostSystem> =>
  HostSystem.pipe(
    Effect.flatMap((host) => host.readTextFile(file)),
    Effect.map((text) => parseIni(Option.getOrElse(text, () => ""))),
    Effect.mapError((reason) => new ConfigurationError({ reason: `could not read ${file}: ${reason}` }))
  )

const merge = (maps: ReadonlyArray<ReadonlyMap<string, string> | undefined>): ReadonlyMap<string, string> =>
  new Map(maps.flatMap((map) => (map === undefined ? [] : [...map])))

/** Loads the selected profile from the config and credentials files. */
export const loadProfile = (
  options: ProfileOptions = {}
): Effect.Effect<LoadedProfile, ConfigurationError, HostSystem> =>
  Effect.gen(function*() {
    const fromEnvironment = yield* optionalEnv("AWS_PROFILE")
    const name = options.profile ?? Option.getOrElse(fromEnvironment, () => "default")
    const configFile = yield* resolveFile(options.configFile, "AWS_CONFIG_FILE", "config", options.homeDirectory)
    const credentialsFile = yield* resolveFile(
      options.credentialsFile,
      "AWS_SHARED_CREDENTIALS_FILE",
      "credentials",
      options.homeDirectory
    )
    const config = yield* readSections(configFile)
    const credentials = yield* readSections(credentialsFile)
    // The config file names profiles `[profile x]` (and the default one also `[default]`); the
    // credentials file names them `[x]`.
    const sources = [
      name === "default" ? config.get("default") : undefined,
      config.get(`profile ${name}`),
      credentials.get(name)
    ]
    const settings = merge(sources)
    const servicesName = settings.get("services")
    return {
      name,
      found: sources.some((source) => source !== undefined),
      explicit: options.profile !== undefined || Option.isSome(fromEnvironment),
      settings,
      services: servicesName === undefined ? new Map() : config.get(`services ${servicesName}`) ?? new Map(),
      configFile,
      credentialsFile
    }
  })

/** What a caller may ask of the selected profile without being handed its values (some are secrets). */
export interface ProfileInfo {
  readonly name: string
  /** Whether the name came from the `profile` option or `AWS_PROFILE` rather than the `default` fallback. */
  readonly explicit: boolean
  /** Whether either file has a section for the profile. */
  readonly found: boolean
  /** The names of its settings from both files, as written (a sub-setting as `parent.child`). */
  readonly settingNames: ReadonlySet<string>
  readonly configFile: string
  readonly credentialsFile: string
}

/** {@link ProfileOptions}, and where the files' text comes from. */
export interface ProfileInfoOptions extends ProfileOptions {
  /**
   * A file's text, `undefined` when there is no such file; for files held elsewhere than the
   * disk (a test's). The host's own reader by default.
   */
  readonly readFile?: ((path: string) => string | undefined) | undefined
}

/** The selected profile's name, origin, existence and setting names. */
export const profileInfo = (
  options: ProfileInfoOptions = {}
): Effect.Effect<ProfileInfo, ConfigurationError, HostSystem> => {
  const { readFile, ...profileOptions } = options
  const info = Effect.map(loadProfile(profileOptions), (profile): ProfileInfo => ({
    name: profile.name,
    explicit: profile.explicit,
    found: profile.found,
    settingNames: new Set(profile.settings.keys()),
    configFile: profile.configFile,
    credentialsFile: profile.credentialsFile
  }))
  return readFile === undefined ? info : Effect.updateService(info, HostSystem, (host) => ({
    ...host,
    readTextFile: (path) =>
      Effect.sync(() => {
        const text = readFile(path)
        return text === undefined ? Option.none() : Option.some(text)
      })
  }))
}

/** The profile settings the client uses (spec 1.3); explicit options and the environment win over them. */
export interface SharedConfig extends SettingsSource {
  readonly profile: string
}

const invalid = (profile: LoadedProfile, key: string, value: string, expected: string) =>
  new ConfigurationError({
    // The value is quoted so the mistake can be seen; a key pasted into the wrong setting is not.
    reason: `${key} = ${
      scrubText(value, [], 200)
    } in profile ${profile.name} (${profile.configFile}) is not ${expected}`
  })

const booleanSetting = (
  profile: LoadedProfile,
  key: string
): Effect.Effect<boolean | undefined, ConfigurationError> => {
  const value = profile.settings.get(key)
  if (value === undefined) return Effect.succeed(undefined)
  const normalized = value.toLowerCase()
  if (normalized === "true" || normalized === "false") return Effect.succeed(normalized === "true")
  return Effect.fail(invalid(profile, key, value, "true or false"))
}

/** Reads and checks the typed settings of a loaded profile. */
export const toSharedConfig = (profile: LoadedProfile): Effect.Effect<SharedConfig, ConfigurationError> =>
  Effect.gen(function*() {
    const maxAttemptsText = profile.settings.get("max_attempts")
    const maxAttempts = maxAttemptsText === undefined ? undefined : Number(maxAttemptsText)
    if (maxAttemptsText !== undefined && (!Number.isInteger(maxAttempts) || (maxAttempts ?? 0) < 1)) {
      return yield* invalid(profile, "max_attempts", maxAttemptsText, "a whole number of at least 1")
    }
    const retryModeText = profile.settings.get("retry_mode")
    const retryMode = retryModeText === undefined
      ? undefined
      : (["legacy", "standard", "adaptive"] as const).find((mode) => mode === retryModeText.toLowerCase())
    if (retryModeText !== undefined && retryMode === undefined) {
      return yield* invalid(profile, "retry_mode", retryModeText, "legacy, standard or adaptive")
    }
    return {
      profile: profile.name,
      region: profile.settings.get("region"),
      endpointUrl: profile.settings.get("endpoint_url"),
      ssmEndpointUrl: profile.services.get("ssm.endpoint_url"),
      maxAttempts,
      retryMode,
      useFipsEndpoint: yield* booleanSetting(profile, "use_fips_endpoint"),
      useDualstackEndpoint: yield* booleanSetting(profile, "use_dualstack_endpoint"),
      ignoreConfiguredEndpointUrls: yield* booleanSetting(profile, "ignore_configured_endpoint_urls")
    }
  })

/** Loads the selected profile and reads its typed settings. */
export const loadSharedConfig = (
  options: ProfileOptions = {}
): Effect.Effect<SharedConfig, ConfigurationError, HostSystem> => Effect.flatMap(loadProfile(options), toSharedConfig)
