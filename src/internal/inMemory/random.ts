/**
 * A small deterministic PRNG (mulberry32 seeded through a string hash), so a seed always yields
 * the same dataset and the same sequence of random faults on every runtime.
 */

/** A stream of pseudo-random numbers; each call advances it. */
export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number
  /** Uniform integer in [min, max]. */
  readonly integer: (min: number, max: number) => number
  /** One element of a non-empty list. */
  readonly pick: <A>(items: readonly [A, ...Array<A>]) => A
  /** True with the given probability. */
  readonly chance: (probability: number) => boolean
  /** A lowercase version-4-shaped UUID. */
  readonly uuid: () => string
  /** `count` lowercase hex digits. */
  readonly hex: (count: number) => string
}

// FNV-1a over the seed's text: numbers and strings both make stable 32-bit states.
const hashSeed = (seed: number | string): number => {
  const text = String(seed)
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** A PRNG whose whole sequence is fixed by `seed`. */
export const makeRandom = (seed: number | string): Random => {
  let state = hashSeed(seed)
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const hex = (count: number) => {
    let text = ""
    for (let index = 0; index < count; index++) text += integer(0, 15).toString(16)
    return text
  }
  return {
    next,
    integer,
    pick: (items) => items[Math.floor(next() * items.length)] ?? items[0],
    chance: (probability) => next() < probability,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[integer(0, 3)]}${hex(3)}-${hex(12)}`,
    hex
  }
}
