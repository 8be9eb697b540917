// SQLite EnforcementLogStore: the executor's records with their timings (migration 80). Also implements
// the executor's EnforcementLog port, so the engine can hand this object to the Executor directly.
import type Database from 'better-sqlite3'
import type { EnforcementLog, EnforcementOutcome, EnforcementRecord } from '../../enforcement/executor/ports'
import type { PlanActionKind } from '../../risk/plan'
import type { EnforcementLogStore, StoredEnforcementRecord } from '../../ports/risk-store'
import { fromJson, toJson } from './json'

interface Row {
  id: number
  account_id: number
  rule_id: string
  action: PlanActionKind
  reason: string
  received_at: number | null
  planned_at: number | null
  first_request_at: number | null
  verified_at: number | null
  outcome: EnforcementOutcome | null
  attempts: number
  shadow: number
  details: string | null
  ts: number
}

export class SqliteEnforcementLogRepository implements EnforcementLogStore, EnforcementLog {
  private readonly insertStmt: Database.Statement
  private readonly recentStmt: Database.Statement

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO enforcement_log (ts, account_id, rule_id, action, reason, success, execution_time_ms,
        received_at, planned_at, first_request_at, verified_at, outcome, attempts, shadow, details)
      VALUES (@ts, @accountId, @ruleId, @action, @reason, @success, @executionMs,
        @receivedAt, @plannedAt, @firstRequestAt, @verifiedAt, @outcome, @attempts, @shadow, @detail)`)
    this.recentStmt = db.prepare('SELECT * FROM enforcement_log WHERE (@accountId IS NULL OR account_id = @accountId) ORDER BY id DESC LIMIT @limit')
  }

  append(r: EnforcementRecord): number {
    // success keeps migration 20's meaning (PIPE-7: a failed enforcement is logged with success = 0).
    const success = r.outcome === 'failed' || r.outcome === 'rejected' ? 0 : 1
    const end = r.verifiedAt ?? r.firstRequestAt
    const result = this.insertStmt.run({
      ...r,
      ts: r.verifiedAt ?? r.firstRequestAt ?? r.plannedAt,
      success,
      executionMs: end === null ? null : Math.max(0, end - r.receivedAt),
      shadow: r.shadow ? 1 : 0,
      // details is a JSON column (migration 20 readers parse it), so the text is stored as a JSON string.
      detail: r.detail === null ? null : toJson(r.detail),
    })
    return Number(result.lastInsertRowid)
  }

  record(record: EnforcementRecord): void {
    this.append(record)
  }

  recent(limit: number, accountId?: number): StoredEnforcementRecord[] {
    return (this.recentStmt.all({ limit, accountId: accountId ?? null }) as Row[]).map((r) => ({
      id: r.id,
      accountId: r.account_id,
      ruleId: r.rule_id,
      action: r.action,
      reason: r.reason,
      receivedAt: r.received_at ?? r.ts,
      plannedAt: r.planned_at ?? r.ts,
      firstRequestAt: r.first_request_at,
      verifiedAt: r.verified_at,
      outcome: r.outcome ?? 'verified',
      attempts: r.attempts,
      shadow: r.shadow === 1,
      detail: r.details === null ? null : String(fromJson<unknown>(r.details)),
    }))
  }
}
