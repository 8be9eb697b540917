// The migration runner (DB-2): ordering, one transaction, audit rows, refusing newer databases, schema snapshot.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { DatabaseFromFutureError, MigrationFailedError, MigrationRegistryError } from '../errors'
import { LATEST_VERSION, MIGRATIONS, assertMigrationsOrdered, runMigrations, type Migration } from './index'

const run = (db: Database.Database, migrations?: readonly Migration[]) =>
  runMigrations(db, { logger: new MemoryLogger(), now: () => 42, ...(migrations ? { migrations } : {}) })

describe('migration runner', () => {
  it('DB-2 the registry is strictly increasing in steps of 10 and kebab-named', () => {
    expect(() => assertMigrationsOrdered(MIGRATIONS)).not.toThrow()
    for (const m of MIGRATIONS) expect(m.version % 10).toBe(0)
    const noop = (version: number, name = 'x'): Migration => ({ version, name, up: () => {} })
    expect(() => assertMigrationsOrdered([noop(20), noop(10)])).toThrow(MigrationRegistryError)
    expect(() => assertMigrationsOrdered([noop(10), noop(10)])).toThrow(MigrationRegistryError)
    expect(() => assertMigrationsOrdered([noop(10, 'Bad_Name')])).toThrow(MigrationRegistryError)
  })

  it('DB-2 a fresh database reaches the latest version with one schema_version row per step', () => {
    const db = new Database(':memory:')
    const report = run(db)
    expect(report).toEqual({ from: 0, to: LATEST_VERSION, applied: MIGRATIONS.map((m) => `${m.version}-${m.name}`) })
    const rows = db.prepare('SELECT version, name, applied_at FROM schema_version ORDER BY version').all()
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, applied_at: 42 })))
    expect(run(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, applied: [] }) // running again is a no-op
    db.close()
  })

  it('DB-2 pending migrations run in ONE transaction: a failing step leaves the database untouched', () => {
    const db = new Database(':memory:')
    run(db, MIGRATIONS.filter((m) => m.version <= 10))
    const failing: Migration[] = [
      ...MIGRATIONS,
      { version: LATEST_VERSION + 10, name: 'adds-then-fails', up: (d) => { d.exec('CREATE TABLE half_done (x)'); throw new Error('boom') } },
    ]
    const logger = new MemoryLogger()
    expect(() => runMigrations(db, { logger, now: () => 1, migrations: failing })).toThrow(MigrationFailedError)
    expect(db.pragma('user_version', { simple: true })).toBe(10)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all()
    expect(tables).not.toContain('lockouts') // migration 20 ran inside the same transaction and was rolled back
    expect(tables).not.toContain('half_done')
    expect(db.prepare('SELECT max(version) FROM schema_version').pluck().get()).toBe(10)
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true)
    // The fixed app can migrate afterwards: no failure row blocks the retry.
    expect(run(db).to).toBe(LATEST_VERSION)
    db.close()
  })

  it('DB-2 a database newer than the app is refused before anything is written', () => {
    const db = new Database(':memory:')
    run(db)
    db.pragma(`user_version = ${LATEST_VERSION + 10}`)
    expect(() => run(db)).toThrow(DatabaseFromFutureError)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 10)
    db.close()
  })

  it('the migrated schema matches the committed snapshot (a released migration was not edited)', () => {
    const db = new Database(':memory:')
    run(db)
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all()
    expect(schema).toMatchSnapshot()
    db.close()
  })
})
