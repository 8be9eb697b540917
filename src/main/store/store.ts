// The store facade: opens the database and hands out repositories behind the persistence ports, so
// nothing outside src/main/store touches SQLite.
import type Database from 'better-sqlite3'
import type { Logger } from '../ports/logger'
import type { AuditRepository, IntentRepository, PortfolioRepository } from '../ports/repositories'
import type { Migration } from './migrations/index'
import { openDatabase } from './database'
import { runRetention, type RetentionReport } from './retention'
import { SqliteAuditRepository } from './repositories/audit-repository'
import { SqliteEventJournal } from './repositories/event-journal'
import { SqliteIntentRepository } from './repositories/intent-repository'
import { SqliteMetaRepository } from './repositories/meta-repository'
import { SqlitePortfolioRepository } from './repositories/portfolio-repository'
import { SqliteTransitionRepository } from './repositories/transition-repository'
import { SqliteLockoutRepository } from './repositories/lockout-repository'
import { SqliteEnforcementLogRepository } from './repositories/enforcement-log-repository'
import { SqliteRulesConfigRepository } from './repositories/rules-config-repository'
import { SqliteRiskSnapshotRepository, type RiskSnapshotStore } from './repositories/risk-snapshot-repository'
import { exportAuditCsv, verifyAuditChain, type AuditChainVerdict } from './repositories/audit-chain'
import type { EnforcementLogStore, LockoutStore, RulesConfigStore } from '../ports/risk-store'
import type { EnforcementLog } from '../enforcement/executor/ports'

export interface OpenStoreOptions {
  /** Database file (its directory is created 0700), or ':memory:' for tests and headless runs. */
  readonly path: string
  readonly logger: Logger
  /** Epoch ms; defaults to Date.now. */
  readonly now?: () => number
  /** Tests only: a migration registry other than the app's. */
  readonly migrations?: readonly Migration[]
}

/** The repositories, typed by their ports: callers never see SQLite. */
export interface Store {
  readonly intents: IntentRepository
  /** Concrete where SQLite-only readers (list, recent) are still used by tests and tools. */
  readonly transitions: SqliteTransitionRepository
  readonly journal: SqliteEventJournal
  readonly portfolio: PortfolioRepository
  readonly meta: SqliteMetaRepository
  readonly audit: AuditRepository
  /** Per-rule lockouts in the risk core's own shape (migrations 20 + 50). */
  readonly lockouts: LockoutStore
  /** What the executor did, with its timings (migration 80). */
  readonly enforcementLog: EnforcementLogStore & EnforcementLog
  /** Every saved rules configuration, newest last (migration 90). */
  readonly rulesConfig: RulesConfigStore
  /** The risk core's state per account, for an instant view after a restart (migration 100). */
  readonly riskSnapshots: RiskSnapshotStore
  /** Walks the audit hash chain (the first altered or missing row is named). */
  verifyAudit(): AuditChainVerdict
  /** The whole audit log as RFC 4180 CSV. */
  exportAuditCsv(): string
  /**
   * Runs `fn` in one SQLite transaction: every repository write inside commits together, or none does if
   * it throws (a journal row, a lockout, a P&L row and an audit row together). Synchronous only; nests as
   * a savepoint inside the repositories' own transactions.
   */
  transaction<T>(fn: () => T): T
  /** Schema version after migrating. */
  readonly schemaVersion: number
  /** Backup taken before migrating at this start, if any. */
  readonly backupPath: string | null
  /** Deletes expired history (DB-7); the host calls it daily. Defaults to the store's clock. */
  runRetention(now?: number): RetentionReport
  /** Copies the WAL into the database without blocking writers (PASSIVE); housekeeping calls it every few seconds. */
  checkpoint(): void
  /** Checkpoints the WAL and closes the connection; repositories must not be used afterwards. */
  close(): void
}

/** Opens the database (see openDatabase for the checks and errors) and builds the repositories. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const now = options.now ?? Date.now
  const logger = options.logger.child('store')
  const opened = await openDatabase(options.path, { logger, now, ...(options.migrations ? { migrations: options.migrations } : {}) })
  const db: Database.Database = opened.db
  let closed = false
  return {
    intents: new SqliteIntentRepository(db),
    transitions: new SqliteTransitionRepository(db),
    journal: new SqliteEventJournal(db),
    portfolio: new SqlitePortfolioRepository(db),
    meta: new SqliteMetaRepository(db, now),
    audit: new SqliteAuditRepository(db),
    lockouts: new SqliteLockoutRepository(db),
    enforcementLog: new SqliteEnforcementLogRepository(db),
    rulesConfig: new SqliteRulesConfigRepository(db),
    riskSnapshots: new SqliteRiskSnapshotRepository(db),
    verifyAudit: () => verifyAuditChain(db),
    exportAuditCsv: () => exportAuditCsv(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    schemaVersion: opened.schemaVersion,
    backupPath: opened.backupPath,
    runRetention(at = now()) {
      const report = runRetention(db, at)
      logger.info('retention sweep done', { ...report })
      return report
    },
    checkpoint() {
      if (!closed) db.pragma('wal_checkpoint(PASSIVE)')
    },
    close() {
      if (closed) return
      closed = true
      try {
        db.pragma('wal_checkpoint(TRUNCATE)')
      } catch (error) {
        logger.warn('WAL checkpoint at close failed', { error: error instanceof Error ? error.message : String(error) })
      }
      db.close()
    },
  }
}
