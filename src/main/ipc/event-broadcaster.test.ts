// Event delivery rules: seq numbering, coalescing of state events, never dropping discrete events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBroadcaster, type PushedEvent } from './event-broadcaster'
import { cannedSnapshot } from '../../../test/fakes/fake-engine'
import type { AuditEntryView } from '../../shared/ipc/views'

const snap = cannedSnapshot()
const audit = (id: number): AuditEntryView => ({ id, at: id, category: 'order', severity: 'info', message: `m${id}`, accountId: null, ruleId: null, latencyMs: null, shadow: false })

describe('createEventBroadcaster', () => {
  let sent: PushedEvent[]
  beforeEach(() => {
    vi.useFakeTimers()
    sent = []
  })
  afterEach(() => vi.useRealTimers())

  const make = () => createEventBroadcaster({ send: (p) => sent.push(p), intervalMs: 100, now: () => Date.now() })

  it('numbers pushes 1, 2, 3… across all event names', () => {
    const b = make()
    b.emit('auditAppended', audit(1))
    b.emit('sessionChanged', snap.session)
    b.emit('healthChanged', snap.health)
    expect(sent.map((p) => [p.name, p.seq])).toEqual([
      ['auditAppended', 1],
      ['sessionChanged', 2],
      ['healthChanged', 3],
    ])
    expect(b.lastSeq).toBe(3)
  })

  it('never drops or merges audit and session events', () => {
    const b = make()
    for (let i = 1; i <= 50; i++) b.emit('auditAppended', audit(i))
    b.emit('sessionChanged', snap.session)
    b.emit('sessionChanged', { ...snap.session, state: 'SIGNED_OUT' })
    expect(sent.filter((p) => p.name === 'auditAppended').map((p) => (p.payload as AuditEntryView).id)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
    expect(sent.filter((p) => p.name === 'sessionChanged')).toHaveLength(2)
  })

  it('sends the first state event at once, then at most one per interval with the latest payload', () => {
    const b = make()
    const health = (n: number) => ({ ...snap.health, malformedFrames: n })
    b.emit('healthChanged', health(1))
    expect(sent).toHaveLength(1)
    for (let n = 2; n <= 30; n++) b.emit('healthChanged', health(n))
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(99)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent).toHaveLength(2)
    expect((sent[1]?.payload as { malformedFrames: number }).malformedFrames).toBe(30)
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(2)
  })

  it('coalesces each name on its own lane', () => {
    const b = make()
    b.emit('healthChanged', snap.health)
    b.emit('portfolioChanged', snap.portfolio)
    b.emit('portfolioChanged', { ...snap.portfolio, positions: [] })
    expect(sent.map((p) => p.name)).toEqual(['healthChanged', 'portfolioChanged'])
    vi.advanceTimersByTime(100)
    expect(sent.map((p) => p.name)).toEqual(['healthChanged', 'portfolioChanged', 'portfolioChanged'])
    expect(sent.map((p) => p.seq)).toEqual([1, 2, 3])
  })

  it('flush() delivers pending state now; dispose() stops delivery', () => {
    const b = make()
    b.emit('portfolioChanged', snap.portfolio)
    b.emit('portfolioChanged', snap.portfolio)
    b.flush()
    expect(sent).toHaveLength(2)
    b.emit('portfolioChanged', snap.portfolio)
    b.dispose()
    vi.advanceTimersByTime(1000)
    b.emit('auditAppended', audit(1))
    expect(sent).toHaveLength(2)
  })

  it('survives a throwing send and reports it', () => {
    const errors: unknown[] = []
    const b = createEventBroadcaster({
      send: () => {
        throw new Error('window destroyed')
      },
      onSendError: (e) => errors.push(e),
    })
    b.emit('auditAppended', audit(1))
    expect(errors).toHaveLength(1)
    expect(b.lastSeq).toBe(1)
  })
})
