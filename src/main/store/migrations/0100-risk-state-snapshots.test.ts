import { describe, expect, it } from 'vitest'
import { databaseAt, tableNames } from '../../../../test/support/store/migration-helpers'

describe('migration 0100 risk-state-snapshots', () => {
  it('DB-1 keeps one state document per account; a second insert for the account is refused', () => {
    const db = databaseAt(100)
    expect(tableNames(db)).toContain('risk_state_snapshots')
    db.prepare("INSERT INTO risk_state_snapshots (account_id, state_json, core_version, updated_at) VALUES (1, '{}', 1, 5)").run()
    expect(() => db.prepare("INSERT INTO risk_state_snapshots (account_id, state_json, core_version, updated_at) VALUES (1, '{}', 1, 6)").run()).toThrow(/UNIQUE|PRIMARY/)
    db.close()
  })
})
