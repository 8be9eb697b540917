// Migration 40: audit rows form a hash chain (issue 10 §5). Adds prev_hash/hash and hashes the rows
// already present, so verification covers the history written before this version too.
import { backfillAuditChain } from '../repositories/audit-chain'
import type { Migration } from './types'

export const migration0040: Migration = {
  version: 40,
  name: 'audit-hash-chain',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
    `)
    backfillAuditChain(db)
  },
}
