// A trader's recorded store opened read-only, for offline tools (replay): the event journal, the saved
// rules versions and the meta values. Nothing here can write: the connection itself is read-only and no
// migration runs, so a store left by an older build is read as it is.
import Database from 'better-sqlite3'
import type { RulesConfigVersion } from '../ports/risk-store'
import { SqliteEventJournal } from './repositories/event-journal'
import { SqliteMetaRepository } from './repositories/meta-repository'
import { SqliteRulesConfigRepository } from './repositories/rules-config-repository'
import { StoreError } from './errors'

export interface RecordedStore {
  readonly journal: SqliteEventJournal
  /** The newest saved rules configuration, or null (none saved, or a store older than migration 90). */
  latestRules(): RulesConfigVersion | null
  meta<T>(key: string): T | null
  /** PRAGMA user_version of the file. */
  readonly schemaVersion: number
  close(): void
}

const hasTable = (db: Database.Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined

/** Opens `path` read-only; throws when the file is missing or holds no event journal. */
export function openRecordedStore(path: string): RecordedStore {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    if (!hasTable(db, 'events')) throw new StoreError(`${path} holds no event journal (not a Tiltguard store?)`)
    const rules = hasTable(db, 'rules_config_versions') ? new SqliteRulesConfigRepository(db) : null
    const meta = hasTable(db, 'meta') ? new SqliteMetaRepository(db, () => 0) : null
    return {
      journal: new SqliteEventJournal(db),
      latestRules: () => rules?.latest() ?? null,
      meta: <T>(key: string) => meta?.get<T>(key) ?? null,
      schemaVersion: Number(db.pragma('user_version', { simple: true })),
      close: () => db.close(),
    }
  } catch (error) {
    db.close()
    throw error
  }
}
