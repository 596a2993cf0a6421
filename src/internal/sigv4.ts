/**
 * The SigV4 canonical request and string to sign, built one way for the `node:crypto` signer and for
 * the local endpoint's verifier, so what one signs is exactly what the other checks. It works on the
 * request as it travels (path and query as sent) and leaves hashing to the callers, which hash
 * synchronously (`node:crypto`) or asynchronously (WebCrypto).
 */

/** The signing algorithm, first in the string to sign and in the `Authorization` header. */
export const algorithm = "AWS4-HMAC-SHA256"

// encodeURIComponent leaves these RFC 3986 reserved characters alone; every SigV4 signer encodes them.
const reservedEscapes: Readonly<Record<string, string>> = { "!": "%21", "'": "%27", "(": "%28", ")": "%29", "*": "%2A" }

const encodeRfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (character) => reservedEscapes[character] ?? character)

/**
 * Canonical URI of a path as sent (already percent-encoded): runs of `/` made one, then encoded once
 * more, as services other than S3 expect (aws4fetch and the AWS SDKs alike).
 */
export const canonicalUri = (path: string): string => encodeRfc3986(path.replace(/\/+/g, "/")).replace(/%2F/g, "/")

/**
 * Canonical query string of a query as sent (without `?`): read as `URLSearchParams` reads it,
 * pairs with an empty name dropped, names and values encoded, sorted by name and then by value.
 */
export const canonicalQuery = (query: string): string =>
  // SSM requests have no query: skip the parse on the signing path.
  query === "" ? "" : [...new URLSearchParams(query)]
    .filter(([name]) => name !== "")
    .map(([name, value]): readonly [string, string] => [encodeRfc3986(name), encodeRfc3986(value)])
    .sort(([name1, value1], [name2, value2]) =>
      name1 < name2 ? -1 : name1 > name2 ? 1 : value1 < value2 ? -1 : value1 > value2 ? 1 : 0
    )
    .map(([name, value]) => `${name}=${value}`)
    .join("&")

/**
 * A header value as SigV4 signs it: whitespace trimmed from both ends and each inner run of it made
 * one space, as the AWS SDK for JavaScript v3 does. `String.prototype.trim`, not HTTP's narrower
 * trim: a NBSP at the ends survives fetch and Node's parser, and must not change the signature.
 */
export const canonicalHeaderValue = (value: string): string => value.trim().replace(/\s+/g, " ")

/** The `SignedHeaders` list: names in lower case, sorted. */
export const signedHeaderNames = (names: ReadonlyArray<string>): ReadonlyArray<string> =>
  names.map((name) => name.toLowerCase()).sort()

/** A request as it travels, restricted to what SigV4 signs. */
export interface CanonicalRequestInput {
  readonly method: string
  /** The path as sent, percent-encoded, without the query. */
  readonly path: string
  /** The query as sent, without `?`; empty when there is none. */
  readonly query: string
  /** Header values by lowercase name, `host` included; a signed name with no value signs as empty. */
  readonly headers: Readonly<Record<string, string>>
  /** The names to sign, in any case and order. */
  readonly signedHeaders: ReadonlyArray<string>
  /** Hex SHA-256 of the body, or the `x-amz-content-sha256` value signed in its place. */
  readonly payloadHash: string
}

/** The canonical request (spec task 1). */
export const canonicalRequest = (input: CanonicalRequestInput): string => {
  const names = signedHeaderNames(input.signedHeaders)
  // Concatenated, not joined from arrays: this runs on every request the node:crypto signer signs.
  let headerLines = ""
  for (const name of names) headerLines += `${name}:${canonicalHeaderValue(input.headers[name] ?? "")}\n`
  return `${input.method.toUpperCase()}\n${canonicalUri(input.path)}\n${canonicalQuery(input.query)}\n` +
    `${headerLines}\n${names.join(";")}\n${input.payloadHash}`
}

/** The credential scope a signature is valid for: `date/region/service/aws4_request`. */
export const credentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/aws4_request`

/** The string to sign (spec task 2), from `X-Amz-Date`, the scope and the canonical request's hex SHA-256. */
export const stringToSign = (amzDate: string, scope: string, canonicalRequestHash: string): string =>
  [algorithm, amzDate, scope, canonicalRequestHash].join("\n")

/** The `Authorization` header that carries a signature. */
export const authorizationHeader = (
  accessKeyId: string,
  scope: string,
  signedHeaders: ReadonlyArray<string>,
  signature: string
): string =>
  `${algorithm} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`
