/**
 * The local endpoint's startup banner: its URL, the associations it serves, and shell lines that
 * point any AWS SDK or the AWS CLI at it.
 */
import * as Redacted from "effect/Redacted"
import type { LocalEndpointInfo } from "./localEndpointApi.js"

// Single quotes unless every character is one a POSIX shell takes literally. The CLI keeps a copy of
// this rule for its continuation flags (cli/src/exitCodes.ts): it can import only the public modules.
const shellQuote = (value: string): string =>
  /^[\w/+=.:@%,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`

/** See `LocalEndpoint.startupBanner`. */
export const startupBanner = (endpoint: LocalEndpointInfo): string => {
  const environment = [
    `AWS_ENDPOINT_URL_SSM=${shellQuote(endpoint.url)}`,
    `AWS_REGION=${shellQuote(endpoint.region)}`,
    // aws-cli v1 reads AWS_DEFAULT_REGION, not AWS_REGION.
    `AWS_DEFAULT_REGION=${shellQuote(endpoint.region)}`,
    `AWS_ACCESS_KEY_ID=${shellQuote(endpoint.credentials.accessKeyId)}`,
    `AWS_SECRET_ACCESS_KEY=${shellQuote(Redacted.value(endpoint.credentials.secretAccessKey))}`,
    ...(endpoint.credentials.sessionToken === undefined
      ? []
      : [`AWS_SESSION_TOKEN=${shellQuote(Redacted.value(endpoint.credentials.sessionToken))}`])
  ]
  const ids = endpoint.model.associationIds
  // Counted from the records: `executions(id)` would make every execution of a generated million.
  const counts = new Map(endpoint.model.associations.map((association) => [
    association.AssociationId,
    association.executions.length
  ]))
  return [
    `Local SSM endpoint (DescribeAssociationExecutions, DescribeAssociationExecutionTargets, StartAssociationsOnce, ` +
    `GetCommandInvocation) on ${endpoint.url}`,
    `Serving ${ids.length} association${ids.length === 1 ? "" : "s"}:`,
    ...ids.map((id) => `  ${id}  (${counts.get(id) ?? 0} executions)`),
    "",
    "Point any AWS SDK or the AWS CLI at it:",
    `  export ${environment.join(" ")}`,
    ...(ids[0] === undefined ? [] : [`  aws ssm describe-association-executions --association-id ${ids[0]}`])
  ].join("\n")
}
