/**
 * The `local` command, declared once: serve the seeded in-memory SSM over HTTP until Ctrl-C. Its
 * flags are one table, from which the help and the @effect/cli options are made, and the options'
 * parsed record is what the server (`local.ts`) is given.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { CommandSpec, Flag } from "../flags.js"
import * as Local from "../local.js"
import { integerOption, integerWithDefault, numberOption, textValue } from "./options.js"

/** The flags of `local`, by name. */
export const localFlags = {
  port: {
    name: "port",
    value: "PORT",
    description: "TCP port on 127.0.0.1; 0 picks a free one (printed in the banner). Default: 0."
  },
  region: { name: "region", value: "REGION", description: "The region clients must sign for. Default: us-east-1." },
  seed: {
    name: "seed",
    value: "N",
    description: "Seed of the generated data: the same seed gives the same associations. Default: 1 (as list --local)."
  },
  associations: { name: "associations", value: "N", description: "How many associations to serve. Default: 4." },
  executionsPerAssociation: {
    name: "executions-per-association",
    value: "N",
    description: "How many executions each association has. Default: 2500."
  },
  throttleProbability: {
    name: "throttle-probability",
    value: "P",
    description: "Probability (0 to 1) that a request is answered with 400 ThrottlingException. Default: 0."
  },
  errorProbability: {
    name: "error-probability",
    value: "P",
    description: "Probability (0 to 1) that a request is answered with 500 InternalServerError. Default: 0."
  },
  dropProbability: {
    name: "drop-probability",
    value: "P",
    description: "Probability (0 to 1) that the connection drops in the middle of a response. Default: 0."
  },
  rateLimit: {
    name: "rate-limit",
    value: "RPS",
    description: "Allow this many requests per second (a token bucket, any number above 0) and answer " +
      "ThrottlingException (Rate exceeded) beyond it, as SSM does: a real limit on your machine. Default: no limit."
  },
  rateBurst: {
    name: "rate-burst",
    value: "N",
    description: "With --rate-limit: how many requests may come at once after a quiet spell (the bucket's size, a " +
      "whole number of 1 or more). Default: the --rate-limit, rounded up."
  }
} as const satisfies Record<string, Flag>

/** `local`. */
export const localSpec: CommandSpec = {
  name: "local",
  description: "Serve a seeded in-memory SSM on 127.0.0.1 over HTTP, checking SigV4 like AWS, until Ctrl-C. Point " +
    "this command (--endpoint-url), any AWS SDK or the AWS CLI at it with the lines it prints; one line per request " +
    "on stderr.",
  groups: [{ title: "OPTIONS", flags: Object.values(localFlags) }],
  examples: [["local --port 4566", "then paste the export line into another shell"]]
}

const l = localFlags

const options = {
  port: integerWithDefault(l.port, 0),
  region: Options.map(textValue(l.region), (region) => region ?? "us-east-1"),
  seed: integerWithDefault(l.seed, Local.defaultDataset.seed),
  associations: integerWithDefault(l.associations, Local.defaultDataset.associations),
  executionsPerAssociation: integerWithDefault(
    l.executionsPerAssociation,
    Local.defaultDataset.executionsPerAssociation
  ),
  throttleProbability: Options.map(numberOption(l.throttleProbability), (value) => value ?? 0),
  errorProbability: Options.map(numberOption(l.errorProbability), (value) => value ?? 0),
  dropProbability: Options.map(numberOption(l.dropProbability), (value) => value ?? 0),
  rateLimit: numberOption(l.rateLimit),
  rateBurst: integerOption(l.rateBurst)
}

/** What `local` was asked for: derived from its options, so the two cannot disagree. */
export type LocalOptions = Command.Command.ParseConfig<typeof options>

/** The @effect/cli command. */
export const localCommand = Command.make("local", options, Local.serve)
