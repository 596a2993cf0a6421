/**
 * Credentials this module does not resolve natively (SSO, assume-role, web identity): adapt any
 * AWS SDK provider. The layer caches what it returns and refreshes it before it expires.
 *
 *   npx tsx examples/sdk-credentials.ts [association-id]
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as Credentials from "ssm-association-executions/Credentials"
import { awsConfigured, local, main } from "./support/runExample.js"

/** The service with the AWS SDK's full Node credential chain (SSO and roles included). */
export const layerWithSdkCredentials = (options: { readonly region: string; readonly endpoint?: string }) =>
  AssociationExecutions.layer({
    ...options,
    credentials: Credentials.fromProvider(fromNodeProviderChain())
  }).pipe(Layer.provide(FetchHttpClient.layer))

/** One page of `associationId`, signed with what the SDK's chain resolved; what it did, as a line. */
export const firstPage = (associationId: string) =>
  Effect.map(
    Effect.flatMap(AssociationExecutions.AssociationExecutions, (service) =>
      service.describe({ AssociationId: associationId })),
    (page) =>
      `${page.AssociationExecutions.length} executions on the first page of ${associationId}` +
      `${page.NextToken === undefined ? "" : " (more follow)"}, signed with credentials from fromNodeProviderChain()`
  )

if (import.meta.url === `file://${process.argv[1]}`) {
  const given = process.argv[2]
  const region = process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"]
  main(
    Effect.scoped(Effect.gen(function*() {
      if (given !== undefined && region !== undefined && (yield* awsConfigured)) {
        console.error(`Listing from AWS (${region}), association ${given}`)
        return yield* firstPage(given).pipe(Effect.provide(layerWithSdkCredentials({ region })))
      }
      // No account: the local endpoint, whose key pair the SDK's chain finds in the environment.
      const target = yield* local
      process.env["AWS_ACCESS_KEY_ID"] = target.endpoint.credentials.accessKeyId
      process.env["AWS_SECRET_ACCESS_KEY"] = Redacted.value(target.endpoint.credentials.secretAccessKey)
      const associationId = given ?? target.associationId
      console.error(
        `Listing from the local endpoint ${target.endpoint.url} (no AWS account configured), association ${associationId}`
      )
      return yield* firstPage(associationId).pipe(
        Effect.provide(layerWithSdkCredentials({ region: target.endpoint.region, endpoint: target.endpoint.url }))
      )
    })),
    (line) => line
  )
}
