// §10 R7–R12: cooldowns, stop grace, sessions, canTrade, symbol blocks, trade management.
import { describe, expect, it } from 'vitest'
import { OrderSide, OrderStatus, OrderType } from '../../../shared/projectx/enums'
import { replay } from '../replay'
import type { RiskEvent } from '../events'
import { ACCOUNT, ES, MES, MNQ, RTY_H25, RTY_M25, account, at, config, kinds, last, order, position, quote, tick, trade } from '../../../../test/support/risk/fixtures'

const T0 = at('2026-03-10T10:00')
const actions = (r: ReturnType<typeof last>) => r.plans.flatMap((p) => p.actions.map((a) => a.action))
const acct = (canTrade: boolean | null, when: number): RiskEvent => ({ kind: 'account', at: when, accountId: ACCOUNT, name: 'a', balance: 0, canTrade })

describe('RULE-007 cooldown_after_loss', () => {
  const cfg = config({ cooldown_after_loss: {} })
  const expiryOf = (pnl: number | null) => account(last([trade(1, pnl, T0)], cfg)).lockouts['cooldown_after_loss|account']?.expiry
  it('R7-1: −75 none; −100.00 exactly 300 s; −150 300 s; −250 900 s; −350 1800 s', () => {
    expect(expiryOf(-75)).toBeUndefined()
    expect(expiryOf(-100)).toEqual({ kind: 'until', at: T0 + 300_000 })
    expect(expiryOf(-150)).toEqual({ kind: 'until', at: T0 + 300_000 })
    expect(expiryOf(-250)).toEqual({ kind: 'until', at: T0 + 900_000 })
    expect(expiryOf(-350)).toEqual({ kind: 'until', at: T0 + 1_800_000 })
  })
  it('R7-2: profitable, zero, null and voided trades never trigger', () => {
    expect(expiryOf(200)).toBeUndefined()
    expect(expiryOf(0)).toBeUndefined()
    expect(expiryOf(null)).toBeUndefined()
    expect(account(last([trade(1, -500, T0, { voided: true })], cfg)).lockouts).toEqual({})
  })
  it('R7-3: a new cooldown while one is active keeps the later expiry', () => {
    const r = last([trade(1, -350, T0), trade(2, -120, T0 + 60_000)], cfg)
    expect(account(r).lockouts['cooldown_after_loss|account']?.expiry).toEqual({ kind: 'until', at: T0 + 1_800_000 })
  })
  it('R7-4 (pure part): a restored cooldown keeps its absolute expiry; an expired one is not re-applied', () => {
    const saved = last([trade(1, -120, T0)], cfg).state
    expect(replay([tick(T0 + 100_000)], cfg, saved)[0]!.evaluations[0]!.status).toBe('LOCKED')
    expect(replay([tick(T0 + 301_000)], cfg, saved)[0]!.state.accounts[ACCOUNT]!.lockouts).toEqual({})
  })
  it('R7-5: the cooldown closes no existing position; a new fill during it is closed (PIPE-5)', () => {
    const r = last([position(MNQ, 'long', 1, 21000, T0 - 10), trade(1, -120, T0)], cfg)
    expect(kinds(r)).toEqual(['set_lockout'])
    const during = last([trade(1, -120, T0), position(ES, 'long', 1, 5800, T0 + 10_000)], cfg)
    expect(actions(during)).toContainEqual({ kind: 'close_position', accountId: ACCOUNT, contractId: ES })
  })
})

describe('RULE-008 no_stop_loss_grace', () => {
  const cfg = config({ no_stop_loss_grace: {} })
  const open = position(MNQ, 'long', 1, 21000, T0)
  it('R8-1: Long MNQ @21000 with a Sell Stop @20950 at t=10 s gives no action', () => {
    expect(replay([open, order(1, MNQ, T0 + 10_000), tick(T0 + 31_000)], cfg).flatMap((s) => kinds(s))).toEqual([])
  })
  it('R8-2: no stop by 30 s (boundary ≥ grace) closes that position only, no lockout', () => {
    const steps = replay([open, position(ES, 'long', 1, 5800, T0 + 29_000), order(2, ES, T0 + 29_500, { size: 1 }), tick(T0 + 29_999), tick(T0 + 30_000)], cfg)
    expect(kinds(steps[3]!)).toEqual([])
    expect(actions(steps[4]!)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }])
    expect(steps[4]!.plans[0]!.actions[0]!.reason).toContain('no stop-loss within 30 s')
    expect(steps[4]!.state.accounts[ACCOUNT]!.lockouts).toEqual({})
  })
  it('R8-3: a take-profit Sell Limit @21050 alone does not count', () => {
    const r = last([open, order(1, MNQ, T0 + 1, { type: OrderType.Limit, limitPrice: 21050, stopPrice: null }), tick(T0 + 30_000)], cfg)
    expect(kinds(r)).toEqual(['close_position'])
  })
  it('R8-4: Short @21000 with a Sell Stop @20950 (wrong side) does not count', () => {
    const r = last([position(MNQ, 'short', 1, 21000, T0), order(1, MNQ, T0 + 1, { side: OrderSide.Ask }), tick(T0 + 30_000)], cfg)
    expect(kinds(r)).toEqual(['close_position'])
  })
  it('R8-5: Stop, StopLimit and TrailingStop all count; a breakeven stop at entry counts (I-30)', () => {
    for (const type of [OrderType.Stop, OrderType.StopLimit, OrderType.TrailingStop]) {
      expect(kinds(last([open, order(1, MNQ, T0 + 1, { type, stopPrice: 21000 }), tick(T0 + 30_000)], cfg))).toEqual([])
    }
  })
  it('R8-6: a stop cancelled during the grace period breaches at expiry', () => {
    const r = last([open, order(1, MNQ, T0 + 1), order(1, MNQ, T0 + 5_000, { status: OrderStatus.Cancelled }), tick(T0 + 30_000)], cfg)
    expect(kinds(r)).toEqual(['close_position'])
  })
  it('R8-7: a position closed before expiry is dropped; a size change does not restart the clock', () => {
    expect(kinds(last([open, position(MNQ, 'long', 0, 21000, T0 + 5_000), tick(T0 + 30_000)], cfg))).toEqual([])
    expect(kinds(last([open, position(MNQ, 'long', 2, 21000, T0 + 20_000, T0), tick(T0 + 30_000)], cfg))).toEqual(['close_position'])
  })
  it('R8-8: the grace clock starts at creationTimestamp, so a restart (event seen late) does not extend it', () => {
    expect(kinds(last([position(MNQ, 'long', 1, 21000, T0 + 40_000, T0)], cfg))).toEqual(['close_position'])
  })
})

describe('RULE-009 session_block_outside', () => {
  const cfg = config({ session_block_outside: {} }, { holidays: ['2025-12-25'] })
  const ny = (s: string) => at(s, 'America/New_York')
  it('R9-1: a position at 10:00 ET inside 09:30–16:00 ET gives no action', () => {
    expect(kinds(last([position(MNQ, 'long', 1, 21000, ny('2026-03-10T10:00'))], cfg))).toEqual([])
  })
  it('R9-2: 08:00 or 20:00 ET closes, cancels and locks until 09:30, skipping the weekend', () => {
    const morning = last([position(MNQ, 'long', 1, 21000, ny('2026-03-10T08:00'))], cfg)
    expect(kinds(morning)).toEqual(['set_lockout', 'close_position', 'cancel_all_orders'])
    expect(account(morning).lockouts['session_block_outside|account']?.expiry).toEqual({ kind: 'until', at: ny('2026-03-10T09:30') })
    const friday = last([position(MNQ, 'long', 1, 21000, ny('2026-03-13T20:00'))], cfg)
    expect(account(friday).lockouts['session_block_outside|account']?.expiry).toEqual({ kind: 'until', at: ny('2026-03-16T09:30') })
  })
  it('R9-3: at 16:00 with close-at-end everything closes and locks until the next session', () => {
    const r = last([position(MNQ, 'long', 1, 21000, ny('2026-03-10T15:00')), tick(ny('2026-03-10T16:00'))], cfg)
    expect(kinds(r)).toContain('close_position')
    expect(account(r).lockouts['session_block_outside|account']?.expiry).toEqual({ kind: 'until', at: ny('2026-03-11T09:30') })
  })
  it('R9-4: on a holiday (2025-12-25) a position is closed, the account locks, the finding names the holiday', () => {
    const r = last([position(MNQ, 'long', 1, 21000, ny('2025-12-25T10:00'))], cfg)
    expect(kinds(r)).toContain('set_lockout')
    expect(r.evaluations[0]!.findings[0]!.message).toContain('Holiday: 2025-12-25')
    expect(account(r).lockouts['session_block_outside|account']?.expiry).toEqual({ kind: 'until', at: ny('2025-12-26T09:30') })
  })
  it('R9-5: ES override Sun 18:00 → Fri 17:00 CT allows Monday 10:00 and weekday 18:00, blocks Saturday', () => {
    const es = config({ session_block_outside: { per_instrument_sessions: { ES: { start: '18:00', end: '17:00', timezone: 'America/Chicago', start_day: 7, end_day: 5 } } } })
    expect(kinds(last([position(ES, 'long', 1, 5800, at('2026-03-09T10:00'))], es))).toEqual([])
    expect(kinds(last([position(ES, 'long', 1, 5800, at('2026-03-10T18:00'))], es))).toEqual([])
    const sat = last([position(ES, 'long', 1, 5800, at('2026-03-14T10:00'))], es)
    expect(account(sat).lockouts['session_block_outside|symbol:ES']?.expiry).toEqual({ kind: 'until', at: at('2026-03-15T18:00') })
  })
  it('R9-6: boundaries follow the session zone across DST (09:30 ET is 14:30 UTC before and 13:30 UTC after 2026-03-08)', () => {
    expect(kinds(last([position(MNQ, 'long', 1, 21000, Date.UTC(2026, 2, 6, 13, 45))], cfg))).toContain('close_position')
    expect(kinds(last([position(MNQ, 'long', 1, 21000, Date.UTC(2026, 2, 9, 13, 45))], cfg))).toEqual([])
  })
  it('R9-7: the finding says OPEN and when the session ends', () => {
    const f = last([position(MNQ, 'long', 1, 21000, ny('2026-03-10T10:00'))], cfg).evaluations[0]!.findings[0]!
    expect(f.message).toContain('OPEN')
    expect(f.nextChangeAt).toBe(ny('2026-03-10T16:00'))
  })
})

describe('RULE-010 auth_loss_guard', () => {
  const cfg = config({ auth_loss_guard: {}, cooldown_after_loss: {} })
  it('R10-1: canTrade true → false closes all, cancels all, indefinite lockout with "restricted"', () => {
    const r = last([acct(true, T0), acct(false, T0 + 1)], cfg)
    expect(kinds(r)).toEqual(['set_lockout', 'close_all', 'cancel_all_orders'])
    expect(account(r).lockouts['auth_loss_guard|account']?.reason).toContain('RESTRICTED')
  })
  it('R10-2: false → true removes only the RULE-010 lockout', () => {
    const r = last([acct(false, T0), trade(1, -150, T0 + 1), acct(true, T0 + 2)], cfg)
    expect(Object.keys(account(r).lockouts)).toEqual(['cooldown_after_loss|account'])
  })
  it('R10-3: canTrade false in the startup snapshot locks before any other event', () => {
    const r = last([{ kind: 'reconcile', at: T0, accountId: ACCOUNT, positions: [], orders: [], trades: [], canTrade: false }], cfg)
    expect(r.evaluations[0]!.status).toBe('LOCKED')
  })
  it('R10-4: canTrade missing (null) is treated as true with a warning finding', () => {
    const r = last([acct(null, T0)], cfg)
    expect(kinds(r)).toEqual([])
    expect(r.evaluations[0]!.findings.some((f) => f.message.includes('missing'))).toBe(true)
  })
  it('R10-5: false/true/false is three independent transitions', () => {
    const steps = replay([acct(false, T0), acct(true, T0 + 1), acct(false, T0 + 2)], cfg)
    expect(steps.map((s) => s.evaluations[0]!.status)).toEqual(['LOCKED', 'ACTIVE', 'LOCKED'])
  })
  it('R10-6: evaluated while another rule already locks the account', () => {
    const r = last([trade(1, -150, T0), acct(false, T0 + 1)], cfg)
    expect(account(r).lockouts['auth_loss_guard|account']).toBeDefined()
  })
  it('R10-7: an admin clear while canTrade=false is re-applied by the next account event', () => {
    const r = last([acct(false, T0), { kind: 'admin', at: T0 + 1, accountId: ACCOUNT, action: { kind: 'unlock', ruleId: 'auth_loss_guard', scope: { kind: 'account' }, reason: 'x' } }], cfg)
    expect(account(r).lockouts['auth_loss_guard|account']).toBeDefined()
  })
})

describe('RULE-011 symbol_blocks', () => {
  const cfg = config({ symbol_blocks: { blocked_symbols: ['RTY'] } })
  it('R11-1: a position in RTY is closed, RTY orders cancelled, permanent RTY symbol lockout', () => {
    const r = last([position(RTY_H25, 'long', 1, 2000, T0)], cfg)
    expect(actions(r)).toEqual([
      expect.objectContaining({ kind: 'set_lockout' }),
      { kind: 'close_position', accountId: ACCOUNT, contractId: RTY_H25 },
      { kind: 'cancel_all_orders', accountId: ACCOUNT, contractId: RTY_H25 },
    ])
    expect(account(r).lockouts['symbol_blocks|symbol:RTY']?.expiry).toEqual({ kind: 'indefinite' })
  })
  it('R11-2: a working order in a blocked symbol is cancelled on arrival', () => {
    expect(actions(last([order(4, RTY_H25, T0, { type: OrderType.Limit })], cfg))).toEqual([{ kind: 'cancel_order', accountId: ACCOUNT, orderId: 4 }])
  })
  it('R11-3: blocking ES does not affect MES; matching is case-insensitive', () => {
    const es = config({ symbol_blocks: { blocked_symbols: ['es'] } })
    expect(kinds(last([position(MES, 'long', 1, 5800, T0)], es))).toEqual([])
    expect(kinds(last([position(ES, 'long', 1, 5800, T0)], es))).toContain('close_position')
  })
  it('R11-4: RTY H25 and M25 are both closed and only one symbol lockout exists', () => {
    const r = last([position(RTY_H25, 'long', 1, 2000, T0), position(RTY_M25, 'long', 1, 2000, T0)], cfg)
    expect(actions(r).filter((a) => a.kind === 'close_position')).toHaveLength(2)
    expect(Object.keys(account(r).lockouts)).toEqual(['symbol_blocks|symbol:RTY'])
  })
  it('R11-5: adding a symbol on reload closes its position; removing it lifts the lockout', () => {
    const steps = replay([position(RTY_H25, 'long', 1, 2000, T0), { kind: 'config', at: T0 + 1, config: cfg }, position(RTY_H25, 'long', 0, 2000, T0 + 2), { kind: 'config', at: T0 + 3, config: config({ symbol_blocks: { blocked_symbols: [] } }) }], config({ symbol_blocks: {} }))
    expect(kinds(steps[1]!)).toContain('close_position')
    expect(steps[3]!.state.accounts[ACCOUNT]!.lockouts).toEqual({})
  })
  it('R11-6 (pure part): a position already closed yields no action, so nothing can error', () => {
    expect(kinds(last([position(RTY_H25, 'long', 1, 2000, T0), position(RTY_H25, 'long', 0, 2000, T0 + 1)], cfg))).toEqual([])
  })
})

describe('RULE-012 trade_management', () => {
  const be = config({ trade_management: { enabled: true, trailing_stop: { enabled: false } } })
  const trail = config({ trade_management: { enabled: true, auto_breakeven: { enabled: false } } })
  const stopOf = (r: ReturnType<typeof last>) => actions(r).flatMap((a) => (a.kind === 'place_stop' || a.kind === 'modify_stop' ? [a.stopPrice] : []))
  it('R12-1: Long MNQ @21000 at +11 ticks (21002.75) places a Sell Stop @21000.00 once', () => {
    const steps = replay([position(MNQ, 'long', 1, 21000, T0), quote(MNQ, 21002, T0), quote(MNQ, 21002.75, T0 + 1), quote(MNQ, 21003, T0 + 5000)], be)
    expect(kinds(steps[1]!)).toEqual([])
    expect(actions(steps[2]!)).toEqual([{ kind: 'place_stop', accountId: ACCOUNT, contractId: MNQ, side: 'sell', size: 1, stopPrice: 21000 }])
    expect(kinds(steps[3]!)).toEqual([])
  })
  it('R12-2: offset 2 ticks puts a long’s stop at 21000.50 and a short’s at 20999.50', () => {
    const cfg = config({ trade_management: { enabled: true, trailing_stop: { enabled: false }, auto_breakeven: { offset_ticks: 2 } } })
    expect(stopOf(last([position(MNQ, 'long', 1, 21000, T0), quote(MNQ, 21003, T0)], cfg))).toEqual([21000.5])
    expect(stopOf(last([position(MNQ, 'short', 1, 21000, T0), quote(MNQ, 20997, T0)], cfg))).toEqual([20999.5])
  })
  it('R12-3: trailing ES long @5800: 5805 → 5802.50, 5810 → 5807.50, never down', () => {
    const steps = replay([position(ES, 'long', 1, 5800, T0), quote(ES, 5805, T0), quote(ES, 5810, T0 + 2000), quote(ES, 5806, T0 + 4000)], trail)
    expect(stopOf(steps[1]!)).toEqual([5802.5])
    expect(stopOf(steps[2]!)).toEqual([5807.5])
    expect(stopOf(steps[3]!)).toEqual([])
  })
  it('R12-4: trailing ES short @5800: 5795 → 5797.50, 5790 → 5792.50, never up', () => {
    const steps = replay([position(ES, 'short', 1, 5800, T0), quote(ES, 5795, T0), quote(ES, 5790, T0 + 2000), quote(ES, 5794, T0 + 4000)], trail)
    expect(stopOf(steps[1]!)).toEqual([5797.5])
    expect(stopOf(steps[2]!)).toEqual([5792.5])
    expect(stopOf(steps[3]!)).toEqual([])
  })
  it('R12-5: an existing manual stop is modified, not duplicated; skipped with respect_manual_stops', () => {
    const events = [position(MNQ, 'long', 1, 21000, T0), order(3, MNQ, T0), quote(MNQ, 21003, T0 + 1)]
    expect(actions(last(events, be))).toEqual([{ kind: 'modify_stop', accountId: ACCOUNT, orderId: 3, stopPrice: 21000 }])
    expect(kinds(last(events, config({ trade_management: { enabled: true, auto_breakeven: { respect_manual_stops: true }, trailing_stop: { enabled: false } } })))).toEqual([])
  })
  it('R12-6: at most one stop modification per second per order', () => {
    const steps = replay([position(ES, 'long', 1, 5800, T0), order(3, ES, T0, { stopPrice: 5790 }), quote(ES, 5805, T0 + 1), order(3, ES, T0 + 200, { stopPrice: 5802.5 }), quote(ES, 5810, T0 + 500), quote(ES, 5810.25, T0 + 1200)], trail)
    expect(kinds(steps[2]!)).toEqual(['modify_stop'])
    expect(kinds(steps[4]!)).toEqual([])
    expect(stopOf(steps[5]!)).toEqual([5807.75])
  })
  it('R12-7: the rule never closes positions and never locks', () => {
    const steps = replay([position(ES, 'long', 1, 5800, T0), quote(ES, 5790, T0), quote(ES, 5830, T0 + 2000), quote(ES, 5700, T0 + 4000)], config({ trade_management: { enabled: true, auto_stop_loss: { enabled: true } } }))
    for (const s of steps) for (const k of kinds(s)) expect(['place_stop', 'modify_stop']).toContain(k)
  })
})
