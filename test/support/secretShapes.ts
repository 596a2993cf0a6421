/**
 * Values shaped like AWS credentials that no client holds, and plain text that must stay readable,
 * for tests of the redaction of text from outside (a tool's stderr, a server's message).
 */
import { assert } from "@effect/vitest"
import * as Cause from "effect/Cause"
import { inspect } from "node:util"

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/** `length` base64 characters from a fixed seed: random-looking, the same on every run. */
export const base64Of = (length: number, seed: number): string => {
  let state = seed
  let text = ""
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    text += base64Alphabet[(state >>> 16) % 64]
  }
  return text
}

/** Credentials of nobody, each in the shape AWS gives it. */
export const shaped = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  temporaryAccessKeyId: "ASIAY34FZKBOKMUTVV7A",
  roleId: "AROADBQP57FF2AEXAMPLE",
  secretAccessKey: base64Of(40, 11),
  sessionToken: `${base64Of(356, 12)}==`
} as const

/** Text with no secret in it that looks a little like one: it must come through as it was. */
export const readable = {
  requestId: "d3b07384-d9a0-4c9b-8f0e-1a2b3c4d5e6f",
  sha1: "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
  sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  roleArn: "arn:aws:iam::123456789012:role/service-role/Admin",
  s3ExtendedRequestId: "Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==",
  path: "/usr/local/lib/node_modules/aws-vault/bin/run"
} as const

/** Every way an error is shown: its message, JSON, `String`, `inspect` and Cause's pretty print. */
export const renderings = (error: unknown): ReadonlyArray<string> => [
  ...(error instanceof Error ? [error.message] : []),
  JSON.stringify(error) ?? "",
  String(error),
  inspect(error, { depth: 10 }),
  Cause.pretty(Cause.fail(error))
]

/** None of `values` (nor their first 16 characters, so no fragment of a long one) in any rendering of `error`. */
export const assertNotShown = (error: unknown, values: ReadonlyArray<string>): void => {
  for (const text of renderings(error)) {
    for (const value of values) assert.notInclude(text, value.slice(0, 16), `${value.slice(0, 8)}... shown`)
  }
}
