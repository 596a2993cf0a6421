import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"],
    // Tests that start loopback servers and real clients need more than the 5 s default on a busy 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
