import { assert, describe, it } from "@effect/vitest"
import { httpClientLayer, TestClock, withEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as fs from "node:fs"
import * as path from "node:path"
import { inspect } from "node:util"
import type { AwsCredentials, ProviderResult } from "ssm-association-executions/Credentials"
import { cached } from "ssm-association-executions/internal/credentials/cache"
import { stderrComplaint } from "ssm-association-executions/internal/credentials/process"
import { chain } from "ssm-association-executions/internal/credentials/provider"
import * as NodeHostSystem from "ssm-association-executions/internal/nodeHostSystem"
import { loadSharedConfig } from "ssm-association-executions/internal/sharedConfig"
import * as NodeCredentials from "ssm-association-executions/NodeCredentials"
import { assertNotShown, readable, shaped } from "./support/secretShapes.js"
import { makeHome as makeTempHome } from "./support/tempHome.js"

const secret = "wJalrXUtnFEMI-K7MDENG-FILE-SECRET"
const sessionToken = "FwoGZXIvYXdzE-FILE-SESSION"
const commandSecret = "hunter2-in-the-command-line"

const withEnv = withEnvironment

const assertNoSecret = (value: unknown) => {
  const texts = [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 10 })]
  if (value instanceof Error) texts.push(value.message)
  for (const text of texts) {
    for (const hidden of [secret, sessionToken, commandSecret]) assert.notInclude(text, hidden)
  }
}

// A success fails the test (with the value as its error).
const failureOf = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<E, A, R> => Effect.flip(effect)

const resolvedCredentials = (result: ProviderResult): AwsCredentials | undefined => {
  assert.strictEqual(result._tag, "Resolved")
  return result._tag === "Resolved" ? result.credentials : undefined
}

const notApplicableReason = (result: ProviderResult): string => {
  assert.strictEqual(result._tag, "NotApplicable")
  return result._tag === "NotApplicable" ? result.reason : ""
}

/** A temp home with `.aws` files and the given node scripts; returns paths for building command lines. */
const makeHome = (files: {
  readonly config?: string
  readonly credentials?: string
  readonly scripts?: Record<string, string>
}) =>
  Effect.gen(function*() {
    const home = yield* makeTempHome(files)
    for (const [name, source] of Object.entries(files.scripts ?? {})) {
      fs.writeFileSync(path.join(home, name), source)
    }
    const script = (name: string) => `"${process.execPath}" "${path.join(home, name)}"`
    return { home, script }
  })

/** Writes the config after the scripts exist, since it names them. */
const homeWithProcess = (scripts: Record<string, string>, config: (script: (name: string) => string) => string) =>
  Effect.gen(function*() {
    const created = yield* makeHome({ scripts })
    fs.writeFileSync(path.join(created.home, ".aws", "config"), config(created.script))
    return created
  })

const printJson = (document: object) => `process.stdout.write(${JSON.stringify(JSON.stringify(document))})\n`

const processScripts = {
  "good.js": printJson({
    Version: 1,
    AccessKeyId: "ASIAPROCESS",
    SecretAccessKey: secret,
    SessionToken: sessionToken,
    Expiration: "2030-01-01T00:00:00Z"
  }),
  "long-term.js": printJson({ Version: 1, AccessKeyId: "AKIAPROCESS", SecretAccessKey: secret }),
  "expired.js": printJson({
    Version: 1,
    AccessKeyId: "ASIAOLD",
    SecretAccessKey: secret,
    SessionToken: sessionToken,
    Expiration: "2020-01-01T00:00:00Z"
  }),
  "version2.js": printJson({ Version: 2, AccessKeyId: "ASIA", SecretAccessKey: secret }),
  "not-json.js": `process.stdout.write("AccessKeyId=ASIA SecretAccessKey=${secret}")\n`,
  "failing.js": `process.stderr.write("aws-vault: profile ops is not authorised\\n"); process.exit(3)\n`,
  // Prints its credentials, then fails, echoing them (and more) on stderr with a terminal escape.
  "leaky.js": [
    printJson({ Version: 1, AccessKeyId: "ASIALEAK", SecretAccessKey: secret, SessionToken: sessionToken }),
    `process.stderr.write("debug: got ${secret} and ${sessionToken}\\n\\u001b[31mexport AWS_SESSION_TOKEN=other-token-value\\u001b[0m\\npassword: pa55word\\n")`,
    "process.exit(2)"
  ].join("\n")
}

// Prints nothing on stdout, so no value is known to be secret: only their shapes give them away.
const shapesOnStderr = [
  `process.stderr.write(${
    JSON.stringify(
      `sts: ${shaped.sessionToken}\n` +
        `assumed ${readable.roleArn} as ${shaped.temporaryAccessKeyId} (request ${readable.requestId})\n` +
        `aws_secret_access_key=${shaped.secretAccessKey}; retry with ${shaped.secretAccessKey}\n`
    )
  })`,
  "process.exit(4)"
].join("\n")

const now2029 = TestClock.setTime(Date.parse("2029-06-01T00:00:00Z"))

const resolveShared = (env: Record<string, string>, options: NodeCredentials.ProfileOptions = {}) =>
  NodeCredentials.sharedFiles(options).resolve.pipe(withEnv(env))

describe("sharedFiles", () => {
  it.effect("reads static keys and the session token of the default profile", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({
        credentials:
          `[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = ${secret}\naws_session_token = ${sessionToken}\n`
      })
      const result = yield* resolveShared({ HOME: home })
      const credentials = resolvedCredentials(result)
      assert.strictEqual(credentials?.accessKeyId, "AKIDFILE")
      assert.strictEqual(credentials && Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(credentials?.sessionToken && Redacted.value(credentials.sessionToken), sessionToken)
      assertNoSecret(result)
    }).pipe(Effect.scoped))

  it.effect("selects the profile from AWS_PROFILE or the option, from [profile x] in the config file", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({
        config: `[profile ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = ${secret}\n`,
        credentials: `[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = ${secret}\n`
      })
      assert.strictEqual(
        resolvedCredentials(yield* resolveShared({ HOME: home, AWS_PROFILE: "ops" }))?.accessKeyId,
        "AKIDOPS"
      )
      assert.strictEqual(
        resolvedCredentials(yield* resolveShared({ HOME: home }, { profile: "ops" }))?.accessKeyId,
        "AKIDOPS"
      )
      assert.strictEqual(resolvedCredentials(yield* resolveShared({ HOME: home }))?.accessKeyId, "AKIDDEFAULT")
    }).pipe(Effect.scoped))

  it.effect("does not apply when the profile is in neither file, naming both", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({ credentials: "[other]\n" })
      const reason = notApplicableReason(yield* resolveShared({ HOME: home, AWS_PROFILE: "ghost" }))
      assert.include(reason, "profile ghost")
      assert.include(reason, ".aws/config")
      assert.include(reason, ".aws/credentials")
    }).pipe(Effect.scoped))

  it.effect("points role, SSO and web identity profiles to fromProvider", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({
        config: [
          "[profile role]",
          "role_arn = arn:aws:iam::123456789012:role/admin",
          "source_profile = default",
          "aws_access_key_id = AKIDIGNORED",
          `aws_secret_access_key = ${secret}`,
          "[profile sso]",
          "sso_session = corp",
          "sso_account_id = 123456789012",
          "[profile plain]",
          "region = us-east-1"
        ].join("\n")
      })
      const role = notApplicableReason(yield* resolveShared({ HOME: home }, { profile: "role" }))
      assert.include(role, "role_arn")
      assert.include(role, "fromProvider")
      assert.include(notApplicableReason(yield* resolveShared({ HOME: home }, { profile: "sso" })), "sso_session")
      assert.include(
        notApplicableReason(yield* resolveShared({ HOME: home }, { profile: "plain" })),
        "neither aws_access_key_id nor credential_process"
      )
    }).pipe(Effect.scoped))

  it.effect("fails on a key id without its secret", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({ credentials: "[default]\naws_access_key_id = AKIDHALF\n" })
      const error = yield* failureOf(resolveShared({ HOME: home }))
      assert.include(error.reason, "aws_secret_access_key")
    }).pipe(Effect.scoped))
})

describe("credential_process", () => {
  it.effect("runs the command and reads Version 1 output with its expiration", () =>
    Effect.gen(function*() {
      yield* now2029
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) => `[default]\ncredential_process = ${script("good.js")} --password ${commandSecret}\n`
      )
      const result = yield* resolveShared({ HOME: home })
      const credentials = resolvedCredentials(result)
      assert.strictEqual(credentials?.accessKeyId, "ASIAPROCESS")
      assert.strictEqual(credentials?.sessionToken && Redacted.value(credentials.sessionToken), sessionToken)
      assert.strictEqual(credentials?.expiration?.toISOString(), "2030-01-01T00:00:00.000Z")
      assertNoSecret(result)
    }).pipe(Effect.scoped))

  it.effect("accepts long-term keys without Expiration", () =>
    Effect.gen(function*() {
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) => `[default]\ncredential_process = ${script("long-term.js")}\n`
      )
      const credentials = resolvedCredentials(yield* resolveShared({ HOME: home }))
      assert.strictEqual(credentials?.accessKeyId, "AKIAPROCESS")
      assert.isUndefined(credentials?.expiration)
      assert.isUndefined(credentials?.sessionToken)
    }).pipe(Effect.scoped))

  it.effect("prefers static keys over credential_process in the same profile", () =>
    Effect.gen(function*() {
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) =>
          `[default]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = ${secret}\ncredential_process = ${
            script("failing.js")
          }\n`
      )
      assert.strictEqual(resolvedCredentials(yield* resolveShared({ HOME: home }))?.accessKeyId, "AKIDSTATIC")
    }).pipe(Effect.scoped))

  it.effect("reports a failing command with its exit code and stderr, never its command line", () =>
    Effect.gen(function*() {
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) => `[profile ops]\ncredential_process = ${script("failing.js")} --password ${commandSecret}\n`
      )
      const error = yield* failureOf(resolveShared({ HOME: home, AWS_PROFILE: "ops" }))
      assert.strictEqual(
        error.reason,
        "credential_process of profile ops exited with code 3: aws-vault: profile ops is not authorised"
      )
      assertNoSecret(error)
    }).pipe(Effect.scoped))

  it.effect("scrubs secrets from a failing command's stderr: those it printed, and secret-looking assignments", () =>
    Effect.gen(function*() {
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) => `[profile leaky]\ncredential_process = ${script("leaky.js")}\n`
      )
      const error = yield* failureOf(resolveShared({ HOME: home }, { profile: "leaky" }))
      assert.strictEqual(
        error.reason,
        "credential_process of profile leaky exited with code 2: debug: got [redacted] and [redacted] " +
          "export AWS_SESSION_TOKEN=[redacted] password: [redacted]"
      )
      assertNoSecret(error)
      assert.notInclude(error.message, "other-token-value")
      assert.notInclude(error.message, "pa55word")
    }).pipe(Effect.scoped))

  it.effect("redacts what is shaped like a credential in a failing command's stderr, keeping the rest readable", () =>
    Effect.gen(function*() {
      const { home } = yield* homeWithProcess(
        { "shapes.js": shapesOnStderr },
        (script) => `[profile shapes]\ncredential_process = ${script("shapes.js")}\n`
      )
      const error = yield* failureOf(resolveShared({ HOME: home }, { profile: "shapes" }))
      assertNotShown(error, Object.values(shaped))
      assert.include(error.reason, "credential_process of profile shapes exited with code 4: sts: [redacted]")
      assert.include(error.reason, `assumed ${readable.roleArn} as [redacted] (request ${readable.requestId})`)
      assert.include(error.reason, "aws_secret_access_key=[redacted]; retry with [redacted]")
    }).pipe(Effect.scoped))

  it("cuts a long stderr to its last 300 characters, scrubbed before the cut", () => {
    const stderr = `${"noise ".repeat(100)}${secret} the end`
    const complaint = stderrComplaint(stderr, JSON.stringify({ SecretAccessKey: secret }))
    assert.isAtMost(complaint.length, 300)
    assert.isTrue(complaint.endsWith("[redacted] the end"))
    // A secret on stdout cut off mid-value is still found.
    assert.strictEqual(stderrComplaint(`x ${secret} y`, `{"SecretAccessKey": "${secret}`), "x [redacted] y")
  })

  it.effect("rejects expired, non-JSON and wrong-version output without echoing it", () =>
    Effect.gen(function*() {
      yield* now2029
      const { home } = yield* homeWithProcess(
        processScripts,
        (script) =>
          [
            `[profile expired]\ncredential_process = ${script("expired.js")}`,
            `[profile garbage]\ncredential_process = ${script("not-json.js")}`,
            `[profile future]\ncredential_process = ${script("version2.js")}`
          ].join("\n")
      )
      const expected = {
        expired: "returned credentials that expired at 2020-01-01T00:00:00.000Z",
        garbage: "did not return valid JSON",
        future: "did not return Version 1"
      }
      for (const [profile, reason] of Object.entries(expected)) {
        const error = yield* failureOf(resolveShared({ HOME: home }, { profile }))
        assert.strictEqual(error.reason, `credential_process of profile ${profile} ${reason}`)
        assertNoSecret(error)
      }
    }).pipe(Effect.scoped))
})

/** An HttpClient that refuses every connection and counts the attempts. */
const refusingClient = Effect.gen(function*() {
  const calls = yield* Ref.make(0)
  const layer = httpClientLayer(() => Effect.as(Ref.update(calls, (n) => n + 1), { transportFailure: "ECONNREFUSED" }))
  return { calls, layer }
})

// What the Node layer does with its default chain: asks the links in order, cached for its lifetime.
const resolveChain = (options: NodeCredentials.DefaultChainOptions = {}) =>
  Effect.scoped(Effect.flatMap(cached(chain(NodeCredentials.defaultChain(options))), (source) => source.get))

describe("default chain", () => {
  const files = {
    credentials: `[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = ${secret}\n[ops]\n` +
      `aws_access_key_id = AKIDOPS\naws_secret_access_key = ${secret}\n`
  }
  const envKeys = { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: secret }

  it.effect("takes the environment before the shared files", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome(files)
      const client = yield* refusingClient
      const credentials = yield* resolveChain().pipe(
        Effect.provide(client.layer),
        withEnv({ HOME: home, ...envKeys })
      )
      assert.strictEqual(credentials.accessKeyId, "AKIDENV")
    }).pipe(Effect.scoped))

  it.effect("skips the environment when a profile is selected, as the AWS JS SDK does", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome(files)
      const client = yield* refusingClient
      const fromVariable = yield* resolveChain().pipe(
        Effect.provide(client.layer),
        withEnv({ HOME: home, AWS_PROFILE: "ops", ...envKeys })
      )
      assert.strictEqual(fromVariable.accessKeyId, "AKIDOPS")
      const fromOption = yield* resolveChain({ profile: "ops" }).pipe(
        Effect.provide(client.layer),
        withEnv({ HOME: home, ...envKeys })
      )
      assert.strictEqual(fromOption.accessKeyId, "AKIDOPS")
    }).pipe(Effect.scoped))

  it.effect("takes the shared files before the container endpoint, which is then never called", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome(files)
      const client = yield* refusingClient
      const credentials = yield* resolveChain().pipe(
        Effect.provide(client.layer),
        withEnv({ HOME: home, AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1/creds" })
      )
      assert.strictEqual(credentials.accessKeyId, "AKIDFILE")
      assert.strictEqual(yield* Ref.get(client.calls), 0)
    }).pipe(Effect.scoped))

  it.effect("lists all four links and why each did not apply", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({})
      const client = yield* refusingClient
      const error = yield* failureOf(
        resolveChain().pipe(
          Effect.provide(client.layer),
          withEnv({ HOME: home })
        )
      )
      assert.strictEqual(error.reason, "No AWS credentials found")
      assert.deepStrictEqual(error.tried.map((entry) => entry.slice(0, entry.indexOf(":"))), [
        "environment",
        "shared config files",
        "container",
        "instance metadata (IMDSv2)"
      ])
      assert.include(error.message, "profile default is in neither")
      assert.include(error.message, "no metadata service at http://169.254.169.254")
      assert.strictEqual(yield* Ref.get(client.calls), 1)
      assertNoSecret(error)
    }).pipe(Effect.scoped))
})

describe("loadSharedConfig", () => {
  it.effect("reads the selected profile's client settings from AWS_CONFIG_FILE", () =>
    Effect.gen(function*() {
      const { home } = yield* makeHome({ config: "[profile ops]\nregion = eu-west-3\nretry_mode = standard\n" })
      const config = yield* loadSharedConfig().pipe(
        withEnv({ HOME: home, AWS_PROFILE: "ops", AWS_CONFIG_FILE: `${home}/.aws/config` }),
        Effect.provide(NodeHostSystem.layer)
      )
      assert.strictEqual(config.profile, "ops")
      assert.strictEqual(config.region, "eu-west-3")
      assert.strictEqual(config.retryMode, "standard")
    }).pipe(Effect.scoped))
})
