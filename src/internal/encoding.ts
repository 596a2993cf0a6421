/**
 * The byte and date encodings the signers, the verifier and the token formats share: lowercase hex,
 * unpadded base64url, and SigV4's basic date-time `YYYYMMDDTHHMMSSZ`. Runtime-neutral on purpose:
 * no `node:` modules and no `Buffer`, only what every JavaScript runtime has (`btoa`, `atob`, `Date`).
 */
import * as Option from "effect/Option"

const hexDigits = "0123456789abcdef"

/** Lowercase hex, two digits a byte (how SigV4 writes hashes and signatures). */
export const toHex = (bytes: ArrayBuffer | Uint8Array): string => {
  let text = ""
  for (const byte of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) {
    text += hexDigits.charAt(byte >>> 4) + hexDigits.charAt(byte & 15)
  }
  return text
}

/** Unpadded base64url (RFC 4648, section 5): safe in URLs, file names and shell words. */
export const base64UrlEncode = (bytes: Uint8Array): string => {
  // Byte by byte: spreading a large array into String.fromCharCode overflows the call stack.
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const base64UrlText = /^[A-Za-z0-9_-]*$/

/**
 * The bytes `text` encodes, or `None` unless it is exactly what {@link base64UrlEncode} writes for
 * them: padding, whitespace, the `+/` alphabet and stray low bits (which `atob` ignores, so two
 * texts could decode alike) are all refused.
 */
export const base64UrlDecode = (text: string): Option.Option<Uint8Array<ArrayBuffer>> => {
  // A length of 4n+1 is the one shape atob throws on; checking it first keeps the decode total.
  if (!base64UrlText.test(text) || text.length % 4 === 1) return Option.none()
  const bytes = Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0))
  return base64UrlEncode(bytes) === text ? Option.some(bytes) : Option.none()
}

/** `YYYYMMDDTHHMMSSZ`, SigV4's `X-Amz-Date`, for an instant (milliseconds are dropped, not rounded). */
export const formatAmzDate = (time: Date | number): string =>
  // 2015-08-30T12:36:00.000Z -> 20150830T123600Z; an invalid date throws RangeError, as toISOString does.
  new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, "")

const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/**
 * The instant a `YYYYMMDDTHHMMSSZ` date-time names, in epoch milliseconds; `undefined` when it is
 * not that shape or names no real UTC second (30 February, hour 24).
 */
export const parseAmzDate = (text: string): number | undefined => {
  if (!amzDatePattern.test(text)) return undefined
  const millis = Date.parse(text.replace(amzDatePattern, "$1-$2-$3T$4:$5:$6Z"))
  // Engines roll some impossible dates over to the next month; only an exact round trip is that second.
  return !Number.isNaN(millis) && formatAmzDate(millis) === text ? millis : undefined
}
