/**
 * A small deterministic PRNG (mulberry32 seeded through a string hash), so a seed always yields
 * the same dataset and the same sequence of random faults on every runtime; and a keyed hash, so a
 * generated item's random values come from its position alone and any item can be made on demand.
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

/** FNV-1a over the seed's text: numbers and strings both make stable 32-bit states. */
export const hashSeed = (seed: number | string): number => {
  const text = String(seed)
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/**
 * A 32-bit hash of a key and a value (below 2^32), mixed by murmur3's finalizer: the root of the
 * random values of the item at position `value` of whatever `key` names.
 */
export const hash32 = (key: number, value: number): number => {
  let mixed = (key ^ Math.imul(value >>> 0, 0x9e3779b1)) >>> 0
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b)
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35)
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x27d4eb2f)
  return (mixed ^ (mixed >>> 15)) >>> 0
}

const byteDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"))

/** A 32-bit number as eight lowercase hex digits (by table: `toString(16)` is slow above 2^31). */
export const hex32 = (value: number): string =>
  `${byteDigits[value >>> 24]}${byteDigits[(value >>> 16) & 0xff]}${byteDigits[(value >>> 8) & 0xff]}${
    byteDigits[value & 0xff]
  }`

/** Uniform in [0, 1), fixed by the key and the value. */
export const unitAt = (key: number, value: number): number => hash32(key, value) / 4294967296

// mulberry32. A class, so that making one per generated item allocates one small object.
class Mulberry32 implements Random {
  private state: number
  constructor(state: number) {
    this.state = state >>> 0
  }
  private nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed
    return (mixed ^ (mixed >>> 14)) >>> 0
  }
  next(): number {
    return this.nextUint32() / 4294967296
  }
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<A>(items: readonly [A, ...Array<A>]): A {
    return items[Math.floor(this.next() * items.length)] ?? items[0]
  }
  chance(probability: number): boolean {
    return this.next() < probability
  }
  // Eight digits from each draw.
  hex(count: number): string {
    let text = ""
    while (text.length < count) text += hex32(this.nextUint32())
    return text.length === count ? text : text.slice(0, count)
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${"89ab"[this.integer(0, 3)]}${this.hex(3)}-${this.hex(12)}`
  }
}

/** A PRNG whose whole sequence is fixed by a 32-bit state. */
export const makeRandomFrom = (state: number): Random => new Mulberry32(state)

/** A PRNG whose whole sequence is fixed by `seed`. */
export const makeRandom = (seed: number | string): Random => makeRandomFrom(hashSeed(seed))
