// Risk state: scoped lockouts (I-6, I-7, I-9), upserted daily P&L (I-11), unrealized min/max, enforcement log (DB-5).
import { describe, expect, it } from 'vitest'
import { databaseAt } from '../../../../test/support/store/migration-helpers'
import { LATEST_VERSION } from '../migrations/index'
import { SqliteRiskStateRepository } from './risk-state-repository'

const repo = () => new SqliteRiskStateRepository(databaseAt(LATEST_VERSION))

describe('SqliteRiskStateRepository', () => {
  it('I-6 a cooldown does not overwrite a daily lockout; I-7 the daily reset clears only daily_reset lockouts', () => {
    const r = repo()
    r.setLockout({ accountId: 1, ruleId: 'RULE-003', scope: '', reason: 'daily loss', expiry: { kind: 'daily_reset' }, lockedAt: 10 })
    r.setLockout({ accountId: 1, ruleId: 'RULE-007', scope: '', reason: 'cooldown', expiry: { kind: 'until', at: 100 }, lockedAt: 20 })
    r.setLockout({ accountId: 1, ruleId: 'RULE-010', scope: '', reason: 'canTrade false', expiry: { kind: 'indefinite' }, lockedAt: 30 })
    expect(r.activeLockouts(50, 1).map((l) => l.ruleId)).toEqual(['RULE-003', 'RULE-007', 'RULE-010'])
    expect(r.activeLockouts(100, 1).map((l) => l.ruleId)).toEqual(['RULE-003', 'RULE-010']) // cooldown expired at 100
    expect(r.clearLockouts({ accountId: 1, expiryKind: 'daily_reset' }, 'daily-reset', 'trading day rolled', 200)).toBe(1)
    expect(r.activeLockouts(200, 1).map((l) => l.ruleId)).toEqual(['RULE-010'])
  })

  it('I-9 setting a lockout again replaces the active one for that (account, rule, scope)', () => {
    const r = repo()
    r.setLockout({ accountId: 1, ruleId: 'RULE-011', scope: 'MNQ', reason: 'blocked', expiry: { kind: 'indefinite' }, lockedAt: 1 })
    r.setLockout({ accountId: 1, ruleId: 'RULE-011', scope: 'ES', reason: 'blocked', expiry: { kind: 'indefinite' }, lockedAt: 2 })
    r.setLockout({ accountId: 1, ruleId: 'RULE-011', scope: 'MNQ', reason: 'blocked again', expiry: { kind: 'until', at: 99 }, lockedAt: 3 })
    const active = r.activeLockouts(5)
    expect(active.map((l) => [l.scope, l.reason, l.expiry])).toEqual([
      ['ES', 'blocked', { kind: 'indefinite' }],
      ['MNQ', 'blocked again', { kind: 'until', at: 99 }],
    ])
  })

  it('I-11 daily realized P&L upserts per trading day, the first fill of a new day included', () => {
    const r = repo()
    r.addRealizedPnl(1, '2026-11-25', -120.5, 1.48, 1)
    r.addRealizedPnl(1, '2026-11-25', 20, 0.74, 2)
    r.addRealizedPnl(1, '2026-11-26', -5, 0.74, 3)
    expect(r.dailyPnl(1, '2026-11-25')).toEqual({ realizedPnl: -100.5, fees: expect.closeTo(2.22, 9), tradeCount: 2 })
    expect(r.dailyPnl(1, '2026-11-26')).toEqual({ realizedPnl: -5, fees: 0.74, tradeCount: 1 })
    r.setDailyPnl(1, '2026-11-26', { realizedPnl: -7, fees: 1, tradeCount: 3 }, 4)
    expect(r.dailyPnl(1, '2026-11-26')).toEqual({ realizedPnl: -7, fees: 1, tradeCount: 3 })
    expect(r.dailyPnl(2, '2026-11-26')).toBeNull()
  })

  it('DB-5 daily_unrealized_pnl keeps the last value and the intraday min and max', () => {
    const r = repo()
    for (const [i, pnl] of [-50, -300, 120, -10].entries()) r.recordUnrealized(1, '2026-11-25', pnl, 1, 40_000, i)
    expect(r.unrealized(1, '2026-11-25')).toEqual({ last: -10, min: -300, max: 120 })
  })

  it('DB-5 enforcement attempts are logged with counts and timing; failed ones can be listed alone', () => {
    const r = repo()
    r.logEnforcement({ ts: 1, accountId: 1, ruleId: 'RULE-003', action: 'flatten', reason: 'loss', success: true, positionsClosed: 2, ordersCanceled: 3, executionTimeMs: 145 })
    r.logEnforcement({ ts: 2, accountId: 1, ruleId: 'RULE-003', action: 'flatten', reason: 'loss', success: false, positionsClosed: 0, ordersCanceled: 0, executionTimeMs: null, errorMessage: 'timeout', details: { attempt: 2 } })
    expect(r.enforcementHistory(10).map((e) => e.ts)).toEqual([2, 1])
    const failed = r.enforcementHistory(10, { onlyFailed: true })
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ success: false, executionTimeMs: null, errorMessage: 'timeout', details: { attempt: 2 } })
    expect(r.enforcementHistory(10)[1]).toMatchObject({ positionsClosed: 2, ordersCanceled: 3, executionTimeMs: 145, success: true })
  })
})
