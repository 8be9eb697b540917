// The GatewayRest adapter maps outcomes without losing ambiguity, tags placed stops, and uses the enforcement lane.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import type { CallOptions, GatewayRest } from '../../ports/gateway'
import { PRIORITY } from '../../ports/gateway'
import { SqliteLockoutRepository } from '../../store/repositories/lockout-repository'
import { LATEST_VERSION } from '../../store/migrations/index'
import { databaseAt } from '../../../../test/support/store/migration-helpers'
import { RestEnforcementGateway, StoreLockoutSink, toWriteResult } from './rest-adapter'

describe('rest adapter', () => {
  it('RETRY-5: uncertain stays ambiguous (timeout); retryable failures stay retryable; others are refusals', () => {
    expect(toWriteResult({ kind: 'uncertain', reason: 't' })).toEqual({ kind: 'timeout', reason: 't' })
    expect(toWriteResult({ kind: 'failed', reason: '503', retryable: true }).kind).toBe('retryable')
    expect(toWriteResult({ kind: 'failed', reason: '400', retryable: false }).kind).toBe('rejected')
    expect(toWriteResult({ kind: 'ok', orderId: 3 })).toEqual({ kind: 'ok', orderId: 3 })
  })

  it('places a stop with our customTag on the enforcement lane', async () => {
    const seen: Array<{ request: unknown; opts: CallOptions | undefined }> = []
    const rest = {
      placeOrder: (request: unknown, opts?: CallOptions) => {
        seen.push({ request, opts })
        return Promise.resolve({ kind: 'ok', orderId: 1 } as const)
      },
    } as unknown as GatewayRest
    const gw = new RestEnforcementGateway(rest)
    await gw.placeStop(1, { contractId: 'C', side: 'sell', size: 2, stopPrice: 99 }, 'TG-x')
    expect(seen[0]?.request).toMatchObject({ accountId: 1, contractId: 'C', type: 4, side: 1, size: 2, stopPrice: 99, customTag: 'TG-x' })
    expect(seen[0]?.opts?.priority).toBe(PRIORITY.enforcement)
  })

  it('DB-1: the lockout sink writes through to the store', () => {
    const store = new SqliteLockoutRepository(databaseAt(LATEST_VERSION))
    const sink = new StoreLockoutSink(store, new ManualClock(0))
    const lockout = { accountId: 1, ruleId: 'RULE-003', scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason: 'r', setAt: 0 } as const
    sink.setLockout(lockout)
    expect(store.active(1)).toEqual([lockout])
    sink.clearLockout(1, 'RULE-003', { kind: 'account' })
    expect(store.active(1)).toEqual([])
  })
})
