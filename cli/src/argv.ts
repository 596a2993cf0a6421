/**
 * The command line as an aws-cli user types it, rewritten into the form @effect/cli parses (one
 * value per flag occurrence, `--flag value`): `--flag=value` split in two, several values after a
 * list flag (`--filters A B`) spread over repeated flags, and alias names (`--format`) renamed.
 * Anything unknown is left as typed, so the parser reports it by name.
 */
import { type CommandSpec, type Flag, flagsOf } from "./flags.js"

const byName = (flags: ReadonlyArray<Flag>): ReadonlyMap<string, Flag> =>
  new Map(flags.flatMap((flag) => [flag.name, ...(flag.aliases ?? [])].map((name) => [name, flag] as const)))

// aws-cli takes a list flag's values up to the next token that looks like a flag.
const looksLikeFlag = (token: string) => /^--?[A-Za-z]/.test(token)

/** The arguments after the command's name, normalized for `spec`. */
export const normalizeCommandArguments = (
  spec: CommandSpec,
  args: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const flags = byName(flagsOf(spec))
  const result: Array<string> = []
  for (let index = 0; index < args.length; index++) {
    const token = args[index] ?? ""
    if (token === "--") {
      result.push(...args.slice(index))
      break
    }
    const match = /^--([^=]+)(?:=([\s\S]*))?$/.exec(token)
    const flag = match === null ? undefined : flags.get(match[1] ?? "")
    if (match === null || flag === undefined) {
      result.push(token)
      continue
    }
    const name = `--${flag.name}`
    const inline = match[2]
    if (flag.value === undefined) {
      // A switch given a value (`--quiet=yes`) stays as typed, for the parser to refuse by name.
      result.push(inline === undefined ? name : token)
      continue
    }
    if (inline !== undefined) {
      result.push(name, inline)
      continue
    }
    const next = args[index + 1]
    // A missing value is left missing for the parser to report, rather than taking the next flag.
    if (next === undefined || next.startsWith("--")) {
      result.push(name)
      continue
    }
    result.push(name, next)
    index++
    if (flag.several === true) {
      while (index + 1 < args.length && !looksLikeFlag(args[index + 1] ?? "--")) {
        result.push(name, args[index + 1] ?? "")
        index++
      }
    }
  }
  return result
}

/**
 * The whole `argv` (runtime and script first, as `process.argv`) normalized for the command it
 * names; root options before the command (`--log-level debug list ...`) are kept as typed.
 */
export const normalizeArgv = (
  argv: ReadonlyArray<string>,
  commands: ReadonlyArray<CommandSpec>
): ReadonlyArray<string> => {
  const head = argv.slice(0, 2)
  const rest = argv.slice(2)
  const at = rest.findIndex((token) => commands.some((command) => command.name === token))
  const spec = commands.find((command) => command.name === rest[at])
  if (spec === undefined) return argv
  return [...head, ...rest.slice(0, at + 1), ...normalizeCommandArguments(spec, rest.slice(at + 1))]
}
