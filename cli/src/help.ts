/**
 * The help text, printed from the flags' data: plain text wrapped to the terminal (80 columns
 * when piped), the program name in every usage line, and each flag's own description only.
 * @effect/cli's help cannot leave out its type lines ("A user-defined piece of text.", "This
 * setting is optional.") and prints `$ list` as the usage, so the CLI answers `--help` itself.
 */
import { type CommandSpec, type Flag, flagsOf } from "./flags.js"
import { program } from "./program.js"

/** `text` wrapped at word boundaries to `width`, each line prefixed with `indent` spaces. */
export const wrap = (text: string, width: number, indent: number): string => {
  const room = Math.max(20, width - indent)
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
    } else {
      line = line === "" ? word : `${line} ${word}`
    }
  }
  if (line !== "") lines.push(line)
  return lines.map((text) => `${" ".repeat(indent)}${text}`).join("\n")
}

const flagTitle = (flag: Flag): string => {
  const names = [
    ...(flag.alias === undefined ? [] : [`-${flag.alias}`]),
    `--${flag.name}`,
    ...(flag.aliases ?? []).map((alias) => `--${alias}`)
  ].join(", ")
  const value = flag.value === undefined ? "" : flag.several === true ? ` ${flag.value}...` : ` ${flag.value}`
  return `${names}${value}${flag.repeatable === true ? "  (repeatable)" : ""}`
}

/** A command line wrapped at word boundaries with ` \\` continuations, so that it still pastes. */
export const wrapCommand = (command: string, width: number, indent: number): string => {
  const lines: Array<string> = []
  let line = ""
  for (const word of command.split(" ")) {
    const room = width - (lines.length === 0 ? indent : indent + 4) - 2
    if (line !== "" && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
    } else {
      line = line === "" ? word : `${line} ${word}`
    }
  }
  lines.push(line)
  return lines.map((text, index) => `${" ".repeat(index === 0 ? indent : indent + 4)}${text}`).join(" \\\n")
}

const section = (title: string, body: string) => `${title}\n${body}`

/** The help of one command. */
export const commandHelp = (
  spec: CommandSpec,
  options: { readonly width: number; readonly footer: string }
): string => {
  const { width } = options
  const flags = flagsOf(spec)
  const usage = `${program.name} ${spec.name}${flags.length === 0 ? "" : " [options]"}`
  return [
    `${program.name} ${spec.name}`,
    wrap(spec.description, width, 0),
    section("USAGE", `  ${usage}`),
    ...spec.groups.map((group) =>
      section(
        group.title,
        group.flags.map((flag) => `  ${flagTitle(flag)}\n${wrap(flag.description, width, 6)}`).join("\n")
      )
    ),
    ...(spec.examples.length === 0 ? [] : [
      section(
        "EXAMPLES",
        spec.examples.map(([line, comment]) =>
          `${wrap(`# ${comment}`, width, 2)}\n${wrapCommand(`${program.name} ${line}`, width, 2)}`
        ).join("\n")
      )
    ]),
    options.footer
  ].filter((part) => part !== "").join("\n\n") + "\n"
}

/** The help of the program: its commands and the options every command takes. */
export const programHelp = (options: { readonly width: number; readonly footer: string }): string => {
  const { width } = options
  const nameWidth = Math.max(...program.commands.map((command) => command.name.length)) + 2
  return [
    `${program.name} ${program.version}`,
    wrap(program.description, width, 0),
    section("USAGE", [`  ${program.name} <command> [options]`, `  ${program.name} <command> --help`].join("\n")),
    section(
      "COMMANDS",
      program.commands.map((command) =>
        `  ${command.name.padEnd(nameWidth)}${wrap(command.description, width, 2 + nameWidth).trimStart()}`
      ).join("\n")
    ),
    section(
      "OPTIONS",
      [
        "  -h, --help",
        wrap("This help; after a command, that command's.", width, 6),
        "  --version",
        wrap("The version.", width, 6),
        "  --debug",
        wrap(
          "Each request and response on stderr, one line each (operation, HTTP status, request id, attempt, retry " +
            "delay); never credentials or signatures.",
          width,
          6
        ),
        "  --log-level LEVEL",
        wrap("Log on stderr from this level: all, trace, debug, info, warning, error, fatal, none.", width, 6)
      ].join("\n")
    ),
    options.footer
  ].filter((part) => part !== "").join("\n\n") + "\n"
}

/** Whether `argv` (after runtime and script) asks for help, and for which command. */
export const helpRequest = (
  args: ReadonlyArray<string>
): { readonly command: CommandSpec | undefined } | undefined => {
  const end = args.indexOf("--")
  const considered = end === -1 ? args : args.slice(0, end)
  if (!considered.some((token) => token === "--help" || token === "-h")) return undefined
  return { command: program.commands.find((command) => considered.includes(command.name)) }
}
