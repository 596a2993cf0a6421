/**
 * The SSM endpoint rule set (botocore `endpoint-rule-set-1.json`) and the AWS partition table it
 * reads, embedded as data. Pure functions, no `effect` import (both Effect lines use them):
 * `endpoint.ts` adds the options' checks and the signing region.
 */
import type { Settled } from "./settled.js"

/** The outputs of `aws.partition(region)` the SSM rule set reads, plus how a region is matched. */
export interface Partition {
  readonly name: string
  readonly regionRegex: RegExp
  readonly regions: ReadonlyArray<string>
  readonly dnsSuffix: string
  readonly dualStackDnsSuffix: string
  readonly supportsFIPS: boolean
  readonly supportsDualStack: boolean
}

const awsPartition: Partition = {
  name: "aws",
  regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
  regions: [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "aws-global",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2"
  ],
  dnsSuffix: "amazonaws.com",
  dualStackDnsSuffix: "api.aws",
  supportsFIPS: true,
  supportsDualStack: true
}

/**
 * botocore `partitions.json` (commit 0e6e2404), in file order: the order decides ties, and an
 * unknown region falls back to the first entry, `aws`. Partition data changes over time (older
 * botocore marked aws-iso and aws-iso-b as without dual-stack), so this is data, not logic.
 */
export const partitions: ReadonlyArray<Partition> = [
  awsPartition,
  {
    name: "aws-cn",
    regionRegex: /^cn-\w+-\d+$/,
    regions: ["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    dnsSuffix: "amazonaws.com.cn",
    dualStackDnsSuffix: "api.amazonwebservices.com.cn",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-eusc",
    regionRegex: /^eusc-(de)-\w+-\d+$/,
    regions: ["eusc-de-east-1"],
    dnsSuffix: "amazonaws.eu",
    dualStackDnsSuffix: "api.amazonwebservices.eu",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-iso",
    regionRegex: /^us-iso-\w+-\d+$/,
    regions: ["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    dnsSuffix: "c2s.ic.gov",
    dualStackDnsSuffix: "api.aws.ic.gov",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-iso-b",
    regionRegex: /^us-isob-\w+-\d+$/,
    regions: ["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
    dnsSuffix: "sc2s.sgov.gov",
    dualStackDnsSuffix: "api.aws.scloud",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-iso-e",
    regionRegex: /^eu-isoe-\w+-\d+$/,
    regions: ["aws-iso-e-global", "eu-isoe-west-1"],
    dnsSuffix: "cloud.adc-e.uk",
    dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-iso-f",
    regionRegex: /^us-isof-\w+-\d+$/,
    regions: ["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    dnsSuffix: "csp.hci.ic.gov",
    dualStackDnsSuffix: "api.aws.hci.ic.gov",
    supportsFIPS: true,
    supportsDualStack: true
  },
  {
    name: "aws-us-gov",
    regionRegex: /^us-gov-\w+-\d+$/,
    regions: ["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    dnsSuffix: "amazonaws.com",
    dualStackDnsSuffix: "api.aws",
    supportsFIPS: true,
    supportsDualStack: true
  }
]

/**
 * `aws.partition(region)` as botocore evaluates it: explicit region lists first, then the
 * regexes, both in table order; anything unknown belongs to `aws`.
 */
export const partitionOf = (region: string): Partition =>
  partitions.find((partition) => partition.regions.includes(region)) ??
    partitions.find((partition) => partition.regionRegex.test(region)) ??
    awsPartition

/** The rule set's error messages, verbatim. */
export const ruleSetErrors = {
  fipsWithCustomEndpoint: "Invalid Configuration: FIPS and custom endpoint are not supported",
  dualStackWithCustomEndpoint: "Invalid Configuration: Dualstack and custom endpoint are not supported",
  fipsAndDualStackUnsupported: "FIPS and DualStack are enabled, but this partition does not support one or both",
  fipsUnsupported: "FIPS is enabled but this partition does not support FIPS",
  dualStackUnsupported: "DualStack is enabled but this partition does not support DualStack",
  missingRegion: "Invalid Configuration: Missing Region"
} as const

/** Which rule-set error was reached; look the AWS text up in {@link ruleSetErrors}. */
export type RuleSetError = keyof typeof ruleSetErrors

/** The rule set's four parameters (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`). */
export interface RuleSetParameters {
  readonly region?: string | undefined
  readonly useFips: boolean
  readonly useDualStack: boolean
  readonly endpoint?: string | undefined
}

/** Where the rule set ends: an endpoint URL, or one of its errors (a plain union, read alike on both Effect lines). */
export type RuleSetResult = Settled<string, RuleSetError>

const endpointUrl = (url: string): RuleSetResult => ({ ok: true, value: url })
const failure = (error: RuleSetError): RuleSetResult => ({ ok: false, error })

/** Evaluates the SSM endpoint rule set: the endpoint URL, or the rule-set error it ends in. */
export const evaluateRuleSet = (parameters: RuleSetParameters): RuleSetResult => {
  const { endpoint, region, useDualStack, useFips } = parameters
  if (endpoint !== undefined) {
    if (useFips) return failure("fipsWithCustomEndpoint")
    if (useDualStack) return failure("dualStackWithCustomEndpoint")
    return endpointUrl(endpoint)
  }
  if (region === undefined) return failure("missingRegion")
  const partition = partitionOf(region)
  if (useFips && useDualStack) {
    return partition.supportsFIPS && partition.supportsDualStack
      ? endpointUrl(`https://ssm-fips.${region}.${partition.dualStackDnsSuffix}`)
      : failure("fipsAndDualStackUnsupported")
  }
  if (useFips) {
    if (!partition.supportsFIPS) return failure("fipsUnsupported")
    // GovCloud's regular SSM host is already FIPS 140 validated, so there is no ssm-fips host there.
    return partition.name === "aws-us-gov"
      ? endpointUrl(`https://ssm.${region}.amazonaws.com`)
      : endpointUrl(`https://ssm-fips.${region}.${partition.dnsSuffix}`)
  }
  if (useDualStack) {
    return partition.supportsDualStack
      ? endpointUrl(`https://ssm.${region}.${partition.dualStackDnsSuffix}`)
      : failure("dualStackUnsupported")
  }
  return endpointUrl(`https://ssm.${region}.${partition.dnsSuffix}`)
}
