// §10 R1–R6 worked examples (corrected arithmetic, I-2) and the D-1 boundaries.
import { describe, expect, it } from 'vitest'
import { replay } from '../replay'
import { ACCOUNT, ES, ES_H27, MNQ, account, at, config, kinds, last, position, quote, trade } from '../../../../test/support/risk/fixtures'

const T0 = at('2026-03-10T10:00')
const actions = (r: ReturnType<typeof last>) => r.plans.flatMap((p) => p.actions.map((a) => a.action))
const RTY = 'CON.F.US.RTY.H25'

describe('RULE-001 max_contracts', () => {
  const cfg = config({ max_contracts: { limit: 5 } })
  it('R1-1: total 5 with limit 5 gives no action (count boundary: > limit)', () => {
    expect(kinds(last([position(MNQ, 'long', 3, 21000, T0), position(ES, 'long', 2, 5800, T0)], cfg))).toEqual([])
  })
  it('R1-2: total 6 with limit 5 and close_all flattens, reason names 6 and 5, no lockout', () => {
    const r = last([position(MNQ, 'long', 4, 21000, T0), position(ES, 'long', 2, 5800, T0)], cfg)
    expect(kinds(r)).toEqual(['close_all'])
    expect(r.plans[0]?.actions[0]?.reason).toContain('6 > 5')
    expect(account(r).lockouts).toEqual({})
  })
  it('R1-3: gross sums sizes; net is |Σ signed sizes| across contracts', () => {
    const events = [position(MNQ, 'long', 5, 21000, T0), position(ES, 'short', 3, 5800, T0)]
    expect(kinds(last(events, config({ max_contracts: { limit: 5, count_type: 'gross' } })))).toEqual(['close_all'])
    expect(kinds(last(events, config({ max_contracts: { limit: 5, count_type: 'net' } })))).toEqual([])
  })
  it('R1-4: reduce_to_limit with limit 3 on MNQ 2 + ES 3 closes ES and leaves MNQ', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 3, 5800, T0)], config({ max_contracts: { limit: 3, reduce_to_limit: true } }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: ES }])
  })
  it('R1-5: enabled=false never acts', () => {
    expect(kinds(last([position(MNQ, 'long', 9, 21000, T0)], config({ max_contracts: { enabled: false } })))).toEqual([])
  })
})

describe('RULE-002 max_contracts_per_instrument', () => {
  it('R2-1: MNQ limit 2 with 3 and reduce_to_limit reduces by 1', () => {
    const r = last([position(MNQ, 'long', 3, 21000, T0)], config({ max_contracts_per_instrument: { limits: { MNQ: 2 } } }))
    expect(actions(r)).toEqual([{ kind: 'reduce_position', accountId: ACCOUNT, contractId: MNQ, by: 1 }])
  })
  it('R2-2: the same breach with close_all closes the whole MNQ position', () => {
    const r = last([position(MNQ, 'long', 3, 21000, T0)], config({ max_contracts_per_instrument: { limits: { MNQ: 2 }, enforcement: 'close_all' } }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }])
  })
  it('R2-3: an unlisted symbol under block is closed in full', () => {
    const r = last([position(RTY, 'long', 1, 2000, T0)], config({ max_contracts_per_instrument: { limits: { MNQ: 2 } } }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: RTY }])
  })
  it('R2-4: allow_with_limit:1 reduces size 2 to 1; allow_unlimited lets 5 pass', () => {
    const r = last([position(RTY, 'long', 2, 2000, T0)], config({ max_contracts_per_instrument: { unknown_symbol_action: 'allow_with_limit:1' } }))
    expect(actions(r)).toEqual([{ kind: 'reduce_position', accountId: ACCOUNT, contractId: RTY, by: 1 }])
    expect(kinds(last([position(RTY, 'long', 5, 2000, T0)], config({ max_contracts_per_instrument: { unknown_symbol_action: 'allow_unlimited' } })))).toEqual([])
  })
  it('R2-5: two expiries of one root count together (ES limit 1: Z26 1 + H27 1 breaches)', () => {
    const r = last([position(ES, 'long', 1, 5800, T0), position(ES_H27, 'long', 1, 5810, T0)], config({ max_contracts_per_instrument: { limits: { ES: 1 } } }))
    expect(kinds(r)).toEqual(['close_position'])
  })
  it('R2-6: no lockout after a per-instrument enforcement', () => {
    const r = last([position(MNQ, 'long', 3, 21000, T0)], config({ max_contracts_per_instrument: { limits: { MNQ: 2 } } }))
    expect(account(r).lockouts).toEqual({})
  })
})

describe('RULE-003 daily_realized_loss', () => {
  const cfg = config({ daily_realized_loss: { loss_limit: 500 } })
  it('R3-1: +100, +50, −200 (−50) gives no action', () => {
    expect(kinds(last([trade(1, 100, T0), trade(2, 50, T0 + 1), trade(3, -200, T0 + 2)], cfg))).toEqual([])
  })
  it('R3-2: reaching −loss_limit (boundary ≤ −limit) flattens, cancels and locks until 17:00 Chicago', () => {
    const r = last([trade(1, -500, T0)], cfg)
    expect(kinds(r)).toEqual(['set_lockout', 'close_all', 'cancel_all_orders'])
    const lock = account(r).lockouts['daily_realized_loss|account']
    expect(lock?.expiry).toEqual({ kind: 'daily_reset', at: at('2026-03-10T17:00') })
    expect(lock?.reason).toContain('−$500.00')
    expect(kinds(last([trade(1, -499.99, T0)], cfg))).toEqual([])
  })
  it('R3-3: a breach at 14:00 locks until 17:00 the same day; at 18:00 until 17:00 the next day', () => {
    const a = last([trade(1, -600, at('2026-03-10T14:00'))], cfg)
    expect(account(a).lockouts['daily_realized_loss|account']?.expiry).toEqual({ kind: 'daily_reset', at: at('2026-03-10T17:00') })
    const b = last([trade(1, -600, at('2026-03-10T18:00'))], cfg)
    expect(account(b).lockouts['daily_realized_loss|account']?.expiry).toEqual({ kind: 'daily_reset', at: at('2026-03-11T17:00') })
  })
  it('R3-4: −300 then −250 breaches at −550 on the second trade', () => {
    const steps = replay([trade(1, -300, T0), trade(2, -250, T0 + 1)], cfg)
    expect(kinds(steps[0]!)).toEqual([])
    expect(kinds(steps[1]!)).toContain('close_all')
  })
  it('R3-5: lockout_until permanent gives an indefinite lockout that survives the reset', () => {
    const steps = replay([trade(1, -600, T0), { kind: 'tick', at: at('2026-03-11T17:30') }], config({ daily_realized_loss: { loss_limit: 500, lockout_until: 'permanent' } }))
    expect(steps[1]!.state.accounts[ACCOUNT]!.lockouts['daily_realized_loss|account']?.expiry).toEqual({ kind: 'indefinite' })
  })
  it('R3-6: at reset the lockout clears and daily P&L reads 0', () => {
    const steps = replay([trade(1, -600, T0), { kind: 'tick', at: at('2026-03-10T17:00') }], cfg)
    expect(steps[1]!.evaluations[0]!.status).toBe('ACTIVE')
    expect(steps[1]!.evaluations[0]!.findings[0]?.currentValue).toBe(0)
  })
  it('R3-7: a fill during the lockout is closed at once (PIPE-5)', () => {
    const r = last([trade(1, -600, T0), position(MNQ, 'long', 1, 21000, T0 + 60_000)], cfg)
    expect(actions(r)).toContainEqual({ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ })
  })
  it('R3-8: the finding carries value, limit and % used; WARNING at ≥ 70 %', () => {
    const r = last([trade(1, -450, T0)], cfg)
    expect(r.evaluations[0]!.findings[0]).toMatchObject({ currentValue: -450, limit: -500, percentUsed: 90, status: 'warning' })
    expect(r.evaluations[0]!.status).toBe('WARNING')
  })
})

describe('RULE-004 daily_unrealized_loss', () => {
  it('R4-1: per_position limit 300, 2 MNQ 21000 → 20925.00 (−300, at the limit) closes only that contract, no lockout', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 1, 5800, T0), quote(ES, 5800, T0), quote(MNQ, 20925, T0)], config({ daily_unrealized_loss: {} }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }])
    expect(account(r).lockouts).toEqual({})
  })
  it('R4-2: 2 MNQ → 20700 (−1200) closes MNQ only, the other position stays', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 1, 5800, T0), quote(ES, 5801, T0), quote(MNQ, 20700, T0)], config({ daily_unrealized_loss: {} }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }])
  })
  it('R4-3: total scope −200 + −1250 = −1450 ≤ −300 flattens, cancels, locks until reset', () => {
    const cfg = config({ daily_unrealized_loss: { scope: 'total', action: 'CLOSE_ALL_AND_LOCKOUT' } })
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 1, 5800, T0), quote(MNQ, 20950, T0), quote(ES, 5775, T0)], cfg)
    expect(kinds(r)).toEqual(['set_lockout', 'close_all', 'cancel_all_orders'])
    expect(r.evaluations[0]!.findings.at(-1)?.currentValue).toBe(-1450)
  })
  it('R4-4: a recovery before the limit gives no action', () => {
    const steps = replay([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 20930, T0), quote(MNQ, 20990, T0 + 1)], config({ daily_unrealized_loss: {} }))
    expect(steps.flatMap((s) => kinds(s))).toEqual([])
  })
  it('R4-5 (pure part): repeated quotes re-issue the same single close; the in-flight registry of the executor dedupes across events', () => {
    const steps = replay([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 20700, T0), quote(MNQ, 20690, T0 + 1)], config({ daily_unrealized_loss: {} }))
    expect(kinds(steps[2]!)).toEqual(['close_position'])
  })
  it('R4-6: a missing quote for one position never breaches on it', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 1, 5800, T0), quote(ES, 5800, T0)], config({ daily_unrealized_loss: { loss_limit: 1 } }))
    expect(kinds(r)).toEqual([])
  })
})

describe('RULE-005 max_unrealized_profit', () => {
  it('R5-1: per_position target 1000, 2 MNQ 21000 → 21250 (+1000, boundary ≥ target) closes it, no lockout', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 21250, T0)], config({ max_unrealized_profit: {} }))
    expect(actions(r)).toEqual([{ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ }])
    expect(kinds(last([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 21249.75, T0)], config({ max_unrealized_profit: {} })))).toEqual([])
  })
  it('R5-2: total +200 + +3200 = +3400 ≥ 1000 flattens, cancels, locks until reset', () => {
    const r = last([position(MNQ, 'long', 2, 21000, T0), position(ES, 'long', 1, 5800, T0), quote(MNQ, 21050, T0), quote(ES, 5864, T0)], config({ max_unrealized_profit: { scope: 'total', action: 'CLOSE_ALL_AND_LOCKOUT' } }))
    expect(kinds(r)).toEqual(['set_lockout', 'close_all', 'cancel_all_orders'])
  })
  it('R5-3: breakeven mode ignores a fresh position and fires after +arm_ticks then back to ≤ 0', () => {
    const cfg = config({ max_unrealized_profit: { mode: 'breakeven', arm_ticks: 4 } })
    const steps = replay([position(MNQ, 'long', 1, 21000, T0), quote(MNQ, 21000, T0), quote(MNQ, 21001, T0 + 1), quote(MNQ, 21000, T0 + 2)], cfg)
    expect(kinds(steps[1]!)).toEqual([])
    expect(kinds(steps[3]!)).toEqual(['close_position'])
  })
  it('R5-4: after the reset a new day’s target applies (daily lockout cleared)', () => {
    const cfg = config({ max_unrealized_profit: { scope: 'total', action: 'CLOSE_ALL_AND_LOCKOUT' } })
    const steps = replay([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 21300, T0), position(MNQ, 'long', 0, 21000, T0 + 1), { kind: 'tick', at: at('2026-03-10T17:00') }], cfg)
    expect(steps[3]!.state.accounts[ACCOUNT]!.lockouts).toEqual({})
  })
})

describe('RULE-006 trade_frequency_limit', () => {
  const cfg = config({ trade_frequency_limit: {} })
  const fills = (offsets: number[]) => offsets.map((s, i) => trade(i + 1, null, T0 + s * 1000))
  it('R6-1: 3 trades in 60 s pass; a 4th sets a 60 s cooldown shown as 4/3', () => {
    const steps = replay(fills([0, 10, 20, 30]), cfg)
    expect(kinds(steps[2]!)).toEqual([])
    const lock = steps[3]!.state.accounts[ACCOUNT]!.lockouts['trade_frequency_limit|account']
    expect(lock?.expiry).toEqual({ kind: 'until', at: T0 + 90_000 })
    expect(lock?.reason).toContain('4/3')
  })
  it('R6-2: trades at 0, 10, 20 and 70 s roll: no breach', () => {
    expect(replay(fills([0, 10, 20, 70]), cfg).flatMap((s) => kinds(s))).toEqual([])
  })
  it('R6-3: an 11th trade within 60 min sets an 1800 s cooldown', () => {
    const r = last(fills([0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000]), cfg)
    expect(account(r).lockouts['trade_frequency_limit|account']?.expiry).toEqual({ kind: 'until', at: T0 + 3_000_000 + 1_800_000 })
  })
  it('R6-4: the 51st trade of the session locks until the next reset (decision D-4)', () => {
    const r = last(fills(Array.from({ length: 51 }, (_, i) => i * 400)), config({ trade_frequency_limit: { limits: { per_minute: 100, per_hour: 100, per_session: 50 } } }))
    expect(account(r).lockouts['trade_frequency_limit|account']?.expiry).toEqual({ kind: 'daily_reset', at: at('2026-03-10T17:00') })
  })
  it('R6-5: minute and hour both breached: the longer cooldown (1800 s) applies', () => {
    const r = last(fills([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), cfg)
    expect(account(r).lockouts['trade_frequency_limit|account']?.expiry).toEqual({ kind: 'until', at: T0 + 10_000 + 1_800_000 })
  })
  it('R6-6: the session count exceeds the hourly count (older trades still count)', () => {
    const r = last(fills([0, 1000, 2000, 4000, 8000]), cfg)
    const session = r.evaluations[0]!.findings.find((f) => f.subject === 'session')
    const hour = r.evaluations[0]!.findings.find((f) => f.subject === 'hour')
    expect(session?.currentValue).toBe(5)
    expect(hour?.currentValue).toBeLessThan(5)
  })
  it('R6-7: no position is closed by a frequency breach', () => {
    const r = last([position(MNQ, 'long', 1, 21000, T0 - 1), ...fills([0, 1, 2, 3])], cfg)
    expect(kinds(r)).toEqual(['set_lockout'])
  })
  it('the minute window rolls across the 17:00 reset while the session count restarts', () => {
    const steps = replay([30, 40, 50].map((s, i) => trade(i + 1, null, at('2026-03-10T16:59') + s * 1000)).concat([trade(9, null, at('2026-03-10T17:00:10'))]), cfg)
    const final = steps.at(-1)!
    expect(kinds(final)).toEqual(['set_lockout'])
    expect(final.evaluations[0]!.findings.find((f) => f.subject === 'session')?.currentValue).toBe(1)
  })
  it('R6-8: windows use creationTimestamp, not receipt time; Tiltguard’s own fills are not counted', () => {
    const late = [0, 10, 20, 70].map((s, i) => trade(i + 1, null, T0 + 80_000, { executedAt: T0 + s * 1000 }))
    expect(replay(late, cfg).flatMap((s) => kinds(s))).toEqual([])
    const own = [0, 1, 2, 3].map((s, i) => trade(i + 1, null, T0 + s * 1000, { sentByTiltguard: i === 3 }))
    expect(replay(own, cfg).flatMap((s) => kinds(s))).toEqual([])
  })
})
