// Unit tests of the position closer (CONC-2/3/6, RETRY-6, S1).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryIntentRepository, MemoryTransitionRepository } from '../../../test/fakes/memory-repositories'
import { RecordingNotifier } from '../../../test/support/auth/auth-test-kit'
import { PRIORITY } from '../ports/gateway'
import { OrderIntents } from './order-intents'
import { FakeGateway, settle } from '../../../test/support/enforcement/orders-test-kit'
import { PositionCloser } from './position-closer'
import type { LivePositionSource } from './position-closer'

const ES = 'CON.F.US.EP.Z26'

function setup(cache?: LivePositionSource) {
  const clock = new ManualClock()
  const gateway = new FakeGateway(clock)
  const intentsRepo = new MemoryIntentRepository()
  const transitions = new MemoryTransitionRepository()
  const logger = new MemoryLogger()
  const intents = new OrderIntents({ rest: gateway, intents: intentsRepo, transitions, audit: new MemoryAuditRepository(), notifier: new RecordingNotifier(), clock, logger })
  const closer = new PositionCloser({ rest: gateway, clock, logger, intents, ...(cache ? { cache } : {}) })
  return { clock, gateway, closer, intentsRepo, transitions }
}

describe('PositionCloser', () => {
  it('CONC-3 size 0 on the live read → no-op, nothing sent', async () => {
    const { clock, gateway, closer } = setup()
    const result = await settle(clock, closer.close(7, ES, { reason: 'r' }))
    expect(result.kind).toBe('already_flat')
    expect(gateway.count('closePosition')).toBe(0)
    expect(gateway.count('searchOpenPositions')).toBe(1)
  })

  it('CONC-3 a cache entry ≤ 1 s old is used; an older one is not', async () => {
    const { clock, gateway, closer } = setup({ sizeOf: () => ({ size: 0, observedAt: clock.now() - 500 }) })
    gateway.addPosition(7, ES, 2)
    expect((await settle(clock, closer.close(7, ES, { reason: 'r' }))).kind).toBe('already_flat')
    expect(gateway.count('searchOpenPositions')).toBe(0)

    const stale = setup({ sizeOf: () => ({ size: 0, observedAt: stale.clock.now() - 1_500 }) })
    stale.gateway.addPosition(7, ES, 2)
    expect((await settle(stale.clock, stale.closer.close(7, ES, { reason: 'r' }))).kind).toBe('closed')
    expect(stale.gateway.sizeOf(7, ES)).toBe(0)
  })

  it('CONC-2 a second full close while one is active returns close_in_progress and sends nothing', async () => {
    const { clock, gateway, closer } = setup()
    gateway.addPosition(7, ES, 3)
    const first = closer.close(7, ES, { reason: 'rule' })
    const second = await closer.close(7, ES, { reason: 'user' })
    expect(second).toEqual({ kind: 'close_in_progress' })
    expect((await settle(clock, first)).kind).toBe('closed')
    expect(gateway.count('closePosition')).toBe(1)
  })

  it('CONC-6 two concurrent half closes of a 2-lot end exactly flat, never reversed', async () => {
    const { clock, gateway, closer } = setup()
    gateway.addPosition(7, ES, 2)
    const [a, b] = await settle(clock, Promise.all([closer.close(7, ES, { size: 1, reason: 'half' }), closer.close(7, ES, { size: 1, reason: 'half' })]))
    expect(a.kind).toBe('closed')
    expect(b.kind).toBe('closed')
    expect(gateway.sizeOf(7, ES)).toBe(0)
    expect(gateway.calls.filter((c) => c.method === 'partialClosePosition').map((c) => c.args[2])).toEqual([1, 1])
  })

  it('CONC-6 a partial close larger than the live size is clamped (never reverses)', async () => {
    const { clock, gateway, closer } = setup()
    gateway.addPosition(7, ES, 1)
    const result = await settle(clock, closer.close(7, ES, { size: 3, reason: 'r' }))
    expect(result.kind).toBe('closed')
    expect(gateway.calls.find((c) => c.method === 'partialClosePosition')?.args[2]).toBe(1)
    expect(gateway.sizeOf(7, ES)).toBe(0)
  })

  it('S1 closeContract executed but reply lost → the retry re-reads size 0 and sends nothing', async () => {
    const { clock, gateway, closer } = setup()
    gateway.addPosition(7, ES, 2)
    gateway.closeFault = () => 'drop-after'
    const result = await settle(clock, closer.close(7, ES, { reason: 'r' }))
    expect(result).toMatchObject({ kind: 'closed', closedSize: 2 })
    expect(gateway.count('closePosition')).toBe(1)
  })

  it('RETRY-6 up to 5 attempts with a live size read before each, all at enforcement priority', async () => {
    const { clock, gateway, closer, intentsRepo } = setup()
    gateway.addPosition(7, ES, 2)
    gateway.closeFault = () => 'drop-before'
    const result = await settle(clock, closer.close(7, ES, { reason: 'r' }))
    expect(result.kind).toBe('failed')
    expect(gateway.count('closePosition')).toBe(5)
    const sequence = gateway.calls.map((c) => c.method).filter((m) => m === 'closePosition' || m === 'searchOpenPositions')
    for (let i = 0; i < sequence.length; i++) if (sequence[i] === 'closePosition') expect(sequence[i - 1]).toBe('searchOpenPositions')
    expect(gateway.calls.every((c) => c.opts?.priority === PRIORITY.enforcement)).toBe(true)
    expect([...intentsRepo.rows.values()][0]?.status).toBe('manual_review')
  })

  it('RETRY-6 a transient failure followed by success closes on a later attempt', async () => {
    const { clock, gateway, closer, transitions } = setup()
    gateway.addPosition(7, ES, 2)
    gateway.closeFault = (n) => (n < 2 ? 'drop-before' : 'none')
    const result = await settle(clock, closer.close(7, ES, { reason: 'r' }))
    expect(result).toMatchObject({ kind: 'closed', closedSize: 2, attempts: 3 })
    expect(transitions.rows.map((t) => t.to)).toEqual(['created', 'sent', 'acknowledged'])
  })
})
