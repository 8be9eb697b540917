// The feed: portfolio changes become risk events in arrival order; a position whose contract figures are
// unknown holds the stream back until the catalog answers (PIPE-2, I-21).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import type { MirrorChange } from '../../portfolio'
import type { PxContract } from '../../../shared/projectx/models'
import type { Fill, Order, Position } from '../../portfolio/model'
import type { RiskEvent } from '../../risk/events'
import { ContractCatalog } from './contract-catalog'
import { RiskFeed, type MirrorReader } from './risk-feed'

const MNQ: PxContract = { id: 'CON.F.US.MNQ.Z26', name: 'MNQZ6', description: 'Micro NQ', tickSize: 0.25, tickValue: 0.5, activeContract: true, symbolId: 'F.US.MNQ' }
const position = (size: number): Position => ({ id: 5, accountId: 1, contractId: MNQ.id, contractDisplayName: null, openedAt: Date.parse('2026-12-02T15:00:00Z'), type: 1, size, averagePrice: 21000 })
const trade: Fill = { id: 9, accountId: 1, contractId: MNQ.id, orderId: 77, executedAt: Date.parse('2026-12-02T15:00:01Z'), price: 21000, size: 1, side: 0, profitAndLoss: null, fees: 0.37, commissions: 0, voided: false }

function setup(lookup: { resolve: () => Promise<PxContract | null> }, orders: Order[] = []) {
  const clock = new ManualClock()
  const mirror: MirrorReader = {
    account: () => null,
    openPositions: () => [position(1)],
    workingOrders: () => [],
    fills: () => [trade],
    order: (id) => orders.find((o) => o.id === id) ?? null,
  }
  const catalog = new ContractCatalog({ availableContracts: async () => [], searchContractById: lookup.resolve }, new MemoryLogger())
  const events: RiskEvent[] = []
  const feed = new RiskFeed({ mirror, catalog, clock, logger: new MemoryLogger(), deliver: (e) => events.push(e), retryMs: 1_000 })
  return { clock, feed, events }
}

const positionChange = (size: number, at: number): MirrorChange => ({ kind: 'position', accountId: 1, contractId: MNQ.id, before: null, after: size === 0 ? null : position(size), source: 'user-hub', at })
const tradeChange = (at: number): MirrorChange => ({ kind: 'trade', accountId: 1, trade, source: 'user-hub', at })

describe('RiskFeed', () => {
  it('PIPE-2 holds every later change behind a position with an unknown contract, then delivers all in arrival order', async () => {
    let answer!: (c: PxContract) => void
    const { feed, events } = setup({ resolve: () => new Promise((r) => (answer = r)) })
    feed.onChange(positionChange(1, 1))
    feed.onChange(tradeChange(2))
    expect(events).toEqual([])
    expect(feed.pending).toBe(2)
    answer(MNQ)
    await new Promise((r) => setImmediate(r))
    expect(events.map((e) => [e.kind, e.at])).toEqual([['position', 1], ['trade', 2]])
    expect(events[0]).toMatchObject({ kind: 'position', tickSize: 0.25, tickValue: 0.5, size: 1, side: 'long' })
  })

  it('a closed position (after = null) becomes a size-0 event; a synced change becomes a reconciliation with the fills', async () => {
    const { feed, events } = setup({ resolve: async () => MNQ })
    feed.onChange(positionChange(1, 1))
    await new Promise((r) => setImmediate(r))
    feed.onChange({ kind: 'position', accountId: 1, contractId: MNQ.id, before: position(1), after: null, source: 'user-hub', at: 3 })
    feed.onChange({ kind: 'synced', sync: { source: 'reconcile', ok: true, accountIds: [1] }, at: 4 })
    expect(events[1]).toMatchObject({ kind: 'position', size: 0 })
    expect(events[2]).toMatchObject({ kind: 'reconcile', accountId: 1, positions: [{ contractId: MNQ.id, size: 1 }], trades: [{ tradeId: 9, fees: 0.37 }] })
  })

  it("D-4 fills of Tiltguard's own orders are marked by their customTag", () => {
    const own = { id: 77, customTag: 'TG-abc' } as Order
    const { feed, events } = setup({ resolve: async () => MNQ }, [own])
    feed.onChange(tradeChange(1))
    expect(events[0]).toMatchObject({ kind: 'trade', sentByTiltguard: true })
  })

  it('a quote without a last price yet (partial frames) is not an event; a lookup failure is retried later', async () => {
    let calls = 0
    const { feed, events, clock } = setup({ resolve: async () => (++calls === 1 ? Promise.reject(new Error('503')) : MNQ) })
    feed.onChange({ kind: 'quote', contractId: MNQ.id, quote: { contractId: MNQ.id, bestBid: 1, bestAsk: 2, lastPrice: null, lastPriceSource: null, delayed: false, updatedAt: 1 }, ageMs: 0, at: 1 })
    expect(events).toEqual([])
    feed.onChange(positionChange(1, 2))
    await new Promise((r) => setImmediate(r))
    expect(events).toEqual([])
    clock.advance(1_000)
    await new Promise((r) => setImmediate(r))
    expect(events.map((e) => e.kind)).toEqual(['position'])
  })
})
