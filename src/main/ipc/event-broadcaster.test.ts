// Event delivery rules: seq numbering across every name, nothing dropped or merged, the snapshot's seq.
import { describe, expect, it } from 'vitest'
import { createEventBroadcaster, stampSnapshotSeq, type PushedEvent } from './event-broadcaster'
import { FakeEngine, cannedSnapshot } from '../../../test/fakes/fake-engine'
import type { AuditEntryView } from '../../shared/ipc/views'

const snap = cannedSnapshot()
const audit = (id: number): AuditEntryView => ({ id, at: id, category: 'order', severity: 'info', message: `m${id}`, accountId: null, ruleId: null, latencyMs: null, shadow: false })

describe('createEventBroadcaster', () => {
  const make = (sent: PushedEvent[]) => createEventBroadcaster({ send: (p) => sent.push(p) })

  it('numbers pushes 1, 2, 3… across all event names', () => {
    const sent: PushedEvent[] = []
    const b = make(sent)
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

  it('delivers every event at once, in order, never merged (the engine already coalesced)', () => {
    const sent: PushedEvent[] = []
    const b = make(sent)
    for (let i = 1; i <= 50; i++) b.emit('auditAppended', audit(i))
    b.emit('portfolioChanged', snap.portfolio)
    b.emit('portfolioChanged', { ...snap.portfolio, positions: [] })
    expect(sent).toHaveLength(52)
    expect(sent.slice(0, 50).map((p) => (p.payload as AuditEntryView).id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })

  it('dispose() stops delivery', () => {
    const sent: PushedEvent[] = []
    const b = make(sent)
    b.dispose()
    b.emit('auditAppended', audit(1))
    expect(sent).toEqual([])
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

  it('issue 7 item 6: the snapshot carries the seq of the last push delivered before it', async () => {
    const sent: PushedEvent[] = []
    const b = make(sent)
    const handlers = stampSnapshotSeq(new FakeEngine().handlers, b)
    b.emit('auditAppended', audit(1))
    b.emit('auditAppended', audit(2))
    expect((await handlers.getSnapshot({})).seq).toBe(2)
  })
})
