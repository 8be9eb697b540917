// Seeded pseudo-random numbers (mulberry32): every random choice in the simulator comes from here.

/** A small deterministic random source; the same seed always yields the same sequence. */
export class Prng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** A derived, independent stream (so adding a consumer does not shift another's numbers). */
  fork(salt: number): Prng {
    return new Prng(hash32(`${this.state}:${salt}`))
  }
}

/** FNV-1a over a string: stable salts for derived streams and per-contract bar series. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
