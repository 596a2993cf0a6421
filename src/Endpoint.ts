/**
 * Where requests go and which region signs them: an explicit or configured endpoint, else the SSM
 * host of the region's partition (with FIPS and dual-stack), exactly as the AWS SDKs resolve it.
 */
import * as Either from "effect/Either"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as internal from "./internal/endpoint.js"
import type { EndpointOptions, ResolvedEndpoint } from "./internal/endpointOptions.js"

export type { EndpointOptions, ResolvedEndpoint } from "./internal/endpointOptions.js"

/**
 * Resolves the endpoint and signing region with the SSM endpoint rule set: a custom endpoint is
 * used verbatim (and still signs for the configured region), otherwise the region's partition
 * gives the host, honouring FIPS (GovCloud's regular host is its FIPS host) and dual-stack.
 */
export const resolveEndpoint = (options: EndpointOptions): Either.Either<ResolvedEndpoint, ConfigurationError> => {
  const resolution = internal.resolve(options)
  return resolution.ok ? Either.right(resolution.value) : Either.left(resolution.error)
}
