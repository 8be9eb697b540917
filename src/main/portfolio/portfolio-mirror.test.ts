// Unit tests of the portfolio mirror: idempotent event application, ORD-6 ordering, fills, quotes.
import { describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { MemoryEventJournal, MemoryPortfolioRepository } from '../../../test/fakes/memory-repositories'
import { PortfolioMirror } from './portfolio-mirror'
import type { MirrorChange } from './mirror-types'
import { account, iso, order, position, T0, trade } from '../../../test/support/sync/fixtures'

function setup() {
  const clock = new ManualClock(T0)
  const repo = new MemoryPortfolioRepository()
  const journal = new MemoryEventJournal()
  const logger = new MemoryLogger()
  const mirror = new PortfolioMirror({ repo, journal, clock, logger })
  const changes: MirrorChange[] = []
  mirror.onChange((c) => changes.push(c))
  return { clock, repo, journal, logger, mirror, changes }
}

describe('PortfolioMirror', () => {
  it('S2 Filled-before-Open, duplicate GatewayUserTrade and a size-0 position frame end in the correct state', () => {
    const { mirror, repo } = setup()
    const at = T0
    mirror.ingest({ kind: 'order', data: order({ status: 6, updatedAt: T0 }) }, at)
    mirror.ingest({ kind: 'trade', data: trade({ size: 2 }) }, at)
    mirror.ingest({ kind: 'order', data: order({ status: 2, fillVolume: 2, filledPrice: 6000, updatedAt: T0 + 20 }) }, at)
    // Late Open frame with an older timestamp, then one with no timestamp at all.
    mirror.ingest({ kind: 'order', data: order({ status: 1, updatedAt: T0 + 10 }) }, at)
    mirror.ingest({ kind: 'order', data: order({ status: 1, updatedAt: null, fillVolume: 0 }) }, at)
    mirror.ingest({ kind: 'trade', data: trade({ size: 2 }) }, at)
    mirror.ingest({ kind: 'position', data: position({ size: 2 }) }, at)
    mirror.ingest({ kind: 'position', data: position({ size: 0 }) }, at)

    expect(mirror.order(9001)?.status).toBe(2)
    expect(mirror.order(9001)?.fillVolume).toBe(2)
    expect(mirror.fills()).toHaveLength(1)
    expect(repo.trades.size).toBe(1)
    expect(mirror.openPositions()).toEqual([])
    expect(repo.positions.size).toBe(0)
    expect(mirror.liveSize(101, 'CON.F.US.MES.Z26').side).toBe('flat')
  })

  it('ORD-6 an order update applies only when updatedAt >= stored (a tie applies)', () => {
    // The times .1234567, .0000001 and .1239999 s past 14:30:01 parse to at the gateway edge (to-domain.test.ts).
    const { mirror } = setup()
    mirror.ingest({ kind: 'order', data: order({ status: 1, updatedAt: Date.UTC(2026, 10, 25, 14, 30, 1, 123) }) }, T0)
    mirror.ingest({ kind: 'order', data: order({ status: 7, updatedAt: Date.UTC(2026, 10, 25, 14, 30, 1, 0) }) }, T0)
    expect(mirror.order(9001)?.status).toBe(1)
    mirror.ingest({ kind: 'order', data: order({ status: 3, updatedAt: Date.UTC(2026, 10, 25, 14, 30, 1, 123) }) }, T0)
    expect(mirror.order(9001)?.status).toBe(3)
  })

  it('CONC-5 positions are last-write-wins per (accountId, contractId); a size-0 frame removes it', () => {
    const { mirror, changes } = setup()
    mirror.ingest({ kind: 'position', data: position({ size: 1, averagePrice: 6000 }) }, T0)
    mirror.ingest({ kind: 'position', data: position({ id: 777, size: 3, averagePrice: 6001.25 }) }, T0)
    expect(mirror.openPositions()).toHaveLength(1)
    expect(mirror.liveSize(101, 'CON.F.US.MES.Z26')).toMatchObject({ size: 3, signedSize: 3, side: 'long' })
    mirror.ingest({ kind: 'position', data: position({ type: 2, size: 1 }) }, T0)
    expect(mirror.liveSize(101, 'CON.F.US.MES.Z26')).toMatchObject({ size: 1, signedSize: -1, side: 'short' })
    mirror.ingest({ kind: 'position', data: position({ size: 0 }) }, T0)
    expect(mirror.openPositions()).toHaveLength(0)
    expect(changes.filter((c) => c.kind === 'position').at(-1)).toMatchObject({ after: null })
  })

  it('FILL-1 fills are deduped by trade id and voided fills are excluded', () => {
    const { mirror, repo } = setup()
    mirror.ingest({ kind: 'trade', data: trade({ id: 1 }) }, T0)
    mirror.ingest({ kind: 'trade', data: trade({ id: 1 }) }, T0)
    mirror.ingest({ kind: 'trade', data: trade({ id: 2, voided: true }) }, T0)
    expect(mirror.fills().map((t) => t.id)).toEqual([1])
    expect([...repo.trades.keys()]).toEqual([1])
    // A later void of a counted fill removes it from the fills.
    mirror.ingest({ kind: 'trade', data: trade({ id: 1, voided: true }) }, T0)
    expect(mirror.fills()).toEqual([])
    // … and the stored row says so, so a restart does not count it again.
    expect(repo.trades.get(1)?.voided).toBe(true)
  })

  it('F23 duplicate GatewayUserAccount frames change nothing and write nothing', () => {
    const { mirror, repo, changes } = setup()
    const spy = vi.spyOn(repo, 'upsertAccount')
    for (let i = 0; i < 3; i++) mirror.ingest({ kind: 'account', data: account({ balance: 50_100 }) }, T0)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(changes.filter((c) => c.kind === 'account')).toHaveLength(1)
    mirror.ingest({ kind: 'account', data: account({ balance: 50_200 }) }, T0)
    expect(mirror.account(101)?.balance).toBe(50_200)
  })

  it('every user event is journaled before it changes state', () => {
    const { mirror, repo, journal } = setup()
    const order_: string[] = []
    vi.spyOn(journal, 'append').mockImplementation(() => void order_.push('journal'))
    vi.spyOn(repo, 'upsertOrder').mockImplementation(() => void order_.push('state'))
    mirror.ingest({ kind: 'order', data: order() }, T0)
    expect(order_).toEqual(['journal', 'state'])
  })

  it('DB-10 quotes merge into the cache without a repository write or journal row per tick', () => {
    const { mirror, repo, journal, clock } = setup()
    const writes = [vi.spyOn(repo, 'upsertAccount'), vi.spyOn(repo, 'upsertOrder'), vi.spyOn(repo, 'upsertPosition'), vi.spyOn(repo, 'insertTrade'), vi.spyOn(repo, 'applySnapshot')]
    for (let i = 0; i < 500; i++) mirror.ingest({ kind: 'quote', contractId: 'C', data: { bestBid: 100 + i, bestAsk: 101 + i } }, clock.now())
    mirror.ingest({ kind: 'quote', contractId: 'C', data: { lastPrice: 600 } }, clock.now())
    for (const w of writes) expect(w).not.toHaveBeenCalled()
    expect(journal.rows).toHaveLength(0)
    expect(mirror.quote('C')).toMatchObject({ bestBid: 599, bestAsk: 600, lastPrice: 600, lastPriceSource: 'quote', delayed: false })
  })

  it('a quote change carries the merged prices and their age; sync completions reach listeners', () => {
    const { mirror, clock } = setup()
    const changes: MirrorChange[] = []
    mirror.onChange((c) => changes.push(c))
    mirror.ingest({ kind: 'quote', contractId: 'C', data: { bestBid: 10, bestAsk: 11 } }, clock.now() - 300)
    expect(changes[0]).toMatchObject({ kind: 'quote', contractId: 'C', quote: { bestBid: 10, bestAsk: 11, lastPriceSource: null }, ageMs: 300 })
    mirror.noteSynced({ source: 'poll', ok: true, accountIds: [101] })
    expect(changes[1]).toEqual({ kind: 'synced', sync: { source: 'poll', ok: true, accountIds: [101] }, at: clock.now() })
  })

  it('trade prints are the last-price fallback when quotes stall; bar prices are labelled delayed (POLL-4)', () => {
    const { mirror, clock } = setup()
    mirror.ingest({ kind: 'quote', contractId: 'C', data: { lastPrice: 10 } }, clock.now())
    mirror.ingest({ kind: 'market-trade', contractId: 'C', data: { symbolId: 'F.US.C', price: 11, timestamp: iso(T0), type: 0, volume: 1 } }, clock.now())
    expect(mirror.quote('C')?.lastPrice).toBe(10)
    clock.advance(6_000)
    mirror.ingest({ kind: 'market-trade', contractId: 'C', data: { symbolId: 'F.US.C', price: 12, timestamp: iso(T0), type: 0, volume: 1 } }, clock.now())
    expect(mirror.quote('C')).toMatchObject({ lastPrice: 12, lastPriceSource: 'trade-print' })
    mirror.applyBarPrice('D', 55, clock.now())
    expect(mirror.quote('D')).toMatchObject({ lastPrice: 55, delayed: true, lastPriceSource: 'bars' })
  })

  it('snapshot() maps to views; placedByTiltguard means a customTag starting with rm:', () => {
    const { mirror } = setup()
    mirror.ingest({ kind: 'account', data: account() }, T0)
    mirror.ingest({ kind: 'order', data: order({ id: 1, customTag: 'rm:101:kill:01J' }) }, T0)
    mirror.ingest({ kind: 'order', data: order({ id: 2, customTag: 'my-bot' }) }, T0)
    mirror.ingest({ kind: 'position', data: position({ type: 2 }) }, T0)
    const snap = mirror.snapshot()
    expect(snap.accounts[0]).toEqual({ id: 101, name: '50KTC-V2-1', balance: 50_000, canTrade: true, simulated: true })
    expect(snap.orders.map((o) => o.placedByTiltguard)).toEqual([true, false])
    expect(snap.positions[0]).toMatchObject({ side: 'short', size: 2, contractName: 'MESZ26' })
  })

  it('liveSize reports the age of its confirmation', () => {
    const { mirror, clock } = setup()
    expect(mirror.liveSize(101, 'X').ageMs).toBeNull()
    mirror.ingest({ kind: 'position', data: position() }, clock.now())
    clock.advance(2_500)
    expect(mirror.liveSize(101, 'CON.F.US.MES.Z26')).toMatchObject({ size: 2, ageMs: 2_500 })
  })

  it('RECON-4 buffered frames are held, then applied in arrival order; overflow drops the buffer', () => {
    const { mirror, journal } = setup()
    mirror.startBuffering(3)
    mirror.ingest({ kind: 'order', data: order({ status: 6, updatedAt: T0 }) }, T0)
    mirror.ingest({ kind: 'order', data: order({ status: 1, updatedAt: T0 + 1 }) }, T0)
    mirror.ingest({ kind: 'quote', contractId: 'C', data: { lastPrice: 1 } }, T0)
    expect(mirror.order(9001)).toBeNull()
    expect(mirror.quote('C')?.lastPrice).toBe(1)
    expect(journal.rows).toHaveLength(2)
    const out = mirror.stopBuffering(true)
    expect(out.overflowed).toBe(false)
    expect(mirror.order(9001)?.status).toBe(1)

    mirror.startBuffering(2)
    for (let i = 0; i < 3; i++) mirror.ingest({ kind: 'trade', data: trade({ id: 100 + i }) }, T0)
    const over = mirror.stopBuffering(true)
    expect(over.overflowed).toBe(true)
    expect(mirror.trade(100)).toBeNull()
  })

  it('loads persisted state at start-up', () => {
    const { repo, journal, clock, logger } = setup()
    repo.upsertAccount(account())
    repo.upsertPosition(position())
    repo.insertTrade(trade({ executedAt: T0 - 60_000 }))
    const mirror = new PortfolioMirror({ repo, journal, clock, logger })
    mirror.load()
    expect(mirror.openPositions()).toHaveLength(1)
    expect(mirror.lastTradeTime(101)).toBe(T0 - 60_000)
  })
})
