// store.transaction (DB-1): a journal row, a lockout and the risk core's state row commit together, and a
// thrown error rolls all of them back.
import { describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { createAccountState } from '../risk'
import type { Lockout } from '../risk/plan'
import { openStore } from './store'

const fill = { source: 'user-hub' as const, kind: 'trade', accountId: 7, payload: { id: 1 }, at: 10 }
const lockout: Lockout = { accountId: 7, ruleId: 'daily_realized_loss', scope: { kind: 'account' }, reason: 'daily loss', expiry: { kind: 'daily_reset', at: 100 }, setAt: 10 }
const state = { ...createAccountState(7, 10), lockouts: { 'daily_realized_loss|account': lockout } }

describe('store.transaction', () => {
  it('DB-1 commits a journal row, a lockout and the risk-state row together', async () => {
    const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
    const value = store.transaction(() => {
      store.journal.append(fill)
      store.lockouts.save(lockout)
      store.riskSnapshots.save(state, 10)
      return 'done'
    })
    expect(value).toBe('done')
    expect(store.journal.recent(10)).toHaveLength(1)
    expect(store.lockouts.active(20, 7)).toHaveLength(1)
    expect(store.riskSnapshots.loadAll()).toEqual([state])
    store.close()
  })

  it('DB-1 rolls all of them back when the function throws', async () => {
    const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
    expect(() =>
      store.transaction(() => {
        store.journal.append(fill)
        store.lockouts.save(lockout)
        store.riskSnapshots.save(state, 10)
        throw new Error('rule evaluation failed')
      }),
    ).toThrow('rule evaluation failed')
    expect(store.journal.recent(10)).toHaveLength(0)
    expect(store.lockouts.active(20, 7)).toHaveLength(0)
    expect(store.riskSnapshots.loadAll()).toEqual([])
    store.close()
  })
})
