/**
 * Node-only: the same SigV4 as `signing.ts` (aws4fetch), computed synchronously with `node:crypto`.
 * On Node, WebCrypto's asynchronous digests and HMAC key imports cost about 0.7 ms of CPU per
 * request and a thread-pool round trip each; the headers produced here are byte-identical (a test
 * signs the same requests both ways).
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { createHash, createHmac } from "node:crypto"
import { CredentialsError } from "../AssociationExecutionsError.js"
import {
  amzDate,
  type RequestSigner,
  type SendableCredentials,
  sendableCredentials,
  type SignableRequest,
  signerOwnedHeaderNames,
  type SigningOptions,
  unsignedHeaderNames
} from "./signing.js"

const sha256Hex = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex")

const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest()

// Derived signing keys by secret, day, region and service, bounded as aws4fetch's cache is here.
const signingKeys = new Map<string, Buffer>()
const signingKeyCapacity = 16

const signingKey = (secret: string, date: string, region: string): Buffer => {
  const cacheKey = `${secret},${date},${region},ssm`
  const cached = signingKeys.get(cacheKey)
  if (cached !== undefined) return cached
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "ssm"), "aws4_request")
  if (signingKeys.size >= signingKeyCapacity) {
    const oldest = signingKeys.keys().next()
    if (oldest.done !== true) signingKeys.delete(oldest.value)
  }
  signingKeys.set(cacheKey, key)
  return key
}

// RFC 3986 leaves these unreserved characters encoded, as every SigV4 signer does.
const encodeRfc3986 = (text: string): string =>
  text.replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)

// Canonical URI and query as aws4fetch builds them for a service other than S3.
const canonicalPath = (url: URL): string =>
  encodeRfc3986(encodeURIComponent(url.pathname.replace(/\/+/g, "/")).replace(/%2F/g, "/"))

const canonicalQuery = (url: URL): string =>
  [...url.searchParams]
    .filter(([name]) => name !== "")
    .map(([name, value]) => [encodeRfc3986(encodeURIComponent(name)), encodeRfc3986(encodeURIComponent(value))])
    .sort(([name1 = "", value1 = ""], [name2 = "", value2 = ""]) =>
      name1 < name2 ? -1 : name1 > name2 ? 1 : value1 < value2 ? -1 : value1 > value2 ? 1 : 0
    )
    .map((pair) => pair.join("="))
    .join("&")

/** {@link RequestSigner} with `node:crypto`: same inputs, same headers as the aws4fetch signer. */
export const signRequestNode: RequestSigner = (request, options) =>
  Effect.flatMap(sendableCredentials(options.credentials), (sendable) => signWithNodeCrypto(request, options, sendable))

const signWithNodeCrypto = (request: SignableRequest, options: SigningOptions, sendable: SendableCredentials) =>
  Effect.try({
    try: () => {
      const url = new URL(request.url)
      const datetime = amzDate(options.now)
      const signed: Record<string, string> = {}
      const unsigned: Record<string, string> = {}
      for (const [name, value] of Object.entries(request.headers)) {
        const lowerName = name.toLowerCase()
        if (signerOwnedHeaderNames.has(lowerName)) continue
        // Header values are trimmed as the Fetch Headers class trims them.
        if (unsignedHeaderNames.has(lowerName)) unsigned[lowerName] = value.trim()
        else signed[lowerName] = value.trim()
      }
      if (options.includeContentSha256 === true) signed["x-amz-content-sha256"] = sha256Hex(request.body)
      signed["x-amz-date"] = datetime
      if (sendable.sessionToken !== undefined) signed["x-amz-security-token"] = sendable.sessionToken
      const names = ["host", ...Object.keys(signed)].sort()
      const signedHeaders = names.join(";")
      const canonicalHeaders = names
        .map((name) => `${name}:${name === "host" ? url.host : (signed[name] ?? "").replace(/\s+/g, " ")}`)
        .join("\n")
      const canonicalRequest = [
        "POST",
        canonicalPath(url),
        canonicalQuery(url),
        `${canonicalHeaders}\n`,
        signedHeaders,
        signed["x-amz-content-sha256"] ?? sha256Hex(request.body)
      ].join("\n")
      const date = datetime.slice(0, 8)
      const scope = `${date}/${options.region}/ssm/aws4_request`
      const stringToSign = ["AWS4-HMAC-SHA256", datetime, scope, sha256Hex(canonicalRequest)].join("\n")
      const key = signingKey(Redacted.value(options.credentials.secretAccessKey), date, options.region)
      const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex")
      return {
        ...unsigned,
        ...signed,
        authorization: `AWS4-HMAC-SHA256 Credential=${sendable.accessKeyId}/${scope}, ` +
          `SignedHeaders=${signedHeaders}, Signature=${signature}`
      }
    },
    catch: (cause) =>
      new CredentialsError({
        // Only the error's kind: a message may quote a header value.
        reason: `could not sign the request: ${Predicate.isError(cause) ? cause.name : "unknown failure"}`
      })
  })
