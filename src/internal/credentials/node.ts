/**
 * *Node-only*: the providers that read files and run processes, with the host seam from `node:`
 * builtins and the home directory from `node:os` as the last fallback.
 */
import * as Effect from "effect/Effect"
import * as os from "node:os"
import type { ConfigurationError } from "../../AssociationExecutionsError.js"
import type { CredentialsHttp } from "../../line/credentialsHttp.js"
import type { HostSystem } from "../../line/hostSystem.js"
import type { DefaultChainOptions } from "../../NodeCredentials.js"
import * as NodeHostSystem from "../nodeHostSystem.js"
import {
  type ProfileInfo,
  profileInfo as profileInfoWith,
  type ProfileInfoOptions,
  type ProfileOptions
} from "../sharedConfig.js"
import { container } from "./container.js"
import { environmentUnlessProfile } from "./environment.js"
import { instanceMetadata } from "./instanceMetadata.js"
import type { CredentialsProvider } from "./provider.js"
import { sharedFiles as sharedFilesWith } from "./sharedFiles.js"

const withHome = <Options extends ProfileOptions>(options: Options): Options => ({
  homeDirectory: os.homedir(),
  ...options
})

/** The provider with the Node host seam (files, processes) supplied. */
const onNode = <R>(provider: CredentialsProvider<R>): CredentialsProvider<Exclude<R, HostSystem>> => ({
  name: provider.name,
  resolve: Effect.provide(provider.resolve, NodeHostSystem.layer)
})

/** The selected profile's name, origin, existence and setting names, read from the disk. */
export const profileInfo = (options: ProfileInfoOptions = {}): Effect.Effect<ProfileInfo, ConfigurationError> =>
  Effect.provide(profileInfoWith(withHome(options)), NodeHostSystem.layer)

/** Credentials from the selected profile's static keys or `credential_process`. */
export const sharedFiles = (options: ProfileOptions = {}): CredentialsProvider =>
  onNode(sharedFilesWith(withHome(options)))

/**
 * The AWS JS SDK's default chain on Node: environment (skipped when a profile is selected), shared
 * files, container (its token file read from disk), IMDSv2.
 */
export const defaultChain = (
  options: DefaultChainOptions = {}
): ReadonlyArray<CredentialsProvider<CredentialsHttp>> => [
  environmentUnlessProfile(options.profile),
  sharedFiles(options),
  onNode(container(options.container)),
  instanceMetadata(options.instanceMetadata)
]
