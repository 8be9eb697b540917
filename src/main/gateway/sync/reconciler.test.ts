// Unit tests of the reconciler with a fake GatewayRest and ManualClock (RECON-*, CFG-5, HEALTH-3).
import { describe, expect, it } from 'vitest'
import { PRIORITY } from '../../ports/gateway'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryEventJournal, MemoryPortfolioRepository } from '../../../../test/fakes/memory-repositories'
import { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { Reconciler, type ReconcileNotice, type ReconcileResult, type ReconcilerOptions } from './reconciler'
import { FakeRest } from '../../../../test/support/sync/fake-rest'
import { account, iso, order, position, T0, trade } from '../../../../test/support/sync/fixtures'

function setup(extra: Partial<ReconcilerOptions> = {}) {
  const clock = new ManualClock(T0)
  const logger = new MemoryLogger()
  const repo = new MemoryPortfolioRepository()
  const audit = new MemoryAuditRepository()
  const mirror = new PortfolioMirror({ repo, journal: new MemoryEventJournal(), clock, logger })
  const rest = new FakeRest(clock)
  rest.accounts = [account()]
  const results: ReconcileResult[] = []
  const notices: ReconcileNotice[] = []
  const restarts: string[] = []
  const reconciler = new Reconciler({
    rest,
    mirror,
    clock,
    logger,
    audit,
    notify: (n) => notices.push(n),
    onReconciled: (r) => results.push(r),
    requestUserHubRestart: (r) => restarts.push(r),
    ...extra,
  })
  reconciler.start()
  const connect = async (reason: 'start' | 'reconnect' | 'rebuild' = 'start') => {
    reconciler.onStateChange('user', 'CONNECTED', null)
    reconciler.onConnected('user', reason)
    await settle()
  }
  const settle = async () => {
    await flushMicrotasks()
    await reconciler.whenIdle()
    await flushMicrotasks()
  }
  return { clock, logger, repo, audit, mirror, rest, results, notices, restarts, reconciler, connect, settle }
}

describe('Reconciler', () => {
  it('RECON-3 fetches Account/search, Position/searchOpen, Order/searchOpen, Trade/search per account with PRIORITY.reconcile and 5 s per call', async () => {
    const t = setup()
    t.rest.accounts = [account({ id: 1 }), account({ id: 2 }), account({ id: 3 })]
    t.mirror.ingest({ kind: 'trade', data: trade({ accountId: 2, executedAt: T0 - 3_600_000 }) }, T0)
    await t.connect()
    expect(t.rest.count('searchAccounts')).toBe(1)
    for (const id of [1, 2, 3]) {
      expect(t.rest.count('searchOpenPositions', id)).toBe(1)
      expect(t.rest.count('searchOpenOrders', id)).toBe(1)
      expect(t.rest.count('searchTrades', id)).toBe(1)
    }
    expect(t.rest.calls.every((c) => c.opts?.priority === PRIORITY.reconcile && c.opts?.timeoutMs === 5_000)).toBe(true)
    const tradeCall = t.rest.calls.find((c) => c.method === 'searchTrades' && c.accountId === 2)
    expect(tradeCall?.args[0]).toBe(iso(T0 - 3_600_000 - 300_000))
  })

  it('RECON-3 runs at most 5 calls concurrently', async () => {
    const t = setup()
    t.rest.accounts = Array.from({ length: 6 }, (_, i) => account({ id: i + 1 }))
    for (const a of t.rest.accounts) t.mirror.ingest({ kind: 'account', data: a }, T0)
    t.rest.latencyMs = 100
    t.reconciler.onConnected('user', 'start')
    await t.clock.advanceAsync(2_000)
    await t.settle()
    expect(t.rest.calls.length).toBe(19)
    expect(t.rest.maxInFlight).toBe(5)
  })

  it('RECON-2 data is STALE during an outage, RECONCILING while fetching, FRESH only after success', async () => {
    const t = setup()
    expect(t.reconciler.status().freshness).toBe('STALE')
    t.rest.latencyMs = 1_000
    t.reconciler.onStateChange('user', 'CONNECTED', null)
    t.reconciler.onConnected('user', 'start')
    await flushMicrotasks()
    expect(t.reconciler.status().freshness).toBe('RECONCILING')
    expect(t.reconciler.status().riskIncreasingBlocked).toBe(true)
    // Nothing known yet: Account/search first (1 s), then the per-account calls (1 s).
    await t.clock.advanceAsync(1_000)
    expect(t.reconciler.status().freshness).toBe('RECONCILING')
    await t.clock.advanceAsync(1_000)
    await t.settle()
    expect(t.reconciler.status()).toMatchObject({ freshness: 'FRESH', riskIncreasingBlocked: false, lastReconciledAt: T0 + 2_000 })
    t.reconciler.onStateChange('user', 'RECONNECTING', null)
    expect(t.reconciler.status().freshness).toBe('STALE')
  })

  it('RECON-4 frames arriving during the fetch are applied after the snapshot, in order', async () => {
    const t = setup()
    t.rest.orders = [order({ status: 1, updatedAt: T0 })]
    t.rest.positions = [position({ size: 2 })]
    t.rest.latencyMs = 1_000
    t.reconciler.onStateChange('user', 'CONNECTED', null)
    t.reconciler.onConnected('user', 'start')
    await t.clock.advanceAsync(500)
    // The order fills and the position closes while REST is being read (REST still shows the old state).
    t.mirror.ingest({ kind: 'order', data: order({ status: 2, fillVolume: 2, updatedAt: T0 + 400 }) }, t.clock.now())
    t.mirror.ingest({ kind: 'position', data: position({ size: 0 }) }, t.clock.now())
    expect(t.mirror.order(9001)).toBeNull()
    await t.clock.advanceAsync(1_600)
    await t.settle()
    expect(t.mirror.order(9001)?.status).toBe(2)
    expect(t.mirror.openPositions()).toEqual([])
  })

  it('RECON-4 buffer overflow drops the buffer and runs reconciliation again', async () => {
    const t = setup({ bufferLimit: 5 })
    await t.connect()
    t.rest.latencyMs = 1_000
    await t.clock.advanceAsync(10_000)
    await t.settle()
    const before = t.rest.count('searchOpenPositions')
    t.reconciler.onConnected('user', 'reconnect')
    await t.clock.advanceAsync(100)
    for (let i = 0; i < 10; i++) t.mirror.ingest({ kind: 'trade', data: trade({ id: 100 + i }) }, t.clock.now())
    await t.clock.advanceAsync(5_000)
    await t.settle()
    expect(t.rest.count('searchOpenPositions') - before).toBe(2)
    expect(t.logger.lines.some((l) => l.message.includes('overflowed'))).toBe(true)
    expect(t.reconciler.status().freshness).toBe('FRESH')
  })

  it('RECON-5 after a gap the mirror and repository equal the gateway field by field', async () => {
    const t = setup()
    t.mirror.ingest({ kind: 'position', data: position({ contractId: 'A', size: 1 }) }, T0)
    t.mirror.ingest({ kind: 'position', data: position({ contractId: 'B', size: 4 }) }, T0)
    t.mirror.ingest({ kind: 'order', data: order({ id: 1, status: 1 }) }, T0)
    t.mirror.ingest({ kind: 'order', data: order({ id: 2, status: 8 }) }, T0)
    // Server state moved on while no frame was applied.
    t.rest.positions = [position({ contractId: 'B', size: 2, averagePrice: 6010.5 }), position({ contractId: 'C', size: 1, type: 2 })]
    t.rest.orders = [order({ id: 1, status: 2, fillVolume: 2, filledPrice: 6000, updatedAt: T0 + 1 }), order({ id: 2, status: 8 }), order({ id: 3, status: 1, size: 1 })]
    t.rest.accounts = [account({ balance: 49_500 })]
    await t.connect()
    const norm = <T>(xs: T[]) => JSON.parse(JSON.stringify(xs)) as T[]
    const sortBy = <T extends { contractId: string }>(xs: T[]) => [...xs].sort((a, b) => a.contractId.localeCompare(b.contractId))
    expect(norm(sortBy(t.mirror.openPositions()))).toEqual(norm(sortBy(t.rest.positions)))
    expect(norm(sortBy([...t.repo.positions.values()]))).toEqual(norm(sortBy(t.rest.positions)))
    const open = await t.rest.searchOpenOrders(101)
    expect(t.mirror.workingOrders().filter((o) => o.status !== 8).map((o) => o.id)).toEqual(open.map((o) => o.id))
    expect(t.mirror.order(1)).toEqual(t.rest.orders[0])
    expect(t.repo.orders.get(1)?.status).toBe(2)
    expect(t.mirror.order(2)?.status).toBe(8)
    expect(t.mirror.account(101)).toEqual(t.rest.accounts[0])
  })

  it('RECON-6 the diff reports NEW/DELETED/MODIFIED and fills are de-duplicated by trade id', async () => {
    const t = setup()
    t.mirror.ingest({ kind: 'trade', data: trade({ id: 1 }) }, T0)
    t.mirror.ingest({ kind: 'position', data: position({ contractId: 'A', size: 1 }) }, T0)
    t.mirror.ingest({ kind: 'position', data: position({ contractId: 'B', size: 1 }) }, T0)
    t.rest.positions = [position({ contractId: 'B', size: 3 }), position({ contractId: 'C', size: 1 })]
    t.rest.trades = [trade({ id: 1 }), trade({ id: 2, executedAt: T0 + 1 })]
    await t.connect()
    const diff = t.results[0]!.diffs[0]!
    expect(diff.positions.added.map((p) => p.contractId)).toEqual(['C'])
    expect(diff.positions.removed.map((p) => p.contractId)).toEqual(['A'])
    expect(diff.positions.modified.map((m) => [m.after.contractId, m.fields.map((f) => f.field)])).toEqual([['B', ['size']]])
    expect(diff.newTrades.map((x) => x.id)).toEqual([2])
    expect(t.mirror.fills()).toHaveLength(2)
    // A second run finds nothing new.
    t.clock.advance(10_000)
    t.reconciler.onConnected('user', 'reconnect')
    await t.settle()
    expect(t.results[1]!.diffs[0]!.newTrades).toEqual([])
  })

  it('RECON-7 onReconciled fires after each successful run with the diffs', async () => {
    const t = setup()
    await t.connect()
    expect(t.results).toHaveLength(1)
    expect(t.results[0]).toMatchObject({ trigger: 'start', driftMismatch: false })
  })

  it('RECON-8 failure retries at 1, 5, 10 s, then DEGRADED; flatten flag stays, retryNow recovers', async () => {
    const t = setup()
    t.rest.failAll = new Error('503')
    await t.connect()
    const runs = () => t.rest.count('searchAccounts')
    expect(runs()).toBe(1)
    await t.clock.advanceAsync(999)
    expect(runs()).toBe(1)
    await t.clock.advanceAsync(1)
    expect(runs()).toBe(2)
    await t.clock.advanceAsync(5_000)
    expect(runs()).toBe(3)
    await t.clock.advanceAsync(10_000)
    await t.settle()
    expect(runs()).toBe(4)
    expect(t.reconciler.status()).toMatchObject({ degraded: true, riskIncreasingBlocked: true, freshness: 'STALE', failedAttempts: 4 })
    expect(t.notices.at(-1)?.severity).toBe('critical')
    expect(t.audit.rows.at(-1)?.category).toBe('connection')
    t.rest.failAll = null
    await t.reconciler.retryNow()
    await t.settle()
    expect(t.reconciler.status()).toMatchObject({ degraded: false, riskIncreasingBlocked: false, freshness: 'FRESH' })
  })

  it('RECON-3 a run still unfinished at 15 s is aborted and retried (F20)', async () => {
    const t = setup()
    t.rest.hang = true
    t.reconciler.onStateChange('user', 'CONNECTED', null)
    t.reconciler.onConnected('user', 'start')
    await t.clock.advanceAsync(4_999)
    expect(t.reconciler.status().running).toBe(true)
    // Every call times out after 5 s; with 3 s latency instead the 15 s run deadline is the one that bites.
    await t.clock.advanceAsync(1)
    await t.settle()
    expect(t.reconciler.status()).toMatchObject({ failedAttempts: 1, running: false })
    t.rest.hang = false
    t.rest.latencyMs = 3_000
    t.rest.accounts = Array.from({ length: 6 }, (_, i) => account({ id: i + 1 }))
    for (const a of t.rest.accounts) t.mirror.ingest({ kind: 'account', data: a }, t.clock.now())
    await t.clock.advanceAsync(1_000) // retry starts; 19 calls / 5 lanes × 3 s ≈ 12 s, then Order/search none
    await t.clock.advanceAsync(20_000)
    await t.settle()
    expect(t.reconciler.status().freshness).toBe('FRESH')
  })

  it('RECON-3 the whole run is aborted at 15 s even when each call is within 5 s', async () => {
    const t = setup({ maxConcurrent: 1 })
    t.rest.accounts = Array.from({ length: 4 }, (_, i) => account({ id: i + 1 }))
    for (const a of t.rest.accounts) t.mirror.ingest({ kind: 'account', data: a }, T0)
    t.rest.latencyMs = 3_000 // 13 serial calls × 3 s = 39 s
    t.reconciler.onStateChange('user', 'CONNECTED', null)
    t.reconciler.onConnected('user', 'start')
    await t.clock.advanceAsync(15_000)
    await t.settle()
    expect(t.reconciler.status().failedAttempts).toBe(1)
    expect(t.reconciler.status().lastError).toContain('15000')
  })

  it('RECON-9 the trader is told about positions closed and orders filled during the gap, and P&L > $100', async () => {
    const t = setup()
    t.mirror.ingest({ kind: 'account', data: account({ balance: 50_000 }) }, T0)
    t.mirror.ingest({ kind: 'position', data: position({ size: 2 }) }, T0)
    t.mirror.ingest({ kind: 'order', data: order({ id: 5, status: 1 }) }, T0)
    t.rest.orders = [order({ id: 5, status: 2, fillVolume: 2, updatedAt: T0 + 1 })]
    t.rest.trades = [trade({ id: 9, orderId: 5, profitAndLoss: -250, fees: 1.48 })]
    t.rest.accounts = [account({ balance: 49_748.52 })]
    await t.connect()
    const titles = t.notices.map((n) => n.title)
    expect(titles).toContain('Position closed while disconnected')
    expect(titles).toContain('Order filled while disconnected')
    expect(titles).toContain('P&L changed while disconnected')
    expect(t.audit.rows.length).toBe(t.notices.length)
  })

  it('CFG-5 reconnect-triggered runs are at least 5 s apart; a burst coalesces into one deferred run', async () => {
    const t = setup()
    await t.connect('start')
    t.clock.advance(1_000)
    t.reconciler.onConnected('user', 'reconnect')
    t.reconciler.onConnected('user', 'reconnect')
    await t.settle()
    expect(t.rest.count('searchAccounts')).toBe(1)
    await t.clock.advanceAsync(4_000)
    await t.settle()
    expect(t.rest.count('searchAccounts')).toBe(2)
  })

  it('RECON-1 resume from sleep and the 60 s drift check both run a reconciliation', async () => {
    const t = setup()
    await t.connect()
    await t.clock.advanceAsync(60_000)
    await t.settle()
    expect(t.results.map((r) => r.trigger)).toEqual(['start', 'drift'])
    t.reconciler.onResume()
    await t.settle()
    expect(t.results.at(-1)?.trigger).toBe('resume')
  })

  it('HEALTH-3 a drift mismatch requests a user-hub restart; F13 a quiet hub with matching state does not', async () => {
    const t = setup()
    t.rest.positions = [position()]
    await t.connect()
    // 30 quiet minutes, nothing changes server-side: no restart, no alarm.
    for (let i = 0; i < 30; i++) {
      await t.clock.advanceAsync(60_000)
      await t.settle()
    }
    expect(t.results.filter((r) => r.trigger === 'drift')).toHaveLength(30)
    expect(t.restarts).toEqual([])
    // The gateway shows a fill the hub never delivered.
    t.rest.positions = []
    await t.clock.advanceAsync(60_000)
    await t.settle()
    expect(t.restarts).toEqual(['drift mismatch'])
    expect(t.mirror.openPositions()).toEqual([])
  })

  it('HEALTH-3 a difference explained by a frame that arrived during the drift fetch is not a mismatch', async () => {
    const t = setup()
    await t.connect()
    t.rest.latencyMs = 1_000
    t.rest.orders = [order({ id: 77, status: 1 })]
    await t.clock.advanceAsync(60_500)
    t.mirror.ingest({ kind: 'order', data: order({ id: 77, status: 1 }) }, t.clock.now())
    await t.clock.advanceAsync(1_000)
    await t.settle()
    expect(t.results.at(-1)?.trigger).toBe('drift')
    expect(t.restarts).toEqual([])
  })

  it('FILL-2 reconcileOrderFills fetches Trade/search + Order/search and applies what was missing, without duplicates', async () => {
    const t = setup()
    t.mirror.ingest({ kind: 'order', data: order({ status: 2, size: 2, fillVolume: 2 }) }, T0)
    t.mirror.ingest({ kind: 'trade', data: trade({ id: 1, size: 1 }) }, T0)
    t.rest.trades = [trade({ id: 1, size: 1 }), trade({ id: 2, size: 1 })]
    t.rest.orders = [order({ status: 2, size: 2, fillVolume: 2 })]
    await t.reconciler.reconcileOrderFills(101, 9001)
    expect(t.rest.count('searchTrades')).toBe(1)
    expect(t.rest.count('searchOrders')).toBe(1)
    expect(t.mirror.fills().map((f) => f.id).sort()).toEqual([1, 2])
  })

  it('RECON-5 a locally working order the gateway lists in neither search leaves the working set (status None) and is persisted so', async () => {
    const t = setup()
    t.mirror.ingest({ kind: 'order', data: order({ id: 55, status: 1 }) }, T0)
    t.mirror.ingest({ kind: 'order', data: order({ id: 56, status: 1 }) }, T0)
    t.rest.orders = [order({ id: 56, status: 3, updatedAt: T0 + 1 })]
    await t.connect()
    expect(t.mirror.workingOrders()).toEqual([])
    expect(t.mirror.order(55)?.status).toBe(0)
    expect(t.mirror.order(56)?.status).toBe(3)
    expect(t.repo.orders.get(55)?.status).toBe(0)
    expect(t.results.at(-1)?.diffs[0]?.orders.removed.map((o) => o.id).sort()).toEqual([55, 56])
    expect(t.logger.lines.some((l) => l.message.includes('missing from both'))).toBe(true)
  })

  it('HEALTH-6 stop() clears every timer', async () => {
    const t = setup()
    t.rest.failAll = new Error('x')
    await t.connect()
    t.reconciler.stop()
    expect(t.clock.pendingCount).toBe(0)
  })
})
