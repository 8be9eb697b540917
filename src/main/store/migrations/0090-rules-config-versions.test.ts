import { describe, expect, it } from 'vitest'
import { databaseAt, tableNames } from '../../../../test/support/store/migration-helpers'

describe('migration 0090 rules-config-versions', () => {
  it('stores yaml text with when and by; an unknown author is refused', () => {
    const db = databaseAt(90)
    expect(tableNames(db)).toContain('rules_config_versions')
    db.prepare("INSERT INTO rules_config_versions (yaml, sha256, created_at, created_by) VALUES ('rules: {}', 'h', 1, 'admin')").run()
    expect(() => db.prepare("INSERT INTO rules_config_versions (yaml, sha256, created_at, created_by) VALUES ('x', 'h', 1, 'nobody')").run()).toThrow(/CHECK/)
    db.close()
  })
})
