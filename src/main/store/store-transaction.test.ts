// store.transaction: a journal row and a risk-state row commit together, and a thrown error rolls both back.
import { describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { openStore } from './store'

const fill = { source: 'user-hub' as const, kind: 'trade', accountId: 7, payload: { id: 1 }, at: 10 }
const lockout = { accountId: 7, ruleId: 'RULE-003', scope: '', reason: 'daily loss', expiry: { kind: 'daily_reset' as const }, lockedAt: 10 }

describe('store.transaction', () => {
  it('commits a journal row and a lockout together', async () => {
    const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
    const value = store.transaction(() => {
      store.journal.append(fill)
      store.riskState.setLockout(lockout)
      return 'done'
    })
    expect(value).toBe('done')
    expect(store.journal.recent(10)).toHaveLength(1)
    expect(store.riskState.activeLockouts(20, 7)).toHaveLength(1)
    store.close()
  })

  it('rolls both back when the function throws', async () => {
    const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
    expect(() =>
      store.transaction(() => {
        store.journal.append(fill)
        store.riskState.setLockout(lockout)
        throw new Error('rule evaluation failed')
      }),
    ).toThrow('rule evaluation failed')
    expect(store.journal.recent(10)).toHaveLength(0)
    expect(store.riskState.activeLockouts(20, 7)).toHaveLength(0)
    store.close()
  })
})
