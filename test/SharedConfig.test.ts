import { assert, describe, it } from "@effect/vitest"
import { withEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as fs from "node:fs"
import * as path from "node:path"
import * as NodeHostSystem from "ssm-association-executions/internal/nodeHostSystem"
import { loadProfile, loadSharedConfig, parseIni } from "ssm-association-executions/internal/sharedConfig"
import type { HostSystem } from "ssm-association-executions/line/hostSystem"
import { makeHome } from "./support/tempHome.js"

const withEnv = withEnvironment

const scopedNode = <A, E>(effect: Effect.Effect<A, E, HostSystem | Scope.Scope>) =>
  Effect.scoped(Effect.provide(effect, NodeHostSystem.layer))

describe("parseIni", () => {
  it("reads sections, keys, comments and sub-sections as the AWS files use them", () => {
    const sections = parseIni(
      [
        "# leading comment",
        "; another",
        "[default]",
        "region = eu-west-1 ; trailing comment",
        "aws_secret_access_key = abc#def;ghi",
        "[ profile   dev ]  # comment after a section",
        "services = local",
        "s3 =",
        "  addressing_style = path",
        "  signature_version = s3v4",
        "max_attempts = 5",
        "[services local]",
        "ssm =",
        "    endpoint_url = http://localhost:4566",
        "not an assignment",
        "= no key"
      ].join("\r\n")
    )
    assert.deepStrictEqual([...sections.keys()], ["default", "profile dev", "services local"])
    assert.strictEqual(sections.get("default")?.get("region"), "eu-west-1")
    assert.strictEqual(sections.get("default")?.get("aws_secret_access_key"), "abc#def;ghi")
    assert.deepStrictEqual(
      [...(sections.get("profile dev") ?? new Map<string, string>())],
      [["services", "local"], ["s3.addressing_style", "path"], ["s3.signature_version", "s3v4"], ["max_attempts", "5"]]
    )
    assert.deepStrictEqual([...(sections.get("services local") ?? new Map<string, string>())], [[
      "ssm.endpoint_url",
      "http://localhost:4566"
    ]])
  })

  it("merges repeated sections, later keys winning, and ignores keys before any section", () => {
    const sections = parseIni("orphan = 1\n[a]\nx = 1\ny = 2\n[b]\n[a]\nx = 3\n")
    assert.isFalse([...sections.values()].some((section) => section.has("orphan")))
    assert.deepStrictEqual([...(sections.get("a") ?? new Map<string, string>())], [["x", "3"], ["y", "2"]])
    assert.strictEqual(sections.get("b")?.size, 0)
  })

  it("keeps prototype-looking names as plain data", () => {
    const sections = parseIni("[__proto__]\nconstructor = x\n")
    assert.strictEqual(sections.get("__proto__")?.get("constructor"), "x")
    assert.isUndefined(sections.get("toString"))
  })
})

describe("loadProfile", () => {
  it.effect("selects the default profile and lets the credentials file win over the config file", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({
        config: "[default]\nregion = us-east-2\noutput = json\n[profile default]\nregion = us-west-2\n",
        credentials: "[default]\nregion = eu-central-1\naws_access_key_id = AKIDDEFAULT\n"
      })
      const profile = yield* loadProfile().pipe(withEnv({ HOME: home }))
      assert.strictEqual(profile.name, "default")
      assert.isTrue(profile.found)
      assert.isFalse(profile.explicit)
      assert.strictEqual(profile.settings.get("region"), "eu-central-1")
      assert.strictEqual(profile.settings.get("output"), "json")
      assert.strictEqual(profile.settings.get("aws_access_key_id"), "AKIDDEFAULT")
    })))

  it.effect("uses [profile x] in config and [x] in credentials, selected by AWS_PROFILE or the option", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({
        config: "[profile dev]\nregion = ap-south-1\n[dev]\nregion = wrong\n",
        credentials: "[dev]\naws_access_key_id = AKIDDEV\n[profile dev]\naws_access_key_id = wrong\n"
      })
      const fromEnvironment = yield* loadProfile().pipe(withEnv({ HOME: home, AWS_PROFILE: "dev" }))
      assert.strictEqual(fromEnvironment.settings.get("region"), "ap-south-1")
      assert.strictEqual(fromEnvironment.settings.get("aws_access_key_id"), "AKIDDEV")
      assert.isTrue(fromEnvironment.explicit)
      const fromOption = yield* loadProfile({ profile: "dev" }).pipe(withEnv({ HOME: home, AWS_PROFILE: "other" }))
      assert.strictEqual(fromOption.name, "dev")
      assert.strictEqual(fromOption.settings.get("region"), "ap-south-1")
    })))

  it.effect("reads AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, expanding a leading ~", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({})
      fs.writeFileSync(path.join(home, "my-config"), "[default]\nregion = sa-east-1\n")
      fs.writeFileSync(path.join(home, "my-credentials"), "[default]\naws_access_key_id = AKIDCUSTOM\n")
      const profile = yield* loadProfile().pipe(
        withEnv({
          HOME: home,
          AWS_CONFIG_FILE: "~/my-config",
          AWS_SHARED_CREDENTIALS_FILE: path.join(home, "my-credentials")
        })
      )
      assert.strictEqual(profile.configFile, path.join(home, "my-config"))
      assert.strictEqual(profile.settings.get("region"), "sa-east-1")
      assert.strictEqual(profile.settings.get("aws_access_key_id"), "AKIDCUSTOM")
    })))

  it.effect("treats missing files as empty and reports a profile that is nowhere", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({})
      const profile = yield* loadProfile({ profile: "ghost" }).pipe(withEnv({ HOME: home }))
      assert.isFalse(profile.found)
      assert.strictEqual(profile.settings.size, 0)
    })))

  it.effect("fails with a ConfigurationError when no home directory can be found", () =>
    scopedNode(Effect.gen(function*() {
      const error = yield* Effect.flip(loadProfile().pipe(withEnv({})))
      assert.strictEqual(error._tag, "ConfigurationError")
    })))
})

describe("loadSharedConfig", () => {
  it.effect("exposes the client settings of the profile, including the services section's ssm endpoint", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({
        config: [
          "[profile local]",
          "region = eu-north-1",
          "endpoint_url = https://global.example",
          "services = emulators",
          "max_attempts = 7",
          "retry_mode = Adaptive",
          "use_fips_endpoint = TRUE",
          "use_dualstack_endpoint = false",
          "ignore_configured_endpoint_urls = false",
          "[services emulators]",
          "ssm =",
          "  endpoint_url = http://localhost:4566",
          "s3 =",
          "  endpoint_url = http://localhost:9000"
        ].join("\n")
      })
      const config = yield* loadSharedConfig({ profile: "local" }).pipe(withEnv({ HOME: home }))
      assert.deepStrictEqual(config, {
        profile: "local",
        region: "eu-north-1",
        endpointUrl: "https://global.example",
        ssmEndpointUrl: "http://localhost:4566",
        maxAttempts: 7,
        retryMode: "adaptive",
        useFipsEndpoint: true,
        useDualstackEndpoint: false,
        ignoreConfiguredEndpointUrls: false
      })
    })))

  it.effect("leaves unset settings undefined", () =>
    scopedNode(Effect.gen(function*() {
      const home = yield* makeHome({ config: "[default]\n" })
      const config = yield* loadSharedConfig().pipe(withEnv({ HOME: home }))
      assert.strictEqual(config.profile, "default")
      assert.isUndefined(config.region)
      assert.isUndefined(config.ssmEndpointUrl)
      assert.isUndefined(config.maxAttempts)
    })))

  it.effect("rejects values the SDKs would reject, naming key, value and profile", () =>
    scopedNode(Effect.gen(function*() {
      const cases = [
        ["max_attempts = 0", "max_attempts = 0"],
        ["max_attempts = two", "max_attempts = two"],
        ["retry_mode = fast", "retry_mode = fast"],
        ["use_fips_endpoint = yes", "use_fips_endpoint = yes"]
      ] as const
      for (const [line, expected] of cases) {
        const home = yield* makeHome({ config: `[default]\n${line}\n` })
        const error = yield* Effect.flip(loadSharedConfig().pipe(withEnv({ HOME: home })))
        assert.strictEqual(error._tag, "ConfigurationError")
        assert.include(error.message, expected)
        assert.include(error.message, "profile default")
      }
    })))
})
