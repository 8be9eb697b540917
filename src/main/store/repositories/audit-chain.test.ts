// The audit hash chain detects an altered or deleted row, and the CSV export round-trips awkward text.
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION } from '../migrations/index'
import { databaseAt } from '../../../../test/support/store/migration-helpers'
import { csvField, exportAuditCsv, parseCsv, verifyAuditChain } from './audit-chain'
import { SqliteAuditRepository } from './audit-repository'
import { runRetention } from '../retention'

function seeded(n: number) {
  const db = databaseAt(LATEST_VERSION)
  const repo = new SqliteAuditRepository(db)
  for (let i = 1; i <= n; i++) repo.append({ at: 1_700_000_000_000 + i, category: 'enforcement', severity: 'info', message: `row ${i}`, accountId: 7, detail: { i } })
  return { db, repo }
}

describe('audit hash chain', () => {
  it('an intact log verifies', () => {
    const { db } = seeded(5)
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 5 })
  })

  it('issue 10 done-when: altering one row through SQL is detected and the row is named', () => {
    const { db } = seeded(5)
    db.prepare("UPDATE audit_log SET message = 'nothing happened' WHERE id = 3").run()
    expect(verifyAuditChain(db)).toEqual({ ok: false, badRowId: 3, problem: 'altered' })
  })

  it('rehashing an altered row does not help: the next row names the break', () => {
    const { db } = seeded(5)
    db.prepare("UPDATE audit_log SET message = 'x', hash = 'f' || substr(hash, 2) WHERE id = 2").run()
    const verdict = verifyAuditChain(db)
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) expect(verdict.badRowId).toBe(2)
  })

  it('deleting the newest rows is detected too: the recorded chain head is missing', () => {
    const { db } = seeded(5)
    db.prepare('DELETE FROM audit_log WHERE id >= 4').run()
    expect(verifyAuditChain(db)).toEqual({ ok: false, badRowId: 5, problem: 'missing_tail' })
  })

  it('DB-7 retention pruning the oldest rows keeps the chain verifiable', () => {
    const { db } = seeded(5)
    runRetention(db, 1_700_000_000_003 + 365 * 86_400_000)
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 3 })
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 3 })
  })

  it('deleting a row is detected at the row after it', () => {
    const { db } = seeded(5)
    db.prepare('DELETE FROM audit_log WHERE id = 2').run()
    expect(verifyAuditChain(db)).toEqual({ ok: false, badRowId: 3, problem: 'broken_link' })
  })

  it('appends keep chaining after a verification', () => {
    const { db, repo } = seeded(2)
    repo.append({ at: 5, category: 'settings', severity: 'warning', message: 'rules changed', accountId: null, detail: null })
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 3 })
  })

  it('CSV export round-trips commas, quotes and newlines', () => {
    const { db, repo } = seeded(0)
    const nasty = 'Closed 3 MNQ, "max_contracts" = 2\nline two\r\nline three'
    repo.append({ at: 0, category: 'enforcement', severity: 'critical', message: nasty, accountId: 1, detail: { note: 'a,"b"' } })
    const rows = parseCsv(exportAuditCsv(db))
    expect(rows[0]).toEqual(['id', 'at_iso', 'category', 'severity', 'message', 'account_id', 'detail', 'prev_hash', 'hash'])
    expect(rows).toHaveLength(2)
    expect(rows[1]?.[4]).toBe(nasty)
    expect(rows[1]?.[6]).toBe('{"note":"a,\\"b\\""}')
    expect(rows[1]?.[1]).toBe('1970-01-01T00:00:00.000Z')
    expect(csvField(null)).toBe('')
    expect(csvField('plain')).toBe('plain')
  })
})
