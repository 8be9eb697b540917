// Migration 40: chain columns added and pre-existing audit rows hashed, in one step.
import { describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../repositories/audit-chain'
import { columnNames, databaseAt, migrateToLatest } from '../../../../test/support/store/migration-helpers'

describe('migration 0040 audit-hash-chain', () => {
  it('adds prev_hash/hash and backfills rows written before it so the old history verifies', () => {
    const db = databaseAt(30)
    const insert = db.prepare("INSERT INTO audit_log (at, category, severity, message, account_id, detail) VALUES (?, 'system', 'info', ?, NULL, NULL)")
    insert.run(1, 'old one')
    insert.run(2, 'old two')
    migrateToLatest(db)
    expect(columnNames(db, 'audit_log')).toEqual(expect.arrayContaining(['prev_hash', 'hash']))
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE hash IS NULL').pluck().get()).toBe(0)
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 })
    db.close()
  })
})
