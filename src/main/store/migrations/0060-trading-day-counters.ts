// Migration 60: named per-rule counters of a trading day (trades per window, consecutive losses, stop
// modifications…). daily_pnl (migration 20) keeps the P&L and the trade count; these counters sit beside it
// and are written in the same transaction as the event that changed them (DB-1).
import type { Migration } from './types'

export const migration0060: Migration = {
  version: 60,
  name: 'trading-day-counters',
  up(db) {
    db.exec(`
      CREATE TABLE trading_day_counters (
        account_id INTEGER NOT NULL,
        trading_day TEXT NOT NULL,
        counter TEXT NOT NULL,
        value REAL NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, trading_day, counter)
      );
    `)
  },
}
