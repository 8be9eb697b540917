// Migration 30: the query indexes exist, are used by the hot queries (EXPLAIN QUERY PLAN) and re-running is harmless.
import { describe, expect, it } from 'vitest'
import { migration0030 } from './0030-create-query-indexes'
import { databaseAt, indexNames } from '../../../../test/support/store/migration-helpers'

function plan(db: ReturnType<typeof databaseAt>, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ')
}

describe('migration 0030 create-query-indexes', () => {
  it('DB-6 creates the four required indexes', () => {
    const db = databaseAt(30)
    expect(indexNames(db)).toEqual(
      expect.arrayContaining(['orders_account_status', 'trades_account_creation', 'enforcement_log_success_ts', 'order_intents_status']),
    )
    db.close()
  })

  it('DB-6 EXPLAIN QUERY PLAN confirms the hot queries use them', () => {
    const db = databaseAt(30)
    db.exec('ANALYZE')
    expect(plan(db, 'SELECT * FROM orders WHERE account_id = 1 AND status IN (1, 6, 7, 8)')).toContain('orders_account_status')
    expect(plan(db, 'SELECT * FROM trades WHERE account_id = 1 AND creation_ts >= 0 ORDER BY creation_ts')).toContain('trades_account_creation')
    expect(plan(db, 'SELECT * FROM enforcement_log WHERE success = 0 ORDER BY ts DESC LIMIT 20')).toContain('enforcement_log_success_ts')
    expect(plan(db, "SELECT * FROM order_intents WHERE status IN ('created', 'sent', 'unknown')")).toContain('order_intents_status')
    db.close()
  })

  it('running the step again is harmless (IF NOT EXISTS)', () => {
    const db = databaseAt(30)
    expect(() => migration0030.up(db)).not.toThrow()
    db.close()
  })
})
