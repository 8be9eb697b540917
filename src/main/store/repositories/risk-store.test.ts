// The risk-store repositories against a fully migrated in-memory database.
import { describe, expect, it } from 'vitest'
import type { Lockout } from '../../risk/plan'
import { LATEST_VERSION } from '../migrations/index'
import { databaseAt } from '../../../../test/support/store/migration-helpers'
import { SqliteEnforcementLogRepository } from './enforcement-log-repository'
import { SqliteLockoutRepository } from './lockout-repository'
import { SqliteCounterRepository, SqliteResetStateRepository } from './risk-day-repository'
import { SqliteRulesConfigRepository } from './rules-config-repository'

const daily: Lockout = { accountId: 1, ruleId: 'RULE-003', scope: { kind: 'account' }, expiry: { kind: 'daily_reset', at: 9_000 }, reason: 'loss', setAt: 100 }
const symbol: Lockout = { accountId: 1, ruleId: 'RULE-011', scope: { kind: 'symbol', root: 'MNQ' }, expiry: { kind: 'indefinite' }, reason: 'blocked', setAt: 100 }
const cooldown: Lockout = { accountId: 1, ruleId: 'RULE-007', scope: { kind: 'account' }, expiry: { kind: 'until', at: 500 }, reason: 'cool', setAt: 100 }

describe('risk store repositories', () => {
  it('LOCK-4 LOCK-5 per-rule lockouts round-trip, coexist, replace, clear and expire', () => {
    const repo = new SqliteLockoutRepository(databaseAt(LATEST_VERSION))
    repo.save(daily)
    repo.save(symbol)
    repo.save(cooldown)
    expect(repo.active(200, 1)).toEqual([daily, symbol, cooldown])
    expect(repo.active(600, 1)).toEqual([daily, symbol]) // an expired 'until' is not restored
    repo.save({ ...daily, reason: 'loss again', setAt: 150 })
    expect(repo.active(200).filter((l) => l.ruleId === 'RULE-003')).toEqual([{ ...daily, reason: 'loss again', setAt: 150 }])
    expect(repo.clear(1, 'RULE-011', { kind: 'symbol', root: 'MNQ' }, 'ADMIN_OVERRIDE', 'admin', 300)).toBe(true)
    expect(repo.clear(1, 'RULE-011', { kind: 'symbol', root: 'MNQ' }, 'ADMIN_OVERRIDE', 'admin', 300)).toBe(false)
    expect(repo.active(300).map((l) => l.ruleId)).toEqual(['RULE-007', 'RULE-003'])
  })

  it('PIPE-8 enforcement records keep their timings and shadow flag; failures are success = 0', () => {
    const db = databaseAt(LATEST_VERSION)
    const log = new SqliteEnforcementLogRepository(db)
    log.record({ accountId: 1, ruleId: 'RULE-001', action: 'close_position', reason: 'r', receivedAt: 10, plannedAt: 11, firstRequestAt: 12, verifiedAt: 40, outcome: 'verified', attempts: 1, shadow: false, detail: 'a,"b"' })
    log.record({ accountId: 1, ruleId: 'RULE-003', action: 'close_all', reason: 'r', receivedAt: 10, plannedAt: 11, firstRequestAt: null, verifiedAt: null, outcome: 'failed', attempts: 4, shadow: true, detail: null })
    const [second, first] = log.recent(10, 1)
    expect(first).toMatchObject({ receivedAt: 10, plannedAt: 11, firstRequestAt: 12, verifiedAt: 40, outcome: 'verified', detail: 'a,"b"' })
    expect(second).toMatchObject({ outcome: 'failed', shadow: true, attempts: 4 })
  })

  it('DB-1 trading-day counters add up per day; reset state round-trips (RESET-4)', () => {
    const db = databaseAt(LATEST_VERSION)
    const counters = new SqliteCounterRepository(db)
    counters.add(1, '2026-11-25', 'RULE-007.losses', 1, 0)
    expect(counters.add(1, '2026-11-25', 'RULE-007.losses', 1, 1)).toBe(2)
    counters.add(1, '2026-11-26', 'RULE-007.losses', 1, 2)
    expect(counters.all(1, '2026-11-25')).toEqual({ 'RULE-007.losses': 2 })
    const resets = new SqliteResetStateRepository(db)
    const state = { accountId: 1, lastResetAt: 5, lastBoundaryAt: 4, nextResetAt: 86_400_004, resetTime: '17:00', timezone: 'America/Chicago' }
    resets.save(state, 5)
    resets.save({ ...state, lastResetAt: 6 }, 6)
    expect(resets.get(1)).toEqual({ ...state, lastResetAt: 6 })
    expect(resets.get(2)).toBeNull()
  })

  it('rules-config versions: newest first, with hash, when and by', () => {
    const repo = new SqliteRulesConfigRepository(databaseAt(LATEST_VERSION))
    repo.save('rules: {}\n', 'default', 1)
    const v2 = repo.save('rules:\n  max_contracts: {limit: 2}\n', 'admin', 2, 'tighten')
    expect(repo.latest()).toEqual(v2)
    expect(repo.list(5).map((v) => v.createdBy)).toEqual(['admin', 'default'])
    expect(v2.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
