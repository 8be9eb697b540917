import { describe, expect, it } from 'vitest'
import { columnNames, databaseAt } from '../../../../test/support/store/migration-helpers'

describe('migration 0070 reset-state', () => {
  it('RESET-4/5 reset_schedule records the boundary executed and the next one as instants', () => {
    const db = databaseAt(70)
    expect(columnNames(db, 'reset_schedule')).toEqual(expect.arrayContaining(['last_reset_at', 'last_boundary_at', 'next_reset_at']))
    db.close()
  })
})
