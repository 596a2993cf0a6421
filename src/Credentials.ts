/**
 * Where the AWS credentials that sign each request come from. The service asks the `Credentials`
 * service once per attempt, so expiring credentials are picked up without restarting anything.
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "./AssociationExecutionsError.js"
import { identifier } from "./internal/identifier.js"

/** One set of AWS credentials. Secrets are `Redacted`: they never print. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date | undefined
}

/** Provides credentials for each request. */
export class Credentials extends Context.Tag(identifier("Credentials"))<Credentials, {
  readonly get: Effect.Effect<AwsCredentials, CredentialsError>
}>() {}

/** Plain-value credentials, e.g. from options. */
export interface StaticCredentialsOptions {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string> | string
  readonly sessionToken?: Redacted.Redacted<string> | string | undefined
}

const redact = (value: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

/** Credentials from values. */
export const fromStatic = (options: StaticCredentialsOptions): AwsCredentials => ({
  accessKeyId: options.accessKeyId,
  secretAccessKey: redact(options.secretAccessKey),
  ...(options.sessionToken === undefined ? {} : { sessionToken: redact(options.sessionToken) })
})

/** A layer that always provides the same credentials. */
export const layerStatic = (options: StaticCredentialsOptions): Layer.Layer<Credentials> =>
  Layer.succeed(Credentials, { get: Effect.succeed(fromStatic(options)) })

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, read
 * through the `ConfigProvider` (so tests can supply them). `None` when the key id is not set.
 */
export const fromEnvironment: Effect.Effect<Option.Option<AwsCredentials>, CredentialsError> = Effect.gen(
  function*() {
    const env = yield* Effect.configProviderWith((provider) =>
      Effect.all({
        accessKeyId: Effect.option(provider.load(Config.string("AWS_ACCESS_KEY_ID"))),
        secretAccessKey: Effect.option(provider.load(Config.string("AWS_SECRET_ACCESS_KEY"))),
        sessionToken: Effect.option(provider.load(Config.string("AWS_SESSION_TOKEN")))
      })
    )
    if (Option.isNone(env.accessKeyId) || env.accessKeyId.value === "") return Option.none()
    if (Option.isNone(env.secretAccessKey) || env.secretAccessKey.value === "") {
      return yield* new CredentialsError({
        reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither"
      })
    }
    return Option.some(fromStatic({
      accessKeyId: env.accessKeyId.value,
      secretAccessKey: env.secretAccessKey.value,
      sessionToken: Option.getOrUndefined(Option.filter(env.sessionToken, (token) => token !== ""))
    }))
  }
)
