// Rate limiter tests with a ManualClock: RATE-1..7.
import { describe, expect, it } from 'vitest'
import { flushMicrotasks, ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import type { RateBucketName } from './endpoint-table'
import type { RateLimitError } from './rate-limiter'
import { RateLimiter, type RateLimiterOptions } from './rate-limiter'

function make(extra: Partial<RateLimiterOptions> = {}, clock = new ManualClock()) {
  const logger = new MemoryLogger()
  const limiter = new RateLimiter({ clock, logger, ...extra })
  return { limiter, clock, logger }
}

/** Starts n acquisitions and records when each was granted (or its error code). */
function start(
  limiter: RateLimiter,
  clock: ManualClock,
  bucket: RateBucketName,
  priority: number,
  n: number,
  log: { p: number; at: number }[] = [],
) {
  const errors: string[] = []
  for (let i = 0; i < n; i++) {
    limiter.acquire(bucket, priority).then(
      () => log.push({ p: priority, at: clock.now() }),
      (e: RateLimitError) => errors.push(e.code),
    )
  }
  return { log, errors }
}

/** Largest number of grants inside any window of `windowMs`. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

describe('RateLimiter', () => {
  it('RATE-1 bars and general are separate windows; 60 bar calls never exceed 30 per 30 s', async () => {
    const { limiter, clock } = make()
    const { log } = start(limiter, clock, 'bars', 3, 60)
    start(limiter, clock, 'general', 5, 10)
    await flushMicrotasks()
    expect(log.length).toBe(27)
    expect(limiter.inWindow('general')).toBe(10)
    await clock.advanceAsync(120_000)
    expect(log.length).toBe(60)
    expect(
      maxInWindow(
        log.map((l) => l.at),
        30_000,
      ),
    ).toBeLessThanOrEqual(30)
  })

  it('RATE-2 background traffic stops at 90 % and enforcement uses the remainder, never past the hard cap', async () => {
    const { limiter, clock } = make({ maxWaitMs: () => null })
    const normal = start(limiter, clock, 'general', 5, 190)
    await flushMicrotasks()
    expect(normal.log.length).toBe(180)
    const enforcement = start(limiter, clock, 'general', 10, 25)
    await flushMicrotasks()
    expect(enforcement.log.length).toBe(20)
    expect(limiter.inWindow('general')).toBe(200)
    await clock.advanceAsync(60_000)
    // Enforcement drains first once slots free up, then the normal backlog.
    expect(enforcement.log.length).toBe(25)
    expect(normal.log.length).toBe(190)
    const all = [...normal.log, ...enforcement.log].map((l) => l.at)
    expect(maxInWindow(all, 60_000)).toBeLessThanOrEqual(200)
  })

  it('RATE-3 queue drains max-priority first, FIFO on ties', async () => {
    const { limiter, clock } = make({ buckets: { general: { limit: 10, windowMs: 1000 } } })
    start(limiter, clock, 'general', 5, 9)
    await flushMicrotasks()
    const order: string[] = []
    for (const [p, tag] of [
      [3, 'p3'],
      [8, 'p8a'],
      [7, 'p7'],
      [8, 'p8b'],
    ] as const) {
      limiter.acquire('general', p).then(
        () => order.push(tag),
        () => order.push(`x${tag}`),
      )
    }
    await clock.advanceAsync(5000)
    expect(order).toEqual(['p8a', 'p8b', 'p7', 'p3'])
  })

  it('RATE-3 a wait longer than the priority max wait fails with RATE_LIMIT_003; enforcement never times out', async () => {
    const { limiter, clock, logger } = make({
      buckets: { general: { limit: 10, windowMs: 60_000 } },
      maxWaitMs: (p) => (p === 2 ? 5000 : null),
    })
    start(limiter, clock, 'general', 10, 10)
    const low = start(limiter, clock, 'general', 2, 1)
    const high = start(limiter, clock, 'general', 10, 1)
    await clock.advanceAsync(6000)
    expect(low.errors).toEqual(['RATE_LIMIT_003'])
    expect(high.errors).toEqual([])
    expect(logger.lines.some((l) => l.context?.code === 'RATE_LIMIT_003')).toBe(true)
    await clock.advanceAsync(60_000)
    expect(high.log.length).toBe(1)
  })

  it('RATE-4 a full queue rejects priority < 9 with RATE_LIMIT_002 but still takes enforcement', async () => {
    const { limiter, clock } = make({ buckets: { general: { limit: 1, windowMs: 60_000 } }, maxQueueSize: 5 })
    start(limiter, clock, 'general', 10, 1)
    const queued = start(limiter, clock, 'general', 5, 5)
    const rejected = start(limiter, clock, 'general', 7, 1)
    const enforcement = start(limiter, clock, 'general', 10, 3)
    await flushMicrotasks()
    expect(queued.errors).toEqual([])
    expect(rejected.errors).toEqual(['RATE_LIMIT_002'])
    expect(enforcement.errors).toEqual([])
    expect(limiter.queuedCount()).toBe(8)
  })

  it('RATE-5 100 calls, restart: the 100 still count; saves are throttled to every 5 s and flushed on quit', async () => {
    const meta = new MemoryMetaRepository()
    const clock = new ManualClock()
    const writes: number[] = []
    const spy = {
      get: meta.get.bind(meta),
      set: <T>(k: string, v: T) => (writes.push(clock.now()), meta.set(k, v)),
    }
    const first = make({ meta: spy }, clock).limiter
    start(first, clock, 'general', 5, 50)
    await clock.advanceAsync(1000)
    start(first, clock, 'general', 5, 50)
    await clock.advanceAsync(1000)
    // The first grant saved at once; the rest were batched into one save 5 s later at most.
    expect(writes.length).toBeLessThanOrEqual(2)
    first.flush()
    first.dispose()
    const second = make({ meta: spy }, clock).limiter
    expect(second.inWindow('general')).toBe(100)
    const more = start(second, clock, 'general', 5, 100)
    await flushMicrotasks()
    expect(more.log.length).toBe(80)
    second.dispose()
  })

  it('RATE-5 clock skew: future timestamps from the saved state still count for a full window', () => {
    const meta = new MemoryMetaRepository()
    const clock = new ManualClock()
    meta.set('rest.rateLimiter', {
      v: 1,
      savedAt: clock.now() + 3_600_000,
      buckets: { general: { sent: [clock.now() + 3_600_000], frozenUntil: 0 } },
    })
    const { limiter } = make({ meta }, clock)
    expect(limiter.inWindow('general')).toBe(1)
    clock.advance(60_000)
    expect(limiter.inWindow('general')).toBe(0)
  })

  it('RATE-6 a real 429 freezes the bucket until its window ends, with a WARN', async () => {
    const { limiter, clock, logger } = make({ buckets: { general: { limit: 100, windowMs: 10_000 } } })
    start(limiter, clock, 'general', 5, 3)
    await clock.advanceAsync(2000)
    limiter.freeze('general')
    const after = start(limiter, clock, 'general', 10, 1)
    await clock.advanceAsync(7999)
    expect(after.log).toEqual([])
    await clock.advanceAsync(1)
    expect(after.log.length).toBe(1)
    expect(after.log[0]?.at).toBe(clock.now())
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('429'))).toBe(true)
  })

  it('RATE-6 Retry-After overrides the window-based freeze', async () => {
    const { limiter, clock } = make()
    limiter.freeze('bars', 1500)
    const waiting = start(limiter, clock, 'bars', 5, 1)
    await clock.advanceAsync(1499)
    expect(waiting.log).toEqual([])
    await clock.advanceAsync(1)
    expect(waiting.log.length).toBe(1)
  })

  it('RATE-7 health shows remaining, reset time and percent used per bucket', async () => {
    const { limiter, clock } = make()
    start(limiter, clock, 'general', 5, 50)
    await flushMicrotasks()
    clock.advance(10_000)
    const [general, bars] = limiter.health()
    expect(general).toEqual({
      name: 'general',
      limit: 200,
      remaining: 150,
      resetInMs: 50_000,
      percentUsed: 25,
    })
    expect(bars).toEqual({ name: 'bars', limit: 30, remaining: 30, resetInMs: 0, percentUsed: 0 })
    limiter.freeze('bars', 4000)
    expect(limiter.health()[1]).toMatchObject({ remaining: 0, resetInMs: 4000, percentUsed: 100 })
  })

  it('aborting a queued call removes it and releases nothing else', async () => {
    const { limiter, clock } = make({ buckets: { general: { limit: 1, windowMs: 1000 } } })
    start(limiter, clock, 'general', 10, 1)
    const controller = new AbortController()
    const aborted = limiter.acquire('general', 5, controller.signal).catch((e: RateLimitError) => e.code)
    controller.abort()
    expect(await aborted).toBe('ABORTED')
    expect(limiter.queuedCount()).toBe(0)
  })

  it('a released ticket gives its slot back', async () => {
    const { limiter } = make({ buckets: { general: { limit: 10, windowMs: 1000 } } })
    const ticket = await limiter.acquire('general', 5)
    expect(limiter.inWindow('general')).toBe(1)
    ticket.release()
    ticket.release()
    expect(limiter.inWindow('general')).toBe(0)
  })

  it('RATE-1 complete() re-stamps a slot to the reply time so the window outlasts the server side', async () => {
    const { limiter, clock } = make({ buckets: { general: { limit: 1, windowMs: 1000 } } })
    const ticket = await limiter.acquire('general', 10)
    clock.advance(300)
    ticket.complete()
    const next = start(limiter, clock, 'general', 10, 1)
    await clock.advanceAsync(999)
    expect(next.log).toEqual([])
    await clock.advanceAsync(1)
    expect(next.log.length).toBe(1)
  })

  it('dispose rejects queued callers and leaves no timers', async () => {
    const { limiter, clock } = make({ buckets: { general: { limit: 1, windowMs: 1000 } } })
    start(limiter, clock, 'general', 10, 1)
    const waiting = start(limiter, clock, 'general', 5, 2)
    limiter.dispose()
    await flushMicrotasks()
    expect(waiting.errors).toEqual(['DISPOSED', 'DISPOSED'])
    expect(clock.pendingCount).toBe(0)
  })
})
