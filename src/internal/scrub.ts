/**
 * Makes text that someone else wrote (a server's error message, a credentials process's stderr)
 * safe to keep in an error: the secrets this client holds are replaced, and so is whatever looks like
 * a credential (an access key id, a secret key, a session token); escapes and control characters
 * that would rewrite a terminal or split a log line are removed, and the length is cut.
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

// AWS's unique-id prefixes (IAM identifiers): AKIA long-term and ASIA temporary access key ids, and
// the ids of users, roles, groups, policies, certificates and keys, which name an account's principals.
const uniqueIdPrefixes = "ABIA ACCA AGPA AIDA AIPA AKIA ANPA ANVA APKA AROA ASCA ASIA".split(" ")

const accessKeyId = new RegExp(`(?<![A-Za-z0-9])(?:${uniqueIdPrefixes.join("|")})[A-Z0-9]{16,}(?![A-Za-z0-9])`, "g")

// `name=value`, `name: value`, `"name": "value"` (JSON quoted in JSON too) where the name says secret:
// how tools print settings, exports and documents. Names are bounded so a long word costs little.
const secretAssignment =
  /(?<![\w-])([\w-]{0,40}?(?:secret|token|password|passwd|signature)[\w-]{0,40})(\\?["']?\s*[:=]\s*\\?["']?)([^\s"',;}\\]+)/gi

// Pagination cursors are named tokens but grant nothing; SSM's messages quote them by name.
const paginationToken = /(?:next|starting|pagination|continuation)[_-]?token$/i

// After a bare `name:`, one plain word is prose ("Token: expired", "SSO Token for ..."), not a value.
const plainWord = /^[A-Za-z][a-z]*$/

// Base64 runs with their padding, which is not counted: `key=<value>` still ends a run at the `=`.
const base64Run = /[A-Za-z0-9/+]+={0,2}/g

/**
 * Random base64 has every kind of character; text rarely does. This keeps a SHA-1 or SHA-256 in hex
 * (no capitals), an account id (digits), a path of words and an upper-case request id readable, at
 * the price of a real key that happens to lack a digit (about 1 in 900 secret access keys): those
 * are still caught when a secret-named key precedes them.
 */
const looksRandom = (run: string): boolean => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run)

/** 40 characters standing alone is the length of a secret access key; 100 or more, a session token or bearer token. */
const isSecretShaped = (run: string): boolean => (run.length === 40 || run.length >= 100) && looksRandom(run)

/**
 * Replaces what looks like a credential in text that no known secret covers (a tool's stderr, a
 * server echoing another request): the values of secret-named keys, AWS access key and unique ids,
 * 40-character base64 runs (secret access keys) and base64 runs of 100 or more (session tokens).
 */
export const redactSecretShapes = (text: string): string =>
  text
    .replace(secretAssignment, (whole, name: string, separator: string, value: string) =>
      paginationToken.test(name) || (separator.trim() === ":" && plainWord.test(value))
        ? whole
        : `${name}${separator}${redactedPlaceholder}`)
    .replace(accessKeyId, redactedPlaceholder)
    .replace(base64Run, (run) =>
      isSecretShaped(run.replace(/=+$/, "")) ? redactedPlaceholder : run)

/** At most `maxLength` characters, never splitting a surrogate pair, with the cut said in the text. */
export const cut = (text: string, maxLength: number): string => {
  if (text.length <= maxLength) return text
  let end = maxLength
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}… [cut, ${text.length - end} more characters]`
}

/**
 * Text from outside, made fit for one line of an error message: secrets replaced (the ones given and
 * whatever is shaped like one, see {@link redactSecretShapes}), escape sequences
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
  const redacted = redactSecretShapes(redactSecrets(text, secrets))
  const window = redacted.length > maxLength * 4 ? redacted.slice(0, maxLength * 4) : redacted
  const oneLine = window.replace(ansiEscape, "").replace(controlCharacters, " ").trim()
  return cut(redactSecretShapes(redactSecrets(oneLine, secrets)), maxLength)
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
