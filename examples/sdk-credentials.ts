/**
 * Credentials this module does not resolve natively (SSO, assume-role, web identity): adapt any
 * AWS SDK provider. The layer caches what it returns and refreshes it before it expires.
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as Credentials from "ssm-association-executions/Credentials"

/** The service with the AWS SDK's full Node credential chain (SSO and roles included). */
export const layerWithSdkCredentials = (options: { readonly region: string; readonly endpoint?: string }) =>
  AssociationExecutions.layer({
    ...options,
    credentials: Credentials.fromProvider(fromNodeProviderChain())
  }).pipe(Layer.provide(FetchHttpClient.layer))
