// Backoff and Retry-After tests (RETRY-1, RATE-6).
import { describe, expect, it } from 'vitest'
import { backoffDelayMs, DEFAULT_RETRY, parseRetryAfterMs } from './backoff'

/** A small deterministic PRNG (mulberry32) so the sample test is reproducible. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('backoffDelayMs', () => {
  it('RETRY-1 without jitter doubles from base and caps at max', () => {
    const mid = () => 0.5
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, DEFAULT_RETRY, mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ])
  })

  it('RETRY-1 jitter extremes are exactly ±20 %', () => {
    expect(backoffDelayMs(1, DEFAULT_RETRY, () => 0)).toBe(800)
    expect(backoffDelayMs(1, DEFAULT_RETRY, () => 0.999999)).toBe(1200)
    expect(backoffDelayMs(10, DEFAULT_RETRY, () => 0)).toBe(24000)
  })

  it('RETRY-1 10 000 random samples stay inside [capped·0.8, capped·1.2] and spread across it', () => {
    const random = seeded(42)
    for (let retry = 1; retry <= 8; retry++) {
      const capped = Math.min(1000 * 2 ** (retry - 1), 30_000)
      let min = Infinity
      let max = -Infinity
      for (let i = 0; i < 10_000; i++) {
        const d = backoffDelayMs(retry, DEFAULT_RETRY, random)
        min = Math.min(min, d)
        max = Math.max(max, d)
      }
      expect(min).toBeGreaterThanOrEqual(Math.floor(capped * 0.8))
      expect(max).toBeLessThanOrEqual(Math.ceil(capped * 1.2))
      // Jitter is actually applied: the samples cover most of the band.
      expect(max - min).toBeGreaterThan(capped * 0.35)
    }
  })

  it('RETRY-1 survives absurd attempt numbers', () => {
    expect(backoffDelayMs(5000, DEFAULT_RETRY, () => 0.5)).toBe(30_000)
    expect(backoffDelayMs(0, DEFAULT_RETRY, () => 0.5)).toBe(1000)
  })
})

describe('parseRetryAfterMs', () => {
  it('RATE-6 reads delta-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0)
    expect(parseRetryAfterMs('3', now)).toBe(3000)
    expect(parseRetryAfterMs('0.5', now)).toBe(500)
    expect(parseRetryAfterMs(new Date(now + 7000).toUTCString(), now)).toBe(7000)
    expect(parseRetryAfterMs(null, now)).toBeNull()
    expect(parseRetryAfterMs('soon', now)).toBeNull()
  })
})
