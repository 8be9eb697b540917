// ProjectX Gateway numeric enums, exactly as the gateway's swagger defines them (spec projectx-api.md §5).
// Never renumber: a value here is a value on the wire.

export const OrderSide = { Bid: 0, Ask: 1 } as const
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide]

export const OrderType = {
  Unknown: 0,
  Limit: 1,
  Market: 2,
  StopLimit: 3,
  Stop: 4,
  TrailingStop: 5,
  JoinBid: 6,
  JoinAsk: 7,
} as const
export type OrderType = (typeof OrderType)[keyof typeof OrderType]

export const OrderStatus = {
  None: 0,
  Open: 1,
  Filled: 2,
  Cancelled: 3,
  Expired: 4,
  Rejected: 5,
  Pending: 6,
  PendingCancellation: 7,
  Suspended: 8,
} as const
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus]

/** Orders that can still fill: Open, Pending, PendingCancellation, Suspended (bracket child waiting). */
export const WORKING_ORDER_STATUSES: readonly OrderStatus[] = [1, 6, 7, 8]
/** Orders that will never change again. */
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = [2, 3, 4, 5]

export const PositionType = { Undefined: 0, Long: 1, Short: 2 } as const
export type PositionType = (typeof PositionType)[keyof typeof PositionType]

export const AggregateBarUnit = {
  Unspecified: 0,
  Second: 1,
  Minute: 2,
  Hour: 3,
  Day: 4,
  Week: 5,
  Month: 6,
  Tick: 7,
} as const
export type AggregateBarUnit = (typeof AggregateBarUnit)[keyof typeof AggregateBarUnit]

/** Aggressor side of a market trade print. */
export const TradeLogType = { Buy: 0, Sell: 1 } as const
export type TradeLogType = (typeof TradeLogType)[keyof typeof TradeLogType]

export const DomType = {
  Unknown: 0,
  Ask: 1,
  Bid: 2,
  BestAsk: 3,
  BestBid: 4,
  Trade: 5,
  Reset: 6,
  Low: 7,
  High: 8,
  NewBestBid: 9,
  NewBestAsk: 10,
  Fill: 11,
} as const
export type DomType = (typeof DomType)[keyof typeof DomType]

/** The `{action, data}` wrapper's action on user-hub frames (advisory: 0 create, 1 update, 2 delete). */
export const HubAction = { Create: 0, Update: 1, Delete: 2 } as const
