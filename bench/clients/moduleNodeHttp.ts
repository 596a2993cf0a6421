/**
 * Benchmark client: this module as Node users get it from `NodeAssociationExecutions` and the CLI:
 * `NodeHttpClient` (node:http) and the node:crypto signer.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeAssociationExecutions from "../../src/NodeAssociationExecutions.js"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module-node-http", NodeHttpClient.layer, { signer: NodeAssociationExecutions.signer })
