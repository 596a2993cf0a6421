/** Benchmark client: the Effect 4 line on Node (`NodeAssociationExecutions`: node:http transport + node:crypto signer). */
import * as Layer from "effect/Layer"
import * as NodeAssociationExecutions from "../../src/effect4/NodeAssociationExecutions.js"
import { options, pullWithModule } from "./pullWithModule.js"

pullWithModule("module-node-http-effect4", NodeAssociationExecutions.layer(options), Layer.empty)
