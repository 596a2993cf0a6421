/**
 * The test kit of the Effect 4 line: the same names as `effect3.ts`, spelled the Effect 4 way.
 */
import * as Arbitrary from "effect/Arbitrary"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as Random from "effect/Random"
import * as References from "effect/References"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import * as Scope from "effect/Scope"
import type { Settled } from "ssm-association-executions/internal/settled"

export * as TestClock from "effect/testing/TestClock"
/** Which Effect line this run is (typed as either, so code that reads it type-checks the same on both). */
/** What an effect ended with, as the shared engines hold it (`internal/settled.ts`). */
export { settle, type Settled } from "ssm-association-executions/internal/settled"
export const line: 3 | 4 = 4
/** A cause's first typed failure, if it has one (Effect 3: `Cause.failureOption`). */
export { findErrorOption as causeFailure } from "effect/Cause"

/** A record with string keys and `value`'s values (fixtures read by shared tests). */
export const recordOf = <Value extends Schema.Top>(value: Value) => Schema.Record(Schema.String, value)

/** This line's `Result` as {@link Settled}. */
export const settled = <A, E>(result: Result.Result<A, E>): Settled<A, E> =>
  Result.isSuccess(result) ? { ok: true, value: result.success } : { ok: false, error: result.failure }

/** Runs `effect` with a `Random` whose `next` answers `values` in turn, over and over. */
export const withRandomValues = (values: readonly [number, ...Array<number>]) =>
<A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  let index = 0
  const nextDouble = () => {
    const value = values[index % values.length] ?? 0
    index++
    return Math.max(0, Math.min(1, value))
  }
  return Effect.provideService(effect, Random.Random, {
    nextDoubleUnsafe: nextDouble,
    nextIntUnsafe: () => Math.floor(nextDouble() * Number.MAX_SAFE_INTEGER)
  })
}

/** A schedule that goes on while both do, waiting the longer of their delays. */
export const bothSchedules = <A, B>(
  left: Schedule.Schedule<A, unknown>,
  right: Schedule.Schedule<B, unknown>
): Schedule.Schedule<unknown, unknown> => Schedule.max([left, right])

/**
 * `count` values of `schema`'s type drawn from its Arbitrary with `seed`, encoded as the wire has
 * them (shared tests change them further with their own seeded choices).
 */
export const encodedSamples = <S extends Schema.ConstraintCodec<unknown, unknown>>(
  schema: S,
  count: number,
  seed: number
): ReadonlyArray<S["Encoded"]> => {
  const encode = Schema.encodeSync(schema)
  return Effect.runSync(Effect.orDie(Arbitrary.sampleEffect(Arbitrary.schema(schema), { count, seed }))).map((value) =>
    encode(value)
  )
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
    ast.encoding?.forEach((link) => visit(link.to))
    switch (ast._tag) {
      case "Objects":
        objects.push(ast.propertySignatures.map((member) => String(member.name)))
        return ast.propertySignatures.forEach((member) => visit(member.type))
      case "Arrays":
        ast.elements.forEach(visit)
        return ast.rest.forEach(visit)
      case "Union":
        return ast.types.forEach(visit)
      case "Suspend":
        return visit(ast.thunk())
    }
  }
  visit(schema.ast)
  return objects
}

/** Runs `effect` with `entries` as the whole environment Effect's `ConfigProvider` reads. */
export const withEnvironment =
  (entries: Readonly<Record<string, string>>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(effect, ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: { ...entries } }))

/** `effect` writing only the log entries at `level` or above. */
export const withMinimumLogLevel =
  (level: "Debug" | "Warning" | "None") => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(
      effect,
      References.MinimumLogLevel,
      level === "Debug" ? "Debug" : level === "Warning" ? "Warn" : "None"
    )

/** `effect` with each log entry's message appended to `lines` as text (its parts joined by spaces) instead of written. */
export const captureLogs =
  (lines: Array<string>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.provideService(
      effect,
      Logger.CurrentLoggers,
      new Set([
        Logger.make<unknown, void>(({ message }) => {
          lines.push(Array.isArray(message) ? message.join(" ") : String(message))
        })
      ])
    )

/** `effect` on a fiber of its own, a child of the one that starts it. */
export const fork = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.forkChild(effect)

/** `effect` with its `Random` seeded by `seed`, so its draws are the same every run (of this line). */
export const withRandomSeed = (seed: string | number) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Random.withSeed(effect, seed)
export * from "../../effect4/support/lineClient.js"

/** Whether the fiber has finished, without waiting for it. */
export const isDone = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<boolean> =>
  Effect.sync(() => fiber.pollUnsafe() !== undefined)

/** Lets other fibers run before going on. */
export const yieldNow: Effect.Effect<void> = Effect.yieldNow

/** Runs `effect` with its resources owned by `scope`. */
export const extendScope = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  scope: Scope.Scope
): Effect.Effect<A, E, Exclude<R, Scope.Scope>> => Scope.provide(effect, scope)

/** What Deno does without `--allow-env`: reading the environment throws, which Effect's provider reports as a defect. */
export const withUnreadableEnvironment = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provideService(
    effect,
    ConfigProvider.ConfigProvider,
    ConfigProvider.make(() =>
      Effect.die(new Error("NotCapable: Requires env access to all, run again with the --allow-env flag"))
    )
  )

/** This line's `HttpClient` service type (`effect/http`'s; Effect 3: `@effect/platform`'s). */
export type { HttpClient } from "effect/http/HttpClient"
/** What a `Config` fails with on this line. */
export type { ConfigError } from "effect/Config"
/** The service a tag (its class, `typeof Tag`) stands for. */
export type ServiceOf<Tag> = Context.Service.Shape<Tag>
/** This line's success-or-failure value (`Result`; Effect 3: `Either`). */
export type Outcome<A, E> = Result.Result<A, E>
/** Whether `value` is a service tag of this line. */
export const isServiceTag = (value: unknown): boolean => Context.isKey(value)
