/** Benchmark client: the Effect 4 line as any runtime gets it: `AssociationExecutions.layer` over effect/http's fetch client. */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as AssociationExecutions from "../../src/effect4/AssociationExecutions.js"
import { options, pullWithModule } from "./pullWithModule.js"

pullWithModule("module-effect4", AssociationExecutions.layer(options), FetchHttpClient.layer)
