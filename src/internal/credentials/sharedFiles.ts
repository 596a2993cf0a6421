/**
 * Node-only in practice (needs the host seam): credentials from the
 * selected profile of the shared config and credentials files, as static keys (with an optional
 * session token) or through `credential_process`.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { HostSystem } from "../../line/hostSystem.js"
import type { ProfileOptions } from "../sharedConfig.js"
import { loadProfile } from "../sharedConfig.js"
import { runCredentialProcess } from "./process.js"
import type { CredentialsProvider } from "./provider.js"
import { make, ProviderResult } from "./provider.js"

const sdkHint = "use Credentials.fromProvider(fromNodeProviderChain()) from @aws-sdk/credential-providers"

// Profile kinds that need STS, SSO or a token exchange; the AWS SDK handles them through fromProvider.
const unsupportedKinds: ReadonlyArray<readonly [key: string, description: string]> = [
  ["web_identity_token_file", "uses web identity (web_identity_token_file)"],
  ["sso_session", "uses IAM Identity Center (sso_session)"],
  ["sso_start_url", "uses IAM Identity Center (sso_start_url)"],
  ["login_session", "uses console login (login_session)"]
]

/** Credentials from the selected profile in `~/.aws/credentials` and `~/.aws/config`. */
export const sharedFiles = (
  options: ProfileOptions = {}
): CredentialsProvider<HostSystem> =>
  make(
    "shared config files",
    Effect.gen(function*() {
      const profile = yield* loadProfile(options).pipe(
        Effect.mapError((error) => new CredentialsError({ reason: error.reason }))
      )
      const label = `profile ${profile.name}`
      if (!profile.found) {
        return ProviderResult.NotApplicable({
          reason: `${label} is in neither ${profile.configFile} nor ${profile.credentialsFile}`
        })
      }
      const settings = profile.settings
      // role_arn comes before static keys, as in the SDKs: such a profile's keys are for the role chain.
      if (settings.has("role_arn")) {
        return ProviderResult.NotApplicable({
          reason: `${label} assumes a role (role_arn), which needs STS: ${sdkHint}`
        })
      }
      const accessKeyId = settings.get("aws_access_key_id")
      const secretAccessKey = settings.get("aws_secret_access_key")
      if (accessKeyId !== undefined && accessKeyId !== "") {
        if (secretAccessKey === undefined || secretAccessKey === "") {
          return yield* new CredentialsError({
            reason: `${label} has aws_access_key_id but no aws_secret_access_key: set both, or neither`
          })
        }
        const sessionToken = settings.get("aws_session_token")
        return ProviderResult.Resolved({
          credentials: {
            accessKeyId,
            secretAccessKey: Redacted.make(secretAccessKey),
            ...(sessionToken === undefined || sessionToken === "" ? {} : { sessionToken: Redacted.make(sessionToken) })
          }
        })
      }
      const commandLine = settings.get("credential_process")
      if (commandLine !== undefined && commandLine !== "") {
        return ProviderResult.Resolved({ credentials: yield* runCredentialProcess(commandLine, profile.name) })
      }
      const unsupported = unsupportedKinds.find(([key]) => settings.has(key))
      return ProviderResult.NotApplicable({
        reason: unsupported === undefined
          ? `${label} has neither aws_access_key_id nor credential_process`
          : `${label} ${unsupported[1]}: ${sdkHint}`
      })
    })
  )
