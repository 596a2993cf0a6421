/**
 * Container credentials as ECS tasks and EKS Pod Identity serve them: an HTTP endpoint named by
 * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or `_FULL_URI`, with an optional
 * `Authorization` token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `_TOKEN`.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { CredentialsHttp } from "../../line/credentialsHttp.js"
import { HostSystem } from "../../line/hostSystem.js"
import { optionalEnv } from "../environment.js"
import { scrubText } from "../scrub.js"
import { fromDocument, parseJson } from "./document.js"
import { fetchText, Rejected } from "./http.js"
import type { CredentialsProvider } from "./provider.js"
import { make, ProviderResult } from "./provider.js"

/** Options of the container provider; the defaults are the AWS SDKs'. */
export interface ContainerOptions {
  /** Origin the relative URI is appended to. @default "http://169.254.170.2" */
  readonly relativeUriOrigin?: string | undefined
  /** Time limit of one attempt. @default 1000 */
  readonly timeoutMillis?: number | undefined
  /** Further attempts after a failed one. @default 3 */
  readonly maxRetries?: number | undefined
  /** Pause between attempts. @default 1000 */
  readonly retryDelayMillis?: number | undefined
}

const source = "the container credentials endpoint"

// The SDKs accept plain HTTP only where the traffic cannot leave the host or the task: loopback
// and the ECS / EKS link-local agents.
const isAllowedFullUri = (url: URL): boolean => {
  if (url.protocol === "https:") return true
  if (url.protocol !== "http:") return false
  const host = url.hostname
  if (["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "localhost", "[::1]"].includes(host)) return true
  const octets = host.split(".")
  return octets.length === 4 && octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
}

const parseUrl = (text: string, variable: string): Effect.Effect<URL, CredentialsError> =>
  Effect.try({
    try: () => new URL(text),
    catch: () => new CredentialsError({ reason: `${variable} is not a valid URL` })
  })

const endpointUrl = (
  relative: Option.Option<string>,
  full: Option.Option<string>,
  origin: string
): Effect.Effect<URL, CredentialsError> => {
  // The relative URI wins when both are set, as in the SDKs.
  if (Option.isSome(relative)) return parseUrl(`${origin}${relative.value}`, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
  return parseUrl(Option.getOrElse(full, () => ""), "AWS_CONTAINER_CREDENTIALS_FULL_URI").pipe(
    Effect.filterOrFail(isAllowedFullUri, (url) =>
      new CredentialsError({
        reason:
          `AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback or ECS/EKS agent address (host ${url.hostname} is neither)`
      }))
  )
}

const readTokenFile = (path: string): Effect.Effect<string, CredentialsError> =>
  Effect.serviceOption(HostSystem).pipe(
    Effect.flatMap(Option.match({
      onNone: () =>
        new CredentialsError({
          reason:
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set but files cannot be read on this runtime (use NodeAssociationExecutions)"
        }),
      onSome: (host) =>
        host.readTextFile(path).pipe(
          Effect.flatMap(Option.match({
            onNone: () => Effect.fail("no such file"),
            onSome: Effect.succeed
          })),
          Effect.mapError((reason) =>
            new CredentialsError({
              reason: `could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${path} (${reason})`
            })
          )
        )
    }))
  )

// EKS rotates the token file, so it is read again for every request.
const authorizationToken = Effect.gen(function*() {
  const tokenFile = yield* optionalEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
  const token = Option.isSome(tokenFile)
    ? Option.some((yield* readTokenFile(tokenFile.value)).trim())
    : yield* optionalEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN")
  if (Option.isSome(token) && /[\r\n]/.test(token.value)) {
    return yield* new CredentialsError({ reason: "the container authorization token contains a line break" })
  }
  return Option.map(token, Redacted.make)
})

const parseJsonOption = Option.liftThrowable((text: string): unknown => JSON.parse(text))

// ECS answers errors as {"Code": ..., "Message": ...}. Neither should carry a secret, but an endpoint
// may echo the request, so the authorization token is scrubbed and the text cleaned and cut.
const errorDetail = (body: string, secrets: ReadonlyArray<string>): string => {
  const parsed = parseJsonOption(body)
  const field = (name: string) =>
    Option.flatMap(parsed, (document) =>
      Predicate.hasProperty(document, name) && typeof document[name] === "string"
        ? Option.some(document[name])
        : Option.none())
  return scrubText([field("Code"), field("Message")].flatMap(Option.toArray).join(": "), secrets, 300)
}

/** Credentials from the ECS / EKS container endpoint; does not apply when neither URI variable is set. */
export const container = (options: ContainerOptions = {}): CredentialsProvider<CredentialsHttp> =>
  make(
    "container",
    Effect.gen(function*() {
      const relative = yield* optionalEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
      const full = yield* optionalEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
      if (Option.isNone(relative) && Option.isNone(full)) {
        return ProviderResult.NotApplicable({
          reason: "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
        })
      }
      const url = yield* endpointUrl(relative, full, options.relativeUriOrigin ?? "http://169.254.170.2")
      const timeoutMillis = options.timeoutMillis ?? 1000
      const attempt = Effect.gen(function*() {
        const token = yield* authorizationToken
        const request = {
          method: "GET",
          url: url.href,
          headers: Option.match(token, {
            onNone: () => ({ accept: "application/json" }),
            onSome: (token) => ({ accept: "application/json", authorization: Redacted.value(token) })
          })
        } as const
        const failure = (reason: string) => new CredentialsError({ reason: `${source} at ${url.host}: ${reason}` })
        // A refused answer (a redirect, an oversized body) ends the provider at once; silence is retried.
        const response = yield* fetchText(request, { timeoutMillis, secretHeaders: [] }).pipe(
          Effect.mapError((error) => error._tag === "Rejected" ? error : failure(error.reason))
        )
        if (response.status !== 200) {
          const detail = errorDetail(
            response.body,
            Option.match(token, { onNone: () => [], onSome: (token) => [Redacted.value(token)] })
          )
          return yield* new CredentialsError({
            reason: `${source} at ${url.host} answered HTTP ${response.status}${detail === "" ? "" : ` (${detail})`}`
          })
        }
        const document = yield* parseJson(source, response.body)
        return yield* fromDocument({ source, sessionTokenField: "Token", requireExpiration: true }, document)
      })
      const credentials = yield* Effect.retry(attempt, {
        times: options.maxRetries ?? 3,
        schedule: Schedule.spaced(Duration.millis(options.retryDelayMillis ?? 1000)),
        while: (error) => !(error instanceof Rejected)
      }).pipe(
        Effect.mapError((error) =>
          error instanceof Rejected
            ? new CredentialsError({ reason: `${source} at ${url.host} ${error.reason}; its answer was not used` })
            : error
        )
      )
      return ProviderResult.Resolved({ credentials })
    })
  )
