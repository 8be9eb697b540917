// Unit tests of the fill book: dedupe by id, voids (FILL-1) and the Trade/search window base (FILL-5).
import { describe, expect, it } from 'vitest'
import { FillBook } from './fill-book'
import { T0, trade } from '../../../test/support/sync/fixtures'

describe('FillBook', () => {
  it('FILL-1 counts a fill once, ignores fills voided on arrival and un-counts a later void', () => {
    const book = new FillBook()
    expect(book.add(trade({ id: 1 }))).toEqual({ kind: 'new' })
    expect(book.add(trade({ id: 1 }))).toEqual({ kind: 'ignored' })
    expect(book.add(trade({ id: 2, voided: true }))).toEqual({ kind: 'ignored' })
    expect(book.fills().map((t) => t.id)).toEqual([1])
    expect(book.add(trade({ id: 1, voided: true }))).toEqual({ kind: 'voided', trade: { ...trade({ id: 1 }), voided: true } })
    expect(book.add(trade({ id: 1, voided: true }))).toEqual({ kind: 'ignored' })
    expect(book.fills()).toEqual([])
    expect(book.get(1)?.voided).toBe(true)
  })

  it('FILL-5 keeps the latest counted fill time per account, restored fills included', () => {
    const book = new FillBook()
    book.restore(trade({ id: 1, executedAt: T0 + 5 }))
    book.add(trade({ id: 2, executedAt: T0 + 1 }))
    book.add(trade({ id: 3, accountId: 202, executedAt: T0 + 9 }))
    book.add(trade({ id: 4, executedAt: T0 + 50, voided: true }))
    expect(book.lastTradeTime(101)).toBe(T0 + 5)
    expect(book.lastTradeTime(202)).toBe(T0 + 9)
    expect(book.lastTradeTime(303)).toBeNull()
    expect(book.fills(202).map((t) => t.id)).toEqual([3])
  })
})
