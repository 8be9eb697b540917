// Each slice on its own: snapshot then pushes, ordering, caps, and references kept when unchanged.
import { describe, expect, it } from 'vitest'
import { createTiltguardStore } from '../store'
import { cannedFills, cannedPortfolio, cannedRisk, cannedAudit } from '../../../../../test/fakes/canned-dashboard'
import { filterAudit } from './audit-slice'
import { deepEqual } from './same'

describe('portfolio slice', () => {
  it('keeps the reference of an unchanged list so its table does not re-render on a price tick', () => {
    const store = createTiltguardStore()
    expect(store.getState().portfolioLoaded).toBe(false)
    store.getState().setPortfolio(cannedPortfolio())
    const { accounts, orders } = store.getState()
    const p = cannedPortfolio()
    store.getState().setPortfolio({ ...p, positions: p.positions.map((x) => ({ ...x, lastPrice: 6016 })) })
    expect(store.getState().accounts).toBe(accounts)
    expect(store.getState().orders).toBe(orders)
    expect(store.getState().positions[0]?.lastPrice).toBe(6016)
    expect(store.getState().portfolioLoaded).toBe(true)
  })
})

describe('fills slice', () => {
  it('keeps newest first, each id once (a voided fill replaces itself)', () => {
    const store = createTiltguardStore()
    store.getState().setFills(cannedFills())
    const [newest] = cannedFills()
    store.getState().appendFill({ ...newest!, voided: true })
    store.getState().appendFill({ ...newest!, id: 1, at: newest!.at + 10 })
    expect(store.getState().fills.map((f) => [f.id, f.voided])).toEqual([[1, false], [7002, true], [7001, false]])
  })
})

describe('risk slice', () => {
  it('keys accounts by id, lists lockouts longest first and keeps unchanged accounts', () => {
    const store = createTiltguardStore()
    const risk = cannedRisk()
    store.getState().setRisk(risk)
    const before = store.getState().riskByAccount
    expect(store.getState().riskMeta).toMatchObject({ rulesSource: 'example', activeRuleCount: 4, exchangeTimeZone: 'America/Chicago' })
    expect(store.getState().lockouts.map((l) => l.ruleId)).toEqual(['daily_loss_limit', 'cooldown_after_loss'])
    const changed = { ...risk, at: risk.at + 1, accounts: risk.accounts.map((a) => (a.accountId === 102 ? { ...a, status: 'LOCKED' as const } : a)) }
    store.getState().setRisk(JSON.parse(JSON.stringify(changed)))
    const after = store.getState().riskByAccount
    expect(after[101]).toBe(before[101])
    expect(after[102]).not.toBe(before[102])
    expect(store.getState().riskAt).toBe(risk.at + 1)
  })

  it('puts indefinite lockouts first', () => {
    const store = createTiltguardStore()
    const risk = cannedRisk()
    const indefinite = { ...risk.accounts[2]!.lockouts[1]!, ruleId: 'admin', expiry: 'indefinite' as const, endsAt: null }
    store.getState().setRisk({ ...risk, accounts: [{ ...risk.accounts[0]!, lockouts: [indefinite] }, risk.accounts[2]!] })
    expect(store.getState().lockouts.map((l) => l.ruleId)).toEqual(['admin', 'daily_loss_limit', 'cooldown_after_loss'])
  })
})

describe('pnl slice', () => {
  it('loads a series, appends newer risk pushes and ignores older ones', () => {
    const store = createTiltguardStore()
    store.getState().setPnlSeries(101, [{ at: 20, net: 2 }, { at: 10, net: 1 }])
    const risk = cannedRisk()
    store.getState().appendPnlFromRisk({ ...risk, at: 30 })
    store.getState().appendPnlFromRisk({ ...risk, at: 15 })
    expect(store.getState().pnlSeries[101]).toEqual([{ at: 10, net: 1 }, { at: 20, net: 2 }, { at: 30, net: 28.5 }])
    // A later load keeps pushed points newer than the loaded series.
    store.getState().setPnlSeries(101, [{ at: 25, net: 5 }])
    expect(store.getState().pnlSeries[101]).toEqual([{ at: 25, net: 5 }, { at: 30, net: 28.5 }])
  })

  it('moves the last point through a flat stretch instead of growing', () => {
    const store = createTiltguardStore()
    const risk = cannedRisk()
    for (const at of [1, 2, 3, 4]) store.getState().appendPnlFromRisk({ ...risk, at })
    expect(store.getState().pnlSeries[101]).toEqual([{ at: 1, net: 28.5 }, { at: 4, net: 28.5 }])
  })
})

describe('audit slice', () => {
  it('merges by id and filters by account, rule and kind', () => {
    const store = createTiltguardStore()
    store.getState().setAudit(cannedAudit())
    store.getState().mergeAudit([{ ...cannedAudit()[0]!, id: 9 }])
    expect(store.getState().audit.map((e) => e.id)).toEqual([9, 3, 2, 1])
    store.getState().setAuditFilter({ accountId: 103 })
    const { audit, auditFilter } = store.getState()
    expect(filterAudit(audit, auditFilter).map((e) => e.id)).toEqual([9, 3])
    expect(filterAudit(audit, { ...auditFilter, category: 'order' })).toEqual([])
    expect(filterAudit(audit, { accountId: null, ruleId: null, category: null })).toBe(audit)
  })
})

describe('settings and ui slices', () => {
  it('tracks preferences, view and kill-switch progress from a hotkey press', () => {
    const store = createTiltguardStore()
    expect(store.getState().preferences.theme).toBe('dark')
    store.getState().setView('settings')
    store.getState().applyKillProgress({ accountId: 101, phase: 'started', ordersCancelled: 0, positionsClosed: 0, elapsedMs: 0 })
    expect(store.getState().killSwitch.phase).toBe('running')
    expect(store.getState().view).toBe('settings')
  })

  it('deepEqual compares plain values', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(deepEqual({ a: [1] }, { a: [1, 2] })).toBe(false)
    expect(deepEqual(null, {})).toBe(false)
  })
})

describe('kill switch progress from elsewhere (the hotkey)', () => {
  it('runs while any account is in progress and is done when all are', () => {
    const store = createTiltguardStore()
    const p = (accountId: number, phase: 'closing' | 'done') => ({ accountId, phase, ordersCancelled: 1, positionsClosed: 1, elapsedMs: 300 })
    store.getState().applyKillProgress(p(101, 'closing'))
    store.getState().applyKillProgress(p(102, 'closing'))
    store.getState().applyKillProgress(p(101, 'done'))
    expect(store.getState().killSwitch.phase).toBe('running')
    store.getState().applyKillProgress(p(102, 'done'))
    expect(store.getState().killSwitch.phase).toBe('done')
  })
})

describe('selectors keep their references across unrelated ticks', () => {
  it('working orders and accounts by id do not change when only prices move', async () => {
    const { selectAccountsById, selectWorkingOrders } = await import('../selectors')
    const store = createTiltguardStore()
    store.getState().setPortfolio(cannedPortfolio())
    const before = store.getState()
    const p = cannedPortfolio()
    store.getState().setPortfolio({ ...p, positions: p.positions.map((x) => ({ ...x, lastPrice: 6020, unrealizedPnl: 77.5 })) })
    const after = store.getState()
    expect(selectWorkingOrders(after)).toBe(selectWorkingOrders(before))
    expect(selectAccountsById(after)).toBe(selectAccountsById(before))
    expect(selectWorkingOrders(after).map((o) => o.id)).toEqual([9001])
  })
})
