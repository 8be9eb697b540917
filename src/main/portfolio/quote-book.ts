// Per-contract merged price cache of the mirror, kept in memory only (a write per tick would be too
// many, DB-10): live quotes, trade prints as a fallback last price, and delayed bar prices (POLL-4).

import type { QuoteEntry } from './mirror-types'

type LastPriceSource = NonNullable<QuoteEntry['lastPriceSource']>

interface QuotePatch {
  readonly bestBid?: number | undefined
  readonly bestAsk?: number | undefined
  readonly lastPrice?: number | undefined
  readonly source: LastPriceSource
}

/** A live quote older than this no longer holds off trade prints as the last price. */
const QUOTE_STALL_MS = 5_000

/** Merges price updates per contract; `onUpdate` runs after every merge (the mirror emits a change). */
export class QuoteBook {
  private readonly quotes = new Map<string, QuoteEntry>()

  constructor(private readonly onUpdate: (quote: QuoteEntry) => void) {}

  get(contractId: string): QuoteEntry | null {
    return this.quotes.get(contractId) ?? null
  }

  /** A GatewayQuote: fields it omits keep their previous values. */
  applyQuote(contractId: string, at: number, quote: { readonly bestBid?: number; readonly bestAsk?: number; readonly lastPrice?: number }): void {
    this.merge(contractId, at, { bestBid: quote.bestBid, bestAsk: quote.bestAsk, lastPrice: quote.lastPrice, source: 'quote' })
  }

  /** Trade prints are the fallback last price when quotes stall (projectx-api.md §12 #21). */
  applyTradePrint(contractId: string, price: number, at: number): void {
    const current = this.quotes.get(contractId)
    const stale = current === undefined || current.lastPriceSource !== 'quote' || at - current.updatedAt > QUOTE_STALL_MS
    if (stale) this.merge(contractId, at, { lastPrice: price, source: 'trade-print' })
  }

  /** Polling-mode price from the last REST bar, labelled delayed (POLL-4); never overrides a live quote newer than it. */
  applyBarPrice(contractId: string, price: number, at: number): void {
    const current = this.quotes.get(contractId)
    if (current !== undefined && current.lastPriceSource === 'quote' && current.updatedAt >= at) return
    this.merge(contractId, at, { lastPrice: price, source: 'bars' })
  }

  private merge(contractId: string, at: number, patch: QuotePatch): void {
    const prev = this.quotes.get(contractId)
    const next: QuoteEntry = {
      contractId,
      bestBid: patch.bestBid ?? prev?.bestBid ?? null,
      bestAsk: patch.bestAsk ?? prev?.bestAsk ?? null,
      lastPrice: patch.lastPrice ?? prev?.lastPrice ?? null,
      // The source and the delayed label follow the last price, so they change only with it (POLL-4).
      lastPriceSource: patch.lastPrice !== undefined ? patch.source : (prev?.lastPriceSource ?? null),
      delayed: patch.lastPrice !== undefined ? patch.source === 'bars' : (prev?.delayed ?? false),
      updatedAt: at,
    }
    this.quotes.set(contractId, next)
    this.onUpdate(next)
  }
}
