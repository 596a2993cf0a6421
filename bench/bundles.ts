/** Bundle sizes: a bench/bundle script built by esbuild, minified, and gzipped. */
import { build } from "esbuild"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import { root } from "./processes.js"

// ---------------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------------

export interface BundleSize {
  readonly script: string
  /** Packages left out of the bundle (imported at run time instead). */
  readonly external: ReadonlyArray<string>
  readonly platform: "node" | "browser"
  readonly minifiedBytes: number
  readonly gzippedBytes: number
}

export const bundleSize = async (
  script: string,
  platform: "node" | "browser",
  external: ReadonlyArray<string> = []
): Promise<BundleSize> => {
  const result = await build({
    entryPoints: [Path.join(root, "bench", "bundle", `${script}.ts`)],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    external: [...external],
    write: false,
    logLevel: "error"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    script,
    external,
    platform,
    minifiedBytes: code.byteLength,
    gzippedBytes: Zlib.gzipSync(code, { level: 9 }).byteLength
  }
}
