/** Benchmark client: this module's item stream over `NodeHttpClient` (node:http) from @effect/platform-node. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module-node-http", NodeHttpClient.layer)
