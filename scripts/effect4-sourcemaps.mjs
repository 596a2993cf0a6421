// After the Effect 4 build: the shared engines were compiled through the link src/effect4/internal
// (-> ../internal), so their source maps name src/effect4/internal/..., a path npm pack leaves out
// (it skips links). Pointing them at src/internal/..., the same file, keeps them resolvable from
// the tarball.
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const maps = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    return entry.isDirectory() ? maps(path) : entry.name.endsWith(".map") ? [path] : []
  })

let rewritten = 0
for (const path of maps("dist/effect4/internal")) {
  const map = JSON.parse(readFileSync(path, "utf8"))
  map.sources = map.sources.map((source) => source.replace(/(^|\/)src\/effect4\/internal\//, "$1src/internal/"))
  writeFileSync(path, JSON.stringify(map))
  rewritten++
}
if (rewritten === 0) throw new Error("no source maps under dist/effect4/internal: did the Effect 4 build run?")
