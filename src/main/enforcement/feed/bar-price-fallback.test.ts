// The bar fallback prices held contracts that have no fresh quote, timed at the bar's close, within budget.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import type { QuoteEntry } from '../../portfolio'
import type { PxBar } from '../../../shared/projectx/models'
import { BarPriceFallback } from './bar-price-fallback'

function setup(quotes: Record<string, QuoteEntry | null>, held: string[], bars: (contractId: string) => PxBar[]) {
  const clock = new ManualClock()
  const applied: { contractId: string; price: number; at: number }[] = []
  const asked: string[] = []
  const fallback = new BarPriceFallback({
    bars: {
      retrieveBars: async (req) => {
        asked.push(req.contractId)
        return bars(req.contractId)
      },
    },
    clock,
    logger: new MemoryLogger(),
    heldContracts: () => held,
    quote: (id) => quotes[id] ?? null,
    applyBarPrice: (contractId, price, at) => applied.push({ contractId, price, at }),
    maxQuoteAgeMs: () => 10_000,
    live: false,
    budgetPer30s: 2,
  })
  return { clock, applied, asked, fallback }
}

const quote = (contractId: string, updatedAt: number): QuoteEntry => ({ contractId, bestBid: 1, bestAsk: 2, lastPrice: 1.5, lastPriceSource: 'quote', delayed: false, updatedAt })

describe('BarPriceFallback', () => {
  it('CORE-3/4 asks only for contracts without a fresh quote; the price is timed at the bar close, never later than now', async () => {
    const base = new ManualClock().now()
    const bar = (t: number): PxBar => ({ t: new Date(t).toISOString(), o: 1, h: 1, l: 1, c: 21000.25, v: 1 })
    const { applied, asked, fallback } = setup({ FRESH: quote('FRESH', base - 1_000), OLD: quote('OLD', base - 60_000) }, ['FRESH', 'OLD', 'NONE'], (id) => (id === 'OLD' ? [bar(base - 180_000), bar(base - 120_000)] : [bar(base - 30_000)]))
    await fallback.check()
    expect(asked.sort()).toEqual(['NONE', 'OLD'])
    const old = applied.find((a) => a.contractId === 'OLD')
    // The newest bar started 120 s ago: its close is 60 s old, so the core sees a 60 s old (stale) price.
    expect(old).toEqual({ contractId: 'OLD', price: 21000.25, at: base - 60_000 })
    expect(applied.find((a) => a.contractId === 'NONE')?.at).toBe(base)
  })

  it('keeps within its budget and asks each contract at most every 10 s', async () => {
    const { clock, asked, fallback } = setup({}, ['A', 'B', 'C'], () => [])
    await fallback.check()
    expect(asked).toHaveLength(2)
    clock.advance(5_000)
    await fallback.check()
    expect(asked).toHaveLength(2)
    clock.advance(31_000)
    await fallback.check()
    expect(asked.length).toBeGreaterThan(2)
  })
})
