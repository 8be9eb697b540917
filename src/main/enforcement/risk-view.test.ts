// The dashboard's risk view is computed from the core's verdicts: P&L net of fees, headroom per rule,
// lockouts longest first (LOCK-5) and the kill switch shown as a lockout of its own.
import { describe, expect, it } from 'vitest'
import { ACCOUNT, MNQ, at, config, last, position, quote, trade } from '../../../test/support/risk/fixtures'
import { accountRiskView } from './risk-view'

const T0 = at('2026-03-10T10:00')

describe('accountRiskView', () => {
  it('UI-2 P&L is realized, unrealized, fees and net; a rule at 70 % or more reads warning with its figures', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 } })
    const result = last([trade(1, -80, T0, { fees: 0.74 }), position(MNQ, 'long', 1, 21000, T0 + 1), quote(MNQ, 21010, T0 + 2)], cfg)
    const view = accountRiskView({ state: result.state, config: cfg, evaluation: result.evaluations[0], accountId: ACCOUNT, shadow: false, now: T0 + 2, lastFiredAt: {}, pricedFromBars: false })
    expect(view?.pnl).toMatchObject({ realized: -80, unrealized: 20, fees: 0.74, net: -60.74, dailyLossLimit: 100, unrealizedStale: false, priceSource: 'live' })
    expect(view?.status).toBe('WARNING')
    const rule = view?.rules.find((r) => r.ruleId === 'daily_realized_loss')
    expect(rule).toMatchObject({ label: 'Daily loss limit', standing: 'warning', unit: 'usd', enabled: true })
    expect(rule?.percentUsed).toBeGreaterThanOrEqual(70)
  })

  it('LOCK-5 lockouts are listed longest first; the kill-switch halt is one of them', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 50, lockout_until: 'daily_reset' }, cooldown_after_loss: { loss_thresholds: [{ loss_amount: -10, cooldown_duration: 300 }] } })
    const result = last([trade(1, -60, T0), { kind: 'admin', at: T0 + 1, accountId: ACCOUNT, action: { kind: 'halt', reason: 'k', until: 'indefinite' } }], cfg)
    const view = accountRiskView({ state: result.state, config: cfg, evaluation: result.evaluations[0], accountId: ACCOUNT, shadow: true, now: T0 + 1, lastFiredAt: { daily_realized_loss: T0 }, pricedFromBars: false })
    expect(view?.status).toBe('HALTED')
    expect(view?.shadow).toBe(true)
    expect(view?.lockouts.map((l) => [l.ruleId, l.expiry])).toEqual([
      ['kill_switch', 'indefinite'],
      ['daily_realized_loss', 'daily_reset'],
      ['cooldown_after_loss', 'until'],
    ])
    expect(view?.rules.find((r) => r.ruleId === 'daily_realized_loss')).toMatchObject({ standing: 'breached', lastFiredAt: T0 })
  })
})
