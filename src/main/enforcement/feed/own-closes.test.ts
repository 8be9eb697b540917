import { describe, expect, it } from 'vitest'
import { OwnCloses } from './own-closes'

const fill = (orderId: number, customTag: string | null = null) => ({ accountId: 1, contractId: 'CON.F.US.MNQ.Z26', orderId, customTag })

describe('OwnCloses', () => {
  it("D-4 the untagged fills right after our close are ours, and so are the later partial fills of that order", () => {
    const own = new OwnCloses()
    own.noteClose(1, 'CON.F.US.MNQ.Z26', 1_000)
    expect(own.claims(fill(7), 1_200)).toBe(true)
    expect(own.claims(fill(7), 60_000)).toBe(true)
    expect(own.isOwnOrder(7)).toBe(true)
  })
  it("a trader's tagged order, another contract, or a fill long after the close is not ours", () => {
    const own = new OwnCloses()
    own.noteClose(1, 'CON.F.US.MNQ.Z26', 1_000)
    expect(own.claims(fill(8, 'mine'), 1_100)).toBe(false)
    expect(own.claims({ ...fill(9), contractId: 'CON.F.US.EP.Z26' }, 1_100)).toBe(false)
    expect(own.claims(fill(10), 20_000)).toBe(false)
    expect(new OwnCloses().claims(fill(11), 1_000)).toBe(false)
  })
})
