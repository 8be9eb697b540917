import { describe, expect, it } from 'vitest'
import { MIGRATIONS, runMigrations } from './index'
import { columnNames, databaseAt } from '../../../../test/support/store/migration-helpers'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'

describe('migration 0080 enforcement-timings', () => {
  it('PIPE-8 adds the timing columns; older rows keep working with defaults', () => {
    const db = databaseAt(70)
    db.prepare("INSERT INTO enforcement_log (ts, account_id, rule_id, action, reason) VALUES (1, 1, 'RULE-001', 'close_position', 'r')").run()
    runMigrations(db, { logger: new MemoryLogger(), now: () => 1, migrations: MIGRATIONS.filter((m) => m.version <= 80) })
    expect(columnNames(db, 'enforcement_log')).toEqual(
      expect.arrayContaining(['received_at', 'planned_at', 'first_request_at', 'verified_at', 'outcome', 'attempts', 'shadow']),
    )
    expect(db.prepare('SELECT attempts, shadow, outcome FROM enforcement_log').get()).toEqual({ attempts: 0, shadow: 0, outcome: null })
    expect(() => db.prepare("INSERT INTO enforcement_log (ts, account_id, rule_id, action, reason, shadow) VALUES (1, 1, 'x', 'y', 'z', 2)").run()).toThrow(/CHECK/)
    db.close()
  })
})
