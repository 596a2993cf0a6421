/**
 * The test kit of the Effect 3 line: what shared tests (`test/*.test.ts`, run on both lines) need
 * that the two Effect lines spell differently. Shared tests import it as `@line/testing`; the Effect 4
 * run maps that name to `effect4.ts`, which exports the same names.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as ConfigProvider from "effect/ConfigProvider"
import * as PathPatch from "effect/ConfigProviderPathPatch"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import type * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as Scope from "effect/Scope"
import type { Settled } from "ssm-association-executions/internal/settled"

export * as TestClock from "effect/TestClock"
/** Which Effect line this run is (typed as either, so code that reads it type-checks the same on both). */
/** What an effect ended with, as the shared engines hold it (`internal/settled.ts`). */
export { settle, type Settled } from "ssm-association-executions/internal/settled"
export const line: 3 | 4 = 3
/** A cause's first typed failure, if it has one (Effect 4: `Cause.findErrorOption`). */
export { failureOption as causeFailure } from "effect/Cause"

/** A record with string keys and `value`'s values (fixtures read by shared tests). */
export const recordOf = <Value extends Schema.Schema.Any>(value: Value) => Schema.Record({ key: Schema.String, value })

/** This line's `Either` as {@link Settled}. */
export const settled = <A, E>(result: Either.Either<A, E>): Settled<A, E> =>
  Either.isRight(result) ? { ok: true, value: result.right } : { ok: false, error: result.left }

/** Runs `effect` with a `Random` whose `next` answers `values` in turn, over and over. */
export const withRandomValues =
  (values: readonly [number, ...Array<number>]) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withRandom(effect, Random.fixed([...values]))

/** A schedule that goes on while both do, waiting the longer of their delays. */
export const bothSchedules = <A, B>(
  left: Schedule.Schedule<A, unknown>,
  right: Schedule.Schedule<B, unknown>
): Schedule.Schedule<unknown, unknown> => Schedule.intersect(left, right)

/**
 * `count` values of `schema`'s type drawn from its Arbitrary with `seed`, encoded as the wire has
 * them (shared tests change them further with their own seeded choices).
 */
export const encodedSamples = <A, I>(schema: Schema.Schema<A, I>, count: number, seed: number): ReadonlyArray<I> => {
  const encode = Schema.encodeSync(schema)
  return FastCheck.sample(Arbitrary.make(schema), { numRuns: count, seed }).map((value) => encode(value))
}

/**
 * The members, in order, of every object (Struct) `schema` reaches at any depth, its wire side
 * included: what a shared test holds a decoder's object shapes against.
 */
export const objectsReached = (schema: { readonly ast: SchemaAST.AST }): ReadonlyArray<ReadonlyArray<string>> => {
  const seen = new Set<SchemaAST.AST>()
  const objects: Array<ReadonlyArray<string>> = []
  const visit = (ast: SchemaAST.AST): void => {
    if (seen.has(ast)) return
    seen.add(ast)
    switch (ast._tag) {
      case "TypeLiteral":
        objects.push(ast.propertySignatures.map((member) => String(member.name)))
        return ast.propertySignatures.forEach((member) => visit(member.type))
      case "Transformation":
        visit(ast.from)
        return visit(ast.to)
      case "TupleType":
        ast.elements.forEach((element) => visit(element.type))
        return ast.rest.forEach((rest) => visit(rest.type))
      case "Union":
        return ast.types.forEach(visit)
      case "Refinement":
        return visit(ast.from)
      case "Suspend":
        return visit(ast.f())
    }
  }
  visit(schema.ast)
  return objects
}

/** Runs `effect` with `entries` as the whole environment Effect's `ConfigProvider` reads. */
export const withEnvironment =
  (entries: Readonly<Record<string, string>>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.withConfigProvider(effect, ConfigProvider.fromMap(new Map(Object.entries(entries))))

/** `effect` writing only the log entries at `level` or above. */
export const withMinimumLogLevel =
  (level: "Debug" | "Warning" | "None") => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Logger.withMinimumLogLevel(
      effect,
      level === "Debug" ? LogLevel.Debug : level === "Warning" ? LogLevel.Warning : LogLevel.None
    )

/** `effect` with each log entry's message appended to `lines` as text (its parts joined by spaces) instead of written. */
export const captureLogs =
  (lines: Array<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provide(
      effect,
      Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ message }) => {
          lines.push(Array.isArray(message) ? message.join(" ") : String(message))
        })
      )
    )

/** `effect` on a fiber of its own, a child of the one that starts it. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.fork(effect)

/** `effect` with its `Random` seeded by `seed`, so its draws are the same every run (of this line). */
export const withRandomSeed = (seed: string | number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.withRandom(effect, Random.make(seed))
export * from "./effect3Client.js"

/** Whether the fiber has finished, without waiting for it. */
export const isDone = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<boolean> =>
  Effect.map(fiber.poll, (exit) => exit._tag === "Some")

/** Lets other fibers run before going on. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow()

/** Runs `effect` with its resources owned by `scope`. */
export const extendScope = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  scope: Scope.Scope
): Effect.Effect<A, E, Exclude<R, Scope.Scope>> => Scope.extend(effect, scope)

/** What Deno does without `--allow-env`: reading the environment throws, which Effect's provider reports as a defect. */
export const withUnreadableEnvironment = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
  const refuse = () =>
    Effect.die(new Error("NotCapable: Requires env access to all, run again with the --allow-env flag"))
  return Effect.withConfigProvider(
    effect,
    ConfigProvider.fromFlat(
      ConfigProvider.makeFlat({ load: refuse, enumerateChildren: refuse, patch: PathPatch.empty })
    )
  )
}

/** This line's `HttpClient` service type (`@effect/platform`'s; Effect 4: `effect/http`'s). */
export type { HttpClient } from "@effect/platform/HttpClient"
/** What a `Config` fails with on this line. */
export type { ConfigError } from "effect/ConfigError"
/** The service a tag (its class, `typeof Tag`) stands for. */
export type ServiceOf<Tag> = Tag extends Context.Tag<infer _Id, infer Service> ? Service : never
/** This line's success-or-failure value (`Either`; Effect 4: `Result`). */
export type Outcome<A, E> = Either.Either<A, E>
/** Whether `value` is a service tag of this line. */
export const isServiceTag = (value: unknown): boolean => Context.isTag(value)
