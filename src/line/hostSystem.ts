/** The Effect 3 line's tag of the host seam (`internal/hostSystem.ts` says what it offers). */
import * as Context from "effect/Context"
import type { Host } from "../internal/hostSystem.js"
import { identifier } from "../internal/identifier.js"

export class HostSystem extends Context.Tag(identifier("internal/HostSystem"))<HostSystem, Host>() {}
