/**
 * What a credentials provider answers, and the chain that asks providers in order. A provider
 * either resolves credentials, says why it does not apply here, or fails because it applies but
 * could not deliver; the chain's final error lists every reason, never a secret.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials } from "../../Credentials.js"

/** A provider's answer: credentials, or why it does not apply here. */
export type ProviderResult = Data.TaggedEnum<{
  Resolved: { readonly credentials: AwsCredentials }
  NotApplicable: { readonly reason: string }
}>

/** Constructors and matchers for {@link ProviderResult}. */
export const ProviderResult = Data.taggedEnum<ProviderResult>()

/** One source of credentials, named for the chain's error messages. */
export interface CredentialsProvider<R = never> {
  /** Short name used in the chain's final error, e.g. `environment`. */
  readonly name: string
  /** Fails only when the provider applies but cannot deliver (bad file, endpoint error, ...). */
  readonly resolve: Effect.Effect<ProviderResult, CredentialsError, R>
}

/** A named provider. */
export const make = <R>(
  name: string,
  resolve: Effect.Effect<ProviderResult, CredentialsError, R>
): CredentialsProvider<R> => ({ name, resolve })

/** A provider from an `Option`-returning effect; `None` becomes `NotApplicable` with `reasonWhenNone`. */
export const fromOption = <R>(
  name: string,
  resolve: Effect.Effect<Option.Option<AwsCredentials>, CredentialsError, R>,
  reasonWhenNone: string
): CredentialsProvider<R> =>
  make(
    name,
    Effect.map(resolve, (credentials) =>
      Option.match(credentials, {
        onNone: () => ProviderResult.NotApplicable({ reason: reasonWhenNone }),
        onSome: (credentials) => ProviderResult.Resolved({ credentials })
      }))
  )

/** The services a provider (or a union of providers) needs. */
export type ProviderRequirements<Provider> = Provider extends CredentialsProvider<infer R> ? R : never

/**
 * Asks each provider in order and returns the first credentials. A provider that fails stops the
 * chain (it applied, so falling through would silently pick other credentials). When none applies,
 * the error's `tried` lists each provider with its reason.
 */
// The overload lets a list mixing providers with different requirements infer their union.
export function chain<const Providers extends ReadonlyArray<CredentialsProvider<unknown>>>(
  providers: Providers
): Effect.Effect<AwsCredentials, CredentialsError, ProviderRequirements<Providers[number]>>
export function chain(
  providers: ReadonlyArray<CredentialsProvider<unknown>>
): Effect.Effect<AwsCredentials, CredentialsError, unknown> {
  return Effect.gen(function*() {
    const tried: Array<string> = []
    for (const provider of providers) {
      const result = yield* Effect.mapError(provider.resolve, (error) =>
        new CredentialsError({
          reason: `${provider.name}: ${error.reason}`,
          tried: [...tried, ...error.tried]
        }))
      if (result._tag === "Resolved") return result.credentials
      tried.push(`${provider.name}: ${result.reason}`)
    }
    return yield* new CredentialsError({
      reason: providers.length === 0 ? "No credentials provider was configured" : "No AWS credentials found",
      tried
    })
  })
}
