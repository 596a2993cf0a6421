/**
 * The program: its name, version, and every command's help data, in the order `--help` lists them.
 * Apart from `flags.ts`, so that a command module can declare its own flags with the shared ones.
 */
import { demoSpec } from "./commands/demo.js"
import { failuresSpec } from "./commands/failures.js"
import { invocationSpec } from "./commands/invocation.js"
import { listSpec } from "./commands/list.js"
import { localSpec } from "./commands/local.js"
import { startSpec } from "./commands/start.js"
import { targetsSpec } from "./commands/targets.js"
import { waitSpec } from "./commands/wait.js"

/** The program. */
export const program = {
  name: "ssm-association-executions",
  version: "0.1.0",
  description: "List AWS Systems Manager association executions as a stream, drill down to their targets and " +
    "to what failed, where; with retries, rate limiting and resume tokens, with aws-cli's flags and output formats.",
  commands: [listSpec, targetsSpec, failuresSpec, startSpec, waitSpec, invocationSpec, localSpec, demoSpec]
} as const
