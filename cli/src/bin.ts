/**
 * *Node-only*: the `ssm-association-executions` executable. Runs {@link Cli.main} on the process's
 * arguments and exits with the code it returns.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"
import * as CliOutput from "./output.js"

Cli.main(process.argv).pipe(
  Effect.provide(Layer.merge(NodeContext.layer, CliOutput.layerNode)),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown: Cli.teardown })
)
