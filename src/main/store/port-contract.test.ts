// Runs the port contract against the SQLite repositories and the memory fakes (shared behaviour).
import Database from 'better-sqlite3'
import { afterAll } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import {
  MemoryAuditRepository,
  MemoryIntentRepository,
  MemoryMetaRepository,
  MemoryPortfolioRepository,
} from '../../../test/fakes/memory-repositories'
import { runMigrations } from './migrations/index'
import { describePortContract } from '../../../test/support/store/port-contract.suite'
import { SqliteAuditRepository } from './repositories/audit-repository'
import { SqliteIntentRepository } from './repositories/intent-repository'
import { SqliteMetaRepository } from './repositories/meta-repository'
import { SqlitePortfolioRepository } from './repositories/portfolio-repository'

const opened: Database.Database[] = []
afterAll(() => opened.forEach((db) => db.close()))

describePortContract('sqlite', () => {
  const db = new Database(':memory:')
  opened.push(db)
  runMigrations(db, { logger: new MemoryLogger(), now: () => 1 })
  return {
    intents: new SqliteIntentRepository(db),
    portfolio: new SqlitePortfolioRepository(db),
    meta: new SqliteMetaRepository(db, () => 1),
    audit: new SqliteAuditRepository(db),
  }
})

describePortContract('memory fakes', () => ({
  intents: new MemoryIntentRepository(),
  portfolio: new MemoryPortfolioRepository(),
  meta: new MemoryMetaRepository(),
  audit: new MemoryAuditRepository(),
}))
