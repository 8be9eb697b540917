// Price checks of place and modify: the tick grid, a band around the market, and stops on the right side.
import type { SimQuote } from './market'

/** The live gateway's message for a price far from the market. */
export const PRICE_RANGE_MESSAGE = 'Invalid price outside allowed range'
/** Same wording as the gateway's trail-price check (projectx-api.md §3.6). */
export const PRICE_GRID_MESSAGE = 'Invalid price. Price is not aligned to tick size.'

/** The prices of an order as far as the checks care. */
export interface PricedOrder {
  type: number
  side: number
  limitPrice?: number | null
  stopPrice?: number | null
}

export function onGrid(price: number, tick: number): boolean {
  return Math.abs(price / tick - Math.round(price / tick)) < 1e-6
}

/**
 * Why the gateway would refuse these prices, or null. Prices are refused, never rounded: a client that
 * sends an off-grid or absurd price (an ES limit at 100) must see the rejection it gets live.
 */
export function priceProblem(o: PricedOrder, tick: number, q: SimQuote | undefined, bandPercent: number): string | null {
  const prices = [o.limitPrice, o.stopPrice].filter((p): p is number => typeof p === 'number')
  if (prices.some((p) => !onGrid(p, tick))) return PRICE_GRID_MESSAGE
  if (!q) return null
  const band = (Math.abs(q.last) * bandPercent) / 100
  if (bandPercent > 0 && prices.some((p) => Math.abs(p - q.last) > band)) return PRICE_RANGE_MESSAGE
  const stop = o.stopPrice
  if ((o.type === 4 || o.type === 3) && typeof stop === 'number') {
    // A stop on the wrong side of the market would trigger at once; the gateway refuses it instead.
    if (o.side === 0 && stop <= q.ask) return 'Invalid stop price. A buy stop must be above the market.'
    if (o.side === 1 && stop >= q.bid) return 'Invalid stop price. A sell stop must be below the market.'
  }
  return null
}
