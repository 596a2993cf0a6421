// `npm test`: the type checks and the linter run beside vitest instead of before it, their output
// kept back unless they fail, so the suite stays quick on two cores and prints vitest's summary.
import { spawn } from "node:child_process"

const run = (command, args, { quiet }) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", shell: false })
    let output = ""
    if (quiet) {
      child.stdout.on("data", (chunk) => (output += chunk))
      child.stderr.on("data", (chunk) => (output += chunk))
    }
    child.on("close", (code) => resolve({ name: [command, ...args].join(" "), code: code ?? 1, output }))
  })

const bin = (name) => `node_modules/.bin/${name}`
const checks = [
  run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"], { quiet: true }),
  run(bin("tsc"), ["-p", "tsconfig.core.json"], { quiet: true }),
  run(bin("eslint"), ["src", "test", "examples", "bench", "cli"], { quiet: true })
]
const tests = await run(bin("vitest"), ["run"], { quiet: false })
const failed = (await Promise.all(checks)).filter((check) => check.code !== 0)
for (const check of failed) process.stdout.write(`\n${check.name} failed:\n${check.output}\n`)
process.stdout.write(failed.length === 0 ? "typecheck and lint passed\n" : "")
process.exit(tests.code !== 0 || failed.length > 0 ? 1 : 0)
