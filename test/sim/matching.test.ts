// Matching and accounting through the control API (no sockets needed): order types, P&L, brackets, rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, sim } from './helpers'

let s: SimulatorHandle
let acct: number
beforeEach(async () => {
  s = await sim()
  acct = s.accountIds[0] as number
})
afterEach(() => s.close())

const order = (id: number | null) => s.control.orders().find((o) => o.id === id)

describe('order types', () => {
  it('limit rests, fills at the ask when the quote reaches it', () => {
    const r = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20990 })
    expect(order(r.orderId)?.status).toBe(1)
    s.control.setQuote({ contractId: MNQ, bid: 20990, ask: 20990.25 })
    expect(order(r.orderId)?.status).toBe(1)
    s.control.setQuote({ contractId: MNQ, bid: 20989.75, ask: 20990 })
    expect(order(r.orderId)).toMatchObject({ status: 2, filledPrice: 20990, fillVolume: 1 })
  })

  it('stop sell triggers on the bid; stop-limit becomes a limit; join bid/ask take the touch', () => {
    const stop = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 4, side: 1, size: 1, stopPrice: 20995 })
    const sl = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 3, side: 0, size: 1, stopPrice: 21005, limitPrice: 21004 })
    const jb = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 6, side: 0, size: 1 })
    const ja = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 7, side: 1, size: 1 })
    expect(order(jb.orderId)).toMatchObject({ status: 1, limitPrice: 21000 })
    expect(order(ja.orderId)).toMatchObject({ status: 1, limitPrice: 21000.25 })
    s.control.setQuote({ contractId: MNQ, bid: 21005, ask: 21005.25 })
    expect(order(sl.orderId)?.status).toBe(1) // triggered, but ask above the limit
    expect(order(ja.orderId)?.status).toBe(2)
    s.control.setQuote({ contractId: MNQ, bid: 21003.75, ask: 21004 })
    expect(order(sl.orderId)).toMatchObject({ status: 2, filledPrice: 21004 })
    s.control.setQuote({ contractId: MNQ, bid: 20994, ask: 20994.25 })
    expect(order(stop.orderId)).toMatchObject({ status: 2, filledPrice: 20994 })
    expect(order(jb.orderId)?.status).toBe(2)
  })

  it('trailing stop: trailPrice is a level, read back as a distance; the stop follows the market', () => {
    const r = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 5, side: 1, size: 1, trailPrice: 20995 })
    expect(order(r.orderId)).toMatchObject({ status: 1, trailPrice: 5, trailDistance: 20, stopPrice: 20995 })
    s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25, last: 21010 })
    expect(order(r.orderId)?.stopPrice).toBe(21005)
    s.control.setQuote({ contractId: MNQ, bid: 21004.75, ask: 21005, last: 21004.75 })
    expect(order(r.orderId)).toMatchObject({ status: 2, filledPrice: 21004.75 })
    const far = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 5, side: 1, size: 1, trailPrice: 20000 })
    expect(far).toMatchObject({ success: false, errorCode: 2, errorMessage: 'Trail Distance exceeds maximum (1000)' })
  })

  it('partial fills leave the order Open with fillVolume < size', () => {
    s.control.setPartialFills({ maxFillSize: 2 })
    const r = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 5 })
    expect(order(r.orderId)).toMatchObject({ status: 1, fillVolume: 2 })
    s.control.stepMarket({ contractId: MNQ, steps: 2 })
    expect(order(r.orderId)).toMatchObject({ status: 2, fillVolume: 5 })
    expect(s.control.trades().map((t) => t.size)).toEqual([2, 2, 1])
    expect(s.control.positions()[0]?.size).toBe(5)
  })
})

describe('positions and P&L (§8.2)', () => {
  it('weighted average on scale-in, unchanged on reduction, flip opens the other side', () => {
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 }) // 21000.25
    s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21011 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 3 }) // 21011
    expect(s.control.positions()[0]).toMatchObject({ size: 4, averagePrice: 21008.3125, type: 1 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 1, size: 1 }) // sells 21010
    expect(s.control.positions()[0]).toMatchObject({ size: 3, averagePrice: 21008.3125 })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 1, size: 5 })
    expect(s.control.positions()[0]).toMatchObject({ size: 2, type: 2, averagePrice: 21010 })
    const pnls = s.control.trades().map((t) => t.profitAndLoss)
    expect(pnls[0]).toBeNull()
    expect(pnls[1]).toBeNull()
    // Exact (§8.2): 6.75 ticks × $0.50 = 3.375 → 3.38; no rounding to whole ticks.
    expect(pnls[2]).toBe(3.38)
    expect(pnls[3]).toBe(10.13) // 3 lots × 6.75 ticks × $0.50 = 10.125

  })

  it('balance moves by pnl − fees − commissions', () => {
    const before = s.control.accounts()[0]?.balance as number
    s.control.placeOrder({ accountId: acct, contractId: 'CON.F.US.MYM.Z26', type: 2, side: 0, size: 15 })
    s.control.setQuote({ contractId: 'CON.F.US.MYM.Z26', bid: 44075, ask: 44076 })
    s.control.closePosition({ accountId: acct, contractId: 'CON.F.US.MYM.Z26' })
    const t = s.control.trades()
    expect(t[1]?.profitAndLoss).toBe(74 * 0.5 * 15) // LIVELOG arithmetic: +555
    const costs = t.reduce((sum, x) => sum + x.fees + (x.commissions ?? 0), 0)
    expect(s.control.accounts()[0]?.balance).toBeCloseTo(before + 555 - costs, 2)
  })

  it('closing leaves other working orders alone', () => {
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 })
    const stop = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 4, side: 1, size: 1, stopPrice: 20900 })
    s.control.closePosition({ accountId: acct, contractId: MNQ })
    expect(order(stop.orderId)?.status).toBe(1)
  })
})

describe('rules', () => {
  it('canTrade false → code 4; session closed → 5 (close → 5, partial → 6); rejected place emits 6 → 5', () => {
    s.control.setCanTrade({ accountId: acct, canTrade: false })
    expect(s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 })).toMatchObject({ success: false, errorCode: 4 })
    s.control.setCanTrade({ accountId: acct, canTrade: true })
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 2 })
    s.control.setSession({ open: false })
    expect(s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 })).toMatchObject({ success: false, errorCode: 5 })
    expect(s.control.closePosition({ accountId: acct, contractId: MNQ })).toMatchObject({ success: false, errorCode: 5 })
    expect(s.control.partialClosePosition({ accountId: acct, contractId: MNQ, size: 1 })).toMatchObject({ success: false, errorCode: 6 })
    s.control.setSession({ open: true })
    s.control.rejectOrders({ count: 1 })
    const rej = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 })
    expect(rej).toMatchObject({ success: false, errorCode: 2 })
    expect(order(rej.orderId)?.status).toBe(5)
    expect(s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1 }).success).toBe(true)
  })

  it('Auto-OCO brackets: children Suspended until the parent fills, then Open; one fill cancels the sibling', () => {
    s.control.setAutoOco({ accountId: acct, enabled: true })
    const bad = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 1, stopLossBracket: { ticks: 10, type: 4 } })
    expect(bad).toMatchObject({ success: false, errorCode: 2 })
    const p = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 0, size: 1, limitPrice: 20990, stopLossBracket: { ticks: -8, type: 4 }, takeProfitBracket: { ticks: 16, type: 1 } })
    const kids = () => s.control.orders().filter((o) => o.parentOrderId === p.orderId)
    expect(kids().map((k) => k.status)).toEqual([8, 8])
    expect(s.control.orders({ openOnly: true }).map((o) => o.id)).toEqual([p.orderId])
    s.control.setQuote({ contractId: MNQ, bid: 20989.75, ask: 20990 })
    const [sl, tp] = kids()
    expect(sl).toMatchObject({ status: 1, stopPrice: 20988, linkedOrderId: tp?.id })
    expect(tp).toMatchObject({ status: 1, limitPrice: 20994 })
    s.control.setQuote({ contractId: MNQ, bid: 20994, ask: 20994.25 })
    expect(kids().map((k) => k.status)).toEqual([3, 2])
    expect(s.control.positions()).toEqual([])
  })
})
