/**
 * Benchmark client: this module as Node users get it from `NodeAssociationExecutions` and the CLI:
 * the keep-alive node:http transport and the node:crypto signer.
 */
import * as NodeAssociationExecutions from "../../src/NodeAssociationExecutions.js"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module-node-http", NodeAssociationExecutions.layer)
