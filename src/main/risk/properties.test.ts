// fast-check invariants: P&L equals an independent sum, no plan cancels a protective stop of a position
// that stays open, and replay is deterministic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OrderSide, OrderStatus, OrderType } from '../../shared/projectx/enums'
import type { RiskEvent } from './events'
import { realizedOf } from './pnl'
import { replay } from './replay'
import { protectiveStops } from './rules/no-stop-loss-grace'
import { ACCOUNT, ES, MNQ, at, config, order, position, quote, trade } from '../../../test/support/risk/fixtures'

const T0 = at('2026-03-10T09:00')
const fill = fc.record({ id: fc.integer({ min: 1, max: 15 }), cents: fc.option(fc.integer({ min: -50_000, max: 50_000 })), fee: fc.integer({ min: 0, max: 500 }), voided: fc.boolean(), dt: fc.integer({ min: 0, max: 600_000 }) })

describe('properties', () => {
  it('P&L of any fill sequence equals the independent sum (net and gross)', () => {
    fc.assert(fc.property(fc.array(fill, { maxLength: 40 }), (fills) => {
      let t = T0
      const events = fills.map((f) => {
        t += f.dt
        return trade(f.id, f.cents === null ? null : f.cents / 100, t, { fees: f.fee / 100, voided: f.voided })
      })
      const model = new Map<number, { pnl: number; fee: number }>()
      let tt = T0
      for (const f of fills) {
        tt += f.dt
        if (f.voided) model.delete(f.id)
        else if (tt < at('2026-03-10T17:00')) model.set(f.id, { pnl: f.cents ?? 0, fee: f.fee })
        else model.clear() // the reset opens a new day: only that day's fills count from here
      }
      if (events.length === 0) return
      const steps = replay(events, config({}))
      const account = steps.at(-1)!.state.accounts[ACCOUNT]!
      if (tt >= at('2026-03-10T17:00')) return // fills after the boundary are covered by RESET-6
      const gross = [...model.values()].reduce((s, v) => s + v.pnl, 0) / 100
      const net = [...model.values()].reduce((s, v) => s + v.pnl - v.fee, 0) / 100
      expect(realizedOf(account, 'gross')).toBeCloseTo(gross, 2)
      expect(realizedOf(account, 'net')).toBeCloseTo(net, 2)
    }), { numRuns: 200 })
  })

  const everything = config({
    max_contracts: { limit: 3, reduce_to_limit: true }, max_contracts_per_instrument: { limits: { MNQ: 2, ES: 2 } },
    daily_realized_loss: { loss_limit: 300 }, daily_unrealized_loss: { loss_limit: 200 }, max_unrealized_profit: { profit_target: 400 },
    trade_frequency_limit: { limits: { per_minute: 2, per_hour: 5, per_session: 8 } }, cooldown_after_loss: {}, no_stop_loss_grace: {},
    session_block_outside: { global_session: { start: '08:30', end: '15:00', timezone: 'America/Chicago' } }, auth_loss_guard: {},
    symbol_blocks: { blocked_symbols: ['ES'], close_existing: false }, trade_management: { enabled: true }, weekly_realized_loss: { loss_limit: 500 },
  })
  const contract = fc.constantFrom(MNQ, ES)
  const eventArb: fc.Arbitrary<(t: number) => RiskEvent> = fc.oneof(
    fc.record({ c: contract, side: fc.constantFrom('long' as const, 'short' as const), size: fc.integer({ min: 0, max: 4 }) }).map((p) => (t: number) => position(p.c, p.side, p.size, p.c === MNQ ? 21000 : 5800, t, T0)),
    fc.record({ id: fc.integer({ min: 1, max: 6 }), c: contract, side: fc.constantFrom(OrderSide.Bid, OrderSide.Ask), type: fc.constantFrom(OrderType.Stop, OrderType.Limit, OrderType.TrailingStop), size: fc.integer({ min: 1, max: 4 }), status: fc.constantFrom(OrderStatus.Open, OrderStatus.Cancelled) })
      .map((o) => (t: number) => order(o.id, o.c, t, { side: o.side, type: o.type, size: o.size, status: o.status })),
    fc.record({ id: fc.integer({ min: 1, max: 30 }), cents: fc.integer({ min: -40_000, max: 20_000 }) }).map((f) => (t: number) => trade(f.id, f.cents / 100, t)),
    fc.record({ c: contract, ticks: fc.integer({ min: -200, max: 200 }) }).map((q) => (t: number) => quote(q.c, (q.c === MNQ ? 21000 : 5800) + q.ticks * 0.25, t)),
    fc.boolean().map((canTrade) => (t: number) => ({ kind: 'account', at: t, accountId: ACCOUNT, name: 'a', balance: 0, canTrade }) as RiskEvent),
    fc.constant((t: number) => ({ kind: 'tick', at: t }) as RiskEvent),
  )
  const script = fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 3_600_000 })), { minLength: 1, maxLength: 30 }).map((items) => {
    let t = T0
    return items.map(([make, dt]) => make((t += dt)))
  })

  it('no event sequence yields a plan cancelling a protective stop of a position that stays open', () => {
    fc.assert(fc.property(script, (events) => {
      for (const s of replay(events, everything)) {
        const account = s.state.accounts[ACCOUNT]
        if (!account) continue
        for (const plan of s.plans) {
          const kinds = plan.actions.map((a) => a.action)
          const closesAll = kinds.some((a) => a.kind === 'close_all')
          const closed = new Set(kinds.flatMap((a) => (a.kind === 'close_position' ? [a.contractId] : [])))
          for (const p of Object.values(account.positions)) {
            if (closesAll || closed.has(p.contractId)) continue
            const stops = protectiveStops(account, p)
            for (const a of kinds) {
              if (a.kind === 'cancel_order') expect(stops).not.toContain(a.orderId)
              if (a.kind === 'cancel_all_orders' && (a.contractId === undefined || a.contractId === p.contractId)) expect(stops).toEqual([])
            }
          }
        }
      }
    }), { numRuns: 150 })
  })

  it('replaying the same events gives the same states and plans', () => {
    fc.assert(fc.property(script, (events) => {
      const a = replay(events, everything)
      const b = replay(events, everything)
      expect(b.map((s) => s.state)).toEqual(a.map((s) => s.state))
      expect(b.map((s) => s.plans)).toEqual(a.map((s) => s.plans))
    }), { numRuns: 50 })
  })
})
