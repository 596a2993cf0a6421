/**
 * @effect/cli options made from the flags' data (`flags.ts`): every value is read as text and
 * parsed here, so a mistake names its flag, and the connection flags every command that sends
 * requests shares, declared once.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { type Flag, listFlags, type OutputFormat, outputFormats } from "../flags.js"
import type { ConnectionArguments } from "../serviceLayer.js"

export const invalid = (flag: Flag, reason: string) =>
  Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--${flag.name}: ${reason}`)))

// Every value is read as text and parsed here, so that a mistake names its flag
// (@effect/cli's own integer parser says only "'abc' is not a integer").
export const textOption = (flag: Flag) => {
  const option = Options.text(flag.name)
  return flag.alias === undefined ? option : Options.withAlias(option, flag.alias)
}

export const optionalText = (flag: Flag) => Options.optional(textOption(flag))

export const parsed = <A>(flag: Flag, parse: (text: string) => Either.Either<A, string>) =>
  Options.mapEffect(
    optionalText(flag),
    (value) =>
      Option.isNone(value) ? Effect.succeed(undefined) : Either.match(parse(value.value), {
        onLeft: (reason) => invalid(flag, reason),
        onRight: (result) => Effect.succeed(result)
      })
  )

export const wholeNumber = (text: string): Either.Either<number, string> =>
  /^\s*-?\d+\s*$/.test(text) && Number.isSafeInteger(Number(text))
    ? Either.right(Number(text))
    : Either.left(`'${text}' is not a whole number`)

export const integerOption = (flag: Flag) => parsed(flag, wholeNumber)

export const integerWithDefault = (flag: Flag, fallback: number) =>
  Options.map(integerOption(flag), (value) => value ?? fallback)

export const decimal = (text: string): Either.Either<number, string> =>
  text.trim() !== "" && Number.isFinite(Number(text))
    ? Either.right(Number(text))
    : Either.left(`'${text}' is not a number`)

export const numberOption = (flag: Flag) => parsed(flag, decimal)

export const outputOption = (flag: Flag) =>
  parsed(flag, (text): Either.Either<OutputFormat, string> =>
    Either.fromNullable(
      outputFormats.find((format) => format === text.trim().toLowerCase()),
      () => `'${text}' is not an output format: use ${outputFormats.join(", ")}`
    ))

export const switchOption = (flag: Flag) => {
  const option = Options.boolean(flag.name)
  return flag.alias === undefined ? option : Options.withAlias(option, flag.alias)
}

export const textValue = (flag: Flag) => Options.map(optionalText(flag), Option.getOrUndefined)

// Where and how to reach SSM: the same flags on every command that sends requests.
export const connectionOptions = {
  region: textValue(listFlags.region),
  profile: textValue(listFlags.profile),
  endpointUrl: textValue(listFlags.endpointUrl),
  maxAttempts: integerOption(listFlags.maxAttempts),
  requestsPerSecond: numberOption(listFlags.requestsPerSecond),
  timeout: textValue(listFlags.timeout),
  patience: textValue(listFlags.patience)
}

export const connectionOf = (options: ConnectionArguments): ConnectionArguments => ({
  region: options.region,
  profile: options.profile,
  endpointUrl: options.endpointUrl,
  maxAttempts: options.maxAttempts,
  requestsPerSecond: options.requestsPerSecond,
  timeout: options.timeout,
  patience: options.patience
})
