/**
 * The signatures a local model accepts: the printed key pair and the SigV4 settings the test
 * layer, the in-memory `HttpClient` and the local endpoint check requests against.
 */
import * as Redacted from "effect/Redacted"
import type { AcceptedCredentials, VerifyOptions } from "../sigv4Verify.js"

/** See `InMemorySsm.localCredentials`. */
export const localCredentials: AcceptedCredentials = {
  accessKeyId: "AKIDLOCALSSMEXAMPLE",
  secretAccessKey: Redacted.make("local/ssm/secret/not-a-real-key/EXAMPLEKEY")
}

/** SigV4 settings for the wire handler: service `ssm`, a 5-minute window, the local pair. */
export const signatureVerification = (options: {
  readonly credentials?: ReadonlyArray<AcceptedCredentials> | undefined
  /** Regions a credential scope may name. @default any */
  readonly regions?: ReadonlyArray<string> | undefined
  /** @default 300000 (5 minutes, as most AWS JSON services) */
  readonly windowMillis?: number | undefined
} = {}): VerifyOptions => ({
  credentials: options.credentials ?? [localCredentials],
  regions: options.regions,
  service: "ssm",
  windowMillis: options.windowMillis ?? 5 * 60_000
})
