/**
 * The command line as an aws-cli user types it, checked against the command's flags and rewritten
 * into the form @effect/cli parses (one value per flag occurrence, `--flag value`): `--flag=value`
 * split in two, several values after a list flag (`--filters A B`) spread over repeated flags, and
 * alias names (`--format`) renamed. Whatever the command would not take as typed is refused here,
 * naming the flag: an unknown flag (names are case-sensitive, as in aws-cli), a flag without its
 * value, a switch given a value, a flag given twice that is taken once, a stray word. @effect/cli
 * would otherwise drop some of these quietly (`-a` with no value) or call them "unknown argument".
 *
 * It reads the same flag tables the commands declare (each command's help data, `program.ts`), so
 * it adds no flag list of its own. It stays beside @effect/cli because the README documents these
 * behaviours ("The CLI never ignores what it was told") and @effect/cli 0.77, as tried on it, does
 * not keep them: `--quiet=yes` is taken as `--quiet`, the value dropped; a trailing `-a`, a flag
 * given twice and `--Status` are each only "Received unknown argument", naming neither the missing
 * value nor `--status`; and `--filters A B` refuses `B`, where aws-cli takes several values.
 */
import * as Either from "effect/Either"
import { type CommandSpec, type Flag, flagsOf } from "./flags.js"

/** @effect/cli's own options, which every command accepts; the value says whether they take one. */
const builtIns: ReadonlyMap<string, boolean> = new Map([
  ["--log-level", true],
  ["--completions", true],
  ["--version", false],
  ["--wizard", false]
])

const byName = (flags: ReadonlyArray<Flag>): ReadonlyMap<string, Flag> =>
  new Map(
    flags.flatMap((flag) =>
      [
        `--${flag.name}`,
        ...(flag.aliases ?? []).map((alias) => `--${alias}`),
        ...(flag.alias === undefined ? [] : [`-${flag.alias}`])
      ].map((name) => [name, flag] as const)
    )
  )

// A token that stands for a flag, not a value: `-5` is a value, `-a` and `--anything` are flags.
const looksLikeFlag = (token: string) => /^--?[A-Za-z]/.test(token)

const unknownFlag = (spec: CommandSpec, flags: ReadonlyMap<string, Flag>, name: string): string => {
  const sameLetters = [...flags.keys()].find((known) => known.toLowerCase() === name.toLowerCase())
  return sameLetters === undefined
    ? `${name} is not an option of ${spec.name} (see ${spec.name} --help)`
    : `${name} is not an option of ${spec.name}: option names are case-sensitive, as in aws-cli (${sameLetters})`
}

/**
 * The arguments after the command's name, checked and normalized for `spec`; the left side is the
 * one-line usage error.
 */
export const normalizeCommandArguments = (
  spec: CommandSpec,
  args: ReadonlyArray<string>
): Either.Either<ReadonlyArray<string>, string> => {
  const flags = byName(flagsOf(spec))
  const given = new Set<Flag>()
  const result: Array<string> = []
  for (let index = 0; index < args.length; index++) {
    const token = args[index] ?? ""
    if (token === "--") {
      result.push(...args.slice(index))
      break
    }
    if (!looksLikeFlag(token)) {
      return Either.left(`unexpected argument '${token}': ${spec.name} takes options only (quote a value with spaces)`)
    }
    const equals = token.startsWith("--") ? token.indexOf("=") : -1
    const typedName = equals === -1 ? token : token.slice(0, equals)
    const inline = equals === -1 ? undefined : token.slice(equals + 1)
    const builtIn = builtIns.get(typedName)
    if (builtIn !== undefined) {
      result.push(token)
      if (builtIn && inline === undefined && args[index + 1] !== undefined) result.push(args[++index] ?? "")
      continue
    }
    const flag = flags.get(typedName)
    if (flag === undefined) return Either.left(unknownFlag(spec, flags, typedName))
    const name = `--${flag.name}`
    if (given.has(flag) && flag.repeatable !== true) {
      return Either.left(`${name} was given twice: give it once`)
    }
    given.add(flag)
    if (flag.value === undefined) {
      if (inline !== undefined) return Either.left(`${name} is a switch and takes no value (got '${inline}')`)
      result.push(name)
      continue
    }
    if (inline !== undefined) {
      result.push(name, inline)
      continue
    }
    const next = args[index + 1]
    if (next === undefined || next === "--" || looksLikeFlag(next)) {
      return Either.left(`${typedName} needs a value (${flag.value})${next === undefined ? "" : `, not ${next}`}`)
    }
    result.push(name, next)
    index++
    if (flag.several === true) {
      while (index + 1 < args.length && !looksLikeFlag(args[index + 1] ?? "--") && args[index + 1] !== "--") {
        result.push(name, args[index + 1] ?? "")
        index++
      }
    }
  }
  return Either.right(result)
}

/**
 * The whole `argv` (runtime and script first, as `process.argv`) checked and normalized for the
 * command it names; root options before the command (`--log-level debug list ...`) are kept as
 * typed, and a line without a known command is left to @effect/cli.
 */
export const normalizeArgv = (
  argv: ReadonlyArray<string>,
  commands: ReadonlyArray<CommandSpec>
): Either.Either<ReadonlyArray<string>, string> => {
  const head = argv.slice(0, 2)
  const rest = argv.slice(2)
  const at = rest.findIndex((token) => commands.some((command) => command.name === token))
  const spec = commands.find((command) => command.name === rest[at])
  if (spec === undefined) return Either.right(argv)
  return Either.map(
    normalizeCommandArguments(spec, rest.slice(at + 1)),
    (normalized) => [...head, ...rest.slice(0, at + 1), ...normalized]
  )
}
