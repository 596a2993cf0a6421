/**
 * The engine of `Endpoint.ts`: the region and a custom endpoint checked, then the SSM endpoint rule
 * set evaluated (`partitions.ts`), each failure a `ConfigurationError` that says what to change.
 */
import * as Either from "effect/Either"
import { ConfigurationError } from "../AssociationExecutionsError.js"
import type { EndpointOptions, ResolvedEndpoint } from "../Endpoint.js"
import { evaluateRuleSet, partitionOf, type RuleSetError, ruleSetErrors } from "./partitions.js"

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

const parseRegion = (
  region: string | undefined
): Either.Either<{ readonly region: string; readonly forcesFips: boolean } | undefined, ConfigurationError> => {
  if (region === undefined || region === "") return Either.right(undefined)
  const legacy = legacyFipsRegion.exec(region)
  const realRegion = legacy === null ? region : legacy[1] ?? legacy[2] ?? region
  return hostLabel.test(realRegion)
    ? Either.right({ region: realRegion, forcesFips: legacy !== null })
    : Either.left(
      new ConfigurationError({
        reason: `region ${JSON.stringify(region)} is not a valid AWS region name (expected something like us-east-1)`
      })
    )
}

const parseCustomEndpoint = (
  endpoint: string | URL | undefined
): Either.Either<string | undefined, ConfigurationError> => {
  if (endpoint === undefined) return Either.right(undefined)
  const text = typeof endpoint === "string" ? endpoint : endpoint.href
  const invalid = new ConfigurationError({
    reason: `the custom endpoint ${
      JSON.stringify(text)
    } is not an http(s) URL (set by ${customEndpointSources}); expected e.g. http://127.0.0.1:4566`
  })
  return Either.try({ try: () => new URL(text), catch: () => invalid }).pipe(
    Either.filterOrLeft((url) => url.protocol === "https:" || url.protocol === "http:", () => invalid),
    // Verbatim, as the rule set does: `https://example.com` stays without a trailing slash.
    Either.map(() => text)
  )
}

/** See `Endpoint.resolveEndpoint`. */
export const resolveEndpoint = (options: EndpointOptions): Either.Either<ResolvedEndpoint, ConfigurationError> =>
  Either.gen(function*() {
    const region = yield* parseRegion(options.region)
    const endpoint = yield* parseCustomEndpoint(options.endpoint)
    const url = yield* Either.mapLeft(
      evaluateRuleSet({
        region: region?.region,
        endpoint,
        useFips: options.useFipsEndpoint === true || region?.forcesFips === true,
        useDualStack: options.useDualstackEndpoint === true
      }),
      (error) => ruleSetFailure(error, region?.region)
    )
    if (region === undefined) {
      return yield* Either.left(
        new ConfigurationError({
          reason: `the custom endpoint ${url} still needs a region to sign requests for: ${setRegion}`
        })
      )
    }
    return { url, signingRegion: region.region }
  })
