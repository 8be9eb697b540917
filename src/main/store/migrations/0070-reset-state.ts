// Migration 70: reset state as instants (risk-rules.md I-8, RESET-4/5). reset_schedule (migration 20) has
// last_reset_at; adding the boundary it executed and the next one lets a restart tell "already reset for
// this boundary" from "missed a boundary while down" without recomputing from a possibly changed config.
import type { Migration } from './types'

export const migration0070: Migration = {
  version: 70,
  name: 'reset-state',
  up(db) {
    db.exec(`
      ALTER TABLE reset_schedule ADD COLUMN last_boundary_at INTEGER;
      ALTER TABLE reset_schedule ADD COLUMN next_reset_at INTEGER;
    `)
  },
}
