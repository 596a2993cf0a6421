import { assert, describe, it } from "@effect/vitest"
import { recordOf, type Settled, settled } from "@line/testing"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { ConfigurationError } from "ssm-association-executions/AssociationExecutionsError"
import { type ResolvedEndpoint, resolveEndpoint as resolveOnThisLine } from "ssm-association-executions/Endpoint"
import { evaluateRuleSet, partitions, ruleSetErrors } from "ssm-association-executions/internal/partitions"

// Each line answers with its own Either (Effect 3) or Result (Effect 4): compared as what they hold.
const resolveEndpoint = (
  options: Parameters<typeof resolveOnThisLine>[0]
): Settled<ResolvedEndpoint, ConfigurationError> => settled(resolveOnThisLine(options))
const resolved = (endpoint: ResolvedEndpoint): Settled<ResolvedEndpoint, ConfigurationError> => ({
  ok: true,
  value: endpoint
})

const EndpointFixture = Schema.Struct({
  endpointTests: Schema.Struct({
    testCases: Schema.Array(Schema.Struct({
      documentation: Schema.String,
      params: Schema.optional(Schema.Struct({
        Region: Schema.optional(Schema.String),
        UseFIPS: Schema.optional(Schema.Boolean),
        UseDualStack: Schema.optional(Schema.Boolean),
        Endpoint: Schema.optional(Schema.String)
      })),
      expect: Schema.Struct({
        endpoint: Schema.optional(Schema.Struct({ url: Schema.String })),
        error: Schema.optional(Schema.String)
      })
    }))
  }),
  partitions: Schema.Array(Schema.Struct({
    id: Schema.String,
    regionRegex: Schema.String,
    regions: Schema.Array(Schema.String),
    outputs: Schema.Struct({
      name: Schema.String,
      dnsSuffix: Schema.String,
      dualStackDnsSuffix: Schema.String,
      supportsFIPS: Schema.Boolean,
      supportsDualStack: Schema.Boolean
    })
  })),
  legacyEndpointsJson_ssm: recordOf(Schema.Struct({
    ssm: Schema.Struct({
      endpoints: recordOf(Schema.Struct({
        hostname: Schema.optional(Schema.String),
        credentialScope: Schema.optional(Schema.Struct({ region: Schema.String })),
        variants: Schema.optional(Schema.Array(Schema.Struct({
          hostname: Schema.String,
          tags: Schema.Array(Schema.String)
        })))
      }))
    })
  }))
})

const fixture = Schema.decodeUnknownSync(EndpointFixture)(
  JSON.parse(readFileSync(new URL("./fixtures/ssm-endpoints.json", import.meta.url), "utf8"))
)
const testCases = fixture.endpointTests.testCases
const legacyEndpoints = Object.values(fixture.legacyEndpointsJson_ssm).flatMap((partition) =>
  Object.entries(partition.ssm.endpoints)
)

const expectConfigurationError = (
  result: Settled<unknown, ConfigurationError>,
  ...mentions: ReadonlyArray<string>
): ConfigurationError => {
  assert.isFalse(result.ok, "expected a ConfigurationError")
  const error = result.ok ? new ConfigurationError({ reason: "" }) : result.error
  assert.instanceOf(error, ConfigurationError)
  for (const mention of mentions) assert.include(error.reason, mention)
  return error
}

describe("evaluateRuleSet", () => {
  it("the fixture holds all 49 official SSM endpoint test cases", () => {
    assert.strictEqual(testCases.length, 49)
  })

  for (const testCase of testCases) {
    it(`rule set: ${testCase.documentation}`, () => {
      const result = evaluateRuleSet({
        region: testCase.params?.Region,
        endpoint: testCase.params?.Endpoint,
        useFips: testCase.params?.UseFIPS ?? false,
        useDualStack: testCase.params?.UseDualStack ?? false
      })
      if (testCase.expect.endpoint !== undefined) {
        assert.deepStrictEqual(result, { ok: true, value: testCase.expect.endpoint.url })
      } else {
        assert.isFalse(result.ok)
        if (!result.ok) assert.strictEqual(ruleSetErrors[result.error], testCase.expect.error)
      }
    })
  }

  it("embeds exactly the partition table of the fixture, in its order", () => {
    assert.deepStrictEqual(
      partitions.map((partition) => ({
        name: partition.name,
        regionRegex: partition.regionRegex.source,
        regions: partition.regions,
        dnsSuffix: partition.dnsSuffix,
        dualStackDnsSuffix: partition.dualStackDnsSuffix,
        supportsFIPS: partition.supportsFIPS,
        supportsDualStack: partition.supportsDualStack
      })),
      fixture.partitions.map((partition) => ({
        name: partition.id,
        // The fixture's JSON escapes `-` as `\-`, which means the same in a regex.
        regionRegex: partition.regionRegex.replaceAll("\\-", "-"),
        regions: partition.regions,
        dnsSuffix: partition.outputs.dnsSuffix,
        dualStackDnsSuffix: partition.outputs.dualStackDnsSuffix,
        supportsFIPS: partition.outputs.supportsFIPS,
        supportsDualStack: partition.outputs.supportsDualStack
      }))
    )
  })

  it("sends an unknown region to the aws partition", () => {
    assert.deepStrictEqual(
      evaluateRuleSet({ region: "xx-moon-1", useFips: false, useDualStack: false }),
      { ok: true, value: "https://ssm.xx-moon-1.amazonaws.com" }
    )
  })
})

describe("resolveEndpoint", () => {
  for (const testCase of testCases) {
    it(`options: ${testCase.documentation}`, () => {
      const params = testCase.params
      const result = resolveEndpoint({
        region: params?.Region,
        endpoint: params?.Endpoint,
        useFipsEndpoint: params?.UseFIPS,
        useDualstackEndpoint: params?.UseDualStack
      })
      if (testCase.expect.endpoint === undefined) {
        expectConfigurationError(result)
      } else if (params?.Region === undefined) {
        // The rule set allows a custom endpoint without a region; signing does not.
        expectConfigurationError(result, "needs a region", "AWS_REGION", "`region`")
      } else {
        assert.deepStrictEqual(
          result,
          resolved({ url: testCase.expect.endpoint.url, signingRegion: params.Region })
        )
      }
    })
  }

  it("tells the user how to set a missing region", () => {
    const error = expectConfigurationError(resolveEndpoint({}), "AWS_REGION", "AWS_DEFAULT_REGION", "`region`")
    assert.include(error.message, "AWS_REGION")
    expectConfigurationError(resolveEndpoint({ region: "" }), "AWS_REGION")
  })

  it("explains the FIPS and dual-stack conflicts with a custom endpoint", () => {
    expectConfigurationError(
      resolveEndpoint({ region: "us-east-1", endpoint: "https://example.com", useFipsEndpoint: true }),
      "AWS_USE_FIPS_ENDPOINT",
      "AWS_ENDPOINT_URL_SSM"
    )
    expectConfigurationError(
      resolveEndpoint({ region: "us-east-1", endpoint: "https://example.com", useDualstackEndpoint: true }),
      "AWS_USE_DUALSTACK_ENDPOINT",
      "AWS_ENDPOINT_URL"
    )
  })

  it("keeps a loopback endpoint verbatim (port and path) and signs for the configured region", () => {
    assert.deepStrictEqual(
      resolveEndpoint({ region: "eu-west-1", endpoint: "http://127.0.0.1:4566/ssm" }),
      resolved({ url: "http://127.0.0.1:4566/ssm", signingRegion: "eu-west-1" })
    )
    assert.deepStrictEqual(
      resolveEndpoint({ region: "eu-west-1", endpoint: new URL("http://localhost:4566") }),
      resolved({ url: "http://localhost:4566/", signingRegion: "eu-west-1" })
    )
  })

  it("rejects a custom endpoint that is not an http(s) URL", () => {
    expectConfigurationError(resolveEndpoint({ region: "us-east-1", endpoint: "localhost:4566" }), "http(s) URL")
    expectConfigurationError(resolveEndpoint({ region: "us-east-1", endpoint: "not a url" }), "http(s) URL")
    expectConfigurationError(resolveEndpoint({ region: "us-east-1", endpoint: "ftp://example.com" }), "http(s) URL")
  })

  it("rejects a region that cannot be a host name label", () => {
    expectConfigurationError(resolveEndpoint({ region: "us-east-1.evil.example/" }), "not a valid AWS region")
    expectConfigurationError(resolveEndpoint({ region: "-us-east-1" }), "not a valid AWS region")
  })

  const pseudoRegions = legacyEndpoints.flatMap(([region, entry]) =>
    entry.hostname !== undefined && entry.credentialScope !== undefined
      ? [{ region, hostname: entry.hostname, signingRegion: entry.credentialScope.region }]
      : []
  )

  it("maps every legacy fips-* pseudo-region of endpoints.json to its host and real signing region", () => {
    assert.strictEqual(pseudoRegions.length, 8)
    for (const { hostname, region, signingRegion } of pseudoRegions) {
      assert.deepStrictEqual(resolveEndpoint({ region }), resolved({ url: `https://${hostname}`, signingRegion }))
    }
  })

  it("accepts the -fips suffix form the JavaScript SDK also understands", () => {
    assert.deepStrictEqual(
      resolveEndpoint({ region: "us-west-2-fips" }),
      resolved({ url: "https://ssm-fips.us-west-2.amazonaws.com", signingRegion: "us-west-2" })
    )
  })

  it("agrees with every explicit FIPS host of the legacy endpoints.json", () => {
    const fipsVariants = legacyEndpoints.flatMap(([region, entry]) =>
      (entry.variants ?? []).filter((variant) => variant.tags.includes("fips")).map((variant) => ({
        region,
        hostname: variant.hostname
      }))
    )
    assert.isAtLeast(fipsVariants.length, 8)
    for (const { hostname, region } of fipsVariants) {
      assert.deepStrictEqual(
        resolveEndpoint({ region, useFipsEndpoint: true }),
        resolved({ url: `https://${hostname}`, signingRegion: region })
      )
    }
  })
})
