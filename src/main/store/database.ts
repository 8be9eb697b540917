// Opens the SQLite database the way every start must: private directory, connection pragmas (DB-1),
// an integrity check (DB-4), a refusal of newer schemas (DB-2), a backup before migrating (DB-3), then
// the pending migrations. Only src/main/store imports better-sqlite3.
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Logger } from '../ports/logger'
import { backupDatabase, listBackups, pruneBackups } from './backups'
import { DatabaseCorruptError, StoreError } from './errors'
import { MIGRATIONS, pendingMigrations, readSchemaVersion, runMigrations, type Migration } from './migrations/index'

export interface OpenDatabaseOptions {
  readonly logger: Logger
  /** Epoch ms; injected so backups, audit rows and retention are testable. */
  readonly now: () => number
  /** Defaults to the app's registry; tests pass their own. */
  readonly migrations?: readonly Migration[]
}

export interface OpenedDatabase {
  readonly db: Database.Database
  readonly path: string
  readonly schemaVersion: number
  readonly migratedFrom: number
  /** The backup taken before migrating, or null when nothing needed one. */
  readonly backupPath: string | null
}

/** SQLite result codes that mean "the bytes on disk are not a sound database". */
const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX'])

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && CORRUPT_CODES.has(code)
}

/**
 * Opens (creating if needed) the database at `path`, or an in-memory one for ':memory:'.
 * Throws DatabaseCorruptError (with restore candidates), DatabaseFromFutureError or MigrationFailedError.
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const { logger, now } = options
  const migrations = options.migrations ?? MIGRATIONS
  const inMemory = path === ':memory:'
  if (!inMemory) {
    const dir = dirname(path)
    // Only a directory we create is forced to 0700; chmod-ing an existing shared dir would be rude.
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  }

  let db: Database.Database
  try {
    db = new Database(path)
  } catch (error) {
    if (isCorruption(error)) throw corrupt(path, [errorText(error)], error)
    throw new StoreError(`cannot open database ${path}: ${errorText(error)}`, { cause: error })
  }

  try {
    if (!inMemory) chmodSync(path, 0o600)
    // WAL lets readers run during writes; NORMAL is durable across app crashes in WAL mode (only an OS crash may lose the last commit).
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('busy_timeout = 5000')
    // The WAL checkpoint (with its fsync) would otherwise run inside whichever commit crosses 1000 pages,
    // e.g. the synchronous lockout write on the enforcement path; Store.checkpoint() runs it on a timer instead.
    db.pragma('wal_autocheckpoint = 0')
    db.pragma('foreign_keys = ON')

    const problems = (db.pragma('quick_check') as Array<Record<string, unknown>>)
      .map((row) => String(Object.values(row)[0]))
      .filter((text) => text !== 'ok')
    if (problems.length > 0) throw corrupt(path, problems)

    const { current, pending } = pendingMigrations(db, migrations)
    let backupPath: string | null = null
    if (pending.length > 0 && current > 0 && !inMemory) {
      backupPath = await backupDatabase(db, path, current, now())
      const pruned = pruneBackups(path, now())
      logger.info('database backed up before migrating', { backupPath, fromVersion: current, pruned: pruned.length })
    }
    const report = runMigrations(db, { logger, now, migrations })
    return { db, path, schemaVersion: readSchemaVersion(db), migratedFrom: report.from, backupPath }
  } catch (error) {
    db.close()
    if (error instanceof StoreError) {
      if (error instanceof DatabaseCorruptError) logger.error('database failed its integrity check', { path, problems: error.problems })
      throw error
    }
    if (isCorruption(error)) throw corrupt(path, [errorText(error)], error)
    throw error
  }
}

function corrupt(path: string, problems: string[], cause?: unknown): DatabaseCorruptError {
  const backups = path === ':memory:' ? [] : listBackups(path).map((b) => b.path)
  return new DatabaseCorruptError(path, problems, backups, cause === undefined ? undefined : { cause })
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
