// The portfolio's domain records: accounts, orders, positions and fills as the engine holds them, not
// as the gateway sends them. gateway/wire/to-domain.ts converts once at the edge (hub frames and REST
// replies alike); above it nothing parses a timestamp or asks whether a field was left out.
//
// Rules shared by all four: times are epoch ms; every field is present, and a value the gateway did not
// give is null, never undefined. Ids stay JS numbers: order and trade ids exceed 2^31, so they must never
// pass through 32-bit arithmetic. The enums are the gateway's values; they are values of the domain too.

import type { OrderSide, OrderStatus, OrderType, PositionType } from '../../shared/projectx/enums'

export interface Account {
  readonly id: number
  readonly name: string
  readonly balance: number
  readonly canTrade: boolean
  readonly isVisible: boolean
  /**
   * Null when the gateway did not say: account frames may leave it out, and an update without it must not
   * overwrite what an earlier one said (views read null as false).
   */
  readonly simulated: boolean | null
}

export interface Order {
  readonly id: number
  readonly accountId: number
  readonly contractId: string
  readonly symbolId: string | null
  readonly createdAt: number
  /** Null when the gateway gave none; the ORD-6 last-write-wins rule then treats the update as a tie. */
  readonly updatedAt: number | null
  readonly status: OrderStatus
  readonly type: OrderType
  readonly side: OrderSide
  readonly size: number
  readonly limitPrice: number | null
  readonly stopPrice: number | null
  /**
   * Cumulative filled contracts, null when the update did not report it. Not defaulted to 0: an order
   * frame without it must neither read as "fill volume went down" (ORD-6) nor be cross-checked against
   * the fills (FILL-2); views show null as 0.
   */
  readonly fillVolume: number | null
  readonly filledPrice: number | null
  /** Tiltguard's own orders carry `rm:…` (see TILTGUARD_TAG_PREFIX). */
  readonly customTag: string | null
  readonly trailPrice: number | null
  readonly trailDistance: number | null
  readonly parentOrderId: number | null
  readonly linkedOrderId: number | null
}

export interface Position {
  readonly id: number
  readonly accountId: number
  readonly contractId: string
  /** Short contract name (MNQZ6); not every source carries it. */
  readonly contractDisplayName: string | null
  /** When the position opened: the grace clock of RULE-008 starts here (R8-8). */
  readonly openedAt: number
  readonly type: PositionType
  /** Always positive while open; an update with size 0 means the position closed. */
  readonly size: number
  readonly averagePrice: number
}

/** One fill (a half-turn, the gateway's "trade"). */
export interface Fill {
  readonly id: number
  readonly accountId: number
  readonly contractId: string
  readonly orderId: number
  /** Execution time: windows and trading days count this, never the time it was received (R6-8). */
  readonly executedAt: number
  readonly price: number
  readonly size: number
  readonly side: OrderSide
  /** Null on opening fills (not 0: rules tell "no realized P&L" from "broke even"); gross of fees on closing ones. */
  readonly profitAndLoss: number | null
  readonly fees: number
  /** 0 when the gateway gave none: every consumer adds it to the fees, none tells absent from zero. */
  readonly commissions: number
  readonly voided: boolean
}
