/**
 * The `demo` command, declared once: what `npm start` runs (`local.ts`'s demo). It takes no flags
 * but the program's own (`--debug`, `--help`).
 */
import * as Command from "@effect/cli/Command"
import type { CommandSpec } from "../flags.js"
import * as Local from "../local.js"

/** `demo`. */
export const demoSpec: CommandSpec = {
  name: "demo",
  description: "What npm start runs: the local endpoint with 4 associations of 2500 executions and a little " +
    "throttling, and the first two pages of one association through the real HTTP and SigV4 path, with a summary " +
    "and commands to try next.",
  groups: [],
  examples: []
}

/** The @effect/cli command. */
export const demoCommand = Command.make("demo", {}, () => Local.demo)
