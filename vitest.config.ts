import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = fileURLToPath(new URL("./src/", import.meta.url))

export default defineConfig({
  resolve: {
    // Examples import the package by its public name, as users do; in tests that name means the sources.
    alias: [
      { find: /^ssm-association-executions$/, replacement: `${source}index.ts` },
      { find: /^ssm-association-executions\/(.*)$/, replacement: `${source}$1.ts` },
      {
        find: /^@line\/testing$/,
        replacement: fileURLToPath(new URL("./test/support/line/effect3.ts", import.meta.url))
      }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "cli/test/**/*.test.ts", "examples/**/*.test.ts"],
    // The Effect 4 line's own tests and examples run in its suite (effect4-dev/vitest.config.ts).
    exclude: ["test/effect4/**", "examples/effect4/**", "**/node_modules/**"],
    // One module cache per worker thread: Effect is loaded once per worker, not once per file (the
    // files keep no state between them beyond Effect's global metrics, which no test reads absolutely).
    pool: "threads",
    isolate: false,
    // Vitest leaves one core to the main thread by default, which on a 2-core machine means one
    // worker; the slow files mostly wait on virtual-time steps and loopback I/O, so two overlap well.
    poolOptions: { threads: { minThreads: 2, maxThreads: 2 } },
    // Tests that start loopback servers and real clients need more than the 5 s default on a busy 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
