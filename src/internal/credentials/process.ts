/**
 * Node-only in practice (needs the host seam): runs a profile's `credential_process` and
 * reads the JSON it prints. Like the AWS JS SDK, the configured command line is handed to the
 * system shell as written; it comes from the user's own config file and nothing is interpolated
 * into it.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials } from "../../Credentials.js"
import { HostSystem } from "../../line/hostSystem.js"
import { scrubText } from "../scrub.js"
import { fromDocument, parseJson } from "./document.js"

// Enough of stderr to show the tool's own complaint ("profile not found", "MFA required").
const stderrLimit = 300

const secretMemberNames = ["SecretAccessKey", "SessionToken", "Token"]

// The same members as text, for output that is not JSON as a whole (cut off, or a line among others).
const secretMember = /"(?:SecretAccessKey|SessionToken|Token)"\s*:\s*"((?:[^"\\]|\\.)*)"?/g

const parsedMembers = (stdout: string): Array<string> => {
  try {
    const document: unknown = JSON.parse(stdout)
    return secretMemberNames.flatMap((name) => {
      const value: unknown = Predicate.hasProperty(document, name) ? document[name] : undefined
      return typeof value === "string" ? [value] : []
    })
  } catch {
    return []
  }
}

/** The secret values in what the process printed on stdout, complete or cut off, JSON or not. */
const secretsPrinted = (stdout: string): Array<string> =>
  [...parsedMembers(stdout), ...Array.from(stdout.matchAll(secretMember), (match) => match[1] ?? "")]
    .filter((value) => value.length >= 4)
    .sort((left, right) => right.length - left.length)

/**
 * The end of stderr as an error may show it: every secret value the process printed on stdout
 * replaced, and whatever is shaped like a credential (secret-named values, access key ids, key- and
 * token-length base64), control characters and escapes removed,
 * and at most {@link stderrLimit} characters.
 */
export const stderrComplaint = (stderr: string, stdout: string): string => {
  const secrets = secretsPrinted(stdout)
  // Scrubbed whole before its tail is taken, so no secret is cut in half and left showing.
  const scrubbed = scrubText(stderr, secrets, Number.MAX_SAFE_INTEGER)
  return scrubText(scrubbed.slice(-stderrLimit), [])
}

/** Runs the command and returns the credentials it printed (format version 1). */
export const runCredentialProcess = (
  commandLine: string,
  profile: string
): Effect.Effect<AwsCredentials, CredentialsError, HostSystem> =>
  Effect.gen(function*() {
    const source = `credential_process of profile ${profile}`
    // The command line itself is not quoted in errors: people put arguments such as passwords in it.
    const host = yield* HostSystem
    const { exitCode, stderr, stdout } = yield* host.runShell(commandLine).pipe(
      Effect.mapError((reason) =>
        new CredentialsError({ reason: `${source} could not be run (${scrubText(reason, [], stderrLimit)})` })
      )
    )
    if (exitCode !== 0) {
      const complaint = stderrComplaint(stderr, stdout)
      return yield* new CredentialsError({
        reason: `${source} exited with code ${exitCode}${complaint === "" ? "" : `: ${complaint}`}`
      })
    }
    const document = yield* parseJson(source, stdout)
    const version: unknown = Predicate.hasProperty(document, "Version") ? document.Version : undefined
    if (version !== 1) return yield* new CredentialsError({ reason: `${source} did not return Version 1` })
    const credentials = yield* fromDocument(
      { source, sessionTokenField: "SessionToken", requireExpiration: false },
      document
    )
    const now = yield* Clock.currentTimeMillis
    if (credentials.expiration !== undefined && credentials.expiration.getTime() <= now) {
      return yield* new CredentialsError({
        reason: `${source} returned credentials that expired at ${credentials.expiration.toISOString()}`
      })
    }
    return credentials
  })
