/** The Effect 4 line's service key of the host seam (`internal/hostSystem.ts` says what it offers). */
import * as Context from "effect/Context"
import type { Host } from "../internal/hostSystem.js"
import { identifier } from "../internal/identifier.js"

export class HostSystem extends Context.Service<HostSystem, Host>()(identifier("internal/HostSystem")) {}
