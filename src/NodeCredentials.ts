/**
 * Node-only: the AWS SDKs' full default credentials chain, with the shared config and credentials
 * files and `credential_process` between the environment and the container / IMDS links. Files
 * and processes are read with `node:` builtins: nothing beyond the library's own dependencies.
 * `profileInfo` answers what the selected profile is, from the same reading of the files.
 */
import type * as Effect from "effect/Effect"
import type { ConfigurationError } from "./AssociationExecutionsError.js"
import type * as Credentials from "./Credentials.js"
import * as Node from "./internal/credentials/node.js"
import type { CredentialsProvider } from "./internal/credentials/provider.js"
import type { ProfileInfo, ProfileInfoOptions, ProfileOptions } from "./internal/sharedConfig.js"
import type { HttpClient } from "./line/transport.js"

export type { ProfileInfo, ProfileInfoOptions, ProfileOptions } from "./internal/sharedConfig.js"

/**
 * The selected profile as the library reads it (`profile`, else `AWS_PROFILE`, else `default`;
 * `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`): its name, whether it was
 * named or fell back to `default`, whether either file has it, and its setting names (no values).
 * For what the library leaves to its caller: a named profile that does not exist, or one whose
 * credentials only the AWS SDK resolves (`role_arn`, `sso_*`, `web_identity_token_file`). A
 * missing file is an empty one; an unreadable file or no home directory is a `ConfigurationError`.
 * The environment is read through Effect's `ConfigProvider`.
 */
export const profileInfo: (options?: ProfileInfoOptions) => Effect.Effect<ProfileInfo, ConfigurationError> =
  Node.profileInfo

/**
 * Credentials from the selected profile: static keys with an optional session token, or
 * `credential_process`. The command line is run through the system shell exactly as configured,
 * as the AWS JS SDK does; treat write access to the config file like write access to your shell
 * profile. Profiles that assume roles, use SSO or web identity do not apply here: use
 * `Credentials.fromProvider(fromNodeProviderChain())` for those.
 */
export const sharedFiles: (options?: ProfileOptions) => CredentialsProvider = Node.sharedFiles

/** Options of the Node default chain. */
export interface DefaultChainOptions extends ProfileOptions, Credentials.DefaultChainOptions {}

/**
 * What `NodeAssociationExecutions.layerConfig` uses without `credentials`: the AWS JS SDK's
 * default chain on Node. Environment (skipped when a profile is selected), shared files (static
 * keys, session tokens, `credential_process`), container (its token file read from disk), IMDSv2.
 */
export const defaultChain: (
  options?: DefaultChainOptions
) => ReadonlyArray<CredentialsProvider<HttpClient>> = Node.defaultChain
