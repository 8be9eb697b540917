// Position arithmetic of one fill (projectx-api.md §8.2): weighted-average cost and exact realized P&L.
import type { PxPosition } from '../shared/projectx'
import type { SimProduct } from './contracts'

/** Dollars per whole point of price (tickValue / tickSize). */
export function pointValue(p: Pick<SimProduct, 'tickSize' | 'tickValue'>): number {
  return p.tickValue / p.tickSize
}

/**
 * Gross P&L of closing `closed` contracts of `pos` at `price`. Exact: the average after a scale-in is
 * off the tick grid, so ticks are never rounded (ES 1 @6000.25 + 2 @6001.25, sold @6003 → 312.50, not
 * 300); only the final dollar figure is rounded to cents.
 */
export function closingPnl(pos: Pick<PxPosition, 'type' | 'averagePrice'>, price: number, closed: number, product: Pick<SimProduct, 'tickSize' | 'tickValue'>): number {
  const dir = pos.type === 1 ? 1 : -1
  return round2(dir * (price - pos.averagePrice) * closed * pointValue(product))
}

/** How a fill changed a position. */
export type PositionStep = 'opened' | 'added' | 'reduced' | 'flat' | 'flipped'

/** Apply a fill to an existing position in place (the caller creates new ones). */
export function applyFill(pos: PxPosition, buy: boolean, price: number, qty: number): PositionStep {
  if ((pos.type === 1) === buy) {
    // Scale-in: size-weighted average, kept to 1e-9 (float noise only) so P&L from it stays exact to the cent.
    pos.averagePrice = Number(((pos.averagePrice * pos.size + price * qty) / (pos.size + qty)).toFixed(9))
    pos.size += qty
    return 'added'
  }
  if (qty < pos.size) {
    pos.size -= qty // reductions keep the average
    return 'reduced'
  }
  if (qty === pos.size) {
    pos.size = 0 // the flat frame keeps the old average (LIVELOG)
    return 'flat'
  }
  // Flip: the remainder opens the other side at the fill price.
  pos.size = qty - pos.size
  pos.type = buy ? 1 : 2
  pos.averagePrice = price
  return 'flipped'
}

export function round2(n: number): number {
  // The epsilon keeps float noise (312.4999999) from deciding a half-cent.
  return Math.round(n * 100 + (n >= 0 ? 1e-7 : -1e-7)) / 100
}
