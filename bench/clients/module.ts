/** Benchmark client: this module's item stream, default settings, over `FetchHttpClient` (the default). */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as AssociationExecutions from "../../src/AssociationExecutions.js"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module", (options) => AssociationExecutions.layer(options).pipe(Layer.provide(FetchHttpClient.layer)))
