// Unit tests of the order tracker: transitions (ORD-7), fills vs fillVolume (FILL-2..4), stuck orders (ORD-8).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryEventJournal, MemoryPortfolioRepository, MemoryTransitionRepository } from '../../../../test/fakes/memory-repositories'
import { OrderTracker } from './order-tracker'
import { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { order, T0, trade } from '../../../../test/support/sync/fixtures'

function setup() {
  const clock = new ManualClock(T0)
  const logger = new MemoryLogger()
  const mirror = new PortfolioMirror({ repo: new MemoryPortfolioRepository(), journal: new MemoryEventJournal(), clock, logger })
  const transitions = new MemoryTransitionRepository()
  const mismatches: [number, number][] = []
  const stuck: [number, readonly number[]][] = []
  const tracker = new OrderTracker({
    mirror,
    transitions,
    clock,
    logger,
    onFillMismatch: (a, o) => mismatches.push([a, o]),
    onStuckOrders: (a, ids) => stuck.push([a, ids]),
  })
  tracker.start()
  return { clock, logger, mirror, transitions, tracker, mismatches, stuck }
}

describe('OrderTracker', () => {
  it('ORD-7 every observed status change is recorded with from, to and trigger', () => {
    const { mirror, transitions } = setup()
    mirror.ingest({ kind: 'order', data: order({ status: 6, updatedAt: T0 }) }, T0)
    mirror.ingest({ kind: 'order', data: order({ status: 1, updatedAt: T0 + 1 }) }, T0)
    mirror.ingest({ kind: 'order', data: order({ status: 1, limitPrice: 6001, updatedAt: T0 + 2 }) }, T0)
    mirror.applySnapshot(101, { positions: [], openOrders: [], resolvedOrders: [order({ status: 3, updatedAt: T0 + 3 })] }, 'reconcile')
    expect(transitions.rows.map((r) => [r.from, r.to, r.trigger])).toEqual([
      [null, 6, 'hub'],
      [6, 1, 'hub'],
      [1, 3, 'reconcile'],
    ])
  })

  it('FILL-2 fills that do not add up to fillVolume trigger one reconcile request and a log line', () => {
    const { mirror, clock, mismatches, logger } = setup()
    mirror.ingest({ kind: 'order', data: order({ status: 2, size: 3, fillVolume: 3, updatedAt: T0 }) }, T0)
    mirror.ingest({ kind: 'trade', data: trade({ id: 1, size: 2 }) }, T0)
    clock.advance(1_000)
    expect(mismatches).toEqual([])
    clock.advance(2_000)
    expect(mismatches).toEqual([[101, 9001]])
    expect(logger.lines.some((l) => l.message.includes('fillVolume'))).toBe(true)
    // The missing fill arrives: no further request.
    mirror.ingest({ kind: 'trade', data: trade({ id: 2, size: 1 }) }, T0)
    clock.advance(5_000)
    expect(mismatches).toHaveLength(1)
  })

  it('FILL-2 fills arriving before the order frame do not count as a mismatch', () => {
    const { mirror, clock, mismatches } = setup()
    mirror.ingest({ kind: 'trade', data: trade({ id: 1, size: 2 }) }, T0)
    clock.advance(500)
    mirror.ingest({ kind: 'order', data: order({ status: 2, size: 2, fillVolume: 2 }) }, T0)
    clock.advance(10_000)
    expect(mismatches).toEqual([])
  })

  it('FILL-3 the average fill is identical for every arrival order and within a tick of filledPrice', () => {
    const fills = [trade({ id: 11, price: 178.4, size: 30 }), trade({ id: 12, price: 178.45, size: 50 }), trade({ id: 13, price: 178.5, size: 20 })]
    const perms = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]]
    const averages = perms.map((p) => {
      const { mirror, tracker } = setup()
      mirror.ingest({ kind: 'order', data: order({ status: 2, size: 100, fillVolume: 100, filledPrice: 178.45 }) }, T0)
      for (const i of p) mirror.ingest({ kind: 'trade', data: fills[i]! }, T0)
      return tracker.fillSummary(9001).averagePrice
    })
    expect(new Set(averages).size).toBe(1)
    expect(averages[0]).toBeCloseTo(178.445, 9)
    expect(Math.abs(averages[0]! - 178.45)).toBeLessThanOrEqual(0.25)
  })

  it('FILL-4 cancel after a partial fill keeps the filled size', () => {
    const { mirror, tracker } = setup()
    mirror.ingest({ kind: 'order', data: order({ status: 1, size: 5, fillVolume: 2, updatedAt: T0 }) }, T0)
    mirror.ingest({ kind: 'trade', data: trade({ id: 1, size: 2 }) }, T0)
    // The cancel frame omits fillVolume (null fields are omitted on the hub): the edge gives null, "not reported".
    const cancel = order({ status: 3, size: 5, updatedAt: T0 + 5, fillVolume: null })
    mirror.ingest({ kind: 'order', data: cancel }, T0)
    expect(mirror.order(9001)).toMatchObject({ status: 3, fillVolume: 2 })
    expect(tracker.fillSummary(9001)).toMatchObject({ filledSize: 2, effectiveFilledSize: 2, reportedFillVolume: 2 })
  })

  it('ORD-8 a working order with no update for 3600 s triggers an Order/searchOpen reconcile, not every minute', () => {
    const { mirror, clock, stuck } = setup()
    mirror.ingest({ kind: 'order', data: order({ id: 1, status: 1 }) }, clock.now())
    mirror.ingest({ kind: 'order', data: order({ id: 2, status: 2 }) }, clock.now())
    clock.advance(3_540_000)
    expect(stuck).toEqual([])
    clock.advance(120_000)
    expect(stuck).toEqual([[101, [1]]])
    clock.advance(600_000)
    expect(stuck).toHaveLength(1)
  })

  it('stop() leaves no timers behind (HEALTH-6)', () => {
    const { mirror, clock, tracker } = setup()
    mirror.ingest({ kind: 'order', data: order({ status: 2, fillVolume: 2 }) }, T0)
    tracker.stop()
    expect(clock.pendingCount).toBe(0)
  })
})
