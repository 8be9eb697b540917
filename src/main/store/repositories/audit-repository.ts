// SQLite implementation of AuditRepository: the trader-visible history of what the app did and why.
import type Database from 'better-sqlite3'
import type { AuditEntry, AuditRepository } from '../../ports/repositories'
import { AuditChain } from './audit-chain'
import { fromJson, toJson } from './json'

interface AuditRow {
  id: number
  at: number
  category: AuditEntry['category']
  severity: AuditEntry['severity']
  message: string
  account_id: number | null
  detail: string | null
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    category: row.category,
    severity: row.severity,
    message: row.message,
    accountId: row.account_id,
    detail: row.detail === null ? null : fromJson<Record<string, unknown>>(row.detail),
  }
}

export class SqliteAuditRepository implements AuditRepository {
  /** Appends go through the hash chain (migration 40) so every row is tamper-evident. */
  private readonly chain: AuditChain
  private readonly listStmt: Database.Statement<[number, number], AuditRow>

  constructor(db: Database.Database) {
    this.chain = new AuditChain(db)
    this.listStmt = db.prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
  }

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const detail = entry.detail === null || entry.detail === undefined ? null : toJson(entry.detail)
    const id = this.chain.append({ at: entry.at, category: entry.category, severity: entry.severity, message: entry.message, account_id: entry.accountId, detail })
    return { ...entry, id }
  }

  /** Newest first; `beforeId` pages backwards. */
  list(limit: number, beforeId?: number): AuditEntry[] {
    return this.listStmt.all(beforeId ?? Number.MAX_SAFE_INTEGER, Math.max(0, limit)).map(toEntry)
  }
}
