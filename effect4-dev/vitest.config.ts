/**
 * The Effect 4 run of the suite, on Node 22 (vitest 5 needs it): the shared tests (`test/*.test.ts`)
 * and the Effect 4 line's own (`test/effect4/`), with the package's name meaning `src/effect4` and
 * `effect`, `@effect/vitest` and `vitest` meaning this package's copies wherever they are imported.
 */
import { fileURLToPath } from "node:url"
import { defineConfig, type Plugin } from "vitest/config"

const root = fileURLToPath(new URL("../", import.meta.url))
const anchor = fileURLToPath(new URL("./package.json", import.meta.url))

// Sources and tests live outside this package, so a plain lookup from them finds the root's Effect 3.
const thisLinesPackages: Plugin = {
  name: "effect4-line-packages",
  enforce: "pre",
  resolveId(source, importer) {
    if (!/^(effect|@effect\/vitest|vitest)(\/|$)/.test(source) || importer === anchor) return null
    return this.resolve(source, anchor, { skipSelf: true })
  }
}

export default defineConfig({
  root,
  plugins: [thisLinesPackages],
  resolve: {
    // src/effect4/internal links to src/internal: keeping the link's path makes an engine's
    // `../AssociationExecutionsError.js` this line's module.
    preserveSymlinks: true,
    alias: [
      { find: /^ssm-association-executions(\/effect4)?$/, replacement: `${root}src/effect4/index.ts` },
      { find: /^ssm-association-executions\/effect4\/(.*)$/, replacement: `${root}src/effect4/$1.ts` },
      { find: /^ssm-association-executions\/(.*)$/, replacement: `${root}src/effect4/$1.ts` },
      { find: /^@line\/testing$/, replacement: `${root}test/support/line/effect4.ts` }
    ]
  },
  test: {
    include: ["test/*.test.ts", "test/effect4/**/*.test.ts", "examples/effect4/**/*.test.ts"],
    pool: "threads",
    // As in the Effect 3 config (vitest 5 spells its pool options at the top level): one module cache
    // per worker, two workers.
    isolate: false,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
