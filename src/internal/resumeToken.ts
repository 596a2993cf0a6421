/**
 * Our resume tokens, both kinds (a listing's position inside a page, `sae2.`; a failures stream's
 * place, `saf1.`): `<prefix><base64url JSON>.<checksum>`, sealed against edits (not against forgery:
 * the checksum is no signature) and bound to the listing they continue, and the one function that
 * opens either and checks the binding. An engine for both Effect lines: it answers with plain values
 * (a payload, or the rule a token breaks), and each line makes its own `InvalidInput` of the rule.
 */
import * as Option from "effect/Option"
import { base64UrlDecode, base64UrlEncode } from "./encoding.js"

/**
 * A 53-bit non-cryptographic hash of a string (cyrb53, public domain): two 32-bit multiply-xorshift
 * lanes, so it is fast, synchronous and the same in every runtime. It detects accidents and edits,
 * not a forger, who can always recompute it: there is no secret to key it with on the client.
 */
export const hash53 = (text: string): number => {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * The listing a resume token belongs to. The page size is not part of it: a skip counts items from
 * the first one of the page its NextToken starts, whatever `MaxResults` was, and a skip longer than
 * a smaller page carries over to the next one.
 */
export interface Binding {
  readonly associationId: string
  /**
   * A hash of the rest of the listing (the execution of a targets listing, the filters in a
   * canonical order: their order does not change the listing); "" for none.
   */
  readonly filters: string
}

/** The binding of a listing of `associationId`, narrowed by `parts` (each already in canonical form). */
export const bindingOf = (associationId: string, parts: ReadonlyArray<string>): Binding => ({
  associationId,
  filters: parts.length === 0 ? "" : hash53([...parts].sort().join("\n")).toString(36)
})

const checksumOf = (body: string, prefix: string): string => hash53(prefix + body).toString(36)

/** `<prefix><base64url JSON>.<checksum>`: a resume token of ours, sealed against edits (not forgery). */
export const sealToken = (prefix: string, payload: unknown): string => {
  const body = base64UrlEncode(new TextEncoder().encode(JSON.stringify(payload)))
  return `${prefix}${body}.${checksumOf(body, prefix)}`
}

/** The payload of a token {@link sealToken} made, or `None` when it was changed or cut short. */
export const openToken = (prefix: string, token: string): Option.Option<unknown> => {
  if (!token.startsWith(prefix)) return Option.none()
  const rest = token.slice(prefix.length)
  const dot = rest.lastIndexOf(".")
  const body = rest.slice(0, dot)
  if (dot < 0 || checksumOf(body, prefix) !== rest.slice(dot + 1)) return Option.none()
  return Option.flatMap(
    base64UrlDecode(body),
    Option.liftThrowable((bytes): unknown => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)))
  )
}

export const alteredToken =
  "was changed or cut short (its checksum does not match): pass the resume token exactly as it was given"

// Only a plain id goes into a message: the checksum is no signature, so a token's content is the
// word of whoever wrote it.
const plainId = /^[\w-]{1,128}$/

/** One kind of token: its prefix, the payload key of its binding hash, and what else binds it, in words. */
export interface TokenKind {
  readonly prefix: string
  readonly bindingKey: string
  readonly listing: string
}

/** A token opened for its listing, or the rule it breaks (for `InvalidInput` of `startingToken`). */
export type Opened =
  | { readonly _tag: "Opened"; readonly payload: Readonly<Record<string, unknown>> }
  | { readonly _tag: "Refused"; readonly rule: string }

const refused = (rule: string): Opened => ({ _tag: "Refused", rule })

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * The payload of a token of `kind`, once its checksum holds and it was made for `binding`: the same
 * association (payload key `a`) and the same rest of the listing (`kind.bindingKey`). The caller
 * checks its own members.
 */
export const openBound = (token: string, kind: TokenKind, binding: Binding): Opened => {
  const payload = openToken(kind.prefix, token)
  if (Option.isNone(payload) || !isRecord(payload.value)) return refused(alteredToken)
  const { a, [kind.bindingKey]: rest } = payload.value
  if (typeof a !== "string" || typeof rest !== "string") return refused(alteredToken)
  if (a !== binding.associationId) {
    return refused(
      `was made for ${plainId.test(a) ? `association ${a}` : "another association"}, not ${
        plainId.test(binding.associationId) ? binding.associationId : "this one"
      }: a resume token continues only the listing it came from`
    )
  }
  if (rest !== binding.filters) {
    return refused(
      `was made for another listing (${kind.listing}): resume with exactly the input of the listing it came from`
    )
  }
  return { _tag: "Opened", payload: payload.value }
}
