// Opening the database file (DB-1, DB-2, DB-3, DB-4): pragmas, private modes, backups, integrity, newer schema.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { BACKUP_MAX_AGE_MS, listBackups, restoreFromBackup } from './backups'
import { openDatabase } from './database'
import { DatabaseCorruptError, DatabaseFromFutureError } from './errors'
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations/index'

const DAY = 24 * 60 * 60 * 1000
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
function dbPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'tg-db-'))
  dirs.push(d)
  return join(d, 'data', 'tiltguard.db')
}
const opts = (now = 1_000 * DAY, migrations?: readonly Migration[]) => ({ logger: new MemoryLogger(), now: () => now, ...(migrations ? { migrations } : {}) })
const upTo = (v: number): Migration[] => MIGRATIONS.filter((m) => m.version <= v)
const extra = (version: number): Migration => ({ version, name: `extra-${version}`, up: (db) => db.exec(`CREATE TABLE t${version} (x)`) })

describe('openDatabase', () => {
  it('DB-1 WAL, synchronous NORMAL, busy_timeout 5000, foreign_keys ON; dir 0700 and file 0600', async () => {
    const path = dbPath()
    const { db, schemaVersion, backupPath } = await openDatabase(path, opts())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    // Checkpoints run on the housekeeping timer, never inside an enforcement commit.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(schemaVersion).toBe(LATEST_VERSION)
    expect(backupPath).toBeNull() // a brand-new database has nothing to back up
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    db.prepare("INSERT INTO meta (key, value, updated_at) VALUES ('k', '1', 0)").run()
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600) // SQLite gives the WAL the database file's mode
    db.close()
  })

  it('DB-3 a backup is taken before pending migrations, and it holds the old schema and data', async () => {
    const path = dbPath()
    const first = await openDatabase(path, opts(1_000 * DAY, upTo(10)))
    first.db.prepare("INSERT INTO meta (key, value, updated_at) VALUES ('k', '1', 0)").run()
    first.db.close()
    const second = await openDatabase(path, opts(1_001 * DAY))
    expect(second.migratedFrom).toBe(10)
    expect(second.backupPath).not.toBeNull()
    second.db.close()
    const backup = new Database(second.backupPath as string, { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(10)
    expect(backup.prepare('SELECT value FROM meta').pluck().get()).toBe('1')
    backup.close()
    expect(statSync(second.backupPath as string).mode & 0o777).toBe(0o600)
    // No pending migration: no new backup.
    const third = await openDatabase(path, opts(1_002 * DAY))
    expect(third.backupPath).toBeNull()
    third.db.close()
  })

  it('DB-3 at most 10 backups are kept and none older than 30 days', async () => {
    const path = dbPath()
    let now = 1_000 * DAY
    const registry: Migration[] = [...MIGRATIONS]
    ;(await openDatabase(path, opts(now, registry))).db.close()
    for (let i = 1; i <= 12; i++) {
      registry.push(extra(LATEST_VERSION + i * 10))
      now += DAY
      ;(await openDatabase(path, opts(now, registry))).db.close()
    }
    const kept = listBackups(path)
    expect(kept).toHaveLength(10)
    expect(kept[0]?.takenAt).toBe(now)
    expect(kept.map((b) => b.takenAt)).toEqual(Array.from({ length: 10 }, (_, i) => now - i * DAY))
    // 27 days later the backups from days 3..9 of the series are past 30 days and go; 10..12 and the new one stay.
    const newest = now
    now += BACKUP_MAX_AGE_MS - 3 * DAY + 1
    registry.push(extra(LATEST_VERSION + 130))
    ;(await openDatabase(path, opts(now, registry))).db.close()
    expect(listBackups(path).map((b) => b.takenAt)).toEqual([now, newest, newest - DAY, newest - 2 * DAY])
  })

  it('DB-2 a database written by a newer app refuses to open and is not modified', async () => {
    const path = dbPath()
    const { db } = await openDatabase(path, opts())
    db.pragma(`user_version = ${LATEST_VERSION + 10}`)
    db.close()
    await expect(openDatabase(path, opts())).rejects.toBeInstanceOf(DatabaseFromFutureError)
    expect(listBackups(path)).toEqual([])
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 10)
    raw.close()
  })

  it('DB-4 a file that is not a database fails with DatabaseCorruptError', async () => {
    const path = dbPath()
    ;(await openDatabase(path, opts())).db.close()
    writeFileSync(path, Buffer.alloc(8192, 0x5a))
    await expect(openDatabase(path, opts())).rejects.toBeInstanceOf(DatabaseCorruptError)
  })

  it('DB-4 a damaged page fails quick_check, offers the backups, and restoring one opens cleanly', async () => {
    const path = dbPath()
    const first = await openDatabase(path, opts(1_000 * DAY, upTo(20)))
    const ins = first.db.prepare("INSERT INTO events (at, source, kind, account_id, payload) VALUES (?, 'rest', 'k', 1, ?)")
    first.db.transaction(() => { for (let i = 0; i < 2000; i++) ins.run(i, 'x'.repeat(100)) })()
    first.db.close()
    const second = await openDatabase(path, opts(1_001 * DAY)) // migrates 20 -> 30, so a backup exists
    second.db.pragma('wal_checkpoint(TRUNCATE)')
    second.db.close()
    // Scribble over a page in the middle of the events table.
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, 4096 * 20)
    closeSync(fd)
    const error = await openDatabase(path, opts()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseCorruptError)
    const backups = (error as DatabaseCorruptError).backups
    expect(backups).toHaveLength(1)
    const { keptCorruptCopy } = restoreFromBackup(path, backups[0] as string, 5)
    expect(keptCorruptCopy && existsSync(keptCorruptCopy)).toBe(true)
    const restored = await openDatabase(path, opts(1_002 * DAY))
    expect(restored.schemaVersion).toBe(LATEST_VERSION)
    expect(restored.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2000)
    restored.db.close()
    expect(readdirSync(join(path, '..')).some((f) => f.includes('.corrupted-'))).toBe(true)
  })
})
