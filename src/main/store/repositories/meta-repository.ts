// SQLite implementation of MetaRepository: small JSON values by key (token expiry metadata, limiter state).
import type Database from 'better-sqlite3'
import type { MetaRepository } from '../../ports/repositories'
import { fromJson, toJson } from './json'

export class SqliteMetaRepository implements MetaRepository {
  private readonly getStmt: Database.Statement<[string], { value: string }>
  private readonly setStmt: Database.Statement
  private readonly deleteStmt: Database.Statement<[string]>

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.getStmt = db.prepare('SELECT value FROM meta WHERE key = ?')
    this.setStmt = db.prepare(`INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    this.deleteStmt = db.prepare('DELETE FROM meta WHERE key = ?')
  }

  get<T>(key: string): T | null {
    const row = this.getStmt.get(key)
    return row === undefined ? null : fromJson<T>(row.value)
  }

  set<T>(key: string, value: T): void {
    this.setStmt.run(key, toJson(value), this.now())
  }

  /** Removes a key; a later get returns null. */
  delete(key: string): void {
    this.deleteStmt.run(key)
  }
}
