// The mirror's fills: de-duplicated by trade id with voided fills never counted (FILL-1), and the
// latest fill time per account, where the next Trade/search window starts (FILL-5).

import type { Fill } from './model'

/**
 * What `add` did with a fill: `new` stored and counts; `voided` turned a fill already counted into a
 * voided one (the record now held is returned); `ignored` a duplicate, or a fill voided on arrival.
 */
export type FillAddResult = { readonly kind: 'new' } | { readonly kind: 'voided'; readonly trade: Fill } | { readonly kind: 'ignored' }

export class FillBook {
  private readonly trades = new Map<number, Fill>()
  private readonly lastTradeAt = new Map<number, number>()

  /** Takes a fill as persisted (start-up load): stored as is, no dedupe decisions. */
  restore(t: Fill): void {
    this.trades.set(t.id, t)
    this.noteTradeTime(t)
  }

  /** FILL-1: fills deduped by id; voided fills never count. */
  add(trade: Fill): FillAddResult {
    const known = this.trades.get(trade.id)
    if (known !== undefined) {
      if (!trade.voided || known.voided) return { kind: 'ignored' }
      // A later void of a fill we counted: exclude it from now on (the port cannot delete the row).
      const voided = { ...known, voided: true }
      this.trades.set(trade.id, voided)
      return { kind: 'voided', trade: voided }
    }
    this.trades.set(trade.id, trade)
    if (trade.voided) return { kind: 'ignored' }
    this.noteTradeTime(trade)
    return { kind: 'new' }
  }

  get(tradeId: number): Fill | null {
    return this.trades.get(tradeId) ?? null
  }

  /** Non-voided fills (FILL-1), all accounts unless one is given. */
  fills(accountId?: number): Fill[] {
    return [...this.trades.values()].filter((t) => !t.voided && (accountId === undefined || t.accountId === accountId))
  }

  /** Latest fill time seen for the account (epoch ms), the base of the Trade/search window (FILL-5). */
  lastTradeTime(accountId: number): number | null {
    return this.lastTradeAt.get(accountId) ?? null
  }

  private noteTradeTime(t: Fill): void {
    const prev = this.lastTradeAt.get(t.accountId)
    if (prev === undefined || t.executedAt > prev) this.lastTradeAt.set(t.accountId, t.executedAt)
  }
}
