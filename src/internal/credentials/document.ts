/**
 * Turns the JSON credential documents that container endpoints, IMDS and `credential_process`
 * print into `AwsCredentials`. Error messages name fields, never values: a half-valid document
 * may still hold a secret.
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials } from "../../Credentials.js"

/** How one source names its fields and what it must include. */
export interface DocumentShape {
  /** Where the document came from, for messages, e.g. `the container credentials endpoint`. */
  readonly source: string
  /** `Token` (container, IMDS) or `SessionToken` (`credential_process`). */
  readonly sessionTokenField: "Token" | "SessionToken"
  /** Temporary credentials must say when they expire, or the cache would never refresh them. */
  readonly requireExpiration: boolean
}

/** Parses JSON without echoing the text in the error. */
export const parseJson = (source: string, text: string): Effect.Effect<unknown, CredentialsError> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: () => new CredentialsError({ reason: `${source} did not return valid JSON` })
  })

const nonEmptyString = (document: object, field: string): string | undefined => {
  const value: unknown = Predicate.hasProperty(document, field) ? document[field] : undefined
  return typeof value === "string" && value !== "" ? value : undefined
}

/** Reads `AccessKeyId`, `SecretAccessKey`, the session token and `Expiration` (ISO 8601). */
export const fromDocument = (
  shape: DocumentShape,
  document: unknown
): Effect.Effect<AwsCredentials, CredentialsError> =>
  Effect.gen(function*() {
    const fail = (problem: string) => new CredentialsError({ reason: `${shape.source} ${problem}` })
    if (!Predicate.isObject(document) || Array.isArray(document)) return yield* fail("did not return a JSON object")
    const accessKeyId = nonEmptyString(document, "AccessKeyId")
    if (accessKeyId === undefined) return yield* fail("returned no AccessKeyId")
    const secretAccessKey = nonEmptyString(document, "SecretAccessKey")
    if (secretAccessKey === undefined) return yield* fail("returned no SecretAccessKey")
    const sessionToken = nonEmptyString(document, shape.sessionTokenField)
    const expirationText = nonEmptyString(document, "Expiration")
    if (expirationText === undefined && shape.requireExpiration) return yield* fail("returned no Expiration")
    const expiration = expirationText === undefined ? undefined : new Date(expirationText)
    if (expiration !== undefined && Number.isNaN(expiration.getTime())) {
      return yield* fail("returned an Expiration that is not an ISO 8601 date")
    }
    return {
      accessKeyId,
      secretAccessKey: Redacted.make(secretAccessKey),
      ...(sessionToken === undefined ? {} : { sessionToken: Redacted.make(sessionToken) }),
      ...(expiration === undefined ? {} : { expiration })
    }
  })
