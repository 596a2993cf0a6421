/**
 * A temporary home directory for the scope, with `.aws/config` and `.aws/credentials` holding the
 * given text (omitted: no such file); removed when the scope closes. Plain `node:fs`, so both Effect
 * lines' tests use it alike.
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export interface AwsFiles {
  readonly config?: string
  readonly credentials?: string
}

export const makeHome = (files: AwsFiles = {}) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-home-"))
      fs.mkdirSync(path.join(home, ".aws"))
      if (files.config !== undefined) fs.writeFileSync(path.join(home, ".aws", "config"), files.config)
      if (files.credentials !== undefined) fs.writeFileSync(path.join(home, ".aws", "credentials"), files.credentials)
      return home
    }),
    (home) => Effect.sync(() => fs.rmSync(home, { recursive: true, force: true }))
  )
