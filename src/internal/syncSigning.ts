/**
 * SigV4 computed synchronously over `sigv4.ts`'s canonical request (the one the verifier checks),
 * with the hash functions given: `node:crypto` on Node (`nodeSigning.ts`), plain code in the test
 * layer, where nothing may await a promise so that `TestClock` alone drives a test. The headers are
 * byte-identical to aws4fetch's (a test signs them all three ways).
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import { CredentialsError } from "../AssociationExecutionsError.js"
import { formatAmzDate, toHex } from "./encoding.js"
import { hmacSha256, sha256 } from "./sha256.js"
import {
  headersToSend,
  type RequestSigner,
  type SendableCredentials,
  sendableCredentials,
  type SignableRequest,
  type SigningOptions
} from "./signing.js"
import { authorizationHeader, canonicalRequest, credentialScope, signedHeaderNames, stringToSign } from "./sigv4.js"

/** The two primitives SigV4 needs. */
export interface HashFunctions {
  readonly sha256Hex: (data: string) => string
  readonly hmac: (key: Uint8Array | string, data: string) => Uint8Array
}

const signingKeyCapacity = 16

/** A signer over `hash`, with its own bounded cache of derived keys (by secret, day and region). */
export const makeSigner = (hash: HashFunctions): RequestSigner => {
  const signingKeys = new Map<string, Uint8Array>()
  const signingKey = (secret: string, date: string, region: string): Uint8Array => {
    const cacheKey = `${secret},${date},${region},ssm`
    const cached = signingKeys.get(cacheKey)
    if (cached !== undefined) return cached
    const key = hash.hmac(hash.hmac(hash.hmac(hash.hmac(`AWS4${secret}`, date), region), "ssm"), "aws4_request")
    if (signingKeys.size >= signingKeyCapacity) {
      const oldest = signingKeys.keys().next()
      if (oldest.done !== true) signingKeys.delete(oldest.value)
    }
    signingKeys.set(cacheKey, key)
    return key
  }

  const sign = (request: SignableRequest, options: SigningOptions, sendable: SendableCredentials) =>
    Effect.try({
      try: () => {
        const url = new URL(request.url)
        const datetime = formatAmzDate(options.now)
        const { signed, unsigned } = headersToSend(request.headers)
        if (options.includeContentSha256 === true) signed["x-amz-content-sha256"] = hash.sha256Hex(request.body)
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
          payloadHash: signed["x-amz-content-sha256"] ?? hash.sha256Hex(request.body)
        })
        const date = datetime.slice(0, 8)
        const scope = credentialScope(date, options.region, "ssm")
        const key = signingKey(Redacted.value(options.credentials.secretAccessKey), date, options.region)
        const signature = toHex(hash.hmac(key, stringToSign(datetime, scope, hash.sha256Hex(canonical))))
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

  return (request, options) =>
    Effect.flatMap(sendableCredentials(options.credentials), (sendable) => sign(request, options, sendable))
}

/** The signer in plain code: runs anywhere, awaits nothing. Slower than `node:crypto`; for tests. */
export const signRequestSync: RequestSigner = makeSigner({
  sha256Hex: (data) => toHex(sha256(data)),
  hmac: hmacSha256
})
