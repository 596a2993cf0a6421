/**
 * *Node-only*: the `ssm-association-executions` executable. Runs {@link Cli.main} on the process's
 * arguments and exits with the code it returns, or with the code of the signal that stopped it.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"
import * as CliOutput from "./output.js"

// Before runMain, whose own listeners interrupt the program: SIGTERM exits 143, Ctrl-C 130.
const stopSignal = Cli.recordStopSignal(process)

Cli.main(process.argv).pipe(
  Effect.provide(Layer.merge(NodeContext.layer, CliOutput.layerNode)),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    disablePrettyLogger: true,
    teardown: Cli.makeTeardown(stopSignal)
  })
)
