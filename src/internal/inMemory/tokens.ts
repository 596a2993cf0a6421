/**
 * NextTokens of the in-memory SSM: opaque to clients, but self-describing (page number and item
 * offset) and sealed with an HMAC over the request parameters under a per-model secret, so an
 * edited token, one from another model, or one reused with other parameters is refused.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { base64UrlDecode, base64UrlEncode } from "../encoding.js"
import { constantTimeEqual, hmacSha256 } from "../sigv4Verify.js"

/** Where a token points: the 1-based page number and the offset of its first item. */
export interface TokenPosition {
  readonly page: number
  readonly offset: number
}

/** A token is valid only for the request it was issued for: operation, ids, filters, page size. */
export type TokenScope = ReadonlyArray<string | number | undefined>

const version = 1
const macLength = 18

const seal = (secret: Uint8Array<ArrayBuffer>, scope: TokenScope, position: TokenPosition) =>
  hmacSha256(secret, JSON.stringify([scope, position.page, position.offset])).pipe(
    Effect.map((mac) => mac.slice(0, macLength))
  )

const header = (position: TokenPosition): Uint8Array => {
  const bytes = new Uint8Array(9)
  const view = new DataView(bytes.buffer)
  view.setUint8(0, version)
  view.setUint32(1, position.page)
  view.setUint32(5, position.offset)
  return bytes
}

/** A token pointing at `position`, valid only with `scope`. */
export const issue = (
  secret: Uint8Array<ArrayBuffer>,
  scope: TokenScope,
  position: TokenPosition
): Effect.Effect<string> =>
  seal(secret, scope, position).pipe(
    Effect.map((mac) => base64UrlEncode(new Uint8Array([...header(position), ...mac])))
  )

/** The position a token points at, or `None` when it was not issued for `scope` by this secret. */
export const open = (
  secret: Uint8Array<ArrayBuffer>,
  scope: TokenScope,
  token: string
): Effect.Effect<Option.Option<TokenPosition>> =>
  Effect.gen(function*() {
    // The decoder refuses any text but the one encoding of the bytes, so a token has one spelling.
    const bytes = base64UrlDecode(token)
    if (Option.isNone(bytes) || bytes.value.length !== 9 + macLength || bytes.value[0] !== version) {
      return Option.none()
    }
    const view = new DataView(bytes.value.buffer)
    const position = { page: view.getUint32(1), offset: view.getUint32(5) }
    const expected = base64UrlEncode(yield* seal(secret, scope, position))
    const received = base64UrlEncode(bytes.value.slice(9))
    return constantTimeEqual(expected, received) ? Option.some(position) : Option.none()
  })
