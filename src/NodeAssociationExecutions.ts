/**
 * Node-only: the service configured as the AWS SDKs configure themselves on Node, from explicit
 * options, then the environment, then the shared config profile (`~/.aws/config`), with the full
 * Node credentials chain (environment, shared files, `credential_process`, container, IMDSv2).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Http from "node:http"
import * as Https from "node:https"
import * as os from "node:os"
import * as AssociationExecutions from "./AssociationExecutions.js"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as NodeHostSystem from "./internal/nodeHostSystem.js"
import * as NodeHttpClient from "./internal/nodeHttpClient.js"
import { signRequestNode } from "./internal/nodeSigning.js"
import * as Settings from "./internal/settings.js"
import { loadSharedConfig } from "./internal/sharedConfig.js"
import * as NodeCredentials from "./NodeCredentials.js"

/**
 * SigV4 with `node:crypto`: the same signatures as the default aws4fetch signer, without
 * WebCrypto's per-request thread-pool round trips (about 0.7 ms of CPU per request less).
 */
export const signer: AssociationExecutions.RequestSigner = signRequestNode

/**
 * The `HttpClient` for Node: `node:http`/`node:https` with keep-alive agents, reading each (small)
 * response body whole. Sends empty, byte and string bodies, not streams or forms. (@effect/platform-node's
 * `NodeHttpClient.layer` builds `new http.Agent()`, which on Node 20 closes the connection after
 * every request, and wraps every response body in a stream.)
 */
export const httpClientLayer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => ({ http: new Http.Agent({ keepAlive: true }), https: new Https.Agent({ keepAlive: true }) })),
      (agents) =>
        Effect.sync(() => {
          agents.http.destroy()
          agents.https.destroy()
        })
    ),
    NodeHttpClient.make
  )
)

/** Options of {@link layerConfig}: the service's options plus where the profile comes from. */
export interface NodeOptions extends AssociationExecutions.Options, NodeCredentials.ProfileOptions {}

/**
 * The service with everything the AWS SDKs read on Node: explicit options win, then environment
 * variables, then the selected profile (`profile` option, `AWS_PROFILE`, or `default`).
 * Credentials, unless given, come from `NodeCredentials.defaultChain`; requests are signed with
 * {@link signer}.
 */
export const layerConfig = (
  options: NodeOptions = {}
): Layer.Layer<
  AssociationExecutions.AssociationExecutions,
  ConfigurationError | ConfigError.ConfigError,
  HttpClient.HttpClient
> =>
  Layer.scoped(
    AssociationExecutions.AssociationExecutions,
    Effect.gen(function*() {
      const { configFile, credentialsFile, homeDirectory, profile: profileName, ...serviceOptions } = options
      const profileOptions: NodeCredentials.ProfileOptions = {
        homeDirectory: homeDirectory ?? os.homedir(),
        ...(profileName === undefined ? {} : { profile: profileName }),
        ...(configFile === undefined ? {} : { configFile }),
        ...(credentialsFile === undefined ? {} : { credentialsFile })
      }
      const profile = yield* loadSharedConfig(profileOptions).pipe(
        Effect.provide(NodeHostSystem.layer)
      )
      const resolved = yield* Settings.config({
        signer,
        credentials: NodeCredentials.defaultChain(profileOptions),
        ...serviceOptions
      }, profile)
      return yield* AssociationExecutions.make(resolved)
    })
  )
