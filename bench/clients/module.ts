/** Benchmark client: this module's item stream, default settings, over `FetchHttpClient` (the default). */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { pullWithModule } from "./pullWithModule.js"

pullWithModule("module", FetchHttpClient.layer)
