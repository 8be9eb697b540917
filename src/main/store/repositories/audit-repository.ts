// SQLite implementation of AuditRepository: the trader-visible history of what the app did and why.
import type Database from 'better-sqlite3'
import type { AuditEntry, AuditRepository } from '../../ports/repositories'
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
  private readonly insertStmt: Database.Statement
  private readonly listStmt: Database.Statement<[number, number], AuditRow>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO audit_log (at, category, severity, message, account_id, detail)
      VALUES (@at, @category, @severity, @message, @accountId, @detail)`)
    this.listStmt = db.prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
  }

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const detail = entry.detail === null || entry.detail === undefined ? null : toJson(entry.detail)
    const result = this.insertStmt.run({ ...entry, detail })
    return { ...entry, id: Number(result.lastInsertRowid) }
  }

  /** Newest first; `beforeId` pages backwards. */
  list(limit: number, beforeId?: number): AuditEntry[] {
    return this.listStmt.all(beforeId ?? Number.MAX_SAFE_INTEGER, Math.max(0, limit)).map(toEntry)
  }
}
