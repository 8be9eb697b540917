// Migration 20: risk tables with the risk-rules.md §11 fixes, applied on top of a v10 database with data.
import { describe, expect, it } from 'vitest'
import { columnNames, databaseAt, migrateToLatest, tableNames } from '../../../../test/support/store/migration-helpers'
import { MIGRATIONS, runMigrations } from './index'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'

describe('migration 0020 create-risk-tables', () => {
  it('DB-5 adds lockouts, daily_pnl, daily_unrealized_pnl (+min/max), enforcement_log, reset_schedule, session_state, contract_cache', () => {
    const db = databaseAt(20)
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['lockouts', 'daily_pnl', 'daily_unrealized_pnl', 'enforcement_log', 'reset_schedule', 'session_state', 'contract_cache']),
    )
    expect(columnNames(db, 'enforcement_log')).toEqual(
      expect.arrayContaining(['ts', 'success', 'positions_closed', 'orders_canceled', 'execution_time_ms', 'rule_id', 'action', 'reason']),
    )
    expect(columnNames(db, 'daily_unrealized_pnl')).toEqual(expect.arrayContaining(['min_unrealized_pnl', 'max_unrealized_pnl']))
    db.close()
  })

  it('existing v10 data survives the step to v20', () => {
    const db = databaseAt(10)
    db.prepare("INSERT INTO meta (key, value, updated_at) VALUES ('k', '\"v\"', 1)").run()
    runMigrations(db, { logger: new MemoryLogger(), now: () => 5, migrations: MIGRATIONS.filter((m) => m.version <= 20) })
    expect(db.prepare('SELECT value FROM meta').pluck().get()).toBe('"v"')
    expect(db.pragma('user_version', { simple: true })).toBe(20)
    migrateToLatest(db)
    db.close()
  })

  it('I-6 one active lockout per (account, rule, scope); I-9 "until" needs a time and the others must not have one', () => {
    const db = databaseAt(20)
    const lock = db.prepare(`INSERT INTO lockouts (account_id, rule_id, scope, reason, expiry_kind, locked_until, locked_at, updated_at)
      VALUES (1, ?, ?, 'r', ?, ?, 0, 0)`)
    lock.run('RULE-003', '', 'daily_reset', null)
    lock.run('RULE-007', '', 'until', 5_000) // a cooldown next to the daily lockout (I-6)
    lock.run('RULE-011', 'MNQ', 'indefinite', null)
    expect(() => lock.run('RULE-003', '', 'daily_reset', null)).toThrow(/UNIQUE/)
    db.prepare("UPDATE lockouts SET cleared_at = 1 WHERE rule_id = 'RULE-003'").run()
    lock.run('RULE-003', '', 'daily_reset', null) // history row kept, new one allowed
    expect(() => lock.run('RULE-001', '', 'until', null)).toThrow(/CHECK/)
    expect(() => lock.run('RULE-002', '', 'indefinite', 9)).toThrow(/CHECK/)
    db.close()
  })

  it('I-11 daily_pnl is keyed by (account, trading_day) and upserts', () => {
    const db = databaseAt(20)
    const upsert = db.prepare(`INSERT INTO daily_pnl (account_id, trading_day, realized_pnl, trade_count, updated_at) VALUES (1, '2026-11-25', ?, 1, 0)
      ON CONFLICT (account_id, trading_day) DO UPDATE SET realized_pnl = realized_pnl + excluded.realized_pnl, trade_count = trade_count + 1`)
    upsert.run(-100)
    upsert.run(-50)
    expect(db.prepare('SELECT realized_pnl, trade_count FROM daily_pnl').get()).toEqual({ realized_pnl: -150, trade_count: 2 })
    db.close()
  })
})
