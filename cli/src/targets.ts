/**
 * The `targets` command: the resources one execution ran on (DescribeAssociationExecutionTargets),
 * with aws-cli's flags (`--filters Key=Status,Value=Failed`, `--max-items`, `--page-size`,
 * `--starting-token`); printed, summarised and resumed as `list` is (`listing.ts`).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import type { AssociationExecutionTarget } from "ssm-association-executions/DescribeAssociationExecutionTargets"
import { parseTargetFilterArguments } from "./awsInput.js"
import type { TargetsOptions } from "./commands/targets.js"
import { type Exited, fromEither, usage, type UsageError } from "./exitCodes.js"
import * as Listing from "./listing.js"
import type { CliOutput } from "./output.js"
import { plural } from "./progress.js"
import { checkQuery } from "./query.js"
import type { ConnectionArguments } from "./serviceLayer.js"
import { type FlatTarget, targetShape } from "./targetRecords.js"
import { parseDeadlineMillis } from "./time.js"

/**
 * What the listing reads of `targets`' options (`commands/targets.ts`), any of them left out: the
 * options' own type, so a flag is declared once.
 */
export type TargetsArguments = Partial<Omit<TargetsOptions, keyof ConnectionArguments | "local" | "noCliPager">>

/**
 * Checks what the option parser cannot. `local` allows no ids (the local endpoint's first
 * association and its newest failed execution are used then).
 */
export const checkTargetsArguments = (
  args: TargetsArguments,
  options: { readonly local?: boolean | undefined } = {}
): Effect.Effect<void, UsageError> =>
  Effect.gen(function*() {
    if ((args.associationId === undefined || args.executionId === undefined) && options.local !== true) {
      return yield* usage("Give --association-id ID and --execution-id ID (from list), or --local to try it")
    }
    yield* fromEither(parseTargetFilterArguments(args.filters ?? []))
    if (args.maxItems !== undefined && args.maxItems < 1) return yield* usage("--max-items must be 1 or more")
    if (args.pageSize !== undefined && (args.pageSize < 1 || args.pageSize > 50)) {
      return yield* usage("--page-size must be from 1 to 50 (SSM's limit)")
    }
    if (args.deadline !== undefined) {
      yield* fromEither(Either.mapLeft(parseDeadlineMillis(args.deadline), (reason) => `--deadline: ${reason}`))
    }
    if (args.query !== undefined) yield* fromEither(checkQuery(args.query))
  })

/** `targets`' records and words. */
export const targetKind = (executionId: string): Listing.Kind<AssociationExecutionTarget, FlatTarget> => ({
  shape: targetShape,
  facts: (target) => ({ status: target.Status, time: target.LastExecutionDate }),
  timeLabel: "LastExecutionDate",
  noun: "target",
  head: (stats) => `${plural(stats.items, "target")} of execution ${executionId} in ${plural(stats.pages, "page")}`
})

/**
 * Lists the targets of one execution, printing as pages arrive; fails as `list` does (an unknown
 * execution is AssociationExecutionDoesNotExist, exit 5).
 */
export const targets = (
  args: TargetsArguments
): Effect.Effect<Listing.ListResult, UsageError | Exited, AssociationExecutions.AssociationExecutions | CliOutput> =>
  Effect.gen(function*() {
    yield* checkTargetsArguments(args)
    const associationId = args.associationId ?? ""
    const executionId = args.executionId ?? ""
    const filters = yield* fromEither(parseTargetFilterArguments(args.filters ?? []))
    const deadlineMillis = args.deadline === undefined
      ? undefined
      : Either.getOrUndefined(parseDeadlineMillis(args.deadline))
    const service = yield* AssociationExecutions.AssociationExecutions
    const pages = service.targetPages(
      { AssociationId: associationId, ExecutionId: executionId, ...(filters.length === 0 ? {} : { Filters: filters }) },
      { pageSize: args.pageSize, maxItems: args.maxItems, startingToken: args.startingToken, deadlineMillis }
    )
    return yield* Listing.run({
      kind: targetKind(executionId),
      units: [{ id: associationId, pages }],
      startingToken: args.startingToken,
      format: args.format,
      query: args.query,
      quiet: args.quiet
    })
  })
