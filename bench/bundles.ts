/** Bundle sizes: a bench/bundle (Effect 3) or bench/effect4/bundle (Effect 4) script built by esbuild, minified, and gzipped. */
import { build, type Plugin } from "esbuild"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import { root } from "./processes.js"

// ---------------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------------

/** Which Effect a probe is written for: the root's Effect 3, or effect4-dev's Effect 4. */
export type EffectLine = 3 | 4

export interface BundleSize {
  readonly script: string
  /** Packages left out of the bundle (imported at run time instead). */
  readonly external: ReadonlyArray<string>
  readonly platform: "node" | "browser"
  readonly line: EffectLine
  readonly minifiedBytes: number
  readonly gzippedBytes: number
}

const effect4Package = Path.join(root, "effect4-dev", "package.json")

/**
 * Effect 4's probes and sources live outside effect4-dev, so a plain lookup from them finds the
 * root's Effect 3: `effect` and `effect/*` are looked up again from effect4-dev (as its
 * vitest.config.ts does), unless they are left out of the bundle.
 */
const effect4Resolution = (external: ReadonlyArray<string>): Plugin => ({
  name: "effect4-line-packages",
  setup(plugin) {
    plugin.onResolve({ filter: /^effect(\/|$)/ }, (args) => {
      if (args.pluginData === effect4Package) return undefined
      if (external.includes("effect")) return { path: args.path, external: true }
      return plugin.resolve(args.path, {
        kind: args.kind,
        resolveDir: Path.dirname(effect4Package),
        pluginData: effect4Package
      })
    })
  }
})

export const bundleSize = async (
  script: string,
  platform: "node" | "browser",
  external: ReadonlyArray<string> = [],
  line: EffectLine = 3
): Promise<BundleSize> => {
  const result = await build({
    // Each line's probes are type-checked by that line's tsconfig: Effect 4's live in bench/effect4.
    entryPoints: [Path.join(root, "bench", ...(line === 4 ? ["effect4"] : []), "bundle", `${script}.ts`)],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    external: [...external],
    // The Effect 4 line reaches the shared engines through src/effect4/internal, a link to
    // src/internal: keeping the link's path makes an engine's `../X.js` that line's module.
    ...(line === 4 ? { preserveSymlinks: true, plugins: [effect4Resolution(external)] } : {}),
    write: false,
    logLevel: "error"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    script,
    external,
    platform,
    line,
    minifiedBytes: code.byteLength,
    gzippedBytes: Zlib.gzipSync(code, { level: 9 }).byteLength
  }
}
