// The risk core's per-account state as JSON (migration 100). The core's state is plain data (records,
// arrays, numbers, strings), so JSON round-trips it exactly; `coreVersion` lets a future core refuse or
// migrate a document written by an older one instead of misreading it.
import type Database from 'better-sqlite3'
import type { AccountState } from '../../risk/state'

/** Bump when AccountState changes shape incompatibly: older documents are then ignored and rebuilt. */
export const RISK_STATE_CORE_VERSION = 1

export interface RiskSnapshotStore {
  save(account: AccountState, at: number): void
  /** Every stored account state of the current core version. */
  loadAll(): AccountState[]
}

export class SqliteRiskSnapshotRepository implements RiskSnapshotStore {
  private readonly upsert: Database.Statement
  private readonly all: Database.Statement<[number], { state_json: string }>

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO risk_state_snapshots (account_id, state_json, core_version, updated_at)
      VALUES (@accountId, @json, @version, @at)
      ON CONFLICT (account_id) DO UPDATE SET state_json = excluded.state_json, core_version = excluded.core_version, updated_at = excluded.updated_at`)
    this.all = db.prepare('SELECT state_json FROM risk_state_snapshots WHERE core_version = ? ORDER BY account_id')
  }

  save(account: AccountState, at: number): void {
    this.upsert.run({ accountId: account.accountId, json: JSON.stringify(account), version: RISK_STATE_CORE_VERSION, at })
  }

  loadAll(): AccountState[] {
    return this.all.all(RISK_STATE_CORE_VERSION).map((row) => JSON.parse(row.state_json) as AccountState)
  }
}
