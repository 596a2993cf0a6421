/**
 * Every tag key and schema identifier comes from here, so a copy-paste slip cannot name another
 * package.
 */
export const packageName = "ssm-association-executions"

/** `ssm-association-executions/<name>` */
export const identifier = <const Name extends string>(name: Name): `${typeof packageName}/${Name}` =>
  `${packageName}/${name}`
