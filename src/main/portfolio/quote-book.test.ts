// Unit tests of the quote book: field-wise merge, trade-print fallback and delayed bar prices (POLL-4).
import { describe, expect, it } from 'vitest'
import { QuoteBook } from './quote-book'

function setup() {
  const updates: { contractId: string; at: number }[] = []
  const book = new QuoteBook((quote) => updates.push({ contractId: quote.contractId, at: quote.updatedAt }))
  return { book, updates }
}

describe('QuoteBook', () => {
  it('merges quote fields, keeping the ones a frame omits, and reports every merge', () => {
    const { book, updates } = setup()
    book.applyQuote('C', 1, { bestBid: 10, bestAsk: 11 })
    book.applyQuote('C', 2, { lastPrice: 10.5 })
    expect(book.get('C')).toEqual({ contractId: 'C', bestBid: 10, bestAsk: 11, lastPrice: 10.5, lastPriceSource: 'quote', delayed: false, updatedAt: 2 })
    expect(updates).toEqual([
      { contractId: 'C', at: 1 },
      { contractId: 'C', at: 2 },
    ])
    expect(book.get('X')).toBeNull()
  })

  it('a trade print sets the last price only when no live quote or the quote stalled for more than 5 s', () => {
    const { book } = setup()
    book.applyQuote('C', 1_000, { lastPrice: 10 })
    book.applyTradePrint('C', 11, 6_000)
    expect(book.get('C')).toMatchObject({ lastPrice: 10, lastPriceSource: 'quote', updatedAt: 1_000 })
    book.applyTradePrint('C', 12, 6_001)
    expect(book.get('C')).toMatchObject({ lastPrice: 12, lastPriceSource: 'trade-print', delayed: false })
    book.applyTradePrint('D', 5, 1)
    expect(book.get('D')).toMatchObject({ lastPrice: 5, lastPriceSource: 'trade-print' })
  })

  it('POLL-4 bar prices are labelled delayed and never override a live quote at least as new', () => {
    const { book, updates } = setup()
    book.applyQuote('C', 100, { lastPrice: 10 })
    book.applyBarPrice('C', 9, 100)
    expect(book.get('C')).toMatchObject({ lastPrice: 10, delayed: false })
    expect(updates).toHaveLength(1)
    book.applyBarPrice('C', 9, 101)
    expect(book.get('C')).toMatchObject({ lastPrice: 9, lastPriceSource: 'bars', delayed: true })
    // A quote without a last price leaves the delayed label with the bar price it describes.
    book.applyQuote('C', 102, { bestBid: 8 })
    expect(book.get('C')).toMatchObject({ bestBid: 8, lastPrice: 9, lastPriceSource: 'bars', delayed: true })
  })
})
