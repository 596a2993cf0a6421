// `npm test`: the Effect 3 suite on the machine's Node and the Effect 4 suite on Node 22 (vitest 5 needs
// 22+; effect4-dev brings it), with the type checks of both lines and the linter beside them. Every
// run's output is kept back and printed whole when it ends (two suites at once would interleave),
// the checks' only when they fail. With SAE_NODE24=1 (CI sets it in .ci/run) both suites run once
// more on Node 24, the current LTS (node24-dev brings it); locally that run is skipped.
import { spawn, spawnSync } from "node:child_process"

// Inside npm scripts `node` on the PATH could be a registry Node linked into node_modules/.bin;
// npm's own Node is the machine's (scripts/no-hoisted-node keeps the registry ones out of .bin).
const machineNode = process.env.npm_node_execpath ?? process.execPath
const node22 = "effect4-dev/node_modules/node/bin/node"
const node24 = "node24-dev/node_modules/node/bin/node"
const vitest3 = "node_modules/vitest/vitest.mjs"
const vitest5 = "effect4-dev/node_modules/vitest/vitest.mjs"
const tsc = "node_modules/typescript/bin/tsc"
const eslint = "node_modules/eslint/bin/eslint.js"

const versionOf = (node) => spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()

const run = (name, node, args) =>
  new Promise((resolve) => {
    const child = spawn(node, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}) }
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("error", (error) => (output += `${error.message}\n`))
    child.on("close", (code) => resolve({ name, code: code ?? 1, output }))
  })

const suite = (line, node, vitest, configArgs) => {
  const name = `Effect ${line} suite on Node ${versionOf(node)}`
  return run(name, node, [vitest, "run", ...configArgs]).then((result) => {
    process.stdout.write(`\n── ${name} ──\n${result.output}`)
    return result
  })
}
const effect3 = (node) => suite(3, node, vitest3, [])
const effect4 = (node) => suite(4, node, vitest5, ["--config", "effect4-dev/vitest.config.ts"])

// The checks run one after another: beside two suites, more processes at once only contend for the
// two cores (and for memory) without finishing sooner. Each keeps a cache in node_modules/.cache
// (tsc's build info, eslint's results), so a run after a small change re-checks little; CI starts
// from a clean install and checks everything.
const cache = "node_modules/.cache/ssm-association-executions-test"
const typecheck = (
  config
) => [tsc, "-p", config, "--noEmit", "--incremental", "--tsBuildInfoFile", `${cache}/${config}.tsbuildinfo`]
const checks = async () => {
  const results = []
  for (
    const [name, args] of [
      ["tsc (Effect 3)", typecheck("tsconfig.json")],
      ["tsc (Effect 4)", typecheck("tsconfig.effect4.json")],
      ["tsc (Effect 3 core, no Node types)", typecheck("tsconfig.core.json")],
      ["tsc (Effect 4 core, no Node types)", typecheck("tsconfig.effect4.core.json")],
      ["eslint", [eslint, ".", "--cache", "--cache-location", `${cache}/eslint`]]
    ]
  ) {
    results.push(await run(name, machineNode, args))
  }
  return results
}

const started = Date.now()
const [suites, checked] = await Promise.all([Promise.all([effect3(machineNode), effect4(node22)]), checks()])
const onNode24 = process.env.SAE_NODE24 === "1" ? [await effect3(node24), await effect4(node24)] : []

const failedChecks = checked.filter((check) => check.code !== 0)
for (const check of failedChecks) process.stdout.write(`\n${check.name} failed:\n${check.output}\n`)
if (failedChecks.length === 0) process.stdout.write("\ntype checks (both lines, both cores) and lint passed\n")
const allSuites = [...suites, ...onNode24]
process.stdout.write(
  `${allSuites.map((result) => `${result.name}: ${result.code === 0 ? "passed" : "FAILED"}`).join("; ")}` +
    ` (${((Date.now() - started) / 1000).toFixed(0)} s)\n`
)
process.exit(allSuites.some((result) => result.code !== 0) || failedChecks.length > 0 ? 1 : 0)
