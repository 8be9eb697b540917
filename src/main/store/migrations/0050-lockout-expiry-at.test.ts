import { describe, expect, it } from 'vitest'
import { MIGRATIONS, runMigrations } from './index'
import { columnNames, databaseAt } from '../../../../test/support/store/migration-helpers'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'

describe('migration 0050 lockout-expiry-at', () => {
  it('LOCK-4 adds expiry_at and copies locked_until of existing "until" lockouts', () => {
    const db = databaseAt(40)
    db.prepare(`INSERT INTO lockouts (account_id, rule_id, scope, reason, expiry_kind, locked_until, locked_at, updated_at)
      VALUES (1, 'RULE-007', '', 'cooldown', 'until', 5000, 0, 0), (1, 'RULE-003', '', 'daily', 'daily_reset', NULL, 0, 0)`).run()
    runMigrations(db, { logger: new MemoryLogger(), now: () => 1, migrations: MIGRATIONS.filter((m) => m.version <= 50) })
    expect(columnNames(db, 'lockouts')).toContain('expiry_at')
    expect(db.prepare('SELECT rule_id, expiry_at FROM lockouts ORDER BY id').all()).toEqual([
      { rule_id: 'RULE-007', expiry_at: 5000 },
      { rule_id: 'RULE-003', expiry_at: null },
    ])
    db.close()
  })
})
