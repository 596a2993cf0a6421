/**
 * SigV4 for one SSM request, computed by aws4fetch's `AwsV4Signer` with WebCrypto. The caller
 * passes the signing time, so each attempt is signed afresh and tests fix it with `TestClock`.
 */
import { AwsV4Signer } from "aws4fetch"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../AssociationExecutionsError.js"
import type { AwsCredentials } from "../Credentials.js"
import { formatAmzDate, toHex } from "./encoding.js"

/** Header names that carry secrets; add them to `Headers.currentRedactedNames`. */
export const redactedHeaderNames: ReadonlyArray<string> = ["authorization", "x-amz-security-token"]

/** The request to sign: `POST` to `url`, with `body` as the exact bytes sent (as UTF-8). */
export interface SignableRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Who signs, where and when. */
export interface SigningOptions {
  /** The credential-scope region (`ResolvedEndpoint.signingRegion`). */
  readonly region: string
  readonly credentials: AwsCredentials
  /** The signing time; `X-Amz-Date` and the credential scope date come from it. */
  readonly now: Date
  /**
   * Also send and sign `X-Amz-Content-Sha256` (the body hash), as the AWS SDK for JavaScript does.
   * SSM does not need it; botocore does not send it.
   * @default false
   */
  readonly includeContentSha256?: boolean | undefined
}

// Headers no SigV4 signer signs (botocore's and aws4fetch's lists), plus content-length, which
// botocore leaves unsigned and fetch sets itself. aws4fetch's own list also skips content-type,
// which both AWS SDKs sign, so we filter here and sign the rest with `allHeaders: true`.
const unsignedHeaderNames: ReadonlySet<string> = new Set([
  "connection",
  "content-length",
  "expect",
  "keep-alive",
  "presigned-expires",
  "proxy-authenticate",
  "proxy-authorization",
  "range",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id"
])

// The signer sets these; a copy from the caller (e.g. an earlier attempt's) must not survive.
const signerOwnedHeaderNames: ReadonlySet<string> = new Set([
  "authorization",
  "host",
  "x-amz-date",
  "x-amz-security-token"
])

/**
 * aws4fetch's signing-key cache (it only calls `get` and `set`), bounded so rotating credentials
 * cannot grow it forever. A key is valid for one secret, day, region and service, so a handful of
 * entries covers a process; without it every signature derives the key with four extra HMACs.
 */
class SigningKeyCache extends Map<string, ArrayBuffer> {
  constructor(private readonly capacity: number) {
    super()
  }
  override set(key: string, value: ArrayBuffer): this {
    if (!this.has(key) && this.size >= this.capacity) {
      const oldest = this.keys().next()
      if (oldest.done !== true) this.delete(oldest.value)
    }
    return super.set(key, value)
  }
}

const signingKeyCache = new SigningKeyCache(16)

/** The caller's headers as both signers send them, without the ones the signer sets itself; fresh, to add to. */
export interface HeadersToSend {
  readonly signed: Record<string, string>
  readonly unsigned: Record<string, string>
}

/**
 * Names in lower case (of two spellings of one name, the last wins), values trimmed. Trimmed here by
 * the rule SigV4 canonicalizes with (`sigv4.ts`), not by fetch's narrower one, which keeps a NBSP at
 * the ends: aws4fetch would then sign " a" where the AWS SDKs, `node:crypto` and the verifier sign "a".
 */
export const headersToSend = (headers: Readonly<Record<string, string>>): HeadersToSend => {
  const signed: Record<string, string> = {}
  const unsigned: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lowerName = name.toLowerCase()
    if (signerOwnedHeaderNames.has(lowerName)) continue
    if (unsignedHeaderNames.has(lowerName)) unsigned[lowerName] = value.trim()
    else signed[lowerName] = value.trim()
  }
  return { signed, unsigned }
}

const encoder = new TextEncoder()

// Only the error's kind: a crypto or Headers error message may quote a header value, a secret.
const describeFailure = (cause: unknown): string => Predicate.isError(cause) ? cause.name : "unknown failure"

// A header value cannot carry NUL, CR or LF, nor characters above U+00FF.
const unsafeInHeader = /[\0\r\n]|[^\u0000-\u00ff]/

/** The key id and session token as both signers send them, or why they cannot be sent. */
export interface SendableCredentials {
  readonly accessKeyId: string
  /** Trimmed; `undefined` when absent or empty. */
  readonly sessionToken: string | undefined
}

/**
 * Checks the credential values that travel in headers, the same way for both signers, without
 * ever quoting them: a token read from a file with a trailing CR is trimmed as other header values
 * are, an empty one is left out, and one with a line break fails with a `CredentialsError`.
 */
export const sendableCredentials = (
  credentials: AwsCredentials
): Effect.Effect<SendableCredentials, CredentialsError> => {
  const token = credentials.sessionToken === undefined ? undefined : Redacted.value(credentials.sessionToken).trim()
  const unsafe = (what: string) =>
    Effect.fail(
      new CredentialsError({
        reason: `the ${what} has characters an HTTP header cannot carry (a line break or a non-Latin-1 character): ` +
          "check where the credentials come from"
      })
    )
  if (unsafeInHeader.test(credentials.accessKeyId)) return unsafe("access key id")
  if (token !== undefined && unsafeInHeader.test(token)) return unsafe("session token")
  return Effect.succeed({ accessKeyId: credentials.accessKeyId, sessionToken: token === "" ? undefined : token })
}

/** Signs one SSM request: the headers to send, or why it could not be signed. */
export type RequestSigner = (
  request: SignableRequest,
  options: SigningOptions
) => Effect.Effect<Record<string, string>, CredentialsError>

/**
 * Signs one SSM request with SigV4 (service `ssm`). Returns the headers to send, names in lower
 * case: the input headers plus `x-amz-date`, `authorization` and, with a session token,
 * `x-amz-security-token`. Signed: every input header except the hop-by-hop ones above, i.e.
 * `content-type;host;x-amz-date;x-amz-target` (+ `x-amz-security-token`) for an SSM request.
 */
export const signRequest: RequestSigner = (request, options) =>
  Effect.flatMap(sendableCredentials(options.credentials), (sendable) => signWithAws4fetch(request, options, sendable))

const signWithAws4fetch = (request: SignableRequest, options: SigningOptions, sendable: SendableCredentials) =>
  Effect.tryPromise({
    try: async () => {
      const { signed, unsigned } = headersToSend(request.headers)
      // aws4fetch takes this header as the payload hash instead of hashing the body again.
      const bodyHash = options.includeContentSha256 === true
        ? { "x-amz-content-sha256": toHex(await crypto.subtle.digest("SHA-256", encoder.encode(request.body))) }
        : {}
      const signer = new AwsV4Signer({
        method: "POST",
        url: request.url,
        headers: { ...signed, ...bodyHash },
        body: request.body,
        accessKeyId: sendable.accessKeyId,
        secretAccessKey: Redacted.value(options.credentials.secretAccessKey),
        ...(sendable.sessionToken === undefined ? {} : { sessionToken: sendable.sessionToken }),
        // Explicit, so aws4fetch never guesses them from the host (a loopback endpoint has neither).
        service: "ssm",
        region: options.region,
        datetime: formatAmzDate(options.now),
        signQuery: false,
        allHeaders: true,
        cache: signingKeyCache
      })
      const result = await signer.sign()
      const headers: Record<string, string> = { ...unsigned }
      result.headers.forEach((value, name) => {
        headers[name] = value
      })
      return headers
    },
    catch: (cause) => new CredentialsError({ reason: `could not sign the request: ${describeFailure(cause)}` })
  })
