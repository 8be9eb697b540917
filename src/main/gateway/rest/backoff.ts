// Exponential backoff with uniform jitter for read retries (RETRY-1), plus Retry-After parsing.

import { exponentialBackoffMs, type RandomSource } from '../../util/backoff'

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

export type { RandomSource }

/** Delay before retry number `retry` (1-based), RETRY-1: the engine's one backoff formula (util/backoff). */
export function backoffDelayMs(
  retry: number,
  config: RetryConfig = DEFAULT_RETRY,
  random: RandomSource = Math.random,
): number {
  return exponentialBackoffMs(retry, config, random)
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
