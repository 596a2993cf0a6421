import { assert, describe, it } from "@effect/vitest"
import { httpClientLayer, withEnvironment, withUnreadableEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as NodeClient from "ssm-association-executions/internal/nodeClient"
import * as Settings from "ssm-association-executions/internal/settings"
import type { Transport } from "ssm-association-executions/internal/transport"

const resolved = (explicit: AssociationExecutions.Options, env: Record<string, string>, profile = {}) =>
  Settings.config(explicit, profile).pipe(withEnvironment(env))

interface Case {
  readonly name: string
  readonly explicit?: AssociationExecutions.Options
  readonly env?: Record<string, string>
  readonly profile?: Settings.SettingsSource
  readonly expect: Partial<Record<"region" | "endpoint" | "useFipsEndpoint" | "maxAttempts" | "adaptive", unknown>>
}

const ssmEnv = "http://127.0.0.1:1"
const globalEnv = "http://127.0.0.1:2"
const profileEndpoint = "http://127.0.0.1:3"

const cases: ReadonlyArray<Case> = [
  { name: "nothing anywhere", expect: { region: undefined, endpoint: undefined, maxAttempts: undefined } },
  {
    name: "AWS_REGION over AWS_DEFAULT_REGION over the profile",
    env: { AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-1" },
    profile: { region: "ap-south-1" },
    expect: { region: "eu-west-1" }
  },
  { name: "AWS_DEFAULT_REGION alone", env: { AWS_DEFAULT_REGION: "us-east-1" }, expect: { region: "us-east-1" } },
  {
    name: "empty AWS_REGION is unset",
    env: { AWS_REGION: "", AWS_DEFAULT_REGION: "us-east-1" },
    expect: { region: "us-east-1" }
  },
  { name: "profile region", profile: { region: "ap-south-1" }, expect: { region: "ap-south-1" } },
  {
    name: "explicit region wins",
    explicit: { region: "sa-east-1" },
    env: { AWS_REGION: "eu-west-1" },
    expect: { region: "sa-east-1" }
  },
  {
    name: "AWS_ENDPOINT_URL_SSM over AWS_ENDPOINT_URL over the profile's",
    env: { AWS_ENDPOINT_URL_SSM: ssmEnv, AWS_ENDPOINT_URL: globalEnv },
    profile: { endpointUrl: profileEndpoint },
    expect: { endpoint: ssmEnv }
  },
  { name: "AWS_ENDPOINT_URL alone", env: { AWS_ENDPOINT_URL: globalEnv }, expect: { endpoint: globalEnv } },
  {
    name: "the profile's ssm endpoint over its global one",
    profile: { endpointUrl: globalEnv, ssmEndpointUrl: profileEndpoint },
    expect: { endpoint: profileEndpoint }
  },
  {
    name: "the environment's ignore switch drops every configured endpoint",
    env: { AWS_ENDPOINT_URL_SSM: ssmEnv, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE" },
    profile: { endpointUrl: profileEndpoint },
    expect: { endpoint: undefined }
  },
  {
    name: "the profile's ignore switch drops the environment's endpoint too",
    env: { AWS_ENDPOINT_URL: globalEnv },
    profile: { endpointUrl: profileEndpoint, ignoreConfiguredEndpointUrls: true },
    expect: { endpoint: undefined }
  },
  {
    name: "the environment's false wins over the profile's true",
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" },
    profile: { endpointUrl: profileEndpoint, ignoreConfiguredEndpointUrls: true },
    expect: { endpoint: profileEndpoint }
  },
  {
    name: "an explicit endpoint is never ignored",
    explicit: { endpoint: "http://127.0.0.1:9" },
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
    expect: { endpoint: "http://127.0.0.1:9" }
  },
  {
    name: "switches in any case",
    env: { AWS_USE_FIPS_ENDPOINT: "True" },
    profile: { useFipsEndpoint: false },
    expect: { useFipsEndpoint: true }
  },
  {
    name: "explicit false wins",
    explicit: { useFipsEndpoint: false },
    env: { AWS_USE_FIPS_ENDPOINT: "true" },
    expect: { useFipsEndpoint: false }
  },
  {
    name: "AWS_MAX_ATTEMPTS over the profile",
    env: { AWS_MAX_ATTEMPTS: "8" },
    profile: { maxAttempts: 2 },
    expect: { maxAttempts: 8 }
  },
  { name: "profile max_attempts", profile: { maxAttempts: 2 }, expect: { maxAttempts: 2 } },
  {
    name: "explicit maxAttempts wins",
    explicit: { retry: { maxAttempts: 3 } },
    env: { AWS_MAX_ATTEMPTS: "8" },
    expect: { maxAttempts: 3 }
  },
  {
    name: "empty variables are unset",
    env: { AWS_MAX_ATTEMPTS: "", AWS_RETRY_MODE: "" },
    expect: { maxAttempts: undefined, adaptive: undefined }
  },
  {
    name: "AWS_RETRY_MODE standard turns the limiter off",
    env: { AWS_RETRY_MODE: "standard" },
    expect: { adaptive: false }
  },
  { name: "AWS_RETRY_MODE in any case", env: { AWS_RETRY_MODE: "Adaptive" }, expect: { adaptive: true } },
  {
    name: "the environment's retry mode over the profile's",
    env: { AWS_RETRY_MODE: "adaptive" },
    profile: { retryMode: "standard" },
    expect: { adaptive: true }
  },
  { name: "the profile's retry mode", profile: { retryMode: "legacy" }, expect: { adaptive: false } },
  {
    name: "an explicit adaptive setting wins",
    explicit: { rateLimit: { adaptive: true } },
    env: { AWS_RETRY_MODE: "standard" },
    expect: { adaptive: true }
  }
]

describe("settings: explicit > environment > profile, field by field", () => {
  for (const testCase of cases) {
    it.effect(testCase.name, () =>
      Effect.gen(function*() {
        const options = yield* resolved(testCase.explicit ?? {}, testCase.env ?? {}, testCase.profile)
        const actual = {
          region: options.region,
          endpoint: options.endpoint,
          useFipsEndpoint: options.useFipsEndpoint,
          maxAttempts: options.retry?.maxAttempts,
          adaptive: options.rateLimit?.adaptive
        }
        for (const [key, value] of Object.entries(testCase.expect)) {
          assert.strictEqual(actual[key as keyof typeof actual], value, key)
        }
      }))
  }

  it.effect("a bad variable is a ConfigError naming it", () =>
    Effect.gen(function*() {
      const maxAttempts = yield* Effect.flip(resolved({}, { AWS_MAX_ATTEMPTS: "many" }))
      assert.include(String(maxAttempts), "AWS_MAX_ATTEMPTS")
      const fips = yield* Effect.flip(resolved({}, { AWS_USE_FIPS_ENDPOINT: "yes" }))
      assert.include(String(fips), "AWS_USE_FIPS_ENDPOINT")
      const zero = yield* Effect.flip(resolved({}, { AWS_MAX_ATTEMPTS: "0" }))
      assert.include(String(zero), "AWS_MAX_ATTEMPTS")
    }))
})

// The layers users call, end to end: where does the first request go?
const answer = { status: 200, headers: {}, body: "{\"AssociationExecutions\":[]}" }
const describeOnce = (service: AssociationExecutions.Service) =>
  service.describe({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" })

const firstUrl = (urls: Ref.Ref<ReadonlyArray<string>>) => Effect.map(Ref.get(urls), (list) => list[0])

describe("settings through the layers", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "settings-"))
  const configFile = path.join(home, "config")
  fs.writeFileSync(
    configFile,
    "[default]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:4566\nignore_configured_endpoint_urls = true\n"
  )
  const credentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" }

  // The Node layer's own path (settings, profile, signer); only its transport records instead of sending.
  const nodeFirstUrl = (env: Record<string, string>) =>
    Effect.gen(function*() {
      const urls = yield* Ref.make<ReadonlyArray<string>>([])
      const recording: Transport = (request) =>
        Effect.as(Ref.update(urls, (list) => [...list, new URL(request.url).href]), answer)
      yield* Effect.flatMap(NodeClient.makeConfig({ configFile, credentials }, () => recording), describeOnce).pipe(
        Effect.scoped,
        withEnvironment(env)
      )
      return yield* firstUrl(urls)
    })

  it.effect("Node: the environment's AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false keeps the profile's endpoint", () =>
    Effect.gen(function*() {
      const kept = yield* nodeFirstUrl({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false", HOME: home })
      assert.strictEqual(kept, "http://127.0.0.1:4566/")
      const ignored = yield* nodeFirstUrl({ HOME: home })
      assert.strictEqual(ignored, "https://ssm.eu-west-1.amazonaws.com/")
    }))

  it.effect("core: explicit options over the environment", () =>
    Effect.gen(function*() {
      const urls = yield* Ref.make<ReadonlyArray<string>>([])
      const client = httpClientLayer((request) =>
        Effect.as(
          Ref.update(urls, (list) => [...list, request.url]),
          new Response(answer.body, { status: 200 })
        )
      )
      yield* Effect.flatMap(AssociationExecutions.AssociationExecutions, describeOnce).pipe(
        Effect.provide(
          AssociationExecutions.layerConfig({ credentials, endpoint: "http://127.0.0.1:9" }).pipe(Layer.provide(client))
        ),
        withEnvironment({ AWS_REGION: "eu-west-1", AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:1" })
      )
      assert.strictEqual(yield* firstUrl(urls), "http://127.0.0.1:9/")
    }))
})

// What Deno does without --allow-env: reading process.env throws, which Effect's provider reports as a defect.
// A defect fails these tests (Effect.flip passes it on): each expects a typed failure.
describe("an environment that cannot be read", () => {
  const describeWith = (layer: Layer.Layer<AssociationExecutions.AssociationExecutions, unknown>) =>
    Effect.flatMap(AssociationExecutions.AssociationExecutions, describeOnce).pipe(
      Effect.provide(layer),
      withUnreadableEnvironment,
      Effect.flip
    )
  const refusing = httpClientLayer(() => Effect.succeed({ transportFailure: "ECONNREFUSED" }))

  it.effect("layerConfig fails with a ConfigError that says so, not a defect", () =>
    Effect.gen(function*() {
      const error = yield* describeWith(AssociationExecutions.layerConfig().pipe(Layer.provide(refusing)))
      assert.include(String(error), "the environment could not be read")
    }))

  it.effect("the default credentials chain treats it as no credentials: a CredentialsError, not a defect", () =>
    Effect.gen(function*() {
      const error = yield* describeWith(
        AssociationExecutions.layer({ region: "us-east-1", retry: { maxAttempts: 1 } }).pipe(Layer.provide(refusing))
      )
      assert.strictEqual(
        typeof error === "object" && error !== null && "_tag" in error ? error._tag : "",
        "CredentialsError"
      )
    }))
})
