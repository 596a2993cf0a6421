/**
 * Node-only in practice (needs a `CommandExecutor`): runs a profile's `credential_process` and
 * reads the JSON it prints. Like the AWS JS SDK, the configured command line is handed to the
 * system shell as written; it comes from the user's own config file and nothing is interpolated
 * into it.
 */
import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Stream from "effect/Stream"
import { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials } from "../../Credentials.js"
import { fromDocument, parseJson } from "./document.js"

// Enough of stderr to show the tool's own complaint ("profile not found", "MFA required").
const stderrLimit = 300

const collect = <E>(stream: Stream.Stream<Uint8Array, E>) => Stream.mkString(Stream.decodeText(stream))

/** Runs the command and returns the credentials it printed (format version 1). */
export const runCredentialProcess = (
  commandLine: string,
  profile: string
): Effect.Effect<AwsCredentials, CredentialsError, CommandExecutor.CommandExecutor> =>
  Effect.gen(function*() {
    const source = `credential_process of profile ${profile}`
    // The command line itself is not quoted in errors: people put arguments such as passwords in it.
    const [exitCode, stdout, stderr] = yield* Command.make(commandLine).pipe(
      Command.runInShell(true),
      Command.start,
      Effect.flatMap((process) =>
        Effect.all([process.exitCode, collect(process.stdout), collect(process.stderr)], { concurrency: "unbounded" })
      ),
      Effect.scoped,
      Effect.mapError((error) =>
        new CredentialsError({
          reason: `${source} could not be run (${error._tag === "SystemError" ? error.reason : "invalid command"})`
        })
      )
    )
    if (exitCode !== 0) {
      const complaint = stderr.trim().slice(-stderrLimit)
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
