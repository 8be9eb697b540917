// Unit tests of the RECON-4 hold-back buffer: arrival order, the limit and the overflow drop.
import { describe, expect, it } from 'vitest'
import { UserEventBuffer, isUserEvent } from './user-event-buffer'
import { order, position } from '../../../test/support/sync/fixtures'

describe('UserEventBuffer', () => {
  it('holds events in arrival order only while active', () => {
    const buffer = new UserEventBuffer()
    buffer.hold({ kind: 'order', data: order() }, 1)
    expect(buffer.active).toBe(false)
    buffer.start(10)
    buffer.hold({ kind: 'order', data: order() }, 2)
    buffer.hold({ kind: 'position', data: position() }, 3)
    const { held, overflowed } = buffer.stop()
    expect(held.map((h) => [h.event.kind, h.receivedAt])).toEqual([
      ['order', 2],
      ['position', 3],
    ])
    expect(overflowed).toBe(false)
    expect(buffer.active).toBe(false)
  })

  it('past the limit drops everything held and keeps nothing more', () => {
    const buffer = new UserEventBuffer()
    buffer.start(2)
    for (let i = 0; i < 5; i++) buffer.hold({ kind: 'order', data: order({ id: i }) }, i)
    expect(buffer.stop()).toEqual({ held: [], overflowed: true })
    buffer.start(2)
    expect(buffer.stop()).toEqual({ held: [], overflowed: false })
  })

  it('only account, order, position and trade events are user events', () => {
    expect(isUserEvent({ kind: 'position', data: position() })).toBe(true)
    expect(isUserEvent({ kind: 'quote', contractId: 'C', data: {} })).toBe(false)
    expect(isUserEvent({ kind: 'logout' })).toBe(false)
  })
})
