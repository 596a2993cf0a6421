import { assert, describe, it } from "@effect/vitest"
import { withEnvironment } from "@line/testing"
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { inspect } from "node:util"
import * as NodeCredentials from "ssm-association-executions/NodeCredentials"
import { makeHome } from "./support/tempHome.js"

const withEnv = withEnvironment

const names = (info: NodeCredentials.ProfileInfo) => [...info.settingNames].sort()

describe("NodeCredentials.profileInfo", () => {
  it.effect("the default profile from both files: found, not named, its setting names but never its values", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({
        config: "[default]\nregion = eu-west-1\n[profile other]\noutput = json\n",
        credentials: "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = file-secret-value\n"
      })
      const info = yield* NodeCredentials.profileInfo().pipe(withEnv({ HOME: home }))
      assert.strictEqual(info.name, "default")
      assert.isFalse(info.explicit)
      assert.isTrue(info.found)
      assert.deepStrictEqual(names(info), ["aws_access_key_id", "aws_secret_access_key", "region"])
      for (const text of [JSON.stringify({ ...info, settingNames: [...info.settingNames] }), inspect(info)]) {
        assert.notInclude(text, "file-secret-value")
        assert.notInclude(text, "AKIDDEFAULT")
      }
    }).pipe(Effect.scoped))

  it.effect("[profile x] in the config file and [x] in the credentials file; not the other way round", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({
        config: "[profile dev]\nrole_arn = arn:aws:iam::1:role/r\n[ops]\nregion = wrong\n",
        credentials: "[dev]\naws_access_key_id = AKIDDEV\n[profile ops]\naws_access_key_id = wrong\n"
      })
      const dev = yield* NodeCredentials.profileInfo({ profile: "dev" }).pipe(withEnv({ HOME: home }))
      assert.isTrue(dev.found)
      assert.isTrue(dev.explicit)
      assert.deepStrictEqual(names(dev), ["aws_access_key_id", "role_arn"])
      const ops = yield* NodeCredentials.profileInfo({ profile: "ops" }).pipe(withEnv({ HOME: home }))
      assert.isFalse(ops.found)
      assert.strictEqual(ops.settingNames.size, 0)
    }).pipe(Effect.scoped))

  it.effect("AWS_PROFILE selects and counts as named; the option wins over it", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({ config: "[profile dev]\nregion = ap-south-1\n" })
      const fromEnvironment = yield* NodeCredentials.profileInfo().pipe(withEnv({ HOME: home, AWS_PROFILE: "dev" }))
      assert.strictEqual(fromEnvironment.name, "dev")
      assert.isTrue(fromEnvironment.explicit)
      assert.isTrue(fromEnvironment.found)
      const fromOption = yield* NodeCredentials.profileInfo({ profile: "ghost" }).pipe(
        withEnv({ HOME: home, AWS_PROFILE: "dev" })
      )
      assert.strictEqual(fromOption.name, "ghost")
      assert.isFalse(fromOption.found)
      const blank = yield* NodeCredentials.profileInfo().pipe(withEnv({ HOME: home, AWS_PROFILE: " " }))
      assert.strictEqual(blank.name, "default")
      assert.isFalse(blank.explicit)
    }).pipe(Effect.scoped))

  it.effect("AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move the files, a leading ~ expanded", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({ config: "[profile elsewhere]\nregion = wrong\n" })
      fs.writeFileSync(path.join(home, "my-config"), "[profile moved]\nsso_session = corp\n")
      fs.writeFileSync(path.join(home, "my-credentials"), "[keys]\naws_access_key_id = AKID\n")
      const env = withEnv({
        HOME: home,
        AWS_CONFIG_FILE: "~/my-config",
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, "my-credentials")
      })
      const moved = yield* NodeCredentials.profileInfo({ profile: "moved" }).pipe(env)
      assert.strictEqual(moved.configFile, path.join(home, "my-config"))
      assert.strictEqual(moved.credentialsFile, path.join(home, "my-credentials"))
      assert.deepStrictEqual(names(moved), ["sso_session"])
      assert.isTrue((yield* NodeCredentials.profileInfo({ profile: "keys" }).pipe(env)).found)
      assert.isFalse((yield* NodeCredentials.profileInfo({ profile: "elsewhere" }).pipe(env)).found)
    }).pipe(Effect.scoped))

  it.effect("missing files are empty: nothing found, no error", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({})
      const fallback = yield* NodeCredentials.profileInfo().pipe(withEnv({ HOME: home }))
      assert.deepStrictEqual([fallback.name, fallback.explicit, fallback.found], ["default", false, false])
      const named = yield* NodeCredentials.profileInfo({ profile: "ghost" }).pipe(withEnv({ HOME: home }))
      assert.deepStrictEqual([named.explicit, named.found, named.settingNames.size], [true, false, 0])
    }).pipe(Effect.scoped))

  it.effect("a file that cannot be read is a ConfigurationError naming it", () =>
    Effect.gen(function*() {
      const home = yield* makeHome({})
      const directory = path.join(home, ".aws", "config")
      fs.mkdirSync(directory)
      const error = yield* Effect.flip(NodeCredentials.profileInfo().pipe(withEnv({ HOME: home })))
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.include(error.reason, directory)
    }).pipe(Effect.scoped))

  it("readFile answers instead of the disk, synchronously; sub-settings keep their parent's name", () => {
    const files: Record<string, string> = {
      "/home/u/.aws/config": "[profile keys]\nregion = eu-west-1\ns3 =\n  role_arn = nested\n",
      "/nowhere/credentials": "[keys]\naws_access_key_id = AKID\n"
    }
    const info = Effect.runSync(
      NodeCredentials.profileInfo({
        profile: "keys",
        homeDirectory: "/home/u",
        credentialsFile: "/nowhere/credentials",
        readFile: (file) => files[file]
      }).pipe(withEnv({}))
    )
    assert.isTrue(info.found)
    assert.deepStrictEqual(names(info), ["aws_access_key_id", "region", "s3.role_arn"])
  })
})
