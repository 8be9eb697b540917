// Retention sweep (DB-7, IDEM-4): old history is deleted in one short transaction, run once a day by the host.
import type Database from 'better-sqlite3'

const DAY_MS = 24 * 60 * 60 * 1000

/** How long each kind of history is kept, in days. */
export const RETENTION_DAYS = {
  unrealizedPnl: 7,
  enforcementLog: 30,
  events: 30,
  orders: 90,
  transitions: 90,
  /** IDEM-4: at least 90 days, and unresolved intents are never deleted. */
  intents: 90,
  trades: 365,
  auditLog: 365,
} as const

export type RetentionReport = { readonly [K in keyof typeof RETENTION_DAYS]: number }

/** Deletes rows older than their retention; returns the number deleted per kind. */
export function runRetention(db: Database.Database, now: number): RetentionReport {
  const cutoff = (days: number): number => now - days * DAY_MS
  const d = RETENTION_DAYS
  const run = (sql: string, days: number): number => db.prepare(sql).run(cutoff(days)).changes
  return db.transaction(() => ({
    unrealizedPnl: run('DELETE FROM daily_unrealized_pnl WHERE updated_at < ?', d.unrealizedPnl),
    enforcementLog: run('DELETE FROM enforcement_log WHERE ts < ?', d.enforcementLog),
    events: run('DELETE FROM events WHERE at < ?', d.events),
    // Working orders are kept whatever their age: a GTC stop is still live risk.
    orders: run('DELETE FROM orders WHERE updated_at < ? AND status IN (2, 3, 4, 5)', d.orders),
    transitions: run('DELETE FROM order_state_transitions WHERE at < ?', d.transitions),
    intents: run(
      "DELETE FROM order_intents WHERE updated_at < ? AND status NOT IN ('created', 'sent', 'unknown')",
      d.intents,
    ),
    trades: run('DELETE FROM trades WHERE creation_ts < ?', d.trades),
    auditLog: pruneAuditLog(db, cutoff(d.auditLog)),
  }))()
}

/**
 * Old audit rows go, but the chain stays verifiable: the first remaining row's prev_hash is recorded as
 * the chain's new base, so verification starts there instead of at the genesis hash.
 */
function pruneAuditLog(db: Database.Database, before: number): number {
  const removed = db.prepare('DELETE FROM audit_log WHERE at < ?').run(before).changes
  if (removed === 0) return 0
  const first = db.prepare('SELECT id, prev_hash FROM audit_log ORDER BY id LIMIT 1').get() as { id: number; prev_hash: string | null } | undefined
  if (first !== undefined && first.prev_hash !== null) {
    db.prepare(`INSERT INTO meta (key, value, updated_at) VALUES ('audit.chainBase', ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(JSON.stringify({ id: first.id, prevHash: first.prev_hash }), before)
  }
  return removed
}
