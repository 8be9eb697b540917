// Migration 90: every saved rules configuration, verbatim, with when and by whom (issue 10 §7): the
// active rules are the newest row, and before/after of any change can be shown and exported.
import type { Migration } from './types'

export const migration0090: Migration = {
  version: 90,
  name: 'rules-config-versions',
  up(db) {
    db.exec(`
      CREATE TABLE rules_config_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        yaml TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL CHECK (created_by IN ('trader', 'admin', 'file', 'default', 'import')),
        note TEXT
      );
      CREATE INDEX rules_config_versions_created ON rules_config_versions (created_at DESC);
    `)
  },
}
