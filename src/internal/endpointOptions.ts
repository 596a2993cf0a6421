/**
 * What decides the endpoint and what resolving it gives, declared once for both Effect lines
 * (each line's `Endpoint.ts` exports these).
 */

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
