/**
 * EC2 instance credentials over IMDSv2 only: PUT a session token, GET the attached role's name,
 * GET its credentials. IMDSv1 (no token) is never used.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { CredentialsHttp } from "../../line/credentialsHttp.js"
import { isSwitchedOn, optionalEnv } from "../environment.js"
import { scrubText } from "../scrub.js"
import { fromDocument, parseJson } from "./document.js"
import type { CredentialsRequest, TextResponse } from "./http.js"
import { fetchText, Rejected, Unreachable } from "./http.js"
import type { CredentialsProvider } from "./provider.js"
import { make, ProviderResult } from "./provider.js"

/** Options of the IMDS provider; the defaults are the AWS SDKs'. */
export interface InstanceMetadataOptions {
  /**
   * Origin of the metadata service. @default `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else
   * `http://[fd00:ec2::254]` when `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, else `http://169.254.169.254`
   */
  readonly endpoint?: string | undefined
  /** Time limit of each request. @default 1000 */
  readonly timeoutMillis?: number | undefined
  /** Further attempts for the role and credentials requests. @default 1 */
  readonly maxRetries?: number | undefined
}

const tokenHeader = "x-aws-ec2-metadata-token"
const credentialsPath = "/latest/meta-data/iam/security-credentials/"
const source = "the instance metadata service"

const endpointFromEnvironment = Effect.gen(function*() {
  const endpoint = yield* optionalEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT")
  if (Option.isSome(endpoint)) return endpoint.value
  const mode = yield* optionalEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
  return Option.exists(mode, (mode) => mode.toLowerCase() === "ipv6")
    ? "http://[fd00:ec2::254]"
    : "http://169.254.169.254"
})

const joinUrl = (origin: string, path: string) => `${origin.replace(/\/+$/, "")}${path}`

/** Credentials of the IAM role attached to this EC2 instance. */
export const instanceMetadata = (options: InstanceMetadataOptions = {}): CredentialsProvider<CredentialsHttp> =>
  make(
    "instance metadata (IMDSv2)",
    Effect.gen(function*() {
      if (isSwitchedOn(yield* optionalEnv("AWS_EC2_METADATA_DISABLED"))) {
        return ProviderResult.NotApplicable({ reason: "AWS_EC2_METADATA_DISABLED is set" })
      }
      const origin = options.endpoint ?? (yield* endpointFromEnvironment)
      const timeoutMillis = options.timeoutMillis ?? 1000
      const send = (request: CredentialsRequest) => fetchText(request, { timeoutMillis, secretHeaders: [tokenHeader] })

      // Off EC2 the token request gets no answer: that means "not here", not a failure.
      const tokenAnswer = yield* send({
        method: "PUT",
        url: joinUrl(origin, "/latest/api/token"),
        headers: { "x-aws-ec2-metadata-token-ttl-seconds": "21600" }
      }).pipe(Effect.match({
        onFailure: (error) => ({ answered: false, error }) as const,
        onSuccess: (response) => ({ answered: true, response }) as const
      }))
      if (!tokenAnswer.answered) {
        // A metadata service that redirects is something else posing as one: never "not here".
        if (tokenAnswer.error instanceof Rejected) {
          return yield* new CredentialsError({
            reason: `${source} at ${origin} ${tokenAnswer.error.reason}; its answer was not used`
          })
        }
        return ProviderResult.NotApplicable({
          reason: `no metadata service at ${origin} (${tokenAnswer.error.reason})`
        })
      }
      const tokenResponse = tokenAnswer.response
      if ([403, 404, 405].includes(tokenResponse.status)) {
        return ProviderResult.NotApplicable({
          reason: `${origin} refused an IMDSv2 token (HTTP ${tokenResponse.status}); IMDSv1 is not supported`
        })
      }
      if (tokenResponse.status !== 200 || tokenResponse.body.trim() === "") {
        return yield* new CredentialsError({
          reason: `${source} answered the token request with HTTP ${tokenResponse.status}`
        })
      }
      const token = tokenResponse.body.trim()

      const getWithRetry = (path: string): Effect.Effect<TextResponse, CredentialsError, CredentialsHttp> =>
        send({ method: "GET", url: joinUrl(origin, path), headers: { [tokenHeader]: token } }).pipe(
          Effect.filterOrFail(
            (response) => response.status < 500,
            (response) => new Unreachable({ reason: `HTTP ${response.status}` })
          ),
          Effect.retry({ times: options.maxRetries ?? 1, while: (error) => error instanceof Unreachable }),
          Effect.mapError((error) =>
            new CredentialsError({
              reason: error instanceof Rejected
                ? `${source} at ${origin} ${error.reason}; its answer was not used`
                : `${source} at ${origin}: ${error.reason}`
            })
          )
        )

      const roleResponse = yield* getWithRetry(credentialsPath)
      if (roleResponse.status === 404) {
        return ProviderResult.NotApplicable({ reason: "this instance has no IAM role attached" })
      }
      const role = roleResponse.body.split("\n").map((line) => line.trim()).find((line) => line !== "")
      // The role name is the server's text and goes into messages: cleaned and cut there, the token scrubbed.
      const roleInMessages = role === undefined ? "" : scrubText(role, [token], 200)
      if (roleResponse.status !== 200 || role === undefined) {
        return yield* new CredentialsError({
          reason: `${source} answered the role request with HTTP ${roleResponse.status}${
            role === undefined ? " and no role" : ""
          }`
        })
      }

      const credentialsResponse = yield* getWithRetry(`${credentialsPath}${encodeURIComponent(role)}`)
      if (credentialsResponse.status !== 200) {
        return yield* new CredentialsError({
          reason:
            `${source} answered the credentials request for role ${roleInMessages} with HTTP ${credentialsResponse.status}`
        })
      }
      const document = yield* parseJson(source, credentialsResponse.body)
      const code: unknown = Predicate.hasProperty(document, "Code") ? document.Code : "Success"
      if (code !== "Success") {
        return yield* new CredentialsError({
          reason: `${source} returned credentials for role ${roleInMessages} with Code ${
            typeof code === "string" ? scrubText(code, [token], 200) : "(not a string)"
          }`
        })
      }
      const credentials = yield* fromDocument({ source, sessionTokenField: "Token", requireExpiration: true }, document)
      return ProviderResult.Resolved({ credentials })
    })
  )
