/**
 * The README shows excerpts of the examples; this keeps every TypeScript snippet in it a verbatim
 * part of a file that `npm test` type-checks and runs, so the README cannot rot. Each line's run
 * checks that line's snippets against that line's files: a snippet importing
 * `ssm-association-executions/effect4` is the Effect 4 line's (found in `examples/effect4/` or
 * `src/effect4/`, checked by tsconfig.effect4.json), any other the Effect 3 line's (found in the rest
 * of `examples/` or `src/`, checked by tsconfig.json).
 */
import { assert, describe, it } from "@effect/vitest"
import { line } from "@line/testing"
import * as fs from "node:fs"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "..")
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
const lineOf = (snippet: string): 3 | 4 => snippet.includes(`"ssm-association-executions/effect4`) ? 4 : 3
const snippets = Array.from(readme.matchAll(/```ts\n([\s\S]*?)```/g), (match) => match[1] ?? "")
  .filter((snippet) => lineOf(snippet) === line)

// Directories under `skip` belong to the other line (a link, as src/effect4/internal, is not followed).
const sources = (directory: string, skip: ReadonlyArray<string>): Array<string> =>
  fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name)
    if (skip.includes(full)) return []
    return entry.isDirectory()
      ? sources(full, skip)
      : entry.isFile() && entry.name.endsWith(".ts")
      ? [fs.readFileSync(full, "utf8")]
      : []
  })
const examples4 = path.join(root, "examples", "effect4")
const src4 = path.join(root, "src", "effect4")
const typeChecked = line === 4
  ? [
    ...(fs.existsSync(examples4) ? sources(examples4, []) : []),
    ...sources(src4, []),
    ...sources(path.join(root, "src", "internal"), [])
  ]
  : [...sources(path.join(root, "examples"), [examples4]), ...sources(path.join(root, "src"), [src4])]

describe(`README, the Effect ${line} line's snippets`, () => {
  // Each line's README shows at least an Effect app, a script and a unit test with the test layer.
  it("has TypeScript snippets", () => {
    assert.isAtLeast(snippets.length, 3)
  })

  for (const [index, snippet] of snippets.entries()) {
    it(`snippet ${index + 1} is part of a type-checked file`, () => {
      const found = typeChecked.some((source) => source.includes(snippet.trimEnd()))
      assert.isTrue(found, `README snippet not found verbatim in this line's examples or sources:\n${snippet}`)
    })
  }
})
