import { describe, expect, it } from 'vitest'
import { databaseAt } from '../../../../test/support/store/migration-helpers'

describe('migration 0060 trading-day-counters', () => {
  it('DB-1 counters are keyed by (account, trading day, counter) and upsert', () => {
    const db = databaseAt(60)
    const bump = db.prepare(`INSERT INTO trading_day_counters (account_id, trading_day, counter, value, updated_at) VALUES (1, '2026-11-25', 'RULE-007.losses', 1, 0)
      ON CONFLICT (account_id, trading_day, counter) DO UPDATE SET value = value + excluded.value`)
    bump.run()
    bump.run()
    expect(db.prepare('SELECT value FROM trading_day_counters').pluck().get()).toBe(2)
    db.close()
  })
})
