// Tamper evidence for the audit log: every row stores the hash of the row before it and a sha256 over
// that hash plus its own canonical content, so an edited row or a deleted one breaks the chain at a row
// that verifyAuditChain() can name. Also the CSV export of the log.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64)

/** The audit_log columns that the hash covers (all of them except the chain columns). */
export interface AuditContent {
  readonly id: number
  readonly at: number
  readonly category: string
  readonly severity: string
  readonly message: string
  readonly account_id: number | null
  readonly detail: string | null
}

interface ChainedRow extends AuditContent {
  readonly prev_hash: string | null
  readonly hash: string | null
}

/** A fixed-order JSON array: unambiguous (no separator injection) and stable across versions. */
export function canonicalAuditContent(row: AuditContent): string {
  return JSON.stringify([row.id, row.at, row.category, row.severity, row.message, row.account_id, row.detail])
}

export function chainHash(prevHash: string, row: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalAuditContent(row)).digest('hex')
}

export type AuditChainVerdict =
  | { readonly ok: true; readonly rows: number }
  /** `altered`: the row's content no longer matches its hash; `broken_link`: the row before it was deleted or its hash rewritten. */
  | { readonly ok: false; readonly badRowId: number; readonly problem: 'altered' | 'broken_link' | 'unhashed' }

/** Appends rows with their chain hashes. The id is part of the hash, so insert and hash update share one transaction. */
export class AuditChain {
  private readonly lastHashStmt: Database.Statement<[], { hash: string | null }>
  private readonly insertStmt: Database.Statement
  private readonly hashStmt: Database.Statement<[string, string, number]>
  private readonly appendTx: (row: Omit<AuditContent, 'id'>) => number

  constructor(private readonly db: Database.Database) {
    this.lastHashStmt = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')
    this.insertStmt = db.prepare(`INSERT INTO audit_log (at, category, severity, message, account_id, detail)
      VALUES (@at, @category, @severity, @message, @account_id, @detail)`)
    this.hashStmt = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?')
    this.appendTx = db.transaction((row: Omit<AuditContent, 'id'>) => {
      const prev = this.lastHashStmt.get()?.hash ?? GENESIS_HASH
      const id = Number(this.insertStmt.run(row).lastInsertRowid)
      this.hashStmt.run(prev, chainHash(prev, { ...row, id }), id)
      return id
    })
  }

  /** Inserts one row and returns its id. Nested inside an outer transaction it joins that one. */
  append(row: Omit<AuditContent, 'id'>): number {
    return this.appendTx(row)
  }
}

/** Hashes rows that have no hash yet (rows written before migration 40), in id order. */
export function backfillAuditChain(db: Database.Database): number {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as ChainedRow[]
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?')
  let prev = GENESIS_HASH
  let filled = 0
  for (const row of rows) {
    if (row.hash === null) {
      const hash = chainHash(prev, row)
      update.run(prev, hash, row.id)
      prev = hash
      filled++
    } else {
      prev = row.hash
    }
  }
  return filled
}

/** Walks the chain oldest first and names the first row that does not fit. */
export function verifyAuditChain(db: Database.Database): AuditChainVerdict {
  let prev = GENESIS_HASH
  let count = 0
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<ChainedRow>) {
    if (row.hash === null || row.prev_hash === null) return { ok: false, badRowId: row.id, problem: 'unhashed' }
    if (row.prev_hash !== prev) return { ok: false, badRowId: row.id, problem: 'broken_link' }
    if (chainHash(prev, row) !== row.hash) return { ok: false, badRowId: row.id, problem: 'altered' }
    prev = row.hash
    count++
  }
  return { ok: true, rows: count }
}

const CSV_COLUMNS = ['id', 'at_iso', 'category', 'severity', 'message', 'account_id', 'detail', 'prev_hash', 'hash'] as const

/** RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted and its quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The whole audit log as CSV (header + one line per row, CRLF), oldest first, hashes included so a copy can be checked. */
export function exportAuditCsv(db: Database.Database): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<ChainedRow>) {
    lines.push([row.id, new Date(row.at).toISOString(), row.category, row.severity, row.message, row.account_id, row.detail, row.prev_hash, row.hash].map(csvField).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

/** Parses RFC 4180 CSV (used by tests and by an import-and-verify of an exported copy). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      continue
    } else if (ch === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}
