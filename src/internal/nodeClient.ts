/**
 * *Node-only*: the engine of `NodeAssociationExecutions`: the settings from explicit options, the
 * environment and the profile, and the service over keep-alive agents, with the transport given
 * (the Node transport for users, a recording one in tests).
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as os from "node:os"
import type * as AssociationExecutions from "../AssociationExecutions.js"
import type { ConfigurationError } from "../AssociationExecutionsError.js"
import type { ConfigError } from "../line/config.js"
import * as NodeHttpClient from "../line/nodeHttpClient.js"
import type { NodeOptions } from "../NodeAssociationExecutions.js"
import * as NodeCredentials from "../NodeCredentials.js"
import { makeWith } from "./client.js"
import * as NodeHostSystem from "./nodeHostSystem.js"
import { signRequestNode } from "./nodeSigning.js"
import * as NodeTransport from "./nodeTransport.js"
import * as Settings from "./settings.js"
import { loadSharedConfig } from "./sharedConfig.js"
import type { Transport } from "./transport.js"

/** The service over the transport `transportFor` makes; the credentials endpoints use the same agents. */
export const make = (
  options: AssociationExecutions.Options,
  transportFor: (agents: NodeTransport.Agents) => Transport = NodeTransport.make
): Effect.Effect<AssociationExecutions.Service, ConfigurationError, Scope.Scope> =>
  Effect.flatMap(
    NodeTransport.keepAliveAgents,
    (agents) =>
      makeWith({ signer: signRequestNode, ...options }, transportFor(agents)).pipe(
        NodeHttpClient.provide(agents)
      )
  )

/** The options the AWS SDKs would run with on Node: explicit, then the environment, then the profile. */
export const resolveSettings = (
  options: NodeOptions
): Effect.Effect<AssociationExecutions.Options, ConfigurationError | ConfigError> =>
  Effect.gen(function*() {
    const { configFile, credentialsFile, homeDirectory, profile: profileName, ...serviceOptions } = options
    const profileOptions: NodeCredentials.ProfileOptions = {
      homeDirectory: homeDirectory ?? os.homedir(),
      ...(profileName === undefined ? {} : { profile: profileName }),
      ...(configFile === undefined ? {} : { configFile }),
      ...(credentialsFile === undefined ? {} : { credentialsFile })
    }
    const profile = yield* loadSharedConfig(profileOptions).pipe(Effect.provide(NodeHostSystem.layer))
    return yield* Settings.config(
      { credentials: NodeCredentials.defaultChain(profileOptions), ...serviceOptions },
      profile
    )
  })

/** {@link resolveSettings}, then {@link make}. */
export const makeConfig = (
  options: NodeOptions,
  transportFor?: (agents: NodeTransport.Agents) => Transport
): Effect.Effect<AssociationExecutions.Service, ConfigurationError | ConfigError, Scope.Scope> =>
  Effect.flatMap(resolveSettings(options), (resolved) => make(resolved, transportFor))
