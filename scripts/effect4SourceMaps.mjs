// After the Effect 4 build: what the Effect 4 line shares with the Effect 3 one (src/effect4/internal,
// and the public files written once for both) was compiled through links, so its source maps name
// the links, which the package does not have (npm leaves links out). Point each map at the real file.
import * as Fs from "node:fs"
import * as Path from "node:path"

const directory = "dist/effect4"
for (const entry of Fs.readdirSync(directory, { recursive: true, encoding: "utf8" })) {
  if (!entry.endsWith(".map")) continue
  const file = Path.join(directory, entry)
  const map = JSON.parse(Fs.readFileSync(file, "utf8"))
  map.sources = map.sources.map((source) => {
    const linked = Path.resolve(Path.dirname(file), source)
    return Fs.existsSync(linked) ? Path.relative(Path.dirname(file), Fs.realpathSync(linked)) : source
  })
  Fs.writeFileSync(file, JSON.stringify(map))
}
