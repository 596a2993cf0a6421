/**
 * Adapts any AWS SDK-style credentials provider (`() => Promise<{ accessKeyId, ... }>`), such as
 * `fromNodeProviderChain()` from `@aws-sdk/credential-providers`, for SSO, assume-role, web
 * identity and anything else this module does not implement itself.
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import { scrubText } from "../scrub.js"
import type { CredentialsProvider } from "./provider.js"
import { make, ProviderResult } from "./provider.js"

/** What an AWS SDK v3 credentials provider resolves to. */
export interface SdkCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}

const rejectionMessage = (cause: unknown): string =>
  Predicate.hasProperty(cause, "message") && typeof cause.message === "string" ? cause.message : String(cause)

/** A provider that calls `provider` each time it resolves; the layer that uses it caches the answer. */
export const fromProvider = (
  provider: () => Promise<SdkCredentials>,
  options: { readonly name?: string | undefined } = {}
): CredentialsProvider =>
  make(
    options.name ?? "fromProvider",
    Effect.gen(function*() {
      const credentials = yield* Effect.tryPromise({
        try: () => provider(),
        // SDK rejection messages say what is missing (profile, SSO session, ...); a provider of any
        // origin may still quote a token, so the message is scrubbed like any text from outside.
        catch: (cause) =>
          new CredentialsError({ reason: `the provider failed: ${scrubText(rejectionMessage(cause), [])}` })
      })
      // The promise is typed, but JavaScript callers can still hand back anything.
      if (
        !Predicate.isObject(credentials) || typeof credentials.accessKeyId !== "string" ||
        credentials.accessKeyId === ""
      ) {
        return yield* new CredentialsError({ reason: "the provider returned no accessKeyId" })
      }
      if (typeof credentials.secretAccessKey !== "string" || credentials.secretAccessKey === "") {
        return yield* new CredentialsError({ reason: "the provider returned no secretAccessKey" })
      }
      const expiration = credentials.expiration
      return ProviderResult.Resolved({
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: Redacted.make(credentials.secretAccessKey),
          ...(typeof credentials.sessionToken === "string" && credentials.sessionToken !== ""
            ? { sessionToken: Redacted.make(credentials.sessionToken) }
            : {}),
          ...(expiration instanceof Date && !Number.isNaN(expiration.getTime()) ? { expiration } : {})
        }
      })
    })
  )
