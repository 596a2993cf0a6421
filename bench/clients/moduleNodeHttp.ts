/**
 * Benchmark client: this module as Node users get it from `NodeAssociationExecutions` and the CLI:
 * `NodeHttpClient` (node:http, keep-alive) and the node:crypto signer.
 */
import * as NodeAssociationExecutions from "../../src/NodeAssociationExecutions.js"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module-node-http", NodeAssociationExecutions.httpClientLayer, {
  signer: NodeAssociationExecutions.signer
})
