// Executor behaviour against a fake gateway and a manual clock; names carry the risk-rules.md §10 ids.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import type { Plan, PlannedAction } from '../../risk/plan'
import { Executor, PlanAccountMismatchError } from './executor'
import type { ExecutorOptions } from './executor'
import { FakeEnforcementGateway } from '../../../../test/support/enforcement/fake-enforcement-gateway'
import type { EnforcementRecord } from './ports'
import { CUSTOM_TAG_PREFIX } from './ports'

const MNQ = 'CON.F.US.MNQ.Z26'
const ES = 'CON.F.US.EP.Z26'

function setup(options: Partial<ExecutorOptions> = {}, shadow: number[] = []) {
  const clock = new ManualClock()
  const gateway = new FakeEnforcementGateway()
  const records: EnforcementRecord[] = []
  const lockouts: string[] = []
  const executor = new Executor(
    {
      gateway,
      clock,
      log: { record: (r) => records.push(r) },
      lockouts: { setLockout: (l) => void lockouts.push(`set:${l.ruleId}`), clearLockout: (_a, ruleId) => void lockouts.push(`clear:${ruleId}`) },
      isShadow: (acct) => shadow.includes(acct),
    },
    options,
  )
  return { clock, gateway, records, lockouts, executor }
}

const plan = (accountId: number, ...actions: PlannedAction[]): Plan => ({ accountId, actions })
const act = (action: PlannedAction['action'], ruleId = 'RULE-004'): PlannedAction => ({ ruleId, action, reason: 'test' })
const timing = { receivedAt: 1, plannedAt: 2 }

/** Lets the manual clock run until the promise settles. */
async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false
  void promise.finally(() => (settled = true))
  for (let i = 0; i < 500 && !settled; i++) await clock.advanceAsync(250)
  return promise
}

describe('Executor', () => {
  it('PIPE-6 R4-5: a breach repeated on every quote while the close is in flight sends one close', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 3 }])
    let release!: () => void
    gateway.gate = new Promise((r) => (release = r))
    const runs = Array.from({ length: 20 }, () => executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(executor.isInFlight({ kind: 'close_position', accountId: 1, contractId: MNQ })).toBe(true)
    release()
    await drive(clock, Promise.all(runs))
    expect(gateway.writes('close')).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(records[0]?.outcome).toBe('verified')
    expect(gateway.writes()[0]?.tag?.startsWith(CUSTOM_TAG_PREFIX)).toBe(true)
    expect(executor.isInFlight({ kind: 'close_position', accountId: 1, contractId: MNQ })).toBe(false)
  })

  it('PIPE-2 CONC-1: one account is serialized, two accounts run in parallel', async () => {
    const { clock, gateway, executor } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }, { contractId: ES, size: 1 }])
    gateway.setPositions(2, [{ contractId: MNQ, size: 1 }])
    let release!: () => void
    gateway.gate = new Promise((r) => (release = r))
    const a = executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing)
    const b = executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: ES })), timing)
    const c = executor.submit(plan(2, act({ kind: 'close_position', accountId: 2, contractId: MNQ })), timing)
    await clock.advanceAsync(0)
    // Account 1's second close waits behind the first; account 2 is not held up by account 1.
    expect(gateway.writes().map((w) => `${w.accountId}:${w.target}`)).toEqual([`1:${MNQ}`, `2:${MNQ}`])
    release()
    await drive(clock, Promise.all([a, b, c]))
    expect(gateway.writes('close')).toHaveLength(3)
  })

  it('PIPE-7: a close accepted but not observed is re-checked and retried up to the bound, then logged failed', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 2 }])
    gateway.stuck.add(MNQ)
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(gateway.writes('close')).toHaveLength(4)
    expect(records[0]).toMatchObject({ outcome: 'failed', attempts: 4, verifiedAt: null })
  })

  it('PIPE-7: retry after a not-yet-filled close verifies on the second attempt', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 2 }])
    gateway.script.push({ result: { kind: 'ok', orderId: null }, apply: false })
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(gateway.writes('close')).toHaveLength(2)
    expect(records[0]).toMatchObject({ outcome: 'verified', attempts: 2, receivedAt: 1, plannedAt: 2 })
    expect(records[0]?.firstRequestAt).not.toBeNull()
  })

  it('PIPE-11: 429 and 5xx during enforcement are retried with backoff, never dropped', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    gateway.script.push({ result: { kind: 'retryable', status: 429, reason: 'rate limited', retryAfterMs: 30_000 }, apply: false })
    gateway.script.push({ result: { kind: 'retryable', status: 503, reason: 'unavailable' }, apply: false })
    const run = executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing)
    await clock.advanceAsync(1_000)
    expect(gateway.writes('close')).toHaveLength(1) // honouring Retry-After
    await drive(clock, run)
    expect(gateway.writes('close')).toHaveLength(3)
    expect(records[0]?.outcome).toBe('verified')
  })

  it('RETRY-5 S1: a timed-out close that landed is checked by searchOpen and not resent', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    gateway.script.push({ result: { kind: 'timeout', reason: 'timeout after 5000 ms' }, apply: true })
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(gateway.writes('close')).toHaveLength(1)
    expect(records[0]?.outcome).toBe('verified')
  })

  it('RETRY-5: a timed-out stop placement is looked up by customTag before any resend', async () => {
    const { clock, gateway, executor } = setup()
    gateway.script.push({ result: { kind: 'timeout', reason: 'timeout' }, apply: true })
    const stop = { kind: 'place_stop', accountId: 1, contractId: MNQ, side: 'sell', size: 1, stopPrice: 20_000 } as const
    await drive(clock, executor.submit(plan(1, act(stop, 'RULE-008')), timing))
    expect(gateway.writes('placeStop')).toHaveLength(1)
    expect(gateway.orders.get(1)?.[0]?.customTag).toBe(gateway.writes('placeStop')[0]?.tag)
  })

  it('modify_stop is verified by the new stop price', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setOrders(1, [{ orderId: 5, stopPrice: 100 }])
    await drive(clock, executor.submit(plan(1, act({ kind: 'modify_stop', accountId: 1, orderId: 5, stopPrice: 110 }, 'RULE-012')), timing))
    expect(gateway.orders.get(1)?.[0]?.stopPrice).toBe(110)
    expect(records[0]?.outcome).toBe('verified')
  })

  it('shadow: nothing is sent, lockouts are not applied, every record says shadow', async () => {
    const { clock, gateway, executor, records, lockouts } = setup({}, [1])
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    const lockout = { accountId: 1, ruleId: 'RULE-003', scope: { kind: 'account' }, expiry: { kind: 'indefinite' }, reason: 'x', setAt: 0 } as const
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_all', accountId: 1 }), act({ kind: 'set_lockout', lockout })), timing))
    expect(gateway.calls).toHaveLength(0)
    expect(lockouts).toHaveLength(0)
    expect(records.map((r) => [r.outcome, r.shadow])).toEqual([
      ['shadow', true],
      ['shadow', true],
    ])
  })

  it('D-5: close_all closes every position, cancels every order, re-verifies and repeats', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 2 }, { contractId: ES, size: 1 }])
    gateway.setOrders(1, [{ orderId: 7 }, { orderId: 8, contractId: ES }])
    // The ES close is accepted but does not fill in the first round.
    gateway.script.push({ result: { kind: 'ok', orderId: null }, apply: true }, { result: { kind: 'ok', orderId: null }, apply: false })
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_all', accountId: 1 }, 'RULE-003')), timing))
    expect(gateway.positions.get(1)).toEqual([])
    expect(gateway.orders.get(1)).toEqual([])
    expect(gateway.writes('close').map((c) => c.target)).toEqual([MNQ, ES, ES])
    expect(records[0]).toMatchObject({ outcome: 'verified', detail: 'rounds=2' })
  })

  it('D-5: close_all on a flat account is a no-op; a close-all in flight covers a close of one position', async () => {
    const { clock, gateway, executor, records } = setup()
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_all', accountId: 1 })), timing))
    expect(records[0]?.outcome).toBe('noop')
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    const all = executor.submit(plan(1, act({ kind: 'close_all', accountId: 1 })), timing)
    const one = executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing)
    await drive(clock, Promise.all([all, one]))
    expect(gateway.writes('close')).toHaveLength(1)
    expect(await one).toEqual([])
  })

  it('ACTION_SEVERITY: a plan runs lockout, close-all, then stops, whatever order it lists them in', async () => {
    const { clock, gateway, executor, records, lockouts } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    const lockout = { accountId: 1, ruleId: 'RULE-003', scope: { kind: 'account' }, expiry: { kind: 'daily_reset', at: 9 }, reason: 'x', setAt: 0 } as const
    const stop = { kind: 'place_stop', accountId: 1, contractId: ES, side: 'sell', size: 1, stopPrice: 1 } as const
    await drive(clock, executor.submit(plan(1, act(stop), act({ kind: 'close_all', accountId: 1 }), act({ kind: 'set_lockout', lockout })), timing))
    expect(records.map((r) => r.action)).toEqual(['set_lockout', 'close_all', 'place_stop'])
    expect(lockouts).toEqual(['set:RULE-003'])
    expect(records[0]?.outcome).toBe('applied')
  })

  it('PIPE-5: reduce_position closes only down to the target and never reverses', async () => {
    const { clock, gateway, executor } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 3 }])
    await drive(clock, executor.submit(plan(1, act({ kind: 'reduce_position', accountId: 1, contractId: MNQ, by: 1 }, 'RULE-001')), timing))
    expect(gateway.positions.get(1)).toEqual([{ contractId: MNQ, size: 2 }])
    expect(gateway.writes('partial').map((w) => w.target)).toEqual([`${MNQ}:1`])
  })

  it('PIPE-5: cancel_order of an order already gone is satisfied without a failure', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.script.push({ result: { kind: 'rejected', code: 2, message: 'Order not found' }, apply: false })
    await drive(clock, executor.submit(plan(1, act({ kind: 'cancel_order', accountId: 1, orderId: 44 }, 'RULE-006')), timing))
    expect(records[0]?.outcome).toBe('verified')
  })

  it('refuses a plan whose action names another account, registering nothing', () => {
    const { executor } = setup()
    const close = { kind: 'close_position', accountId: 1, contractId: MNQ } as const
    expect(() => executor.submit(plan(1, act(close), act({ kind: 'close_all', accountId: 2 })), timing)).toThrow(PlanAccountMismatchError)
    expect(executor.isInFlight(close)).toBe(false)
  })

  it('RETRY-5: a timed-out close that did not land is found open by searchOpen, then resent with a new tag', async () => {
    const { clock, gateway, executor, records } = setup()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    gateway.script.push({ result: { kind: 'timeout', reason: 'timeout' }, apply: false })
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    const closes = gateway.writes('close')
    expect(closes).toHaveLength(2)
    expect(closes[0]?.tag).not.toBe(closes[1]?.tag) // IDEM-1: tags are never reused
    // A read sits between the ambiguous write and the resend.
    const ops = gateway.calls.map((c) => c.op)
    expect(ops.slice(ops.indexOf('close') + 1, ops.lastIndexOf('close'))).toContain('searchPositions')
    expect(records[0]?.outcome).toBe('verified')
  })
})

describe('Executor with an observe hook', () => {
  it('PIPE-7: verifies from the hub-fed view when it answers, and falls back to searchOpen when it does not', async () => {
    const clock = new ManualClock()
    const gateway = new FakeEnforcementGateway()
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    let trusted = true
    const records: EnforcementRecord[] = []
    const executor = new Executor({
      gateway,
      clock,
      log: { record: (r) => records.push(r) },
      lockouts: { setLockout: () => undefined, clearLockout: () => undefined },
      observe: { positions: (acct) => (trusted ? (gateway.positions.get(acct) ?? []) : null), orders: () => null },
    })
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(gateway.calls.filter((c) => c.op === 'searchPositions')).toHaveLength(0)
    expect(records[0]?.outcome).toBe('verified')
    trusted = false
    gateway.setPositions(1, [{ contractId: MNQ, size: 1 }])
    await drive(clock, executor.submit(plan(1, act({ kind: 'close_position', accountId: 1, contractId: MNQ })), timing))
    expect(gateway.calls.filter((c) => c.op === 'searchPositions').length).toBeGreaterThan(0)
  })
})
