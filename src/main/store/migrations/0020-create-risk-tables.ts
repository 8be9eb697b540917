// Migration 20: state the risk engine must never lose (lockouts, daily P&L, reset schedule, session
// counters), the enforcement log, the optional unrealized-P&L history and the contract cache.
// Follows risk-rules.md §6 with the §11 fixes: lockouts keyed by (account, rule, scope) (I-6) with an
// explicit expiry kind (I-9); daily P&L keyed by trading day and upserted (I-11); reset state as a UTC
// instant (I-8); a session counter separate from the rolling trade list (I-13); enforcement columns
// that the v1 DDL lacked (I-31, DB-SCHEMA-003).
import type { Migration } from './types'

export const migration0020: Migration = {
  version: 20,
  name: 'create-risk-tables',
  up(db) {
    db.exec(`
      -- scope '' = the whole account; otherwise a symbol root or contract id (RULE-011, per-instrument sessions).
      -- A lockout is active while cleared_at IS NULL and it has not expired; history rows are kept.
      CREATE TABLE lockouts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        expiry_kind TEXT NOT NULL CHECK (expiry_kind IN ('until', 'daily_reset', 'indefinite')),
        locked_until INTEGER,
        locked_at INTEGER NOT NULL,
        cleared_at INTEGER,
        cleared_by TEXT,
        clear_reason TEXT,
        updated_at INTEGER NOT NULL,
        CHECK ((expiry_kind = 'until') = (locked_until IS NOT NULL))
      );
      CREATE UNIQUE INDEX lockouts_one_active ON lockouts (account_id, rule_id, scope) WHERE cleared_at IS NULL;

      -- trading_day is 'YYYY-MM-DD' of the trading day (boundary 17:00 America/Chicago by default), not the calendar date.
      CREATE TABLE daily_pnl (
        account_id INTEGER NOT NULL,
        trading_day TEXT NOT NULL,
        realized_pnl REAL NOT NULL DEFAULT 0,
        fees REAL NOT NULL DEFAULT 0,
        trade_count INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, trading_day)
      );

      CREATE TABLE daily_unrealized_pnl (
        account_id INTEGER NOT NULL,
        trading_day TEXT NOT NULL,
        unrealized_pnl REAL NOT NULL,
        min_unrealized_pnl REAL NOT NULL,
        max_unrealized_pnl REAL NOT NULL,
        positions_count INTEGER NOT NULL CHECK (positions_count >= 0),
        total_exposure REAL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, trading_day)
      );

      CREATE TABLE enforcement_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,
        account_id INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        success INTEGER NOT NULL DEFAULT 1 CHECK (success IN (0, 1)),
        positions_closed INTEGER NOT NULL DEFAULT 0,
        orders_canceled INTEGER NOT NULL DEFAULT 0,
        execution_time_ms INTEGER,
        lockout_until INTEGER,
        pnl_at_enforcement REAL,
        error_message TEXT,
        correlation_id TEXT,
        details TEXT
      );
      CREATE INDEX enforcement_log_account_ts ON enforcement_log (account_id, ts DESC);

      CREATE TABLE reset_schedule (
        account_id INTEGER PRIMARY KEY,
        last_reset_at INTEGER,
        reset_time TEXT NOT NULL DEFAULT '17:00',
        timezone TEXT NOT NULL DEFAULT 'America/Chicago',
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE session_state (
        account_id INTEGER NOT NULL,
        trading_day TEXT NOT NULL,
        session_start INTEGER NOT NULL,
        trade_count INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, trading_day)
      );

      CREATE TABLE contract_cache (
        contract_id TEXT PRIMARY KEY,
        symbol_id TEXT NOT NULL,
        name TEXT,
        description TEXT,
        tick_size REAL NOT NULL,
        tick_value REAL NOT NULL,
        active INTEGER,
        cached_at INTEGER NOT NULL
      );
      CREATE INDEX contract_cache_symbol ON contract_cache (symbol_id);
    `)
  },
}
