import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"

// The README shows excerpts of the examples; this keeps every TypeScript snippet in it a verbatim
// part of a file that `npm test` type-checks and runs, so the README cannot rot.
const root = path.resolve(import.meta.dirname, "../..")
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
const snippets = Array.from(readme.matchAll(/```ts\n([\s\S]*?)```/g), (match) => match[1] ?? "")
const sources = (directory: string): Array<string> =>
  fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name)
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [fs.readFileSync(full, "utf8")] : []
  })
const typeChecked = [...sources(path.join(root, "examples")), ...sources(path.join(root, "src"))]

describe("README", () => {
  it("has TypeScript snippets", () => {
    assert.isAbove(snippets.length, 5)
  })

  for (const [index, snippet] of snippets.entries()) {
    it(`snippet ${index + 1} is part of a type-checked file`, () => {
      const found = typeChecked.some((source) => source.includes(snippet.trimEnd()))
      assert.isTrue(found, `README snippet not found verbatim in examples/ or src/:\n${snippet}`)
    })
  }
})
