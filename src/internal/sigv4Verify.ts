/**
 * Server-side SigV4 verification for the in-memory SSM: recomputes the signature, synchronously,
 * from the headers the request actually signed (its `SignedHeaders`), and answers with the error
 * code and message an AWS JSON service would send. Runs anywhere; the canonical request is
 * `sigv4.ts`'s, the one the synchronous signers build.
 */
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { formatAmzDate, parseAmzDate, toHex } from "./encoding.js"
import { hmacSha256 as hmac, sha256 } from "./sha256.js"
import * as Sigv4 from "./sigv4.js"

/** A key pair (and optional session token) the verifier accepts. */
export interface AcceptedCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
}

/** What the verifier checks a request against. */
export interface VerifyOptions {
  readonly credentials: ReadonlyArray<AcceptedCredentials>
  /** Credential scope regions served; `undefined` accepts any region. */
  readonly regions?: ReadonlyArray<string> | undefined
  /** Signing name the scope must carry. */
  readonly service: string
  /** How far `X-Amz-Date` may be from the server's clock. */
  readonly windowMillis: number
}

/** A request as received: lowercase header names, the exact body text. */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The request was refused; `code` and `message` are what goes on the wire (HTTP 400). */
export class SignatureRejected extends Data.TaggedError("SignatureRejected")<{
  readonly code:
    | "MissingAuthenticationTokenException"
    | "IncompleteSignatureException"
    | "UnrecognizedClientException"
    | "InvalidSignatureException"
  readonly message: string
}> {}

// Synchronous digests (sha256.ts): nothing on the model's path awaits a promise, so TestClock alone
// drives a test that goes through it.

/** Hex SHA-256 of UTF-8 text. */
export const sha256Hex = (text: string): Effect.Effect<string> => Effect.sync(() => toHex(sha256(text)))

/** HMAC-SHA-256 of UTF-8 text under a raw key. */
export const hmacSha256 = (
  key: Uint8Array<ArrayBuffer> | string,
  text: string
): Effect.Effect<Uint8Array<ArrayBuffer>> => Effect.sync(() => hmac(key, text))

/** Equal-length comparison that does not stop at the first difference. */
export const constantTimeEqual = (left: string, right: string): boolean => {
  if (left.length !== right.length) return false
  let difference = 0
  for (let index = 0; index < left.length; index++) difference |= left.charCodeAt(index) ^ right.charCodeAt(index)
  return difference === 0
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface ParsedAuthorization {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly terminator: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

const { algorithm } = Sigv4

const incomplete = (message: string) => new SignatureRejected({ code: "IncompleteSignatureException", message })
const invalid = (message: string) => new SignatureRejected({ code: "InvalidSignatureException", message })

/** Parses the header the way AWS front ends do, naming the first missing part. */
export const parseAuthorization = (header: string): Effect.Effect<ParsedAuthorization, SignatureRejected> =>
  Effect.gen(function*() {
    const trimmed = header.trim()
    const space = trimmed.indexOf(" ")
    const scheme = space === -1 ? trimmed : trimmed.slice(0, space)
    if (scheme !== algorithm) {
      return yield* incomplete(`Unsupported AWS 'algorithm': '${scheme}'. Supported: '${algorithm}'.`)
    }
    const parameters = new Map<string, string>()
    for (const part of trimmed.slice(space + 1).split(",")) {
      const equals = part.indexOf("=")
      if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim())
    }
    for (const name of ["Credential", "SignedHeaders", "Signature"]) {
      if (!parameters.has(name)) {
        return yield* incomplete(`Authorization header requires '${name}' parameter. Authorization=${trimmed}`)
      }
    }
    const credential = (parameters.get("Credential") ?? "").split("/")
    const [accessKeyId, date, region, service, terminator] = credential
    if (
      credential.length !== 5 || accessKeyId === undefined || date === undefined || region === undefined ||
      service === undefined || terminator === undefined
    ) {
      return yield* incomplete(
        `Authorization header requires 'Credential' parameter of the form <access key>/<date>/<region>/<service>/aws4_request. Authorization=${trimmed}`
      )
    }
    return {
      accessKeyId,
      date,
      region,
      service,
      terminator,
      signedHeaders: (parameters.get("SignedHeaders") ?? "").split(";").filter((name) => name !== ""),
      signature: parameters.get("Signature") ?? ""
    }
  })

/** Canonical request from the received request, restricted to `signedHeaders` (spec 7, step 1). */
export const canonicalRequest = (
  request: ReceivedRequest,
  signedHeaders: ReadonlyArray<string>,
  payloadHash: string
): string => {
  const queryStart = request.path.indexOf("?")
  return Sigv4.canonicalRequest({
    method: request.method,
    path: queryStart === -1 ? request.path : request.path.slice(0, queryStart),
    query: queryStart === -1 ? "" : request.path.slice(queryStart + 1),
    headers: request.headers,
    signedHeaders,
    payloadHash
  })
}

/** The SigV4 signing key for a date, region and service (spec 7, step 3). */
export const signingKey = (
  secretAccessKey: Redacted.Redacted<string>,
  date: string,
  region: string,
  service: string
): Effect.Effect<Uint8Array<ArrayBuffer>> =>
  hmacSha256(`AWS4${Redacted.value(secretAccessKey)}`, date).pipe(
    Effect.flatMap((key) => hmacSha256(key, region)),
    Effect.flatMap((key) => hmacSha256(key, service)),
    Effect.flatMap((key) => hmacSha256(key, "aws4_request"))
  )

/** Everything derived while checking one request, exposed so tests can compare with vectors. */
export interface SignatureComputation {
  readonly canonicalRequest: string
  readonly stringToSign: string
  readonly signature: string
}

/** Recomputes the signature of `request` as `authorization` describes it, with `secretAccessKey`. */
export const computeSignature = (
  request: ReceivedRequest,
  authorization: ParsedAuthorization,
  amzDate: string,
  secretAccessKey: Redacted.Redacted<string>
): Effect.Effect<SignatureComputation> =>
  Effect.gen(function*() {
    const payloadHash = yield* sha256Hex(request.body)
    const canonical = canonicalRequest(request, authorization.signedHeaders, payloadHash)
    // The scope always ends in aws4_request: verify refuses any other terminator before this.
    const scope = Sigv4.credentialScope(authorization.date, authorization.region, authorization.service)
    const stringToSign = Sigv4.stringToSign(amzDate, scope, yield* sha256Hex(canonical))
    const key = yield* signingKey(secretAccessKey, authorization.date, authorization.region, authorization.service)
    const signature = toHex(yield* hmacSha256(key, stringToSign))
    return { canonicalRequest: canonical, stringToSign, signature }
  })

const minutes = (millis: number) => `${Math.round(millis / 60_000)} min.`

/**
 * Verifies a request per spec 7.2 and returns the credentials that signed it. Checks, in order:
 * header shape, scope (terminator, service, region, date), access key, session token, payload
 * hash, signature, and finally the time window against Effect's `Clock`.
 */
export const verify = (
  request: ReceivedRequest,
  options: VerifyOptions
): Effect.Effect<AcceptedCredentials, SignatureRejected> =>
  Effect.gen(function*() {
    const header = request.headers["authorization"]
    if (header === undefined || header.trim() === "") {
      return yield* new SignatureRejected({
        code: "MissingAuthenticationTokenException",
        message: "Missing Authentication Token"
      })
    }
    const authorization = yield* parseAuthorization(header)
    const amzDate = request.headers["x-amz-date"] ?? request.headers["date"]
    if (amzDate === undefined) {
      return yield* incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
    }
    const requestTime = parseAmzDate(amzDate)
    if (requestTime === undefined) {
      return yield* incomplete(
        `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`
      )
    }
    if (authorization.terminator !== "aws4_request") {
      return yield* invalid(
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${authorization.terminator}'.`
      )
    }
    if (authorization.service !== options.service) {
      return yield* invalid(`Credential should be scoped to correct service: '${options.service}'.`)
    }
    if (options.regions !== undefined && !options.regions.includes(authorization.region)) {
      return yield* invalid(`Credential should be scoped to a valid region, not '${authorization.region}'.`)
    }
    if (authorization.date !== amzDate.slice(0, 8)) {
      return yield* invalid(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${authorization.date}' != '${
          amzDate.slice(0, 8)
        }', from '${amzDate}'.`
      )
    }
    const signed = new Set(authorization.signedHeaders)
    if (!signed.has("host")) {
      return yield* invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }
    if (!signed.has("x-amz-date") && !signed.has("date")) {
      return yield* invalid("'X-Amz-Date' or 'Date' must be a 'SignedHeader' in the AWS Authorization.")
    }
    const credentials = options.credentials.find((candidate) => candidate.accessKeyId === authorization.accessKeyId)
    if (credentials === undefined) {
      return yield* new SignatureRejected({
        code: "UnrecognizedClientException",
        message: "The security token included in the request is invalid."
      })
    }
    const sentToken = request.headers["x-amz-security-token"]
    const expectedToken = credentials.sessionToken === undefined ? undefined : Redacted.value(credentials.sessionToken)
    if (
      sentToken !== expectedToken &&
      !(sentToken !== undefined && expectedToken !== undefined && constantTimeEqual(sentToken, expectedToken))
    ) {
      return yield* new SignatureRejected({
        code: "UnrecognizedClientException",
        message: "The security token included in the request is invalid."
      })
    }
    const contentSha256 = request.headers["x-amz-content-sha256"]
    if (contentSha256 !== undefined && contentSha256 !== "UNSIGNED-PAYLOAD") {
      if (contentSha256 !== (yield* sha256Hex(request.body))) {
        return yield* invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
      }
    }
    const computed = yield* computeSignature(request, authorization, amzDate, credentials.secretAccessKey)
    if (!constantTimeEqual(computed.signature, authorization.signature.toLowerCase())) {
      return yield* invalid(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
      )
    }
    const now = yield* Clock.currentTimeMillis
    if (requestTime < now - options.windowMillis) {
      return yield* invalid(
        `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - options.windowMillis)} (${
          formatAmzDate(now)
        } - ${minutes(options.windowMillis)})`
      )
    }
    if (requestTime > now + options.windowMillis) {
      return yield* invalid(
        `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + options.windowMillis)} (${
          formatAmzDate(now)
        } + ${minutes(options.windowMillis)})`
      )
    }
    return credentials
  })
