// DB-9: the numeric enums match the gateway's swagger exactly. A port of the seed's own (swapped) values,
// e.g. MARKET 1 / LIMIT 2, would send the wrong order type to a funded account.
import { describe, expect, it } from 'vitest'
import { AggregateBarUnit, DomType, OrderSide, OrderStatus, OrderType, PositionType, TERMINAL_ORDER_STATUSES, WORKING_ORDER_STATUSES } from './enums'

describe('ProjectX enums', () => {
  it('DB-9 OrderType, OrderSide, OrderStatus and PositionType numeric values match swagger', () => {
    expect(OrderType).toEqual({ Unknown: 0, Limit: 1, Market: 2, StopLimit: 3, Stop: 4, TrailingStop: 5, JoinBid: 6, JoinAsk: 7 })
    expect(OrderSide).toEqual({ Bid: 0, Ask: 1 })
    expect(OrderStatus).toEqual({
      None: 0,
      Open: 1,
      Filled: 2,
      Cancelled: 3,
      Expired: 4,
      Rejected: 5,
      Pending: 6,
      PendingCancellation: 7,
      Suspended: 8,
    })
    expect(PositionType).toEqual({ Undefined: 0, Long: 1, Short: 2 })
  })

  it('DB-9 bar units and DOM types match swagger / the realtime docs', () => {
    expect(AggregateBarUnit).toMatchObject({ Second: 1, Minute: 2, Hour: 3, Day: 4, Week: 5, Month: 6 })
    expect(DomType).toMatchObject({ Ask: 1, Bid: 2, Trade: 5, Reset: 6, NewBestBid: 9, NewBestAsk: 10, Fill: 11 })
  })

  it('ORD-6 working {1,6,7,8} and terminal {2,3,4,5} partition every status but None', () => {
    expect([...WORKING_ORDER_STATUSES].sort()).toEqual([1, 6, 7, 8])
    expect([...TERMINAL_ORDER_STATUSES].sort()).toEqual([2, 3, 4, 5])
    const all = new Set([...WORKING_ORDER_STATUSES, ...TERMINAL_ORDER_STATUSES])
    expect(all.size).toBe(Object.keys(OrderStatus).length - 1)
  })
})
