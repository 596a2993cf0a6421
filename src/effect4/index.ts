/**
 * ssm-association-executions for Effect 4: AWS Systems Manager DescribeAssociationExecutions. The
 * same modules as the package root (the Effect 3 line), each spelled the Effect 4 way. This entry
 * holds the core, which runs wherever `fetch` and WebCrypto do; the Node-only modules
 * (`NodeAssociationExecutions`, `NodeCredentials`, `LocalEndpoint`) have entries of their own.
 * Modules appear here as the Effect 4 line gains them.
 */
export * as AssociationExecutions from "./AssociationExecutions.js"
