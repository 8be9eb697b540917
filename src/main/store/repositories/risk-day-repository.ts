// SQLite CounterStore and ResetStateStore: named trading-day counters (migration 60) and the reset state
// as instants (migrations 20 + 70). Small synchronous writes, meant to run inside the event's transaction.
import type Database from 'better-sqlite3'
import type { CounterStore, ResetState, ResetStateStore } from '../../ports/risk-store'

export class SqliteCounterRepository implements CounterStore {
  private readonly addStmt: Database.Statement
  private readonly getStmt: Database.Statement<[number, string, string], { value: number }>
  private readonly allStmt: Database.Statement<[number, string], { counter: string; value: number }>

  constructor(db: Database.Database) {
    this.addStmt = db.prepare(`INSERT INTO trading_day_counters (account_id, trading_day, counter, value, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, trading_day, counter) DO UPDATE SET value = value + excluded.value, updated_at = excluded.updated_at`)
    this.getStmt = db.prepare('SELECT value FROM trading_day_counters WHERE account_id = ? AND trading_day = ? AND counter = ?')
    this.allStmt = db.prepare('SELECT counter, value FROM trading_day_counters WHERE account_id = ? AND trading_day = ? ORDER BY counter')
  }

  add(accountId: number, tradingDay: string, counter: string, delta: number, at: number): number {
    this.addStmt.run(accountId, tradingDay, counter, delta, at)
    return this.getStmt.get(accountId, tradingDay, counter)?.value ?? 0
  }

  all(accountId: number, tradingDay: string): Readonly<Record<string, number>> {
    return Object.fromEntries(this.allStmt.all(accountId, tradingDay).map((r) => [r.counter, r.value]))
  }
}

interface ResetRow {
  account_id: number
  last_reset_at: number | null
  last_boundary_at: number | null
  next_reset_at: number | null
  reset_time: string
  timezone: string
}

export class SqliteResetStateRepository implements ResetStateStore {
  private readonly getStmt: Database.Statement<[number], ResetRow>
  private readonly saveStmt: Database.Statement

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT * FROM reset_schedule WHERE account_id = ?')
    this.saveStmt = db.prepare(`INSERT INTO reset_schedule (account_id, last_reset_at, last_boundary_at, next_reset_at, reset_time, timezone, updated_at)
      VALUES (@accountId, @lastResetAt, @lastBoundaryAt, @nextResetAt, @resetTime, @timezone, @at)
      ON CONFLICT (account_id) DO UPDATE SET last_reset_at = excluded.last_reset_at, last_boundary_at = excluded.last_boundary_at,
        next_reset_at = excluded.next_reset_at, reset_time = excluded.reset_time, timezone = excluded.timezone, updated_at = excluded.updated_at`)
  }

  get(accountId: number): ResetState | null {
    const r = this.getStmt.get(accountId)
    if (r === undefined) return null
    return { accountId: r.account_id, lastResetAt: r.last_reset_at, lastBoundaryAt: r.last_boundary_at, nextResetAt: r.next_reset_at, resetTime: r.reset_time, timezone: r.timezone }
  }

  save(state: ResetState, at: number): void {
    this.saveStmt.run({ ...state, at })
  }
}
