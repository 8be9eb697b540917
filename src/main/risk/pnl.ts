// P&L figures the rules read. Realized is net of fees and commissions by default (D-3); unrealized comes
// from the latest quote, and a missing or stale quote is reported so no rule breaches on it (CORE-3/4).
import type { AccountState, PositionState, QuoteState, RiskState } from './state'

export type PnlBasis = 'net' | 'gross'

export const DEFAULT_MAX_QUOTE_AGE_MS = 10_000

export function realizedOf(account: AccountState, basis: PnlBasis): number {
  let total = 0
  for (const fill of Object.values(account.fills)) {
    // D-3: net subtracts the fees of every non-voided fill, half-turns included.
    if (basis === 'net') total -= fill.fees + fill.commissions
    if (fill.profitAndLoss !== null) total += fill.profitAndLoss
  }
  return round2(total)
}

export function positionUnrealized(position: PositionState, lastPrice: number): number {
  const sign = position.side === 'long' ? 1 : -1
  return round2((((lastPrice - position.averagePrice) / position.tickSize) * position.tickValue * position.size * sign))
}

export interface PositionPnl {
  readonly position: PositionState
  /** null when no quote: left out of the total (CORE-3). */
  readonly unrealized: number | null
  readonly quoteAgeMs: number | null
  readonly stale: boolean
}

export function positionPnls(state: RiskState, account: AccountState, now: number, maxAgeMs = DEFAULT_MAX_QUOTE_AGE_MS): PositionPnl[] {
  return Object.values(account.positions).map((position) => {
    const quote: QuoteState | undefined = state.quotes[position.contractId]
    if (!quote) return { position, unrealized: null, quoteAgeMs: null, stale: true }
    const age = Math.max(0, now - quote.quotedAt)
    return { position, unrealized: positionUnrealized(position, quote.lastPrice), quoteAgeMs: age, stale: age > maxAgeMs }
  })
}

/** Σ unrealized over positions with a quote. `breachable` counts fresh quotes only. */
export function unrealizedOf(state: RiskState, account: AccountState, now: number, maxAgeMs = DEFAULT_MAX_QUOTE_AGE_MS): { readonly total: number; readonly breachable: number; readonly missing: readonly string[] } {
  let total = 0
  let breachable = 0
  const missing: string[] = []
  for (const p of positionPnls(state, account, now, maxAgeMs)) {
    if (p.unrealized === null) {
      missing.push(p.position.contractId)
      continue
    }
    total += p.unrealized
    if (!p.stale) breachable += p.unrealized
  }
  return { total: round2(total), breachable: round2(breachable), missing }
}

export function netOf(state: RiskState, account: AccountState, now: number, basis: PnlBasis): number {
  return round2(realizedOf(account, basis) + unrealizedOf(state, account, now).total)
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100
}
