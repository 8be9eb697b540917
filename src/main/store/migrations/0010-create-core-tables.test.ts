// Migration 10: core tables exist with int64-safe ids and the intent CHECKs.
import { describe, expect, it } from 'vitest'
import { columnNames, databaseAt, tableNames } from '../../../../test/support/store/migration-helpers'

describe('migration 0010 create-core-tables', () => {
  it('DB-5 creates the gateway mirror, intents, transitions, journal, meta and audit tables', () => {
    const db = databaseAt(10)
    expect(tableNames(db)).toEqual([
      'accounts', 'audit_log', 'events', 'meta', 'order_intents', 'order_state_transitions', 'orders', 'positions', 'schema_version', 'trades',
    ])
    expect(columnNames(db, 'schema_version')).toEqual(['version', 'name', 'applied_at', 'execution_time_ms'])
    expect(db.pragma('user_version', { simple: true })).toBe(10)
    db.close()
  })

  it('DB-5 order and trade ids above 2^32 are stored as exact INTEGERs', () => {
    const db = databaseAt(10)
    const big = 2 ** 45 + 7
    db.prepare(`INSERT INTO trades (id, account_id, contract_id, order_id, creation_ts, price, fees, side, size, voided, payload, inserted_at)
      VALUES (?, 1, 'C', ?, 0, 1, 0, 0, 1, 0, '{}', 0)`).run(big, big + 1)
    const row = db.prepare('SELECT id, order_id, typeof(id) AS t FROM trades').get() as { id: number; order_id: number; t: string }
    expect(row).toEqual({ id: big, order_id: big + 1, t: 'integer' })
    db.close()
  })

  it('IDEM-1 order_intents rejects unknown kinds and statuses and duplicate tags', () => {
    const db = databaseAt(10)
    const insert = db.prepare(`INSERT INTO order_intents (custom_tag, account_id, kind, reason, request, status, created_at, updated_at)
      VALUES (?, 1, ?, 'r', '{}', ?, 0, 0)`)
    insert.run('a', 'place', 'created')
    expect(() => insert.run('a', 'place', 'created')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => insert.run('b', 'teleport', 'created')).toThrow(/CHECK/)
    expect(() => insert.run('c', 'place', 'done')).toThrow(/CHECK/)
    db.close()
  })
})
