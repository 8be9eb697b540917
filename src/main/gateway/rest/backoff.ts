// Exponential backoff with uniform jitter for read retries (RETRY-1), plus Retry-After parsing.

/** Retry settings for reads; writes are never retried (RETRY-5). */
export interface RetryConfig {
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number
  /** Cap on the un-jittered delay. */
  readonly maxMs: number
  /** Fraction of the delay added or removed at random (0.2 = ±20 %). */
  readonly jitter: number
  /** Retries after the first attempt (reads). */
  readonly maxRetries: number
}

export const DEFAULT_RETRY: RetryConfig = { baseMs: 1000, maxMs: 30_000, jitter: 0.2, maxRetries: 3 }

/** A source of uniform numbers in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number

/**
 * Delay before retry number `retry` (1-based): `min(base·2^(retry−1), max) ± jitter` (RETRY-1).
 * The jitter applies after the cap, so the result lies in [capped·(1−j), capped·(1+j)].
 */
export function backoffDelayMs(
  retry: number,
  config: RetryConfig = DEFAULT_RETRY,
  random: RandomSource = Math.random,
): number {
  const n = Math.max(1, Math.floor(retry))
  // 2^(n-1) overflows to Infinity for huge n; min() still yields maxMs.
  const capped = Math.min(config.baseMs * 2 ** (n - 1), config.maxMs)
  const r = Math.min(Math.max(random(), 0), 1)
  const delta = capped * config.jitter * (2 * r - 1)
  return Math.max(0, Math.round(capped + delta))
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date. Null when absent or
 * unreadable (the ProjectX docs do not promise the header, projectx-api.md §7).
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null
  const trimmed = value.trim()
  if (trimmed === '') return null
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}
