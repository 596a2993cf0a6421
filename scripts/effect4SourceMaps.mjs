// After the Effect 4 build: the shared engines were compiled through the src/effect4/internal link,
// so their source maps name that path, which the package (npm leaves links out) does not have.
// Point them at the engines' real sources, src/internal, which it does.
import * as Fs from "node:fs"
import * as Path from "node:path"

const directory = "dist/effect4/internal"
for (const entry of Fs.readdirSync(directory, { recursive: true, encoding: "utf8" })) {
  if (!entry.endsWith(".map")) continue
  const file = Path.join(directory, entry)
  const map = JSON.parse(Fs.readFileSync(file, "utf8"))
  map.sources = map.sources.map((source) => source.replace("/src/effect4/internal/", "/src/internal/"))
  Fs.writeFileSync(file, JSON.stringify(map))
}
