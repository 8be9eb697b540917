// Account, position and order views the UI renders. Derived from gateway models in main; no secrets.

import type { OrderSide, OrderStatus, OrderType } from '../projectx/enums'

export interface AccountView {
  readonly id: number
  readonly name: string
  readonly balance: number
  readonly canTrade: boolean
  readonly simulated: boolean
}

export interface PositionView {
  readonly accountId: number
  readonly contractId: string
  readonly contractName: string | null
  readonly side: 'long' | 'short'
  readonly size: number
  readonly averagePrice: number
  readonly openedAt: string
  /** Latest price of the contract, null when none is known. */
  readonly lastPrice: number | null
  /** Exact mark-to-market at lastPrice, null without a price. */
  readonly unrealizedPnl: number | null
  /** now − price time, null without a price; compare with the stale threshold. */
  readonly priceAgeMs: number | null
  /** The price comes from REST bars (polling), not the live feed. */
  readonly priceDelayed: boolean
}

export interface OrderView {
  readonly id: number
  readonly accountId: number
  readonly contractId: string
  /** Short name (MNQZ6), as positions show it; the id when the contract is unknown. */
  readonly contractName: string
  readonly status: OrderStatus
  readonly type: OrderType
  readonly side: OrderSide
  readonly size: number
  readonly fillVolume: number
  readonly limitPrice: number | null
  readonly stopPrice: number | null
  readonly filledPrice: number | null
  readonly customTag: string | null
  /** epoch ms the order was created, for its age. */
  readonly createdAt: number | null
  /** True when Tiltguard itself placed the order (its customTag carries our prefix). */
  readonly placedByTiltguard: boolean
  readonly updatedAt: string
}

export interface PortfolioSnapshot {
  readonly accounts: readonly AccountView[]
  readonly positions: readonly PositionView[]
  readonly orders: readonly OrderView[]
}
