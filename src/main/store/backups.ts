// Database backups: one is taken with the SQLite online backup API before any migration (DB-3), at
// most 10 are kept and none older than 30 days; a corrupt database can be replaced by one (DB-4).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type Database from 'better-sqlite3'

export const MAX_BACKUPS = 10
export const BACKUP_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000

export interface BackupInfo {
  readonly path: string
  /** Schema version of the database when it was copied. */
  readonly version: number
  /** Epoch ms the backup was taken, from the file name (not mtime, so the injected clock rules). */
  readonly takenAt: number
}

/** `<dir of db>/backups`, created 0700. */
export function backupDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'backups')
}

const NAME = /^(.+)\.v(\d+)\.(\d+)\.bak$/

/** Backups of `dbPath`, newest first. */
export function listBackups(dbPath: string, dir = backupDirFor(dbPath)): BackupInfo[] {
  if (!existsSync(dir)) return []
  const base = basename(dbPath)
  const found: BackupInfo[] = []
  for (const file of readdirSync(dir)) {
    const m = NAME.exec(file)
    if (!m || m[1] !== base) continue
    found.push({ path: join(dir, file), version: Number(m[2]), takenAt: Number(m[3]) })
  }
  return found.sort((a, b) => b.takenAt - a.takenAt)
}

/** Copies the open database to the backup dir with the online backup API (consistent even under WAL). */
export async function backupDatabase(db: Database.Database, dbPath: string, version: number, now: number): Promise<string> {
  const dir = backupDirFor(dbPath)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const target = join(dir, `${basename(dbPath)}.v${version}.${now}.bak`)
  await db.backup(target)
  chmodSync(target, 0o600)
  return target
}

/** Deletes backups beyond the newest `maxCount` and any older than `maxAgeMs`. Returns the deleted paths. */
export function pruneBackups(dbPath: string, now: number, maxCount = MAX_BACKUPS, maxAgeMs = BACKUP_MAX_AGE_MS): string[] {
  const deleted: string[] = []
  listBackups(dbPath).forEach((b, index) => {
    if (index >= maxCount || now - b.takenAt > maxAgeMs) {
      rmSync(b.path, { force: true })
      deleted.push(b.path)
    }
  })
  return deleted
}

/**
 * Replaces the (closed) database at `dbPath` with `backupPath`. The damaged file is kept beside it as
 * `<name>.corrupted-<now>` for diagnosis; stale WAL/SHM files are removed so they cannot be replayed onto the copy.
 */
export function restoreFromBackup(dbPath: string, backupPath: string, now: number): { keptCorruptCopy: string | null } {
  let keptCorruptCopy: string | null = null
  if (existsSync(dbPath)) {
    keptCorruptCopy = `${dbPath}.corrupted-${now}`
    renameSync(dbPath, keptCorruptCopy)
  }
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
  copyFileSync(backupPath, dbPath)
  chmodSync(dbPath, 0o600)
  return { keptCorruptCopy }
}
