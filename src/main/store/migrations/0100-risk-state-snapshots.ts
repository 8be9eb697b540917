// Migration 100: the risk core's state per account as one JSON document, rewritten in the same transaction
// as the event that changed it (DB-1). A restart loads it for an instant view with every lockout, count,
// P&L figure and grace clock; reconciliation then confirms it against the gateway (I-33).
import type { Migration } from './types'

export const migration0100: Migration = {
  version: 100,
  name: 'risk-state-snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE risk_state_snapshots (
        account_id INTEGER PRIMARY KEY,
        state_json TEXT NOT NULL,
        core_version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `)
  },
}
