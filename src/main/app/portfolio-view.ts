// The portfolio as the dashboard shows it: the mirror's accounts, positions and orders, with each
// position's last price, age and exact mark-to-market, and contracts named by their short name everywhere.
import type { PortfolioSnapshot } from '../../shared/domain/portfolio'
import type { PortfolioMirror } from '../portfolio'
import type { ContractCatalog } from '../enforcement/feed/contract-catalog'

export function portfolioView(mirror: PortfolioMirror, catalog: ContractCatalog, now: number): PortfolioSnapshot {
  const base = mirror.snapshot()
  return {
    accounts: base.accounts,
    positions: base.positions.map((p) => {
      const quote = mirror.quote(p.contractId)
      const spec = catalog.get(p.contractId)
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
    orders: base.orders.map((o) => ({ ...o, contractName: catalog.nameOf(o.contractId) })),
  }
}
