import { assert, describe, it } from "@effect/vitest"
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const profileModule = fileURLToPath(new URL("../src/profile.ts", import.meta.url))
const tsconfig = fileURLToPath(new URL("../../tsconfig.json", import.meta.url))

describe("the AWS SDK's provider chain in the bundled CLI", () => {
  // The CLI ships as one esbuild bundle split into chunks, where `import()` of a CommonJS package
  // gives `{ default: exports }` only, not the named exports Node gives; vitest never sees that shape.
  it("is found when profile.ts is bundled as the CLI's build bundles it", async () => {
    const directory = mkdtempSync(join(tmpdir(), "profile-bundle-"))
    try {
      const entry = join(directory, "entry.ts")
      writeFileSync(
        entry,
        `import { loadNodeProviderChain } from ${JSON.stringify(profileModule)}\n` +
          "process.stdout.write(typeof (await loadNodeProviderChain()))\n"
      )
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        splitting: true,
        outdir: join(directory, "out"),
        tsconfig,
        logLevel: "silent",
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; " +
            "const require = __createRequire(import.meta.url);"
        }
      })
      const run = spawnSync(process.execPath, [join(directory, "out", "entry.js")], { encoding: "utf8" })
      assert.strictEqual(run.stderr, "")
      assert.strictEqual(run.stdout, "function")
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })
})
