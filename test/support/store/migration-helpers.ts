// Test helpers for migrations: a fresh in-memory database migrated up to a chosen version.
import Database from 'better-sqlite3'
import { MemoryLogger } from '../../fakes/memory-logger'
import { MIGRATIONS, runMigrations } from '../../../src/main/store/migrations/index'

/** An in-memory database with every migration up to and including `version` applied. */
export function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  runMigrations(db, { logger: new MemoryLogger(), now: () => 1_000, migrations: MIGRATIONS.filter((m) => m.version <= version) })
  return db
}

/** Applies the remaining migrations to `db`. */
export function migrateToLatest(db: Database.Database): void {
  runMigrations(db, { logger: new MemoryLogger(), now: () => 2_000 })
}

export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  )
}

export function columnNames(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((r) => r.name)
}

export function indexNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  )
}
