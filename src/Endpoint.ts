/**
 * Where requests go and which region signs them: an explicit or configured endpoint, else the SSM
 * host of the region's partition (with FIPS and dual-stack), exactly as the AWS SDKs resolve it.
 */
import type * as Either from "effect/Either"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as internal from "./internal/endpoint.js"

/** What decides the endpoint. Every field is optional; `layerConfig` also reads them from the environment. */
export interface EndpointOptions {
  /**
   * The AWS region, e.g. `eu-west-1`. Required, also with a custom endpoint, because it is the
   * region requests are signed for.
   */
  readonly region?: string | undefined
  /**
   * A custom endpoint (e.g. `http://127.0.0.1:4566`), used verbatim instead of the partition's host.
   * @default the SSM host of the region's partition
   */
  readonly endpoint?: string | URL | undefined
  /**
   * Use the FIPS endpoint. Cannot be combined with a custom endpoint.
   * @default false
   */
  readonly useFipsEndpoint?: boolean | undefined
  /**
   * Use the dual-stack (IPv4 and IPv6) endpoint. Cannot be combined with a custom endpoint.
   * @default false
   */
  readonly useDualstackEndpoint?: boolean | undefined
}

/** The resolved endpoint. */
export interface ResolvedEndpoint {
  /** Base URL to POST to, e.g. `https://ssm.eu-west-1.amazonaws.com`. */
  readonly url: string
  /** The region in the SigV4 credential scope (the real region for legacy `fips-*` pseudo-regions). */
  readonly signingRegion: string
}

/**
 * Resolves the endpoint and signing region with the SSM endpoint rule set: a custom endpoint is
 * used verbatim (and still signs for the configured region), otherwise the region's partition
 * gives the host, honouring FIPS (GovCloud's regular host is its FIPS host) and dual-stack.
 */
export const resolveEndpoint: (
  options: EndpointOptions
) => Either.Either<ResolvedEndpoint, ConfigurationError> = internal.resolveEndpoint
