/**
 * The one place where a layer's settings are decided: explicit options win, then the environment,
 * then the shared config profile, field by field. Each source comes in raw (the endpoint switch
 * included), so no source drops a value before the precedence is applied.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Options } from "../AssociationExecutions.js"
import type { ConfigError } from "../line/config.js"
import { optionalAwsBoolean, optionalChoice, optionalInteger, optionalString } from "./environment.js"

/** The retry modes the SDKs know. */
export type RetryMode = "legacy" | "standard" | "adaptive"

/** One source of settings below the explicit options (the environment, a profile); every field optional. */
export interface SettingsSource {
  readonly region?: string | undefined
  /** The endpoint for every service (`AWS_ENDPOINT_URL`, a profile's `endpoint_url`). */
  readonly endpointUrl?: string | undefined
  /** The endpoint for SSM only (`AWS_ENDPOINT_URL_SSM`, a profile's `services` section). */
  readonly ssmEndpointUrl?: string | undefined
  /** Skip every configured endpoint URL, environment and profile alike (spec 1.3). */
  readonly ignoreConfiguredEndpointUrls?: boolean | undefined
  readonly useFipsEndpoint?: boolean | undefined
  readonly useDualstackEndpoint?: boolean | undefined
  readonly maxAttempts?: number | undefined
  readonly retryMode?: RetryMode | undefined
}

/** The AWS environment variables the SDKs read for these settings. */
export const environment: Effect.Effect<SettingsSource, ConfigError> = Effect.all({
  region: optionalString("AWS_REGION"),
  defaultRegion: optionalString("AWS_DEFAULT_REGION"),
  ssmEndpointUrl: optionalString("AWS_ENDPOINT_URL_SSM"),
  endpointUrl: optionalString("AWS_ENDPOINT_URL"),
  ignoreConfiguredEndpointUrls: optionalAwsBoolean("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
  useFipsEndpoint: optionalAwsBoolean("AWS_USE_FIPS_ENDPOINT"),
  useDualstackEndpoint: optionalAwsBoolean("AWS_USE_DUALSTACK_ENDPOINT"),
  maxAttempts: optionalInteger("AWS_MAX_ATTEMPTS", 1),
  retryMode: optionalChoice("AWS_RETRY_MODE", ["standard", "adaptive", "legacy"])
}).pipe(Effect.map(({ defaultRegion, region, ...rest }) => ({
  region: Option.getOrUndefined(Option.orElse(region, () => defaultRegion)),
  ssmEndpointUrl: Option.getOrUndefined(rest.ssmEndpointUrl),
  endpointUrl: Option.getOrUndefined(rest.endpointUrl),
  ignoreConfiguredEndpointUrls: Option.getOrUndefined(rest.ignoreConfiguredEndpointUrls),
  useFipsEndpoint: Option.getOrUndefined(rest.useFipsEndpoint),
  useDualstackEndpoint: Option.getOrUndefined(rest.useDualstackEndpoint),
  maxAttempts: Option.getOrUndefined(rest.maxAttempts),
  retryMode: Option.getOrUndefined(rest.retryMode)
})))

const first = <A>(...values: ReadonlyArray<A | undefined>): A | undefined => values.find((value) => value !== undefined)

const present = <K extends string, A>(key: K, value: A | undefined): { [P in K]?: A } =>
  value === undefined ? {} : { [key]: value } as { [P in K]: A }

/** Explicit options over the environment over the profile, each field decided once. */
export const resolve = (explicit: Options, environment: SettingsSource, profile: SettingsSource = {}): Options => {
  // The environment's switch, true or false, wins over the profile's; an explicit endpoint is never skipped.
  const ignoreConfigured = first(environment.ignoreConfiguredEndpointUrls, profile.ignoreConfiguredEndpointUrls)
  const configuredEndpoint = ignoreConfigured === true
    ? undefined
    : first(environment.ssmEndpointUrl, environment.endpointUrl, profile.ssmEndpointUrl, profile.endpointUrl)
  const maxAttempts = first(explicit.retry?.maxAttempts, environment.maxAttempts, profile.maxAttempts)
  // The SDKs' retry modes: `adaptive` adds the client-side limiter (our default); `standard` and
  // `legacy` ask for retries without it.
  const mode = first(environment.retryMode, profile.retryMode)
  const adaptive = first(explicit.rateLimit?.adaptive, mode === undefined ? undefined : mode === "adaptive")
  return {
    ...explicit,
    ...present("region", first(explicit.region, environment.region, profile.region)),
    ...present("endpoint", first(explicit.endpoint, configuredEndpoint)),
    ...present(
      "useFipsEndpoint",
      first(explicit.useFipsEndpoint, environment.useFipsEndpoint, profile.useFipsEndpoint)
    ),
    ...present(
      "useDualstackEndpoint",
      first(explicit.useDualstackEndpoint, environment.useDualstackEndpoint, profile.useDualstackEndpoint)
    ),
    retry: { ...explicit.retry, ...present("maxAttempts", maxAttempts) },
    rateLimit: { ...explicit.rateLimit, ...present("adaptive", adaptive) }
  }
}

/** The options a layer runs with: `explicit`, then the environment, then `profile`. */
export const config = (
  explicit: Options = {},
  profile: SettingsSource = {}
): Effect.Effect<Options, ConfigError> =>
  Effect.map(environment, (fromEnvironment) => resolve(explicit, fromEnvironment, profile))
