/**
 * *Node-only*: the local endpoint's one error, the Effect 4 way (`Schema.TaggedError`, a defect
 * schema for its cause), declared apart from `LocalEndpoint.ts` so that the server engine
 * (`internal/localServer.ts`) can fail with it and the public module re-export it without an
 * import cycle.
 */
import * as Schema from "effect/Schema"
import { identifier } from "../internal/identifier.js"

/** The server could not start, e.g. the port is taken. */
export class LocalEndpointError extends Schema.TaggedError<LocalEndpointError>(identifier("LocalEndpointError"))(
  "LocalEndpointError",
  {
    /** What failed, in words. */
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect())
  }
) {
  override get message(): string {
    return `The local SSM endpoint could not start: ${this.reason}`
  }
}
