// The portfolio as the dashboard shows it: the mirror's accounts, positions and orders, with each
// position's last price, age and exact mark-to-market, and contracts named by their short name everywhere.
import type { PortfolioSnapshot } from '../../shared/domain/portfolio'
import type { PortfolioReads } from './session/monitored-gateway'

/** What the view reads of a monitored session. */
export type PortfolioViewSource = Pick<PortfolioReads, 'portfolioSnapshot' | 'quote' | 'contract' | 'contractName'>

export function portfolioView(source: PortfolioViewSource, now: number): PortfolioSnapshot {
  const base = source.portfolioSnapshot()
  return {
    accounts: base.accounts,
    positions: base.positions.map((p) => {
      const quote = source.quote(p.contractId)
      const spec = source.contract(p.contractId)
      const last = quote?.lastPrice ?? null
      const sign = p.side === 'long' ? 1 : -1
      const unrealized = last === null || spec === null ? null : Math.round(((last - p.averagePrice) / spec.tickSize) * spec.tickValue * p.size * sign * 100) / 100
      return {
        ...p,
        contractName: spec?.name ?? p.contractName,
        lastPrice: last,
        unrealizedPnl: unrealized,
        priceAgeMs: quote === null ? null : Math.max(0, now - quote.updatedAt),
        priceDelayed: quote?.delayed ?? false,
      }
    }),
    orders: base.orders.map((o) => ({ ...o, contractName: source.contractName(o.contractId) })),
  }
}
