/**
 * Credentials given as values, and the environment provider (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), read through Effect's `ConfigProvider`.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials, StaticCredentialsOptions } from "../../Credentials.js"
import { optionalEnv } from "../environment.js"
import { type CredentialsProvider, fromOption, make, ProviderResult } from "./provider.js"

const redact = (value: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

/** Credentials from values, with the secrets `Redacted`. */
export const fromStatic = (options: StaticCredentialsOptions): AwsCredentials => ({
  accessKeyId: options.accessKeyId,
  secretAccessKey: redact(options.secretAccessKey),
  ...(options.sessionToken === undefined ? {} : { sessionToken: redact(options.sessionToken) })
})

// An environment that cannot be read (Deno without --allow-env) holds no credentials.
const fromEnvironment: Effect.Effect<Option.Option<AwsCredentials>, CredentialsError> = Effect.gen(
  function*() {
    const accessKeyId = yield* optionalEnv("AWS_ACCESS_KEY_ID")
    if (Option.isNone(accessKeyId)) return Option.none()
    const secretAccessKey = yield* optionalEnv("AWS_SECRET_ACCESS_KEY")
    if (Option.isNone(secretAccessKey)) {
      return yield* new CredentialsError({
        reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither"
      })
    }
    return Option.some(fromStatic({
      accessKeyId: accessKeyId.value,
      secretAccessKey: secretAccessKey.value,
      sessionToken: Option.getOrUndefined(yield* optionalEnv("AWS_SESSION_TOKEN"))
    }))
  }
)

/** The environment's keys; does not apply when `AWS_ACCESS_KEY_ID` is unset. */
export const environment: CredentialsProvider = fromOption(
  "environment",
  fromEnvironment,
  "AWS_ACCESS_KEY_ID is not set"
)

// The AWS JS SDK skips the environment keys when a profile is selected, so `--profile` / AWS_PROFILE
// is never silently overridden by stray AWS_ACCESS_KEY_ID values.
/** {@link environment}, unless a profile is selected (`profile`, else `AWS_PROFILE`). */
export const environmentUnlessProfile = (profile: string | undefined): CredentialsProvider =>
  make(
    "environment",
    Effect.gen(function*() {
      const selected = profile === undefined ? yield* optionalEnv("AWS_PROFILE") : Option.some(profile)
      if (Option.isSome(selected)) {
        return ProviderResult.NotApplicable({
          reason: `profile ${selected.value} is selected, which takes precedence over AWS_ACCESS_KEY_ID`
        })
      }
      return yield* environment.resolve
    })
  )
