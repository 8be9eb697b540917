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
  /** `missing_tail`: the newest rows were deleted (the recorded chain head is gone); badRowId is the head's id. */
  | { readonly ok: false; readonly badRowId: number; readonly problem: 'altered' | 'broken_link' | 'unhashed' | 'missing_tail' }

/** The newest row's id and hash, kept beside the log so deleting the newest rows is detected too. */
const HEAD_KEY = 'audit.chainHead'

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
    const headStmt = db.prepare(`INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    this.appendTx = db.transaction((row: Omit<AuditContent, 'id'>) => {
      const prev = this.lastHashStmt.get()?.hash ?? GENESIS_HASH
      const id = Number(this.insertStmt.run(row).lastInsertRowid)
      const hash = chainHash(prev, { ...row, id })
      this.hashStmt.run(prev, hash, id)
      headStmt.run(HEAD_KEY, JSON.stringify({ id, hash }), row.at)
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
  let lastId = 0
  // Retention may have pruned the oldest rows; it records where the chain now starts.
  const baseRow = db.prepare("SELECT value FROM meta WHERE key = 'audit.chainBase'").get() as { value: string } | undefined
  const base = baseRow === undefined ? null : (JSON.parse(baseRow.value) as { id: number; prevHash: string })
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<ChainedRow>) {
    if (count === 0 && base !== null && row.id === base.id) prev = base.prevHash
    if (row.hash === null || row.prev_hash === null) return { ok: false, badRowId: row.id, problem: 'unhashed' }
    if (row.prev_hash !== prev) return { ok: false, badRowId: row.id, problem: 'broken_link' }
    if (chainHash(prev, row) !== row.hash) return { ok: false, badRowId: row.id, problem: 'altered' }
    prev = row.hash
    lastId = row.id
    count++
  }
  const head = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined
  if (head !== undefined) {
    const recorded = JSON.parse(head.value) as { id: number; hash: string }
    if (recorded.id !== lastId || recorded.hash !== prev) return { ok: false, badRowId: recorded.id, problem: 'missing_tail' }
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
