/**
 * Caches credentials until shortly before they expire. Concurrent callers that find the cache
 * stale share one refresh (a `Deferred` everyone awaits), and the refresh runs in the cache's own
 * scope, so an interrupted caller cannot strand the others.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { CredentialsError } from "../../AssociationExecutionsError.js"
import type { AwsCredentials } from "../../Credentials.js"

/** How long before expiry to refresh. */
export interface CacheOptions {
  /** Refresh credentials this long before they expire. @default 300000 (5 minutes, as the AWS SDKs) */
  readonly refreshBeforeMillis?: number | undefined
}

interface CacheState {
  readonly current: Option.Option<AwsCredentials>
  readonly refreshing: Option.Option<Deferred.Deferred<AwsCredentials, CredentialsError>>
}

const isFresh = (credentials: AwsCredentials, now: number, refreshBeforeMillis: number): boolean =>
  credentials.expiration === undefined || now < credentials.expiration.getTime() - refreshBeforeMillis

const isUnexpired = (credentials: AwsCredentials, now: number): boolean =>
  credentials.expiration === undefined || now < credentials.expiration.getTime()

/**
 * Credentials as an attempt asks for them: `current` answers at once with credentials that need no
 * refresh (the usual case, so nothing races it), `get` may wait for a provider. The attempt bounds
 * that wait by its own deadline.
 */
export interface CredentialsSource {
  readonly current: Effect.Effect<Option.Option<AwsCredentials>>
  readonly get: Effect.Effect<AwsCredentials, CredentialsError>
}

/** A source that never waits: static credentials. */
export const always = (credentials: AwsCredentials): CredentialsSource => ({
  current: Effect.succeedSome(credentials),
  get: Effect.succeed(credentials)
})

/** A source that asks `get` every time, e.g. an effect the user gave. */
export const uncached = (get: Effect.Effect<AwsCredentials, CredentialsError>): CredentialsSource => ({
  current: Effect.succeedNone,
  get
})

/**
 * Wraps a credentials effect in a cache. Long-term credentials (no expiration) are fetched once;
 * expiring ones are fetched again `refreshBeforeMillis` before they expire. Failures are not
 * cached; when a refresh fails while the previous credentials are still valid, those are used.
 */
export const cached = <R>(
  resolve: Effect.Effect<AwsCredentials, CredentialsError, R>,
  options: CacheOptions = {}
): Effect.Effect<CredentialsSource, never, R | Scope.Scope> =>
  Effect.gen(function*() {
    const refreshBeforeMillis = options.refreshBeforeMillis ?? 5 * 60 * 1000
    const context = yield* Effect.context<R>()
    const scope = yield* Effect.scope
    const state = yield* Ref.make<CacheState>({ current: Option.none(), refreshing: Option.none() })

    const startRefresh = (deferred: Deferred.Deferred<AwsCredentials, CredentialsError>) =>
      resolve.pipe(
        Effect.provide(context),
        // Forked from an uninterruptible region, the refresh would inherit it, and closing the
        // layer would wait for a provider that never answers.
        Effect.interruptible,
        Effect.onExit((exit) =>
          Ref.update(state, (current) => ({
            current: exit._tag === "Success" ? Option.some(exit.value) : current.current,
            refreshing: Option.none()
          })).pipe(Effect.andThen(Deferred.done(deferred, exit)))
        ),
        Effect.forkIn(scope)
      )

    // Static stability: a failed refresh does not take away credentials that still work.
    const fallBackTo = (previous: Option.Option<AwsCredentials>, error: CredentialsError) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Option.isSome(previous) && isUnexpired(previous.value, now)
          ? Effect.succeed(previous.value)
          : Effect.fail(error))

    const fresh = Effect.map(
      Effect.zip(Ref.get(state), Clock.currentTimeMillis),
      ([{ current }, now]) => Option.filter(current, (credentials) => isFresh(credentials, now, refreshBeforeMillis))
    )

    // Recording a refresh and forking it happen without interruption: a caller interrupted
    // between the two would leave a Deferred nobody completes, and every later caller waiting.
    const refresh = Effect.uninterruptibleMask((restore) =>
      Effect.gen(function*() {
        // Made before looking again: another caller may have started a refresh meanwhile, and then
        // this one is dropped unused.
        const candidate = yield* Deferred.make<AwsCredentials, CredentialsError>()
        const now = yield* Clock.currentTimeMillis
        const next = yield* Ref.modify(
          state,
          (current): [Effect.Effect<AwsCredentials, CredentialsError>, CacheState] => {
            if (Option.isSome(current.current) && isFresh(current.current.value, now, refreshBeforeMillis)) {
              return [Effect.succeed(current.current.value), current]
            }
            const orPrevious = (wait: Effect.Effect<AwsCredentials, CredentialsError>) =>
              Effect.catchTag(wait, "CredentialsError", (error) => fallBackTo(current.current, error))
            if (Option.isSome(current.refreshing)) {
              return [orPrevious(restore(Deferred.await(current.refreshing.value))), current]
            }
            return [
              orPrevious(Effect.andThen(startRefresh(candidate), restore(Deferred.await(candidate)))),
              { ...current, refreshing: Option.some(candidate) }
            ]
          }
        )
        return yield* next
      })
    )
    // The usual call finds fresh credentials: it reads the state and makes no Deferred.
    const get = Effect.flatMap(fresh, Option.match({ onNone: () => refresh, onSome: Effect.succeed }))
    return { current: fresh, get }
  })
