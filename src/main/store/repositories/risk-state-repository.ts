// SQLite access to the risk engine's durable state: lockouts, daily realized P&L, the unrealized
// history and the enforcement log. Lockouts and P&L are written synchronously (risk-rules.md I-26).
// The domain types come from the port (ports/risk-state.ts); the tables are those of migration 20.
import type Database from 'better-sqlite3'
import type { EnforcementRecord, Lockout, LockoutExpiry, RiskStateRepository } from '../../ports/risk-state'
import { fromJson, toJson } from './json'

interface LockoutRow {
  id: number
  account_id: number
  rule_id: string
  scope: string
  reason: string
  expiry_kind: LockoutExpiry['kind']
  locked_until: number | null
  locked_at: number
}

const toLockout = (r: LockoutRow): Lockout => ({
  id: r.id,
  accountId: r.account_id,
  ruleId: r.rule_id,
  scope: r.scope,
  reason: r.reason,
  expiry: r.expiry_kind === 'until' ? { kind: 'until', at: r.locked_until ?? 0 } : { kind: r.expiry_kind },
  lockedAt: r.locked_at,
})

export class SqliteRiskStateRepository implements RiskStateRepository {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  constructor(db: Database.Database) {
    this.db = db
  }

  /** Prepares each SQL text once and reuses it. */
  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  /** Sets (or replaces) the active lockout for (account, rule, scope) (I-6): the old one is cleared as 'replaced'. */
  setLockout(lock: Omit<Lockout, 'id'>): Lockout {
    return this.db.transaction(() => {
      this
        .stmt(`UPDATE lockouts SET cleared_at = ?, cleared_by = 'replaced', updated_at = ?
          WHERE account_id = ? AND rule_id = ? AND scope = ? AND cleared_at IS NULL`)
        .run(lock.lockedAt, lock.lockedAt, lock.accountId, lock.ruleId, lock.scope)
      const result = this
        .stmt(`INSERT INTO lockouts (account_id, rule_id, scope, reason, expiry_kind, locked_until, locked_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(lock.accountId, lock.ruleId, lock.scope, lock.reason, lock.expiry.kind, lock.expiry.kind === 'until' ? lock.expiry.at : null, lock.lockedAt, lock.lockedAt)
      return { ...lock, id: Number(result.lastInsertRowid) }
    })()
  }

  /** Active lockouts (not cleared, not past an 'until' time) of one account, or all accounts. */
  activeLockouts(now: number, accountId?: number): Lockout[] {
    const rows = this
      .stmt(`SELECT * FROM lockouts WHERE cleared_at IS NULL AND (expiry_kind <> 'until' OR locked_until > @now)
        AND (@accountId IS NULL OR account_id = @accountId) ORDER BY locked_at, id`)
      .all({ now, accountId: accountId ?? null }) as LockoutRow[]
    return rows.map(toLockout)
  }

  /** Clears active lockouts matching the filter; scoped to a rule so unrelated locks survive (I-6, I-7). Returns how many. */
  clearLockouts(filter: { accountId: number; ruleId?: string; scope?: string; expiryKind?: LockoutExpiry['kind'] }, by: string, reason: string, at: number): number {
    return this
      .stmt(`UPDATE lockouts SET cleared_at = @at, cleared_by = @by, clear_reason = @reason, updated_at = @at
        WHERE cleared_at IS NULL AND account_id = @accountId AND (@ruleId IS NULL OR rule_id = @ruleId)
          AND (@scope IS NULL OR scope = @scope) AND (@kind IS NULL OR expiry_kind = @kind)`)
      .run({ at, by, reason, accountId: filter.accountId, ruleId: filter.ruleId ?? null, scope: filter.scope ?? null, kind: filter.expiryKind ?? null }).changes
  }

  /** Adds one fill's realized P&L and fees to the trading day's row, creating it if needed (I-11). */
  addRealizedPnl(accountId: number, tradingDay: string, pnl: number, fees: number, at: number): void {
    this
      .stmt(`INSERT INTO daily_pnl (account_id, trading_day, realized_pnl, fees, trade_count, updated_at) VALUES (?, ?, ?, ?, 1, ?)
        ON CONFLICT (account_id, trading_day) DO UPDATE SET realized_pnl = realized_pnl + excluded.realized_pnl,
          fees = fees + excluded.fees, trade_count = trade_count + 1, updated_at = excluded.updated_at`)
      .run(accountId, tradingDay, pnl, fees, at)
  }

  /** Replaces a trading day's totals, e.g. after rebuilding them from Trade/search at start-up (I-33). */
  setDailyPnl(accountId: number, tradingDay: string, totals: { realizedPnl: number; fees: number; tradeCount: number }, at: number): void {
    this
      .stmt(`INSERT OR REPLACE INTO daily_pnl (account_id, trading_day, realized_pnl, fees, trade_count, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(accountId, tradingDay, totals.realizedPnl, totals.fees, totals.tradeCount, at)
  }

  dailyPnl(accountId: number, tradingDay: string): { realizedPnl: number; fees: number; tradeCount: number } | null {
    const row = this
      .stmt('SELECT realized_pnl AS realizedPnl, fees, trade_count AS tradeCount FROM daily_pnl WHERE account_id = ? AND trading_day = ?')
      .get(accountId, tradingDay) as { realizedPnl: number; fees: number; tradeCount: number } | undefined
    return row ?? null
  }

  /** Records the latest unrealized P&L for the day, widening the intraday min/max. Callers throttle (DB-10). */
  recordUnrealized(accountId: number, tradingDay: string, pnl: number, positionsCount: number, totalExposure: number | null, at: number): void {
    this
      .stmt(`INSERT INTO daily_unrealized_pnl (account_id, trading_day, unrealized_pnl, min_unrealized_pnl, max_unrealized_pnl, positions_count, total_exposure, updated_at)
        VALUES (@accountId, @tradingDay, @pnl, @pnl, @pnl, @positionsCount, @totalExposure, @at)
        ON CONFLICT (account_id, trading_day) DO UPDATE SET unrealized_pnl = excluded.unrealized_pnl,
          min_unrealized_pnl = min(min_unrealized_pnl, excluded.unrealized_pnl), max_unrealized_pnl = max(max_unrealized_pnl, excluded.unrealized_pnl),
          positions_count = excluded.positions_count, total_exposure = excluded.total_exposure, updated_at = excluded.updated_at`)
      .run({ accountId, tradingDay, pnl, positionsCount, totalExposure, at })
  }

  unrealized(accountId: number, tradingDay: string): { last: number; min: number; max: number } | null {
    const row = this
      .stmt('SELECT unrealized_pnl AS last, min_unrealized_pnl AS min, max_unrealized_pnl AS max FROM daily_unrealized_pnl WHERE account_id = ? AND trading_day = ?')
      .get(accountId, tradingDay) as { last: number; min: number; max: number } | undefined
    return row ?? null
  }

  /** Appends one enforcement attempt (success or not) and returns its id. */
  logEnforcement(record: EnforcementRecord): number {
    const result = this
      .stmt(`INSERT INTO enforcement_log (ts, account_id, rule_id, action, reason, success, positions_closed, orders_canceled,
          execution_time_ms, lockout_until, pnl_at_enforcement, error_message, correlation_id, details)
        VALUES (@ts, @accountId, @ruleId, @action, @reason, @success, @positionsClosed, @ordersCanceled,
          @executionTimeMs, @lockoutUntil, @pnlAtEnforcement, @errorMessage, @correlationId, @details)`)
      .run({
        ...record,
        success: record.success ? 1 : 0,
        lockoutUntil: record.lockoutUntil ?? null,
        pnlAtEnforcement: record.pnlAtEnforcement ?? null,
        errorMessage: record.errorMessage ?? null,
        correlationId: record.correlationId ?? null,
        details: record.details ? toJson(record.details) : null,
      })
    return Number(result.lastInsertRowid)
  }

  /** Newest first; `onlyFailed` uses the (success, ts DESC) index (DB-6). */
  enforcementHistory(limit: number, options: { onlyFailed?: boolean; accountId?: number } = {}): Array<EnforcementRecord & { id: number }> {
    const rows = this
      .stmt(`SELECT * FROM enforcement_log WHERE (@failed = 0 OR success = 0) AND (@accountId IS NULL OR account_id = @accountId)
        ORDER BY ts DESC, id DESC LIMIT @limit`)
      .all({ failed: options.onlyFailed ? 1 : 0, accountId: options.accountId ?? null, limit }) as Array<Record<string, unknown>>
    return rows.map((r) => ({
      id: r.id as number,
      ts: r.ts as number,
      accountId: r.account_id as number,
      ruleId: r.rule_id as string,
      action: r.action as string,
      reason: r.reason as string,
      success: r.success === 1,
      positionsClosed: r.positions_closed as number,
      ordersCanceled: r.orders_canceled as number,
      executionTimeMs: r.execution_time_ms as number | null,
      lockoutUntil: r.lockout_until as number | null,
      pnlAtEnforcement: r.pnl_at_enforcement as number | null,
      errorMessage: r.error_message as string | null,
      correlationId: r.correlation_id as string | null,
      details: r.details === null ? null : fromJson<Record<string, unknown>>(r.details as string),
    }))
  }
}
