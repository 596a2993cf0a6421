/**
 * Node-only, the Effect 4 line: the service configured as the AWS SDKs configure themselves on
 * Node, from explicit options, then the environment, then the shared config profile
 * (`~/.aws/config`), with the full Node credentials chain (environment, shared files,
 * `credential_process`, container, IMDSv2), `node:crypto` signing and a keep-alive `node:http`
 * transport. It needs nothing from its context.
 */
import type * as Config from "effect/Config"
import * as Layer from "effect/Layer"
import * as AssociationExecutions from "./AssociationExecutions.js"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import * as NodeClient from "./internal/nodeClient.js"
import { signRequestNode } from "./internal/nodeSigning.js"
import type * as NodeCredentials from "./NodeCredentials.js"

/**
 * SigV4 with `node:crypto`: the same signatures as the default aws4fetch signer, without
 * WebCrypto's per-request thread-pool round trips (about 0.7 ms of CPU per request less). The
 * Node layer uses it; pass it as `signer` to the core layers on Node.
 */
export const signer: AssociationExecutions.RequestSigner = signRequestNode

/** Options of {@link layerConfig}: the service's options plus where the profile comes from. */
export interface NodeOptions extends AssociationExecutions.Options, NodeCredentials.ProfileOptions {}

/**
 * The service from plain values, on Node: {@link signer} and keep-alive `node:http`/`node:https`
 * connections. Reads neither the environment nor `~/.aws` (see {@link layerConfig} for that).
 */
export const layer = (
  options: AssociationExecutions.Options = {}
): Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError> =>
  Layer.effect(AssociationExecutions.AssociationExecutions, NodeClient.make(options))

/**
 * The service with everything the AWS SDKs read on Node: explicit options win, then environment
 * variables, then the selected profile (`profile` option, `AWS_PROFILE`, or `default`).
 * Credentials, unless given, come from `NodeCredentials.defaultChain`; requests are signed with
 * {@link signer} and sent over keep-alive `node:http`/`node:https` connections.
 */
export const layerConfig = (
  options: NodeOptions = {}
): Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError | Config.ConfigError> =>
  Layer.effect(AssociationExecutions.AssociationExecutions, NodeClient.makeConfig(options))
