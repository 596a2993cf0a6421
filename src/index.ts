/**
 * ssm-association-executions: AWS Systems Manager DescribeAssociationExecutions for Effect. The
 * package root is the Effect 3 line and `ssm-association-executions/effect4` the Effect 4 line, with
 * the same modules (this file serves as both entries). This entry holds the core, which runs wherever
 * `fetch` and WebCrypto do; the Node-only modules (`NodeAssociationExecutions`, `NodeCredentials`,
 * `LocalEndpoint`) have entries of their own.
 */
export * as AssociationExecutions from "./AssociationExecutions.js"
export * as AssociationExecutionsError from "./AssociationExecutionsError.js"
export * as AssociationExecutionsTest from "./AssociationExecutionsTest.js"
export * as Credentials from "./Credentials.js"
export * as DescribeAssociationExecutions from "./DescribeAssociationExecutions.js"
export * as DescribeAssociationExecutionTargets from "./DescribeAssociationExecutionTargets.js"
export * as Endpoint from "./Endpoint.js"
export * as GetCommandInvocation from "./GetCommandInvocation.js"
export * as InMemorySsm from "./InMemorySsm.js"
export * as Metrics from "./Metrics.js"
export * as Pagination from "./Pagination.js"
export * as RateLimit from "./RateLimit.js"
export * as RetryPolicy from "./RetryPolicy.js"
export * as StartAssociationsOnce from "./StartAssociationsOnce.js"
export * as Watch from "./Watch.js"
