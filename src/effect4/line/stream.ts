/**
 * The stream pieces the shared engines (pagination, failures, watch) need that the two Effect lines
 * spell differently, in the Effect 4 spelling: the same names as `src/line/stream.ts`.
 */
import * as Arr from "effect/Array"
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"

/** One element per step, from `initial` until a step gives no next state (that step's element is the last). */
export const paginate = <S, A, E, R>(
  initial: S,
  step: (state: S) => Effect.Effect<readonly [A, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginate(initial, (state) => Effect.map(step(state), ([element, next]) => [[element], next] as const))

/** Any number of elements per step (none too), from `initial` until a step gives no next state. */
export const paginateArray = <S, A, E, R>(
  initial: S,
  step: (state: S) => Effect.Effect<readonly [ReadonlyArray<A>, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> => Stream.paginate(initial, step)

/** Each element replaced by the elements `f` gives for it, in order. */
export const mapConcat = <A, B, E, R>(self: Stream.Stream<A, E, R>, f: (a: A) => Iterable<B>): Stream.Stream<B, E, R> =>
  Stream.flattenIterable(Stream.map(self, f))

/** Every element of a finite stream. */
export const collect = <A, E, R>(self: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Stream.runCollect(self)

/**
 * Up to `capacity` elements pulled ahead of the consumer (one more may be in flight while they wait),
 * handed over one at a time. Not `Stream.buffer`: its consumer takes everything queued at once, so
 * the producer would run that much further ahead of what the consumer has used.
 */
export const buffer = <A, E, R>(self: Stream.Stream<A, E, R>, capacity: number): Stream.Stream<A, E, R> =>
  Stream.unwrap(Effect.gen(function*() {
    const queue = yield* Queue.make<A, E | Cause.Done>({ capacity })
    yield* Effect.forkScoped(Stream.runIntoQueue(self, queue))
    return Stream.fromPull(Effect.succeed(Effect.map(Queue.take(queue), Arr.of)))
  }))
