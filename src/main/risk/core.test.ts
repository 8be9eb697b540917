// CORE, PIPE, LOCK and RESET lines of risk-rules.md §10 against the pure core.
import { describe, expect, it } from 'vitest'
import { OrderStatus } from '../../shared/projectx/enums'
import { evaluateAccount, nextWakeAt } from './evaluate'
import { positionUnrealized, realizedOf, unrealizedOf } from './pnl'
import { contractRoot, symbolMatches, DEFAULT_SYMBOL_ALIASES } from './symbols'
import { createRiskState } from './state'
import { replay } from './replay'
import { ACCOUNT, ES, MNQ, account, at, config, kinds, last, order, position, quote, tick, trade } from '../../../test/support/risk/fixtures'

const T0 = at('2026-03-10T10:00')
const none = config({})

describe('core P&L, quotes, contracts', () => {
  it('CORE-1: long unrealized = (last − avg)/tick × value × size: 3 MNQ 21000→21002 = +12.00', () => {
    const r = last([position(MNQ, 'long', 3, 21000, T0), quote(MNQ, 21002, T0)], none)
    expect(unrealizedOf(r.state, account(r), T0).total).toBe(12)
  })
  it('CORE-2: a short flips the sign: 2 ES 5000→4995 = +500.00', () => {
    const r = last([position(ES, 'short', 2, 5000, T0), quote(ES, 4995, T0)], none)
    expect(unrealizedOf(r.state, account(r), T0).total).toBe(500)
  })
  it('CORE-3: a position without a quote is left out, reported missing, and never breaches', () => {
    const cfg = config({ daily_unrealized_loss: { loss_limit: 1 } })
    const r = last([position(MNQ, 'long', 3, 21000, T0)], cfg)
    expect(unrealizedOf(r.state, account(r), T0)).toEqual({ total: 0, breachable: 0, missing: [MNQ] })
    expect(kinds(r)).toEqual([])
    expect(r.evaluations[0]?.findings.some((f) => f.message.includes('Missing quote'))).toBe(true)
  })
  it('CORE-4: a quote older than 10 s is flagged stale, still used in the figure, but does not breach', () => {
    const cfg = config({ daily_unrealized_loss: { loss_limit: 100 } })
    const r = last([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 20700, T0, T0 - 11_000)], cfg)
    expect(unrealizedOf(r.state, account(r), T0).total).toBe(-1200)
    expect(kinds(r)).toEqual([])
    expect(r.evaluations[0]?.findings.some((f) => f.message.includes('Stale'))).toBe(true)
  })
  it('CORE-5 (pure part): tick specs arrive on the position event; the contract cache itself lives in the engine', () => {
    const r = last([position(ES, 'long', 1, 5800, T0)], none)
    expect(account(r).positions[ES]).toMatchObject({ tickSize: 0.25, tickValue: 12.5 })
  })
  it('CORE-6: a half-turn (profitAndLoss null) leaves gross realized P&L and loss rules unchanged', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 } })
    const r = last([trade(1, -50, T0), trade(2, null, T0 + 1)], cfg)
    expect(realizedOf(account(r), 'gross')).toBe(-50)
    expect(kinds(r)).toEqual([])
  })
  it('CORE-7: a voided trade adds no P&L and no count; voiding a counted trade reverses it', () => {
    const r = last([trade(1, -80, T0), trade(2, -20, T0 + 1), trade(1, -80, T0 + 2, { voided: true })], none)
    expect(realizedOf(account(r), 'net')).toBe(-20)
    expect(Object.keys(account(r).fills)).toEqual(['2'])
  })
  it('fills re-sent by the hub are counted once (dedupe by trade id)', () => {
    const r = last([trade(1, -80, T0), trade(1, -80, T0 + 5)], none)
    expect(realizedOf(account(r), 'net')).toBe(-80)
  })
  it('realized is net of fees and commissions by default; gross setting ignores them (D-3)', () => {
    const events = [trade(1, 100, T0, { fees: 2.5, commissions: 1.24 }), trade(2, null, T0 + 1, { fees: 1 })]
    const r = last(events, none)
    expect(realizedOf(account(r), 'net')).toBe(95.26)
    expect(realizedOf(account(r), 'gross')).toBe(100)
  })
  it('CORE-8: a position event with size 0 removes the position', () => {
    const r = last([position(MNQ, 'long', 1, 21000, T0), position(MNQ, 'long', 0, 21000, T0 + 1)], none)
    expect(account(r).positions).toEqual({})
  })
  it('CORE-9: order status 2/3/4/5 removes it from the working set; 1 or 6 upserts', () => {
    for (const status of [OrderStatus.Filled, OrderStatus.Cancelled, OrderStatus.Expired, OrderStatus.Rejected]) {
      const r = last([order(5, MNQ, T0), order(5, MNQ, T0 + 1, { status })], none)
      expect(account(r).orders).toEqual({})
    }
    const r = last([order(5, MNQ, T0, { status: OrderStatus.Pending }), order(5, MNQ, T0 + 1, { status: OrderStatus.Open, size: 2 })], none)
    expect(account(r).orders[5]?.size).toBe(2)
  })
  it('CORE-10: roots parse from CON.F.US.<ROOT>.<MY>; aliases map ES↔EP, NQ↔ENQ; an odd id is its own root', () => {
    expect(contractRoot('CON.F.US.MNQ.U25')).toBe('MNQ')
    expect(contractRoot('UNUSUAL.FORMAT.RTY')).toBe('UNUSUAL.FORMAT.RTY')
    expect(symbolMatches('es', ES, DEFAULT_SYMBOL_ALIASES)).toBe(true)
    expect(symbolMatches('NQ', 'CON.F.US.ENQ.Z26', DEFAULT_SYMBOL_ALIASES)).toBe(true)
    expect(symbolMatches('ES', 'CON.F.US.MES.Z26', DEFAULT_SYMBOL_ALIASES)).toBe(false)
  })
  it('unrealized counted: include_unrealized breaches on realized + fresh unrealized ≤ −limit', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 500, include_unrealized: true } })
    const r = last([trade(1, -300, T0), position(MNQ, 'long', 2, 21000, T0 + 1), quote(MNQ, 20900, T0 + 2)], cfg)
    expect(kinds(r)).toContain('close_all')
    const without = last([trade(1, -300, T0), position(MNQ, 'long', 2, 21000, T0 + 1), quote(MNQ, 20900, T0 + 2)], config({ daily_realized_loss: { loss_limit: 500 } }))
    expect(kinds(without)).toEqual([])
  })
  it('trailing from high-water: limit measured down from the day’s highest net P&L', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 500, trailing: true } })
    const up = last([trade(1, 800, T0), trade(2, -400, T0 + 1)], cfg)
    expect(account(up).dayHighWater).toBe(800)
    expect(kinds(up)).toEqual([])
    const down = last([trade(1, 800, T0), trade(2, -500, T0 + 1)], cfg)
    expect(kinds(down)).toContain('set_lockout')
  })
})

describe('pipeline', () => {
  it('PIPE-1: state is updated before rules run: a −100 trade is already in the total the rule reads', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 } })
    expect(kinds(last([trade(1, -100, T0)], cfg))).toContain('close_all')
  })
  it('PIPE-2 (pure part): replay folds events strictly in order, one at a time', () => {
    const steps = replay([trade(1, -10, T0), trade(2, -20, T0 + 1)], none)
    expect(steps.map((s) => realizedOf(s.state.accounts[ACCOUNT]!, 'net'))).toEqual([-10, -30])
  })
  it('PIPE-3: every rule configured runs for every event (all rules evaluated, I-25)', () => {
    const cfg = config({ max_contracts: { limit: 1 }, daily_realized_loss: { loss_limit: 100 }, symbol_blocks: { blocked_symbols: ['RTY'] } })
    const r = last([position(MNQ, 'long', 2, 21000, T0)], cfg)
    expect(new Set(r.evaluations[0]?.findings.map((f) => f.ruleId))).toEqual(new Set(['max_contracts', 'daily_realized_loss', 'symbol_blocks']))
  })
  it('PIPE-4: a rule that throws is reported and the other rules still decide', () => {
    const r = last([trade(1, -100, T0)], config({ daily_realized_loss: { loss_limit: 100 } }))
    const state = r.state
    const exploding = { contractId: MNQ, side: 'long', openedAt: 0, get size(): number { throw new Error('boom') } }
    const broken = { ...state, accounts: { ...state.accounts, [ACCOUNT]: { ...account(r), positions: { [MNQ]: exploding as never } } } }
    const evaluation = evaluateAccount(broken, ACCOUNT, config({ max_contracts: { limit: 1 }, daily_realized_loss: { loss_limit: 100 } }), T0)
    expect(evaluation.errors.map((e) => e.ruleId)).toContain('max_contracts')
    expect(evaluation.findings.some((f) => f.ruleId === 'daily_realized_loss')).toBe(true)
  })
  it('PIPE-5 (plan part): while locked, a new position is closed and a new non-protective order cancelled; stops kept', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 } })
    const r = last([trade(1, -150, T0), position(MNQ, 'long', 1, 21000, T0 + 5000), order(9, MNQ, T0 + 6000, { type: 1, side: 0, stopPrice: null, limitPrice: 20990 }), order(10, MNQ, T0 + 7000)], cfg)
    const actions = r.plans.flatMap((p) => p.actions.map((a) => a.action))
    expect(actions).toContainEqual({ kind: 'close_position', accountId: ACCOUNT, contractId: MNQ })
    expect(actions).toContainEqual({ kind: 'cancel_order', accountId: ACCOUNT, orderId: 9 })
    expect(actions).not.toContainEqual({ kind: 'cancel_order', accountId: ACCOUNT, orderId: 10 })
  })
  it('PIPE-6 (pure part; the in-flight registry is the executor’s): identical actions from several rules appear once in a plan', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 }, daily_unrealized_loss: { loss_limit: 10, scope: 'total', action: 'CLOSE_ALL_AND_LOCKOUT' } })
    const r = last([position(MNQ, 'long', 2, 21000, T0), quote(MNQ, 20900, T0), trade(1, -100, T0 + 1)], cfg)
    expect(kinds(r).filter((k) => k === 'close_all')).toHaveLength(1)
    expect(kinds(r).filter((k) => k === 'cancel_all_orders')).toHaveLength(1)
  })
  it('PIPE-7 (pure part; searchOpen re-checks and retries are the executor’s): a position still open after close_all is closed again on its next event', () => {
    const cfg = config({ daily_realized_loss: { loss_limit: 100 } })
    const r = last([position(MNQ, 'long', 1, 21000, T0), trade(1, -100, T0 + 1), position(MNQ, 'long', 1, 21000, T0 + 2, T0 + 2)], cfg)
    expect(kinds(r)).toContain('close_position')
  })
  it('PIPE-8 (pure part; audit rows and pushes are I/O): every planned action names its rule and a reason with the figures', () => {
    const r = last([trade(1, -100, T0)], config({ daily_realized_loss: { loss_limit: 100 } }))
    for (const a of r.plans[0]!.actions) {
      expect(a.ruleId).toBe('daily_realized_loss')
      expect(a.reason).toContain('−$100.00')
    }
  })
  it('PIPE-9 (pure part; end-to-end latency is measured in bench/): one event through every rule takes well under 10 ms', () => {
    const cfg = config({ max_contracts: {}, daily_realized_loss: {}, daily_unrealized_loss: {}, trade_frequency_limit: {}, cooldown_after_loss: {}, no_stop_loss_grace: {}, symbol_blocks: { blocked_symbols: ['RTY'] } })
    const events = Array.from({ length: 500 }, (_, i) => (i % 2 ? quote(MNQ, 21000 + (i % 7), T0 + i) : trade(i, -1, T0 + i)))
    const started = performance.now()
    replay([position(MNQ, 'long', 1, 21000, T0), ...events], cfg)
    expect((performance.now() - started) / 500).toBeLessThan(10)
  })
  it('PIPE-11 (not testable in the pure core: HTTP 429 retries are the executor’s): a plan is data and is re-derived on the next event', () => {
    const cfg = config({ max_contracts: { limit: 1 } })
    const steps = replay([position(MNQ, 'long', 2, 21000, T0), tick(T0 + 1000)], cfg)
    expect(kinds(steps[0]!)).toEqual(['close_all'])
    expect(kinds(steps[1]!)).toEqual(['close_all'])
  })
  it('PIPE-10 (pure part): a reconciliation snapshot replaces positions and orders and rebuilds P&L', () => {
    const r = last([position(MNQ, 'long', 1, 21000, T0), { kind: 'reconcile', at: T0 + 1, accountId: ACCOUNT, positions: [], orders: [], trades: [{ ...trade(4, -40, T0) }], canTrade: true }], none)
    expect(account(r).positions).toEqual({})
    expect(realizedOf(account(r), 'net')).toBe(-40)
  })
})

describe('lockouts', () => {
  const cooldown = config({ cooldown_after_loss: {} })
  it('LOCK-1: an `until` lockout reports locked before and clears itself at `until`', () => {
    const steps = replay([trade(1, -100, T0), tick(T0 + 299_999), tick(T0 + 300_000)], cooldown)
    expect(steps[1]?.evaluations[0]?.status).toBe('LOCKED')
    expect(steps[2]?.state.accounts[ACCOUNT]?.lockouts).toEqual({})
  })
  it('LOCK-2: an indefinite lockout never expires by itself', () => {
    const steps = replay([{ kind: 'account', at: T0, accountId: ACCOUNT, name: 'a', balance: 1, canTrade: false }, tick(T0 + 86_400_000 * 30)], config({ auth_loss_guard: {} }))
    expect(steps[1]?.evaluations[0]?.status).toBe('LOCKED')
  })
  it('LOCK-3: a cooldown of N seconds reports nextChangeAt = now + N and clears after N', () => {
    const r = last([trade(1, -100, T0)], cooldown)
    expect(account(r).lockouts['cooldown_after_loss|account']?.expiry).toEqual({ kind: 'until', at: T0 + 300_000 })
    expect(nextWakeAt(r.state, cooldown, T0)).toBe(T0 + 60_000)
  })
  it('LOCK-4 (pure part): restored lockouts keep their expiry; one expired while down is dropped on the first event', () => {
    const r = last([trade(1, -100, T0)], cooldown)
    const after = replay([tick(T0 + 400_000)], cooldown, r.state)
    expect(after[0]?.state.accounts[ACCOUNT]?.lockouts).toEqual({})
  })
  it('LOCK-5: several lockouts at once per account, keyed by rule; locked while any is active', () => {
    const cfg = config({ cooldown_after_loss: {}, daily_realized_loss: { loss_limit: 100 } })
    const r = last([trade(1, -100, T0)], cfg)
    expect(Object.keys(account(r).lockouts).sort()).toEqual(['cooldown_after_loss|account', 'daily_realized_loss|account'])
    const later = replay([tick(T0 + 400_000)], cfg, r.state)[0]
    expect(later?.evaluations[0]?.status).toBe('LOCKED')
  })
  it('LOCK-6: a symbol lockout blocks only that symbol; other positions untouched', () => {
    const cfg = config({ symbol_blocks: { blocked_symbols: ['RTY'] } })
    const r = last([position(MNQ, 'long', 1, 21000, T0), position('CON.F.US.RTY.H25', 'long', 1, 2000, T0 + 1)], cfg)
    const actions = r.plans.flatMap((p) => p.actions.map((a) => a.action))
    expect(actions.some((a) => a.kind === 'close_position' && a.contractId === MNQ)).toBe(false)
    expect(actions).toContainEqual({ kind: 'close_position', accountId: ACCOUNT, contractId: 'CON.F.US.RTY.H25' })
  })
  it('LOCK-7 (pure part): an admin unlock clears the selected lockout only (audit and password are in host/)', () => {
    const cfg = config({ cooldown_after_loss: {}, daily_realized_loss: { loss_limit: 100, lockout_until: 'permanent' } })
    const r = last([trade(1, -100, T0), { kind: 'admin', at: T0 + 1, accountId: ACCOUNT, action: { kind: 'unlock', ruleId: 'cooldown_after_loss', scope: { kind: 'account' }, reason: 'x' } }], cfg)
    expect(Object.keys(account(r).lockouts)).toEqual(['daily_realized_loss|account'])
  })
})

describe('daily reset', () => {
  const cfg = config({ daily_realized_loss: { loss_limit: 500 }, symbol_blocks: { blocked_symbols: ['RTY'] } })
  it('RESET-1: at 17:00 Chicago realized P&L becomes 0; previous figures kept for the push', () => {
    const steps = replay([trade(1, -200, at('2026-03-10T16:59')), tick(at('2026-03-10T17:00'))], cfg)
    const a = steps[1]!.state.accounts[ACCOUNT]!
    expect(realizedOf(a, 'net')).toBe(0)
    expect(a.lastReset).toMatchObject({ previousRealized: -200, previousTradeCount: 1 })
  })
  it('RESET-2: only daily_reset lockouts clear; canTrade, symbol and permanent ones stay', () => {
    const c = config({ daily_realized_loss: { loss_limit: 100 }, symbol_blocks: { blocked_symbols: ['RTY'] }, auth_loss_guard: {} })
    const steps = replay([trade(1, -100, at('2026-03-10T14:00')), position('CON.F.US.RTY.H25', 'long', 1, 2000, at('2026-03-10T14:01')), { kind: 'account', at: at('2026-03-10T14:02'), accountId: ACCOUNT, name: 'a', balance: 0, canTrade: false }, tick(at('2026-03-10T17:00'))], c)
    expect(Object.keys(steps[3]!.state.accounts[ACCOUNT]!.lockouts).sort()).toEqual(['auth_loss_guard|account', 'symbol_blocks|symbol:RTY'])
  })
  it('RESET-3: session trade count goes to 0 and the session starts at the reset instant', () => {
    const steps = replay([trade(1, 5, at('2026-03-10T16:00')), tick(at('2026-03-10T17:00'))], cfg)
    const a = steps[1]!.state.accounts[ACCOUNT]!
    expect(Object.keys(a.fills)).toHaveLength(0)
    expect(a.tradingDay.startsAt).toBe(at('2026-03-10T17:00'))
  })
  it('RESET-4: exactly once per boundary: a second tick after the boundary does not reset again', () => {
    const steps = replay([tick(at('2026-03-10T17:00')), trade(1, -50, at('2026-03-10T17:05')), tick(at('2026-03-10T17:10'))], cfg)
    expect(realizedOf(steps[2]!.state.accounts[ACCOUNT]!, 'net')).toBe(-50)
  })
  it('RESET-5: a reset missed while down runs once at start; a restart between boundaries keeps the day', () => {
    const before = replay([trade(1, -50, at('2026-03-10T12:00'))], cfg)[0]!.state
    const sameDay = replay([tick(at('2026-03-10T15:00'))], cfg, before)[0]!
    expect(realizedOf(sameDay.state.accounts[ACCOUNT]!, 'net')).toBe(-50)
    const nextDay = replay([tick(at('2026-03-12T09:00'))], cfg, before)[0]!
    expect(realizedOf(nextDay.state.accounts[ACCOUNT]!, 'net')).toBe(0)
    expect(nextDay.state.accounts[ACCOUNT]!.tradingDay.key).toBe('2026-03-12')
  })
  it('RESET-6: a trade at 18:00 counts toward the next trading day', () => {
    const steps = replay([trade(1, -300, at('2026-03-10T16:00')), trade(2, -300, at('2026-03-10T18:00'))], cfg)
    const a = steps[1]!.state.accounts[ACCOUNT]!
    expect(a.tradingDay.key).toBe('2026-03-11')
    expect(realizedOf(a, 'net')).toBe(-300)
    expect(kinds(steps[1]!)).toEqual([])
  })
  it('RESET-7: the reset closes no position', () => {
    const steps = replay([position(MNQ, 'long', 1, 21000, at('2026-03-10T16:00')), tick(at('2026-03-10T17:00'))], cfg)
    expect(kinds(steps[1]!)).toEqual([])
    expect(steps[1]!.state.accounts[ACCOUNT]!.positions[MNQ]).toBeDefined()
  })
  it('the core starts from an empty state', () => {
    expect(createRiskState()).toEqual({ accounts: {}, quotes: {} })
  })
  it('positionUnrealized handles ticks exactly', () => {
    expect(positionUnrealized({ positionId: 1, contractId: MNQ, side: 'long', size: 2, averagePrice: 21000, openedAt: 0, tickSize: 0.25, tickValue: 0.5 }, 20925)).toBe(-300)
  })
})
