// Migration 10: the gateway mirror (accounts, orders, trades, positions), our order intents and
// their transitions, the event journal, key/value meta and the audit log.
//
// Conventions for every table: times are epoch milliseconds in INTEGER columns (`*_at`, `*_ts`);
// gateway ids are INTEGER (SQLite stores int64, so ids above 2^31 survive); the whole gateway
// object is kept as JSON in `payload` so nothing the API adds later is lost, with the fields we
// query on copied into columns. Gateway columns carry no CHECK constraints: odd server data is
// accepted and flagged upstream, never rejected by the database (DB-8).
import type { Migration } from './types'

export const migration0010: Migration = {
  version: 10,
  name: 'create-core-tables',
  up(db) {
    db.exec(`
      CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL,
        execution_time_ms INTEGER
      );

      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        balance REAL NOT NULL,
        can_trade INTEGER NOT NULL,
        is_visible INTEGER NOT NULL,
        simulated INTEGER,
        payload TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL,
        contract_id TEXT NOT NULL,
        status INTEGER NOT NULL,
        type INTEGER NOT NULL,
        side INTEGER NOT NULL,
        size INTEGER NOT NULL,
        limit_price REAL,
        stop_price REAL,
        fill_volume INTEGER,
        filled_price REAL,
        custom_tag TEXT,
        creation_ts INTEGER NOT NULL,
        update_ts INTEGER,
        payload TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE trades (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL,
        contract_id TEXT NOT NULL,
        order_id INTEGER NOT NULL,
        creation_ts INTEGER NOT NULL,
        price REAL NOT NULL,
        profit_and_loss REAL,
        fees REAL NOT NULL,
        commissions REAL,
        side INTEGER NOT NULL,
        size INTEGER NOT NULL,
        voided INTEGER NOT NULL,
        payload TEXT NOT NULL,
        inserted_at INTEGER NOT NULL
      );

      -- ProjectX nets per contract, so (account, contract) identifies an open position.
      CREATE TABLE positions (
        account_id INTEGER NOT NULL,
        contract_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        type INTEGER NOT NULL,
        size INTEGER NOT NULL,
        average_price REAL NOT NULL,
        creation_ts INTEGER NOT NULL,
        payload TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, contract_id)
      );

      -- Our own orders, committed before the HTTP call (IDEM-1, IDEM-2). These are our values, so CHECKs apply.
      CREATE TABLE order_intents (
        custom_tag TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('place', 'cancel', 'close', 'partial_close', 'modify')),
        contract_id TEXT,
        reason TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('created', 'sent', 'acknowledged', 'rejected', 'unknown', 'failed', 'manual_review')),
        order_id INTEGER,
        send_count INTEGER NOT NULL DEFAULT 0 CHECK (send_count >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_error TEXT
      );

      -- from_state/to_state hold an OrderStatus number or an IntentStatus string; no declared type keeps either as given.
      CREATE TABLE order_state_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id INTEGER,
        custom_tag TEXT,
        from_state,
        to_state NOT NULL,
        trigger TEXT NOT NULL,
        reason TEXT,
        at INTEGER NOT NULL
      );

      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        account_id INTEGER,
        payload TEXT NOT NULL
      );

      -- Small JSON settings: token expiry metadata (never the token), limiter and breaker state ('limiter:*'), subscriptions.
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('session', 'connection', 'enforcement', 'order', 'settings', 'system')),
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message TEXT NOT NULL,
        account_id INTEGER,
        detail TEXT
      );
    `)
  },
}
