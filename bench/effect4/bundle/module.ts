/** Bundle-size probe: the Effect 4 line's script that streams every execution of one association (as bench/bundle/module.ts). */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Stream from "effect/Stream"
import { AssociationExecutions } from "../../../src/effect4/index.js"

const program = Effect.gen(function*() {
  const executions = yield* AssociationExecutions.AssociationExecutions
  return yield* Stream.runCount(executions.stream({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab" }))
})

program.pipe(
  Effect.provide(AssociationExecutions.layerConfig()),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then((count) => console.log(count), (error: unknown) => console.error(error))
