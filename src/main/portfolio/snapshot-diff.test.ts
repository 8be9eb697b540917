// Unit tests of the RECON-6 diff builder and the net P&L of a fill.
import { describe, expect, it } from 'vitest'
import { AccountDiffBuilder, netPnl } from './snapshot-diff'
import { account, order, position, trade } from '../../../test/support/sync/fixtures'

describe('AccountDiffBuilder', () => {
  it('sorts entities into added, removed and modified and totals the missed P&L', () => {
    const diff = new AccountDiffBuilder(101)
    expect(diff.account(account(), account())).toBe(false)
    expect(diff.account(account(), account({ balance: 49_000 }))).toBe(true)
    expect(diff.position(null, position())).toBe(true)
    expect(diff.position(position(), position())).toBe(false)
    expect(diff.position(position(), position({ size: 3 }))).toBe(true)
    diff.positionClosed(position({ contractId: 'GONE' }))
    diff.order(null, order({ id: 1 }), true)
    diff.order(order({ id: 2, status: 1 }), order({ id: 2, status: 2 }), false)
    diff.order(order({ id: 3, status: 1 }), order({ id: 3, status: 1, limitPrice: 1 }), true)
    diff.order(order({ id: 4 }), order({ id: 4 }), true)
    diff.orderVanished(order({ id: 5, status: 0 }))
    diff.trade(trade({ id: 1, profitAndLoss: 50, fees: 1, commissions: 0.5 }))
    diff.trade(trade({ id: 2, profitAndLoss: null, fees: 0.74 }))

    const result = diff.build()
    expect(result.account?.fields).toEqual([{ field: 'balance', before: 50_000, after: 49_000 }])
    expect(result.positions.added).toHaveLength(1)
    expect(result.positions.modified.map((m) => m.fields)).toEqual([[{ field: 'size', before: 2, after: 3 }]])
    expect(result.positions.removed.map((p) => p.contractId)).toEqual(['GONE'])
    expect(result.orders.added.map((o) => o.id)).toEqual([1])
    expect(result.orders.removed.map((o) => o.id)).toEqual([2, 5])
    expect(result.orders.modified.map((m) => m.after.id)).toEqual([3])
    expect(result.newTrades).toHaveLength(2)
    expect(result.missedPnlUsd).toBeCloseTo(50 - 1 - 0.5 - 0.74)
  })

  it('a first account record diffs against nothing; voided fills carry no P&L', () => {
    const diff = new AccountDiffBuilder(101)
    expect(diff.account(null, account())).toBe(true)
    expect(diff.build().account?.before).toBeNull()
    expect(netPnl(trade({ profitAndLoss: 100, voided: true }))).toBe(0)
  })
})
