// Unit tests of the pure backoff policy (BACKOFF-1..6).
import { describe, expect, it } from 'vitest'
import { BackoffRetryPolicy, DEFAULT_RETRY_CONFIG, jitter } from './retry-policy'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'

const ctx = (previousRetryCount: number, elapsedMilliseconds = 0) => ({
  previousRetryCount,
  elapsedMilliseconds,
  retryReason: new Error('x'),
})

describe('BackoffRetryPolicy', () => {
  it('BACKOFF-1 RETRY-7 delays are 0/2000/10000/30000/60000 then 60000 without jitter', () => {
    const p = new BackoffRetryPolicy({ jitterFactor: 0 })
    const got = Array.from({ length: 9 }, (_, i) => p.nextRetryDelayInMilliseconds(ctx(i)))
    expect(got).toEqual([0, 2000, 10_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000])
  })

  it('BACKOFF-2 jitter stays inside ±20 % bounds over 10 000 samples, never negative, first stays 0', () => {
    let seed = 42
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const p = new BackoffRetryPolicy(undefined, rnd)
    let sawBelow = false
    let sawAbove = false
    for (let i = 0; i < 10_000; i++) {
      const n = i % 10
      const d = p.nextRetryDelayInMilliseconds(ctx(n))
      expect(d).not.toBeNull()
      const base = p.baseDelay(n + 1)
      if (base === 0) expect(d).toBe(0)
      expect(d!).toBeGreaterThanOrEqual(Math.floor(base * 0.8))
      expect(d!).toBeLessThanOrEqual(Math.min(Math.ceil(base * 1.2), 60_000))
      if (d! < base) sawBelow = true
      if (d! > base) sawAbove = true
    }
    expect(sawBelow && sawAbove).toBe(true)
    // the extremes of the random source hit the clamps exactly
    expect(new BackoffRetryPolicy(undefined, () => 0.999999).nextRetryDelayInMilliseconds(ctx(6))).toBe(60_000)
    expect(new BackoffRetryPolicy(undefined, () => 0).nextRetryDelayInMilliseconds(ctx(1))).toBe(1600)
  })

  it('BACKOFF-3 returns null after 10 attempts or 500 s of retrying, whichever comes first', () => {
    const p = new BackoffRetryPolicy()
    expect(p.nextRetryDelayInMilliseconds(ctx(9))).not.toBeNull()
    expect(p.nextRetryDelayInMilliseconds(ctx(10))).toBeNull()
    expect(p.nextRetryDelayInMilliseconds(ctx(3, 499_999))).not.toBeNull()
    expect(p.nextRetryDelayInMilliseconds(ctx(3, 500_000))).toBeNull()
  })

  it('BACKOFF-3 ten jittered attempts fit into the 500 s budget even at maximum jitter', () => {
    const p = new BackoffRetryPolicy(undefined, () => 0.999999)
    let elapsed = 0
    let attempts = 0
    for (let n = 0; ; n++) {
      const d = p.nextRetryDelayInMilliseconds(ctx(n, elapsed))
      if (d === null) break
      elapsed += d
      attempts++
    }
    expect(attempts).toBe(10)
  })

  it('BACKOFF-4 is a pure function of retryContext (same context → same answer, no internal counter)', () => {
    const p = new BackoffRetryPolicy({ jitterFactor: 0 })
    for (let i = 0; i < 50; i++) expect(p.nextRetryDelayInMilliseconds(ctx(2))).toBe(10_000)
    expect(p.nextRetryDelayInMilliseconds(ctx(0))).toBe(0)
  })

  it('BACKOFF-5 invalid config is logged and the defaults are used per field', () => {
    const log = new MemoryLogger()
    const p = new BackoffRetryPolicy(
      { delaysMs: [5000, 1000], maxAttempts: 0, maxReconnectionTimeMs: 500, jitterFactor: 2, maxRetryDelayMs: -1 },
      Math.random,
      log,
    )
    expect(p.config).toEqual(DEFAULT_RETRY_CONFIG)
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1)
    const neg = new BackoffRetryPolicy({ delaysMs: [-1, 5], maxAttempts: 3 }, Math.random, log)
    expect(neg.config.delaysMs).toEqual(DEFAULT_RETRY_CONFIG.delaysMs)
    expect(neg.config.maxAttempts).toBe(3)
  })

  it('BACKOFF-6 a new count (fresh connection) starts the ladder again at 0 ms', () => {
    const p = new BackoffRetryPolicy({ jitterFactor: 0 })
    expect(p.nextRetryDelayInMilliseconds(ctx(7))).toBe(60_000)
    expect(p.nextRetryDelayInMilliseconds(ctx(0))).toBe(0)
  })

  it('HUB-7 rebuild jitter stays within ±20 % of 60 s', () => {
    expect(jitter(60_000, 0.2, () => 0)).toBe(48_000)
    expect(jitter(60_000, 0.2, () => 0.5)).toBe(60_000)
    expect(jitter(60_000, 0.2, () => 0.999999)).toBeLessThanOrEqual(72_000)
  })
})
