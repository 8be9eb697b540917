// The one backoff formula of the engine: capped exponential growth with uniform jitter, randomness injected
// so tests are deterministic (issue 7 item 7). REST read retries use it through gateway/rest/backoff.ts.

/** A source of uniform numbers in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number

export interface BackoffShape {
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number
  /** Cap on the un-jittered delay. */
  readonly maxMs: number
  /** Fraction of the delay added or removed at random (0.2 = ±20 %). */
  readonly jitter: number
}

/**
 * Delay before retry number `retry` (1-based): `min(base·2^(retry−1), max) ± jitter`.
 * The jitter applies after the cap, so the result lies in [capped·(1−j), capped·(1+j)].
 */
export function exponentialBackoffMs(
  retry: number,
  shape: BackoffShape,
  random: RandomSource = Math.random,
): number {
  const n = Math.max(1, Math.floor(retry))
  // 2^(n-1) overflows to Infinity for huge n; min() still yields maxMs.
  const capped = Math.min(shape.baseMs * 2 ** (n - 1), shape.maxMs)
  const r = Math.min(Math.max(random(), 0), 1)
  const delta = capped * shape.jitter * (2 * r - 1)
  return Math.max(0, Math.round(capped + delta))
}
