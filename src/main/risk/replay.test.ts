// A scripted trading day through replay: across the 17:00 reset and the 2026-03-08 DST change,
// checking P&L, counts and lockouts at each step.
import { describe, expect, it } from 'vitest'
import { realizedOf } from './pnl'
import { replay } from './replay'
import { ACCOUNT, MNQ, at, config, position, quote, tick, trade } from '../../../test/support/risk/fixtures'

describe('replay of a scripted day', () => {
  it('crosses Friday’s 17:00 reset, the weekend DST change, and Sunday’s 17:00 CDT open', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 500 }, trade_frequency_limit: {}, cooldown_after_loss: {} })
    const events = [
      position(MNQ, 'long', 2, 21000, at('2026-03-06T09:00')),
      quote(MNQ, 20990, at('2026-03-06T09:01')),
      trade(1, -80, at('2026-03-06T09:30')),
      trade(2, -420, at('2026-03-06T14:00')),
      position(MNQ, 'long', 0, 21000, at('2026-03-06T14:00:01')),
      tick(at('2026-03-06T16:59')),
      tick(at('2026-03-06T17:00')),
      trade(3, 50, at('2026-03-08T17:05')),
    ]
    const steps = replay(events, cfg)
    const a = (i: number) => steps[i]!.state.accounts[ACCOUNT]!
    expect(realizedOf(a(2), 'net')).toBe(-80)
    expect(Object.keys(a(2).lockouts)).toEqual([])
    expect(realizedOf(a(3), 'net')).toBe(-500)
    expect(Object.keys(a(3).lockouts).sort()).toEqual(['cooldown_after_loss|account', 'daily_realized_loss|account'])
    expect(a(3).lockouts['daily_realized_loss|account']?.expiry).toEqual({ kind: 'daily_reset', at: Date.UTC(2026, 2, 6, 23) })
    expect(steps[5]!.evaluations[0]!.status).toBe('LOCKED')
    // 17:00 CST = 23:00 UTC: the reset clears the daily lockout; the cooldown had already run out.
    expect(a(6).lockouts).toEqual({})
    expect(realizedOf(a(6), 'net')).toBe(0)
    expect(a(6).lastReset).toMatchObject({ previousRealized: -500, previousTradeCount: 2 })
    // Sunday 17:05 CDT (22:05 UTC, after DST) belongs to Monday 2026-03-09, whose day began at 22:00 UTC.
    expect(a(7).tradingDay).toEqual({ key: '2026-03-09', startsAt: Date.UTC(2026, 2, 8, 22), endsAt: Date.UTC(2026, 2, 9, 22) })
    expect(realizedOf(a(7), 'net')).toBe(50)
    expect(Object.keys(a(7).fills)).toEqual(['3'])
    expect(steps[7]!.plans).toEqual([])
  })
})
