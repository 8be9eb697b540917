// The ordered migration registry and its runner (DB-2): versions only go up, every pending step runs
// in ONE transaction, progress lives in `PRAGMA user_version` with an audit row per step in
// `schema_version`, and a database newer than the app is refused before anything is written.
import type Database from 'better-sqlite3'
import type { Logger } from '../../ports/logger'
import { DatabaseFromFutureError, MigrationFailedError, MigrationRegistryError } from '../errors'
import type { Migration } from './types'
import { migration0010 } from './0010-create-core-tables'
import { migration0020 } from './0020-create-risk-tables'
import { migration0030 } from './0030-create-query-indexes'
import { migration0040 } from './0040-audit-hash-chain'
import { migration0050 } from './0050-lockout-expiry-at'
import { migration0060 } from './0060-trading-day-counters'
import { migration0070 } from './0070-reset-state'
import { migration0080 } from './0080-enforcement-timings'
import { migration0090 } from './0090-rules-config-versions'
import { migration0100 } from './0100-risk-state-snapshots'

export type { Migration } from './types'

/** Every migration, oldest first. Append only: a released migration is never edited or reordered. */
export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
]

/** The schema version this build writes. */
export const LATEST_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/** Throws when versions are not positive, strictly increasing integers or names are not kebab-case. */
export function assertMigrationsOrdered(migrations: readonly Migration[]): void {
  let previous = 0
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new MigrationRegistryError(`migration ${m.version} ${m.name} does not come after ${previous}`)
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.name)) throw new MigrationRegistryError(`migration name ${m.name} is not kebab-case`)
    previous = m.version
  }
}

/** Reads `PRAGMA user_version`, the source of truth for the schema version. */
export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Migrations newer than `current`, oldest first; throws DatabaseFromFutureError when the DB is ahead. */
export function pendingMigrations(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { current: number; latest: number; pending: Migration[] } {
  assertMigrationsOrdered(migrations)
  const current = readSchemaVersion(db)
  const latest = migrations[migrations.length - 1]?.version ?? 0
  if (current > latest) throw new DatabaseFromFutureError(db.name, current, latest)
  return { current, latest, pending: migrations.filter((m) => m.version > current) }
}

export interface MigrationReport {
  readonly from: number
  readonly to: number
  readonly applied: readonly string[]
}

/**
 * Applies every pending migration in one transaction. On failure the transaction rolls back, the
 * database stays at its old version and MigrationFailedError carries the cause. No failure row is
 * written: in the v2 spec it occupied the version key and blocked the retry.
 */
export function runMigrations(
  db: Database.Database,
  options: { logger: Logger; now: () => number; migrations?: readonly Migration[] },
): MigrationReport {
  const { current, pending } = pendingMigrations(db, options.migrations)
  if (pending.length === 0) return { from: current, to: current, applied: [] }
  let running: Migration | undefined
  const apply = db.transaction(() => {
    for (const m of pending) {
      running = m
      const started = options.now()
      m.up(db)
      db.prepare('INSERT OR REPLACE INTO schema_version (version, name, applied_at, execution_time_ms) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        options.now(),
        Math.max(0, options.now() - started),
      )
    }
    const target = pending[pending.length - 1]?.version ?? current
    // user_version is part of the database header and so commits or rolls back with the transaction.
    db.pragma(`user_version = ${Math.trunc(target)}`)
  })
  try {
    // IMMEDIATE takes the write lock up front so a second process cannot interleave half a migration.
    apply.immediate()
  } catch (error) {
    const failed = running ?? pending[0]
    options.logger.error('schema migration failed; rolled back', {
      version: failed?.version,
      migration: failed?.name,
      fromVersion: current,
      error: error instanceof Error ? error.message : String(error),
    })
    throw new MigrationFailedError(failed?.version ?? 0, failed?.name ?? '?', current, { cause: error })
  }
  const to = readSchemaVersion(db)
  options.logger.info('schema migrated', { from: current, to, applied: pending.map((m) => m.version) })
  return { from: current, to, applied: pending.map((m) => `${m.version}-${m.name}`) }
}
