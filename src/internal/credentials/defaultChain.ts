/** The runtime-neutral default chain: environment, container, IMDSv2. */
import type { DefaultChainOptions } from "../../Credentials.js"
import type { CredentialsHttp } from "../../line/credentialsHttp.js"
import { container } from "./container.js"
import { environment } from "./environment.js"
import { instanceMetadata } from "./instanceMetadata.js"
import type { CredentialsProvider } from "./provider.js"

/** Environment, then container, then IMDSv2: the AWS SDKs' chain without the file-based links. */
export const defaultChain = (
  options: DefaultChainOptions = {}
): ReadonlyArray<CredentialsProvider<CredentialsHttp>> => [
  environment,
  container(options.container),
  instanceMetadata(options.instanceMetadata)
]
