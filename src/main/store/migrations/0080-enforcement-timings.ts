// Migration 80: the executor's timings on enforcement_log (issue 10 §5): event received, plan made, first
// request sent, verified, the outcome word, write attempts and shadow mode. Old rows keep NULLs.
import type { Migration } from './types'

export const migration0080: Migration = {
  version: 80,
  name: 'enforcement-timings',
  up(db) {
    db.exec(`
      ALTER TABLE enforcement_log ADD COLUMN received_at INTEGER;
      ALTER TABLE enforcement_log ADD COLUMN planned_at INTEGER;
      ALTER TABLE enforcement_log ADD COLUMN first_request_at INTEGER;
      ALTER TABLE enforcement_log ADD COLUMN verified_at INTEGER;
      ALTER TABLE enforcement_log ADD COLUMN outcome TEXT;
      ALTER TABLE enforcement_log ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE enforcement_log ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0 CHECK (shadow IN (0, 1));
    `)
  },
}
