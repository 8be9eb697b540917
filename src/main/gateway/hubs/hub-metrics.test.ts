// Connection metrics on their own, with a manual clock (HEALTH-5).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { HubMetrics } from './hub-metrics'

describe('HubMetrics', () => {
  it('HEALTH-5 counts downtime from start, reconnects after the first connect, and not planned swaps', () => {
    const clock = new ManualClock()
    const m = new HubMetrics(clock)
    m.markStarting()
    clock.advance(1_000)
    expect(m.health('CONNECTING', null).downtimeMs).toBe(1_000)
    m.markUp(true)
    expect(m.everConnected).toBe(true)
    expect(m.health('CONNECTED', null)).toEqual({ state: 'CONNECTED', lastMessageAt: null, reconnectCount: 0, connectedSince: clock.now(), downtimeMs: 1_000, detail: null })
    m.noteMessage(clock.now())
    m.markDown()
    clock.advance(500)
    m.markDown() // still the same down period
    clock.advance(500)
    m.markUp(true)
    m.markUp(false)
    const h = m.health('CONNECTED', null)
    expect(h.downtimeMs).toBe(2_000)
    expect(h.reconnectCount).toBe(1)
    expect(h.lastMessageAt).not.toBeNull()
    m.markStopped()
    expect(m.health('DISCONNECTED', 'stopped').connectedSince).toBeNull()
  })
})
