import { afterAll, assert, describe, it } from "@effect/vitest"
import { withEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as NodeClient from "ssm-association-executions/internal/nodeClient"
import type { Transport } from "ssm-association-executions/internal/transport"
import type * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ssm-node-config-"))
const configFile = path.join(directory, "config")
const credentialsFile = path.join(directory, "credentials")
fs.writeFileSync(
  configFile,
  [
    "[default]",
    "region = eu-central-1",
    "max_attempts = 2",
    "[profile ignoring]",
    "region = eu-north-1",
    "ignore_configured_endpoint_urls = true",
    "aws_access_key_id = AKIDIGNORING",
    "aws_secret_access_key = ignoring-secret",
    "[profile local]",
    "region = ap-south-1",
    "endpoint_url = http://127.0.0.1:4566"
  ].join("\n")
)
fs.writeFileSync(
  credentialsFile,
  [
    "[default]",
    "aws_access_key_id = AKIDPROFILE",
    "aws_secret_access_key = profile-secret",
    "[local]",
    "aws_access_key_id = AKIDLOCALPROFILE",
    "aws_secret_access_key = local-secret"
  ].join("\n")
)
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }))

/**
 * Describes once through the Node layer's own path (settings, credentials chain, signer) and returns
 * what was sent; only the transport is replaced, by one that records and answers 500.
 */
const sentWith = (options: NodeAssociationExecutions.NodeOptions, environment: Record<string, string>) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<{ url: string; authorization: string }>>([])
    const recording: Transport = (request) =>
      Effect.as(
        Ref.update(
          requests,
          (list) => [...list, { url: new URL(request.url).href, authorization: request.headers["authorization"] ?? "" }]
        ),
        { status: 500, headers: {}, body: "{\"__type\":\"InternalServerError\"}" }
      )
    yield* Effect.flatMap(
      NodeClient.makeConfig({ retry: { baseDelayMillis: 0 }, ...options }, () => recording),
      (service) => service.describe({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" })
    ).pipe(
      Effect.scoped,
      withEnvironment({
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_EC2_METADATA_DISABLED: "true",
        ...environment
      }),
      Effect.ignore
    )
    return yield* Ref.get(requests)
  })

describe("NodeAssociationExecutions.layerConfig", () => {
  it.effect("either ignore switch skips configured endpoints from the environment and the profile alike", () =>
    Effect.gen(function*() {
      const environmentSwitch = yield* sentWith({ profile: "local" }, { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" })
      assert.strictEqual(environmentSwitch[0]?.url, "https://ssm.ap-south-1.amazonaws.com/")
      const profileSwitch = yield* sentWith({ profile: "ignoring" }, { AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:4566" })
      assert.strictEqual(profileSwitch[0]?.url, "https://ssm.eu-north-1.amazonaws.com/")
      const explicit = yield* sentWith({ profile: "ignoring", endpoint: "http://127.0.0.1:9999" }, {})
      assert.strictEqual(explicit[0]?.url, "http://127.0.0.1:9999/")
    }))

  it.effect("takes region, retries and credentials from the default profile", () =>
    Effect.gen(function*() {
      const sent = yield* sentWith({}, {})
      assert.strictEqual(sent.length, 2)
      assert.strictEqual(sent[0]?.url, "https://ssm.eu-central-1.amazonaws.com/")
      assert.include(sent[0]?.authorization, "Credential=AKIDPROFILE/")
    }))

  it.effect("a selected profile brings its own endpoint and keys", () =>
    Effect.gen(function*() {
      const sent = yield* sentWith({ profile: "local" }, {})
      assert.strictEqual(sent[0]?.url, "http://127.0.0.1:4566/")
      assert.include(sent[0]?.authorization, "Credential=AKIDLOCALPROFILE/")
      assert.include(sent[0]?.authorization, "/ap-south-1/ssm/")
    }))

  it.effect("the environment wins over the profile, explicit options over both", () =>
    Effect.gen(function*() {
      const fromEnvironment = yield* sentWith({}, { AWS_REGION: "us-west-2", AWS_MAX_ATTEMPTS: "3" })
      assert.strictEqual(fromEnvironment.length, 3)
      assert.strictEqual(fromEnvironment[0]?.url, "https://ssm.us-west-2.amazonaws.com/")
      const explicit = yield* sentWith({ region: "sa-east-1", retry: { maxAttempts: 1 } }, { AWS_REGION: "us-west-2" })
      assert.strictEqual(explicit.length, 1)
      assert.strictEqual(explicit[0]?.url, "https://ssm.sa-east-1.amazonaws.com/")
    }))
})
