// Circuit breaker tests with a ManualClock: CB-1..6.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { BREAKER_CONFIGS, CircuitBreaker, type CircuitBreakerConfig } from './circuit-breaker'

function make(
  config: CircuitBreakerConfig = BREAKER_CONFIGS.general,
  meta?: MemoryMetaRepository,
  clock = new ManualClock(),
) {
  const logger = new MemoryLogger()
  const breaker = new CircuitBreaker('general', config, { clock, logger, ...(meta ? { meta } : {}) })
  return { breaker, clock, logger }
}

function fail(breaker: CircuitBreaker, n: number): void {
  for (let i = 0; i < n; i++) breaker.tryAcquire()?.failure()
}

describe('CircuitBreaker', () => {
  it('CB-1 general opens after 5 consecutive failures and the 6th call fails fast', () => {
    const { breaker, logger } = make()
    fail(breaker, 4)
    expect(breaker.state).toBe('CLOSED')
    fail(breaker, 1)
    expect(breaker.state).toBe('OPEN')
    expect(breaker.tryAcquire()).toBeNull()
    expect(logger.lines.some((l) => l.level === 'warn' && l.message === 'circuit breaker opened')).toBe(true)
  })

  it('CB-1 a success resets the consecutive count', () => {
    const { breaker } = make()
    fail(breaker, 4)
    breaker.tryAcquire()?.success()
    fail(breaker, 4)
    expect(breaker.state).toBe('CLOSED')
  })

  it('CB-1 history needs 10 failures; hub 3', () => {
    const history = make(BREAKER_CONFIGS.history).breaker
    fail(history, 9)
    expect(history.state).toBe('CLOSED')
    fail(history, 1)
    expect(history.state).toBe('OPEN')
    const hub = make(BREAKER_CONFIGS.hub).breaker
    fail(hub, 3)
    expect(hub.state).toBe('OPEN')
  })

  it('CB-2 neutral outcomes (401, 429, business) neither open nor reset', () => {
    const { breaker } = make()
    fail(breaker, 4)
    for (let i = 0; i < 20; i++) breaker.tryAcquire()?.neutral()
    expect(breaker.state).toBe('CLOSED')
    fail(breaker, 1)
    expect(breaker.state).toBe('OPEN')
  })

  it('CB-3 opens at >= 10 calls in 10 s with >= 50 % failures, even without 5 in a row', () => {
    const { breaker, clock } = make()
    for (let i = 0; i < 5; i++) {
      breaker.tryAcquire()?.success()
      breaker.tryAcquire()?.failure()
      clock.advance(500)
    }
    expect(breaker.state).toBe('OPEN')
  })

  it('CB-3 calls older than the rolling window do not count', () => {
    const { breaker, clock } = make()
    for (let i = 0; i < 5; i++) {
      breaker.tryAcquire()?.success()
      breaker.tryAcquire()?.failure()
      clock.advance(3000)
    }
    expect(breaker.state).toBe('CLOSED')
  })

  it('CB-4 OPEN → HALF_OPEN after 60 s, 3 probes at most, closes after 3 successes', () => {
    const { breaker, clock } = make()
    const states: string[] = []
    breaker.onStateChange((s) => states.push(s))
    fail(breaker, 5)
    clock.advance(59_999)
    expect(breaker.state).toBe('OPEN')
    clock.advance(1)
    expect(breaker.state).toBe('HALF_OPEN')
    const probes = [breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()]
    expect(probes.every((p) => p?.probe)).toBe(true)
    expect(breaker.tryAcquire()).toBeNull()
    probes[0]?.success()
    probes[1]?.success()
    expect(breaker.state).toBe('HALF_OPEN')
    probes[2]?.success()
    expect(breaker.state).toBe('CLOSED')
    expect(states).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED'])
  })

  it('CB-4 a failed probe re-opens with the timeout doubled, capped at 600 000 ms', () => {
    const { breaker, clock } = make()
    fail(breaker, 5)
    const seen: number[] = []
    for (let i = 0; i < 6; i++) {
      clock.advance(breaker.currentOpenMs)
      expect(breaker.state).toBe('HALF_OPEN')
      breaker.tryAcquire()?.failure()
      expect(breaker.state).toBe('OPEN')
      seen.push(breaker.currentOpenMs)
    }
    expect(seen).toEqual([120_000, 240_000, 480_000, 600_000, 600_000, 600_000])
    clock.advance(600_000)
    for (let i = 0; i < 3; i++) breaker.tryAcquire()?.success()
    expect(breaker.state).toBe('CLOSED')
    // After closing, the next trip starts from the base timeout again.
    fail(breaker, 5)
    expect(breaker.currentOpenMs).toBe(60_000)
  })

  it('CB-5 enforcement bypasses OPEN as a probe; its success moves towards CLOSED', () => {
    const { breaker } = make()
    fail(breaker, 5)
    expect(breaker.tryAcquire(false)).toBeNull()
    const flatten = breaker.tryAcquire(true)
    expect(flatten?.probe).toBe(true)
    flatten?.success()
    expect(breaker.state).toBe('HALF_OPEN')
    breaker.tryAcquire(true)?.success()
    breaker.tryAcquire(true)?.success()
    expect(breaker.state).toBe('CLOSED')
  })

  it('CB-5 enforcement ignores the HALF_OPEN probe limit; a failed bypass re-opens', () => {
    const { breaker, clock } = make()
    fail(breaker, 5)
    clock.advance(60_000)
    const held = [breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()]
    expect(breaker.tryAcquire()).toBeNull()
    const flatten = breaker.tryAcquire(true)
    expect(flatten).not.toBeNull()
    flatten?.failure()
    expect(breaker.state).toBe('OPEN')
    // Outcomes of permits from the earlier phase are ignored.
    for (const p of held) p?.success()
    expect(breaker.state).toBe('OPEN')
  })

  it('CB-6 state is persisted and reloaded; an expired OPEN reloads as HALF_OPEN', () => {
    const meta = new MemoryMetaRepository()
    const clock = new ManualClock()
    const first = make(BREAKER_CONFIGS.general, meta, clock).breaker
    fail(first, 5)
    first.dispose()
    const second = make(BREAKER_CONFIGS.general, meta, clock).breaker
    expect(second.health()).toEqual({ group: 'general', state: 'OPEN' })
    expect(second.tryAcquire()).toBeNull()
    clock.advance(60_000)
    expect(second.state).toBe('HALF_OPEN')
    second.dispose()
    const third = make(BREAKER_CONFIGS.general, meta, clock).breaker
    expect(third.state).toBe('HALF_OPEN')
  })

  it('CB-4 the HALF_OPEN timer fires listeners without anyone polling', () => {
    const { breaker, clock } = make()
    const states: string[] = []
    breaker.onStateChange((s) => states.push(s))
    fail(breaker, 5)
    clock.advance(60_000)
    expect(states).toEqual(['OPEN', 'HALF_OPEN'])
    expect(clock.pendingCount).toBe(0)
  })

  it('H12-1 breaker: a caller refused a probe slot waits for the verdict and then gets through once CLOSED', async () => {
    const { breaker, clock } = make()
    fail(breaker, 5)
    clock.advance(60_000)
    const probes = [breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()]
    expect(breaker.hasProbeSlot()).toBe(false)
    let woke = false
    const parked = breaker.waitForVerdict(5000).then(() => void (woke = true))
    for (const p of probes) p?.success()
    await parked
    expect(woke).toBe(true)
    expect(breaker.state).toBe('CLOSED')
    expect(breaker.tryAcquire()).not.toBeNull()
  })

  it('H12-1 CB-6 breaker: a persisted HALF_OPEN (or expired OPEN) reloads as a fresh HALF_OPEN that the next probes decide', () => {
    const meta = new MemoryMetaRepository()
    const clock = new ManualClock()
    meta.set('rest.breaker.general', { v: 1, state: 'HALF_OPEN', openedAt: clock.now() - 1000, openMs: 60_000 })
    const b = make(BREAKER_CONFIGS.general, meta, clock).breaker
    expect(b.state).toBe('HALF_OPEN')
    for (let i = 0; i < 3; i++) b.tryAcquire()?.success()
    expect(b.state).toBe('CLOSED')
    expect(meta.get<{ state: string }>('rest.breaker.general')?.state).toBe('CLOSED')
  })
})
