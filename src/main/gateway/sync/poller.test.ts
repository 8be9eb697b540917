// Unit tests of polling mode with a fake GatewayRest and ManualClock (POLL-1..4, F19).
import { describe, expect, it } from 'vitest'
import { PRIORITY } from '../../ports/gateway'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryEventJournal, MemoryPortfolioRepository } from '../../../../test/fakes/memory-repositories'
import { Poller, type PollerOptions } from './poller'
import { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { FakeRest } from '../../../../test/support/sync/fake-rest'
import { account, iso, order, position, T0 } from '../../../../test/support/sync/fixtures'

function setup(accountCount = 1, extra: Partial<PollerOptions> = {}) {
  const clock = new ManualClock(T0)
  const logger = new MemoryLogger()
  const mirror = new PortfolioMirror({ repo: new MemoryPortfolioRepository(), journal: new MemoryEventJournal(), clock, logger })
  const rest = new FakeRest(clock)
  rest.accounts = Array.from({ length: accountCount }, (_, i) => account({ id: 101 + i }))
  const alerts: string[] = []
  let reconciled = false
  const poller = new Poller({
    rest,
    mirror,
    clock,
    logger,
    accountIds: () => rest.accounts.map((a) => a.id),
    isReconciled: () => reconciled,
    onAlert: (m) => alerts.push(m),
    ...extra,
  })
  const run = async (ms: number, step = 1_000) => {
    for (let t = 0; t < ms; t += step) await clock.advanceAsync(step)
    await flushMicrotasks()
  }
  return { clock, mirror, rest, poller, alerts, run, setReconciled: (v: boolean) => (reconciled = v) }
}

/** Largest number of general-bucket calls in any 60 s window. */
function maxPerMinute(calls: readonly { method: string; at: number }[]): number {
  const general = calls.filter((c) => c.method !== 'retrieveBars').map((c) => c.at)
  return Math.max(0, ...general.map((start) => general.filter((t) => t >= start && t < start + 60_000).length))
}

describe('Poller', () => {
  it('POLL-1 polls positions and orders every 5 s and accounts every 15 s, through the mirror as source poll', async () => {
    const t = setup()
    t.rest.positions = [position()]
    t.rest.orders = [order()]
    t.poller.start()
    await t.run(30_000)
    expect(t.rest.count('searchOpenPositions')).toBe(7) // at 0, 5, …, 30 s
    expect(t.rest.count('searchOpenOrders')).toBe(7)
    expect(t.rest.count('searchAccounts')).toBe(3) // 0, 15, 30 s
    expect(t.rest.calls.every((c) => c.opts?.priority === PRIORITY.poll)).toBe(true)
    expect(t.mirror.openPositions()).toHaveLength(1)
    expect(t.mirror.workingOrders()).toHaveLength(1)
    expect(t.mirror.account(101)).not.toBeNull()
  })

  it('signals each completed cycle with the accounts it read (the poll completion signal)', async () => {
    const polled: { ok: boolean; accountIds: readonly number[] }[] = []
    const t = setup(2, { onPolled: (outcome) => polled.push(outcome) })
    t.poller.start()
    await t.run(6_000)
    expect(polled.length).toBeGreaterThanOrEqual(2)
    expect(polled[0]).toEqual({ ok: true, accountIds: [101, 102] })
  })

  it('POLL-1 has no time cap while the hub is down', async () => {
    const t = setup()
    t.poller.start()
    await t.run(30 * 60_000, 5_000)
    expect(t.poller.status().active).toBe(true)
    expect(t.rest.count('searchOpenPositions')).toBeGreaterThan(300)
  })

  it('POLL-1 the interval widens automatically to stay within 150 requests / 60 s (10 accounts)', async () => {
    const t = setup(10)
    t.poller.start()
    expect(t.poller.status().intervalMs).toBeGreaterThan(5_000)
    await t.run(5 * 60_000, 500)
    expect(maxPerMinute(t.rest.calls)).toBeLessThanOrEqual(150)
    expect(t.rest.count('searchOpenPositions', 101)).toBeGreaterThan(20)
  })

  it('POLL-2 polling stops within one interval after the hub is back and reconciled', async () => {
    const t = setup()
    t.poller.start()
    await t.run(10_000)
    t.poller.setHubConnected(true)
    await t.run(5_000)
    expect(t.poller.status().active).toBe(true) // hub back but not reconciled yet
    t.setReconciled(true)
    const calls = t.rest.calls.length
    await t.run(5_000)
    expect(t.poller.status().active).toBe(false)
    await t.run(30_000)
    expect(t.rest.calls.length).toBe(calls)
    expect(t.clock.pendingCount).toBe(0)
  })

  it('POLL-3 five consecutive failures → UNHEALTHY and one alert; polling continues with backoff', async () => {
    const t = setup()
    t.rest.failAll = new Error('HTTP 503')
    t.poller.start()
    await t.run(20_000)
    expect(t.poller.status()).toMatchObject({ health: 'UNHEALTHY', consecutiveFailures: 5 })
    expect(t.alerts).toHaveLength(1)
    const before = t.rest.count('searchOpenPositions')
    await t.run(60_000)
    const during = t.rest.count('searchOpenPositions') - before
    expect(during).toBeGreaterThan(0)
    expect(during).toBeLessThan(12) // slower than every 5 s
    expect(t.poller.status().intervalMs).toBeGreaterThan(5_000)
    t.rest.failAll = null
    await t.run(60_000)
    expect(t.poller.status()).toMatchObject({ health: 'HEALTHY', consecutiveFailures: 0, intervalMs: 5_000 })
  })

  it('F19 429 answers during polling: backoff, and the request rate stays under budget', async () => {
    const t = setup(3)
    t.rest.failures.set('searchOpenOrders', 18) // six failing cycles: past the UNHEALTHY threshold
    t.poller.start()
    await t.run(40_000, 500)
    expect(t.poller.status().health).toBe('UNHEALTHY')
    expect(t.poller.status().intervalMs).toBeGreaterThan(5_000)
    await t.run(5 * 60_000, 500)
    expect(maxPerMinute(t.rest.calls)).toBeLessThanOrEqual(150)
    expect(t.poller.status()).toMatchObject({ consecutiveFailures: 0, health: 'HEALTHY' })
  })

  it('POLL-4 prices come from History/retrieveBars at most once per 10 s per contract, labelled delayed', async () => {
    const t = setup()
    t.rest.positions = [position({ contractId: 'A' }), position({ contractId: 'B' })]
    t.rest.bars.set('A', [
      { t: iso(T0 - 60_000), o: 1, h: 1, l: 1, c: 100.25, v: 1 },
      { t: iso(T0 - 120_000), o: 1, h: 1, l: 1, c: 99, v: 1 },
    ])
    t.poller.start()
    await t.run(60_000)
    for (const c of ['A', 'B']) {
      const times = t.rest.calls.filter((x) => x.method === 'retrieveBars' && (x.args[0] as { contractId: string }).contractId === c).map((x) => x.at)
      expect(times.length).toBeGreaterThan(3)
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(10_000)
    }
    expect(t.mirror.quote('A')).toMatchObject({ lastPrice: 100.25, delayed: true, lastPriceSource: 'bars' })
  })
})
