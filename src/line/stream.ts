/**
 * The stream pieces the shared engines (pagination, failures, watch) need that the two Effect lines
 * spell differently, in the Effect 3 spelling. `src/effect4/line/stream.ts` exports the same names.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** One element per step, from `initial` until a step gives no next state (that step's element is the last). */
export const paginate = <S, A, E, R>(
  initial: S,
  step: (state: S) => Effect.Effect<readonly [A, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> => Stream.paginateEffect(initial, step)

/** Any number of elements per step (none too), from `initial` until a step gives no next state. */
export const paginateArray = <S, A, E, R>(
  initial: S,
  step: (state: S) => Effect.Effect<readonly [ReadonlyArray<A>, Option.Option<S>], E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(
    initial,
    (state) => Effect.map(step(state), ([elements, next]) => [Chunk.unsafeFromArray(elements), next] as const)
  )

/** Each element replaced by the elements `f` gives for it, in order. */
export const mapConcat = <A, B, E, R>(self: Stream.Stream<A, E, R>, f: (a: A) => Iterable<B>): Stream.Stream<B, E, R> =>
  Stream.mapConcat(self, f)

/** Every element of a finite stream. */
export const collect = <A, E, R>(self: Stream.Stream<A, E, R>): Effect.Effect<ReadonlyArray<A>, E, R> =>
  Effect.map(Stream.runCollect(self), (chunk) => Chunk.toReadonlyArray(chunk))

/**
 * Up to `capacity` elements pulled ahead of the consumer (one more may be in flight while they wait),
 * handed over one at a time.
 */
export const buffer = <A, E, R>(self: Stream.Stream<A, E, R>, capacity: number): Stream.Stream<A, E, R> =>
  Stream.buffer(self, { capacity })
