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
}

export interface OrderView {
  readonly id: number
  readonly accountId: number
  readonly contractId: string
  readonly status: OrderStatus
  readonly type: OrderType
  readonly side: OrderSide
  readonly size: number
  readonly fillVolume: number
  readonly limitPrice: number | null
  readonly stopPrice: number | null
  readonly filledPrice: number | null
  readonly customTag: string | null
  /** True when Tiltguard itself placed the order (its customTag carries our prefix). */
  readonly placedByTiltguard: boolean
  readonly updatedAt: string
}

export interface PortfolioSnapshot {
  readonly accounts: readonly AccountView[]
  readonly positions: readonly PositionView[]
  readonly orders: readonly OrderView[]
}
