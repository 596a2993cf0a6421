/**
 * Node-only: the same SigV4 as `signing.ts` (aws4fetch), computed synchronously with `node:crypto`
 * over `sigv4.ts`'s canonical request (the one the verifier checks). On Node, WebCrypto's
 * asynchronous digests and HMAC key imports cost about 0.7 ms of CPU per request and a thread-pool
 * round trip each; the headers produced here are byte-identical (a test signs them both ways).
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { createHash, createHmac } from "node:crypto"
import { CredentialsError } from "../AssociationExecutionsError.js"
import { formatAmzDate } from "./encoding.js"
import {
  headersToSend,
  type RequestSigner,
  type SendableCredentials,
  sendableCredentials,
  type SignableRequest,
  type SigningOptions
} from "./signing.js"
import { authorizationHeader, canonicalRequest, credentialScope, signedHeaderNames, stringToSign } from "./sigv4.js"

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

/** {@link RequestSigner} with `node:crypto`: same inputs, same headers as the aws4fetch signer. */
export const signRequestNode: RequestSigner = (request, options) =>
  Effect.flatMap(sendableCredentials(options.credentials), (sendable) => signWithNodeCrypto(request, options, sendable))

const signWithNodeCrypto = (request: SignableRequest, options: SigningOptions, sendable: SendableCredentials) =>
  Effect.try({
    try: () => {
      const url = new URL(request.url)
      const datetime = formatAmzDate(options.now)
      const { signed, unsigned } = headersToSend(request.headers)
      if (options.includeContentSha256 === true) signed["x-amz-content-sha256"] = sha256Hex(request.body)
      signed["x-amz-date"] = datetime
      if (sendable.sessionToken !== undefined) signed["x-amz-security-token"] = sendable.sessionToken
      const signedHeaders = signedHeaderNames(["host", ...Object.keys(signed)])
      const canonical = canonicalRequest({
        method: "POST",
        path: url.pathname,
        query: url.search.slice(1),
        // aws4fetch signs the URL's host (with a non-default port), whatever a caller's Host header says.
        headers: { ...signed, host: url.host },
        signedHeaders,
        payloadHash: signed["x-amz-content-sha256"] ?? sha256Hex(request.body)
      })
      const date = datetime.slice(0, 8)
      const scope = credentialScope(date, options.region, "ssm")
      const key = signingKey(Redacted.value(options.credentials.secretAccessKey), date, options.region)
      const signature = createHmac("sha256", key)
        .update(stringToSign(datetime, scope, sha256Hex(canonical)), "utf8")
        .digest("hex")
      return {
        ...unsigned,
        ...signed,
        authorization: authorizationHeader(sendable.accessKeyId, scope, signedHeaders, signature)
      }
    },
    catch: (cause) =>
      new CredentialsError({
        // Only the error's kind: a message may quote a header value.
        reason: `could not sign the request: ${Predicate.isError(cause) ? cause.name : "unknown failure"}`
      })
  })
