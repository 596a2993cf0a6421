/**
 * The engine of `Endpoint.ts` (both Effect lines): the region and a custom endpoint checked, then
 * the SSM endpoint rule set evaluated (`partitions.ts`), each failure a `ConfigurationError` that
 * says what to change. Plain code: each line's `resolveEndpoint` wraps the answer in its
 * `Either` or `Result`.
 */
import { ConfigurationError } from "../AssociationExecutionsError.js"
import type { EndpointOptions, ResolvedEndpoint } from "./endpointOptions.js"
import { evaluateRuleSet, partitionOf, type RuleSetError, ruleSetErrors } from "./partitions.js"
import type { Settled } from "./settled.js"

const setRegion = "set AWS_REGION (or AWS_DEFAULT_REGION) or pass `region`"
const customEndpointSources = "`endpoint`, AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL"

const ruleSetHints: Record<RuleSetError, string> = {
  fipsWithCustomEndpoint:
    `FIPS and a custom endpoint cannot be combined: turn off \`useFipsEndpoint\` / AWS_USE_FIPS_ENDPOINT (a region named fips-* turns it on too) or remove the custom endpoint (${customEndpointSources})`,
  dualStackWithCustomEndpoint:
    `dual-stack and a custom endpoint cannot be combined: turn off \`useDualstackEndpoint\` / AWS_USE_DUALSTACK_ENDPOINT or remove the custom endpoint (${customEndpointSources})`,
  fipsAndDualStackUnsupported:
    "turn off `useFipsEndpoint` / AWS_USE_FIPS_ENDPOINT or `useDualstackEndpoint` / AWS_USE_DUALSTACK_ENDPOINT",
  fipsUnsupported: "turn off `useFipsEndpoint` / AWS_USE_FIPS_ENDPOINT",
  dualStackUnsupported: "turn off `useDualstackEndpoint` / AWS_USE_DUALSTACK_ENDPOINT",
  missingRegion: `no AWS region is configured: ${setRegion}`
}

const ruleSetFailure = (error: RuleSetError, region: string | undefined): ConfigurationError => {
  const hint = ruleSetHints[error]
  switch (error) {
    case "fipsAndDualStackUnsupported":
    case "fipsUnsupported":
    case "dualStackUnsupported":
      return new ConfigurationError({
        reason: `${ruleSetErrors[error]} (region ${region}, partition ${
          region === undefined ? "unknown" : partitionOf(region).name
        }): ${hint}`
      })
    default:
      return new ConfigurationError({ reason: hint })
  }
}

// A region goes into a host name, so it must be one DNS label (what the AWS SDKs check too).
const hostLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

// The legacy endpoints.json lists deprecated pseudo-regions such as `fips-us-east-1` (and the JS SDK
// also accepts `us-east-1-fips`): they mean the real region with FIPS on.
const legacyFipsRegion = /^fips-(.+)$|^(.+)-fips$/

interface Region {
  readonly region: string
  readonly forcesFips: boolean
}

/** The region checked: `undefined` when none is set, a `ConfigurationError` when it cannot be one. */
const parseRegion = (region: string | undefined): Region | undefined | ConfigurationError => {
  if (region === undefined || region === "") return undefined
  const legacy = legacyFipsRegion.exec(region)
  const realRegion = legacy === null ? region : legacy[1] ?? legacy[2] ?? region
  return hostLabel.test(realRegion)
    ? { region: realRegion, forcesFips: legacy !== null }
    : new ConfigurationError({
      reason: `region ${JSON.stringify(region)} is not a valid AWS region name (expected something like us-east-1)`
    })
}

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "https:" || url.protocol === "http:"
  } catch {
    return false
  }
}

/** The custom endpoint checked, verbatim as the rule set uses it (`https://example.com` keeps no trailing slash). */
const parseCustomEndpoint = (endpoint: string | URL | undefined): string | undefined | ConfigurationError => {
  if (endpoint === undefined) return undefined
  const text = typeof endpoint === "string" ? endpoint : endpoint.href
  return isHttpUrl(text) ? text : new ConfigurationError({
    reason: `the custom endpoint ${
      JSON.stringify(text)
    } is not an http(s) URL (set by ${customEndpointSources}); expected e.g. http://127.0.0.1:4566`
  })
}

/** The endpoint resolved, or the `ConfigurationError` that says what to change (a plain union, read alike on both lines). */
export type EndpointResolution = Settled<ResolvedEndpoint, ConfigurationError>

const invalid = (error: ConfigurationError): EndpointResolution => ({ ok: false, error })

/** See `Endpoint.resolveEndpoint`. */
export const resolve = (options: EndpointOptions): EndpointResolution => {
  const region = parseRegion(options.region)
  if (region instanceof ConfigurationError) return invalid(region)
  const endpoint = parseCustomEndpoint(options.endpoint)
  if (endpoint instanceof ConfigurationError) return invalid(endpoint)
  const rule = evaluateRuleSet({
    region: region?.region,
    endpoint,
    useFips: options.useFipsEndpoint === true || region?.forcesFips === true,
    useDualStack: options.useDualstackEndpoint === true
  })
  if (!rule.ok) return invalid(ruleSetFailure(rule.error, region?.region))
  if (region === undefined) {
    return invalid(
      new ConfigurationError({
        reason: `the custom endpoint ${rule.value} still needs a region to sign requests for: ${setRegion}`
      })
    )
  }
  return { ok: true, value: { url: rule.value, signingRegion: region.region } }
}
