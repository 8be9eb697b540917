// Unit tests of the pure ORD-6 order-update decision (last-write-wins, hub ties never regress).
import { describe, expect, it } from 'vitest'
import { decideOrderUpdate, isTerminalStatus, isWorkingStatus } from './order-update'
import { order, T0 } from '../../../test/support/sync/fixtures'

describe('decideOrderUpdate', () => {
  it('applies the first sighting of an order as is', () => {
    const incoming = order()
    expect(decideOrderUpdate(null, incoming, false)).toEqual({ kind: 'apply', after: incoming, leftTerminal: false })
  })

  it('ORD-6 refuses an update older than the stored one, from the hub and from REST', () => {
    const stored = order({ status: 2, updatedAt: T0 + 20 })
    const older = order({ status: 1, updatedAt: T0 + 10 })
    expect(decideOrderUpdate(stored, older, false).kind).toBe('older')
    expect(decideOrderUpdate(stored, older, true).kind).toBe('older')
  })

  it('S2 on a timestamp tie a hub frame may not leave a terminal state nor shrink fillVolume; REST may', () => {
    const filled = order({ status: 2, fillVolume: 2, updatedAt: T0 })
    expect(decideOrderUpdate(filled, order({ status: 1, updatedAt: T0 }), false).kind).toBe('regresses')
    expect(decideOrderUpdate(filled, order({ status: 1, updatedAt: null }), false).kind).toBe('regresses')
    const working = order({ status: 1, fillVolume: 2 })
    expect(decideOrderUpdate(working, order({ status: 1, fillVolume: 1 }), false).kind).toBe('regresses')
    const rest = decideOrderUpdate(filled, order({ status: 1, updatedAt: T0 }), true)
    expect(rest).toMatchObject({ kind: 'apply', leftTerminal: false })
  })

  it('reports an identical update as unchanged and flags a newer exit from a terminal state', () => {
    const stored = order({ status: 1, limitPrice: 6000 })
    expect(decideOrderUpdate(stored, { ...stored }, false)).toEqual({ kind: 'unchanged', leftTerminal: false })
    expect(decideOrderUpdate(stored, order({ limitPrice: 6001 }), false)).toMatchObject({ kind: 'apply', after: { limitPrice: 6001 }, leftTerminal: false })
    const cancelled = order({ status: 3, updatedAt: T0 })
    expect(decideOrderUpdate(cancelled, order({ status: 1, updatedAt: T0 + 1 }), false)).toMatchObject({ kind: 'apply', leftTerminal: true })
  })

  it('status predicates split working from terminal', () => {
    expect(isWorkingStatus(1)).toBe(true)
    expect(isTerminalStatus(1)).toBe(false)
    expect(isTerminalStatus(2)).toBe(true)
    expect(isWorkingStatus(2)).toBe(false)
  })
})
