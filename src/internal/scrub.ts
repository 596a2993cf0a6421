/**
 * Makes text that someone else wrote (a server's error message, a credentials process's stderr)
 * safe to keep in an error: the secrets this client holds are replaced, escapes and control
 * characters that would rewrite a terminal or split a log line are removed, and the length is cut.
 * Only failures pass through here; a successful page never does.
 */
import * as Redacted from "effect/Redacted"
import type { AwsCredentials } from "../Credentials.js"

/** What a secret is replaced with. */
export const redactedPlaceholder = "[redacted]"

/** The longest server text an error keeps; a page of 50 executions fits in far less than an error message. */
export const defaultMaxTextLength = 1000

// CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL` or `ESC ] ... ESC \`), and any other two-character escape.

const ansiEscape =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?|\u009b[0-?]*[ -/]*[@-~]/g

// C0 and C1 controls, DEL, and the Unicode marks that reorder or hide text (bidi overrides, line separators).

const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]+/g

/**
 * Replaces every occurrence of each secret, as written and as percent-encoded (a server may quote
 * a header value either way). Empty values are skipped: they would match everywhere.
 */
export const redactSecrets = (text: string, secrets: ReadonlyArray<string>): string => {
  let result = text
  for (const secret of secrets) {
    if (secret === "") continue
    if (result.includes(secret)) result = result.split(secret).join(redactedPlaceholder)
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join(redactedPlaceholder)
  }
  return result
}

/** At most `maxLength` characters, never splitting a surrogate pair, with the cut said in the text. */
export const cut = (text: string, maxLength: number): string => {
  if (text.length <= maxLength) return text
  let end = maxLength
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}… [cut, ${text.length - end} more characters]`
}

/**
 * Text from outside, made fit for one line of an error message: secrets replaced, escape sequences
 * removed, runs of control characters (line breaks included) turned into one space, trimmed, cut
 * to `maxLength`. Secrets are replaced before and after the escapes go, so a token split by an
 * escape sequence cannot come back together.
 */
export const scrubText = (
  text: string,
  secrets: ReadonlyArray<string>,
  maxLength: number = defaultMaxTextLength
): string => {
  // Redacted whole before anything is cut, so no cut can leave the start of a secret behind; then a
  // generous window, so the cleaning below costs what the limit allows, not what the server sent.
  const redacted = redactSecrets(text, secrets)
  const window = redacted.length > maxLength * 4 ? redacted.slice(0, maxLength * 4) : redacted
  const oneLine = window.replace(ansiEscape, "").replace(controlCharacters, " ").trim()
  return cut(redactSecrets(oneLine, secrets), maxLength)
}

/** The signature of an `Authorization` header (`... Signature=<hex>`), when it has one. */
const signatureOf = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined) return undefined
  const at = authorization.lastIndexOf("Signature=")
  return at === -1 ? undefined : authorization.slice(at + "Signature=".length).trim()
}

/**
 * The secret values of one attempt: the secret access key, the session token, and the signature the
 * request was sent with. Asked for only when an attempt fails.
 */
export const attemptSecrets = (
  credentials: AwsCredentials,
  headers: Readonly<Record<string, string>>
): ReadonlyArray<string> => {
  const secrets = [Redacted.value(credentials.secretAccessKey)]
  if (credentials.sessionToken !== undefined) {
    const token = Redacted.value(credentials.sessionToken)
    // Signers send the token trimmed; either spelling may come back.
    secrets.push(token, token.trim())
  }
  const signature = signatureOf(headers["authorization"])
  if (signature !== undefined) secrets.push(signature)
  // Longest first: a secret that contains another is replaced whole.
  return secrets.sort((left, right) => right.length - left.length)
}

/** No secrets to replace (the text is still cleaned and cut). */
export const noSecrets = (): ReadonlyArray<string> => []
