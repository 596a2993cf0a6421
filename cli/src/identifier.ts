/** Tag keys and schema identifiers of the CLI, prefixed with its package name. */
export const identifier = <const Name extends string>(name: Name): `ssm-association-executions-cli/${Name}` =>
  `ssm-association-executions-cli/${name}`
