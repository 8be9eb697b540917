// Unit tests of the kill-switch engine against an in-memory gateway (CONC-1/4, §10 enforcement notes, gotchas 11/13).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryIntentRepository, MemoryTransitionRepository } from '../../../test/fakes/memory-repositories'
import { RecordingNotifier } from '../../../test/support/auth/auth-test-kit'
import { FlattenEngine } from './flatten'
import { OrderIntents } from './order-intents'
import { FakeGateway, settle } from '../../../test/support/enforcement/orders-test-kit'
import { PositionCloser } from './position-closer'

const ES = 'CON.F.US.EP.Z26'
const NQ = 'CON.F.US.ENQ.Z26'

function setup() {
  const clock = new ManualClock()
  const gateway = new FakeGateway(clock)
  const logger = new MemoryLogger()
  const audit = new MemoryAuditRepository()
  const intents = new OrderIntents({ rest: gateway, intents: new MemoryIntentRepository(), transitions: new MemoryTransitionRepository(), audit, notifier: new RecordingNotifier(), clock, logger })
  const closer = new PositionCloser({ rest: gateway, clock, logger, intents })
  const engine = new FlattenEngine({ rest: gateway, closer, intents, audit, clock, logger })
  return { clock, gateway, audit, engine }
}

describe('FlattenEngine', () => {
  it('closes every position, then cancels every working order (a leftover stop), and verifies flat', async () => {
    const { clock, gateway, engine, audit } = setup()
    gateway.addPosition(7, ES, 2)
    gateway.addPosition(7, NQ, 1, 2)
    const stop = gateway.addOrder(7, ES, { type: 4, stopPrice: 5000 })
    const result = await settle(clock, engine.flattenAccount(7, 'kill-switch'))
    expect(result).toEqual({ accountId: 7, positionsClosed: 2, ordersCancelled: 1, verifiedFlat: true, problems: [] })
    expect(gateway.orders.find((o) => o.id === stop.id)?.status).toBe(3)
    const writes = gateway.calls.map((c) => c.method).filter((m) => m === 'closePosition' || m === 'cancelOrder')
    expect(writes).toEqual(['closePosition', 'closePosition', 'cancelOrder'])
    expect(audit.rows.filter((r) => r.category === 'enforcement').map((r) => r.message)).toEqual(['Flatten started (kill-switch)', 'Flatten complete'])
  })

  it('a stop that fills during the flatten reopens a position; the next round closes it', async () => {
    const { clock, gateway, engine } = setup()
    gateway.addPosition(7, ES, 1)
    let fired = false
    gateway.afterClose = () => {
      if (fired) return
      fired = true
      gateway.addPosition(7, ES, 1, 2)
    }
    const result = await settle(clock, engine.flattenAccount(7, 'kill-switch'))
    expect(result.verifiedFlat).toBe(true)
    expect(gateway.positions).toHaveLength(0)
    expect(gateway.count('closePosition')).toBe(2)
  })

  it('cancel refused with code 6 (live account) is surfaced as a trader-readable problem, not swallowed', async () => {
    const { clock, gateway, engine, audit } = setup()
    gateway.addPosition(7, ES, 1)
    gateway.addOrder(7, ES)
    gateway.liveAccounts.add(7)
    const result = await settle(clock, engine.flattenAccount(7, 'kill-switch'))
    expect(result.positionsClosed).toBe(1)
    expect(result.ordersCancelled).toBe(0)
    expect(result.verifiedFlat).toBe(false)
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toContain('cancel refused: Live accounts not supported')
    expect(gateway.count('cancelOrder')).toBe(1)
    expect(audit.rows.some((r) => r.severity === 'critical' && r.accountId === 7)).toBe(true)
  })

  it('CONC-4 while enforcement holds an account, UI actions are refused with ENFORCEMENT_BUSY or wait', async () => {
    const { clock, gateway, engine } = setup()
    gateway.addPosition(7, ES, 1)
    const flatten = engine.flattenAccount(7, 'kill-switch')
    const refused = await engine.runUserAction(7, async () => 'ran', { wait: false })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('ENFORCEMENT_BUSY')
    const order: string[] = []
    const waited = engine.runUserAction(7, async () => {
      order.push(`user sees ${gateway.positions.length} positions`)
      return 'ran'
    }, { wait: true })
    await settle(clock, flatten)
    expect(await settle(clock, waited)).toEqual({ ok: true, value: 'ran' })
    expect(order).toEqual(['user sees 0 positions'])
    expect(await engine.runUserAction(7, async () => 1, { wait: false })).toEqual({ ok: true, value: 1 })
  })

  it('CONC-1 flattenAll runs accounts in parallel and reports each one', async () => {
    const { clock, gateway, engine } = setup()
    gateway.addPosition(1, ES, 1)
    gateway.addPosition(2, ES, 3)
    let release: () => void = () => undefined
    const held = engine.withEnforcement(1, () => new Promise<void>((r) => { release = r }))
    const report = engine.flattenAll([1, 2], 'kill-switch')
    // Account 2 finishes while account 1 is still held by another enforcement step.
    await settle(clock, new Promise<void>((resolve) => {
      const poll = (): void => (gateway.sizeOf(2, ES) === 0 ? resolve() : void clock.setTimeout(poll, 100))
      poll()
    }))
    expect(gateway.sizeOf(1, ES)).toBe(1)
    release()
    await held
    const done = await settle(clock, report)
    expect(done.accounts.map((a) => [a.accountId, a.verifiedFlat])).toEqual([[1, true], [2, true]])
    expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt)
  })

  it('an already flat account is verified flat without any write', async () => {
    const { clock, gateway, engine } = setup()
    const result = await settle(clock, engine.flattenAccount(9, 'kill-switch'))
    expect(result).toEqual({ accountId: 9, positionsClosed: 0, ordersCancelled: 0, verifiedFlat: true, problems: [] })
    expect(gateway.count('closePosition') + gateway.count('cancelOrder')).toBe(0)
  })
})
