// Migration 50: per-rule lockouts as the risk core defines them (risk/plan.ts Lockout). Migration 20's
// lockouts table already has (account, rule, scope, expiry kind, reason, locked_at); what it lacks is the
// instant of a 'daily_reset' expiry, which its CHECK keeps out of locked_until. expiry_at holds the
// instant for both 'until' and 'daily_reset' so restart can rebuild the exact Lockout (LOCK-4).
import type { Migration } from './types'

export const migration0050: Migration = {
  version: 50,
  name: 'lockout-expiry-at',
  up(db) {
    db.exec(`
      ALTER TABLE lockouts ADD COLUMN expiry_at INTEGER;
      UPDATE lockouts SET expiry_at = locked_until WHERE expiry_kind = 'until';
      CREATE INDEX lockouts_active_expiry ON lockouts (cleared_at, expiry_at);
    `)
  },
}
