// The merge, the account status and the wake-up query the engine's timer uses.
import { describe, expect, it } from 'vitest'
import { mergeBySeverity, nextWakeAt } from './evaluate'
import type { PlannedAction } from './plan'
import { ACCOUNT, ES, MNQ, at, config, kinds, last, position, quote, tick } from '../../../test/support/risk/fixtures'
import { step } from './step'

const T0 = at('2026-03-10T10:00')

describe('evaluate', () => {
  it('nextWakeAt is the earliest of grace expiry, lockout expiry and the reset', () => {
    const cfg = config({ no_stop_loss_grace: {} })
    const r = last([position(MNQ, 'long', 1, 21000, T0)], cfg)
    expect(nextWakeAt(r.state, cfg, T0)).toBe(T0 + 30_000)
    const flat = last([position(MNQ, 'long', 1, 21000, T0), position(MNQ, 'long', 0, 21000, T0 + 1)], cfg)
    expect(nextWakeAt(flat.state, cfg, T0 + 1)).toBe(at('2026-03-10T17:00'))
  })
  it('merge orders by ACTION_SEVERITY, dedupes identical actions, and drops closes made redundant by close_all', () => {
    const a = (action: PlannedAction['action']): PlannedAction => ({ ruleId: 'r', reason: 'x', action })
    const merged = mergeBySeverity([
      a({ kind: 'modify_stop', accountId: ACCOUNT, orderId: 1, stopPrice: 1 }),
      a({ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }),
      a({ kind: 'cancel_all_orders', accountId: ACCOUNT }),
      a({ kind: 'close_all', accountId: ACCOUNT }),
      a({ kind: 'close_all', accountId: ACCOUNT }),
    ])
    expect(merged.map((m) => m.action.kind)).toEqual(['close_all', 'cancel_all_orders', 'modify_stop'])
  })
  it('the kill switch (admin halt) reads HALTED and flattens every position; resume lifts it', () => {
    const cfg = config({})
    const halted = last([position(MNQ, 'long', 1, 21000, T0), { kind: 'admin', at: T0 + 1, accountId: ACCOUNT, action: { kind: 'halt', reason: 'kill switch' } }], cfg)
    expect(halted.evaluations[0]!.status).toBe('HALTED')
    expect(kinds(halted)).toEqual(['close_position'])
    const resumed = last([{ kind: 'admin', at: T0, accountId: ACCOUNT, action: { kind: 'halt', reason: 'k' } }, { kind: 'admin', at: T0 + 1, accountId: ACCOUNT, action: { kind: 'resume', reason: 'r' } }, tick(T0 + 2)], cfg)
    expect(resumed.evaluations[0]!.status).toBe('ACTIVE')
  })
  it('the kill switch with until: daily_reset stays HALTED through the day and lifts at the reset; indefinite does not', () => {
    const cfg = config({})
    const halt = (until: 'daily_reset' | 'indefinite') => ({ kind: 'admin' as const, at: T0, accountId: ACCOUNT, action: { kind: 'halt' as const, reason: 'kill switch', until } })
    expect(last([halt('daily_reset'), tick(at('2026-03-10T16:59'))], cfg).evaluations[0]!.status).toBe('HALTED')
    expect(last([halt('daily_reset'), tick(at('2026-03-10T17:00'))], cfg).evaluations[0]!.status).toBe('ACTIVE')
    expect(last([halt('indefinite'), tick(at('2026-03-11T17:00'))], cfg).evaluations[0]!.status).toBe('HALTED')
  })
  it('PIPE-2 a quote is evaluated only for the accounts holding its contract; the others stay as they were', () => {
    const cfg = config({ daily_unrealized_loss: { loss_limit: 100 } })
    const other = { ...position(ES, 'long', 1, 6000, T0), accountId: ACCOUNT + 1 }
    const before = last([position(MNQ, 'long', 1, 21000, T0), other], cfg)
    const after = step(before.state, cfg, quote(MNQ, 20990, T0 + 1))
    expect(after.evaluations.map((e) => e.accountId)).toEqual([ACCOUNT])
    expect(after.state.accounts[ACCOUNT + 1]).toBe(before.state.accounts[ACCOUNT + 1])
  })
})
