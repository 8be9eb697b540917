// Issue 8, order handling: price checks (item 4), Expired and PendingCancellation (5), trailing-stop events
// (6), canTrade platform rejections (7), partial fills per order and per price level (15).
import { afterEach, expect, it } from 'vitest'
import type { PxOrder } from '../../src/shared/projectx'
import { MNQ, until } from './helpers'
import { ES, rig, type Rig } from './rig'

let r: Rig | undefined
afterEach(async () => {
  await r?.close()
  r = undefined
})

const place = (x: Rig, body: Record<string, unknown>) => x.rest('placeOrder', { accountId: x.acct, contractId: ES, side: 0, size: 1, ...body })
const orders = async (x: Rig) => (await x.rest('searchOrders', { accountId: x.acct, startTimestamp: '2000-01-01T00:00:00Z' })).orders as PxOrder[]
const orderFrames = (x: Rig, id: unknown) => x.seen().filter(([k, d]) => k === 'GatewayUserOrder' && d.id === id).map(([, d]) => d)

it('SIM8-4 prices off the tick grid, outside the band or a buy stop below the market are refused with an orderId and 6 → 5', async () => {
  r = await rig()
  const x = r
  x.s.control.setQuote({ contractId: ES, bid: 6000, ask: 6000.25 })
  const far = await place(x, { type: 1, limitPrice: 100 })
  expect(far).toMatchObject({ success: false, errorCode: 2, errorMessage: 'Invalid price outside allowed range' })
  expect(typeof far.orderId).toBe('number')
  await until(() => orderFrames(x, far.orderId).length >= 2)
  expect(orderFrames(x, far.orderId).map((d) => d.status)).toEqual([6, 5])
  expect(await place(x, { type: 1, limitPrice: 5999.1 })).toMatchObject({ success: false, errorCode: 2, errorMessage: 'Invalid price. Price is not aligned to tick size.' })
  expect(await place(x, { type: 4, stopPrice: 7000 })).toMatchObject({ success: false, errorMessage: 'Invalid price outside allowed range' })
  const below = await place(x, { type: 4, stopPrice: 5990 })
  expect(below).toMatchObject({ success: false, errorCode: 2, errorMessage: 'Invalid stop price. A buy stop must be above the market.' })
  const ok = await place(x, { type: 4, stopPrice: 6010 })
  expect(ok).toMatchObject({ success: true })
  const byId = new Map((await orders(x)).map((o) => [o.id, o]))
  expect(byId.get(below.orderId as number)).toMatchObject({ status: 5, fillVolume: 0 })
  expect(byId.get(ok.orderId as number)).toMatchObject({ status: 1, stopPrice: 6010 })
  expect(x.s.control.trades()).toEqual([]) // nothing filled at once
  expect(await x.rest('modifyOrder', { accountId: x.acct, orderId: ok.orderId, stopPrice: 9000 })).toMatchObject({ success: false, errorCode: 3, errorMessage: 'Invalid price outside allowed range' })
  x.s.control.setBehaviour({ priceBandPercent: 0 })
  expect(await place(x, { type: 1, limitPrice: 100 })).toMatchObject({ success: true })
})

it('SIM8-5 a day order expires (4) at the session end; with latency a cancel shows PendingCancellation (7) first', async () => {
  r = await rig({ cancelLatencyMs: 500 })
  const x = r
  const day = await place(x, { type: 1, limitPrice: 5990 })
  const other = await place(x, { type: 1, limitPrice: 5980 })
  x.s.control.setSession({ open: false })
  await until(() => orderFrames(x, day.orderId).length >= 3)
  expect(orderFrames(x, day.orderId).map((d) => d.status)).toEqual([6, 1, 4])
  expect((await orders(x)).map((o) => o.status)).toEqual([4, 4])
  expect(other.success).toBe(true)

  x.s.control.setSession({ open: true })
  const p = await place(x, { type: 1, limitPrice: 5990 })
  expect(await x.rest('cancelOrder', { accountId: x.acct, orderId: p.orderId })).toMatchObject({ success: true })
  await until(() => orderFrames(x, p.orderId).length >= 3)
  expect(orderFrames(x, p.orderId).map((d) => d.status)).toEqual([6, 1, 7])
  expect((await orders(x)).find((o) => o.id === p.orderId)?.status).toBe(7)
  x.s.control.advanceClock({ ms: 499 })
  expect((await orders(x)).find((o) => o.id === p.orderId)?.status).toBe(7)
  x.s.control.advanceClock({ ms: 1 })
  await until(() => orderFrames(x, p.orderId).length >= 4)
  expect(orderFrames(x, p.orderId).map((d) => d.status)).toEqual([6, 1, 7, 3])
})

it('SIM8-6 a trailing stop sends an order event each time the stop moves', async () => {
  r = await rig()
  const x = r
  const t = await place(x, { contractId: MNQ, type: 5, side: 1, trailPrice: 20995 }) // last 21000 → 20 ticks
  await until(() => orderFrames(x, t.orderId).length >= 2)
  for (const bid of [21002, 21001, 21004]) x.s.control.setQuote({ contractId: MNQ, bid, ask: bid + 0.25 })
  await until(() => orderFrames(x, t.orderId).length >= 4)
  expect(orderFrames(x, t.orderId).map((d) => [d.status, d.stopPrice])).toEqual([
    [6, 20995],
    [1, 20995],
    [1, 20997],
    [1, 20999], // the dip to 21001 did not move it, so no event
  ])
})

it('SIM8-7 canTrade false: new orders are platform rejections (orderId, 6 → 5); resting orders stay unless the switch cancels them', async () => {
  r = await rig()
  const x = r
  const resting = await place(x, { type: 1, limitPrice: 5990 })
  x.s.control.setCanTrade({ accountId: x.acct, canTrade: false })
  const refused = await place(x, { type: 2 })
  expect(refused).toMatchObject({ success: false, errorCode: 4, errorMessage: 'Account is not allowed to trade' })
  expect(refused.orderId).toBeGreaterThan(2 ** 31)
  await until(() => orderFrames(x, refused.orderId).length >= 2)
  expect(orderFrames(x, refused.orderId).map((d) => d.status)).toEqual([6, 5])
  expect((await orders(x)).find((o) => o.id === resting.orderId)?.status).toBe(1)

  x.s.control.setCanTrade({ accountId: x.acct, canTrade: true })
  x.s.control.setBehaviour({ cancelOnCanTradeFalse: true })
  x.s.control.setCanTrade({ accountId: x.acct, canTrade: false })
  await until(() => orderFrames(x, resting.orderId).length >= 3)
  expect(orderFrames(x, resting.orderId).map((d) => d.status)).toEqual([6, 1, 3])
})

it('SIM8-15 partial fills per order and per price level, beside the global cap', async () => {
  r = await rig()
  const x = r
  const capped = await place(x, { contractId: MNQ, type: 1, size: 5, limitPrice: 20990 })
  const free = await place(x, { contractId: MNQ, type: 1, size: 3, limitPrice: 20990 })
  x.s.control.setPartialFills({ orderId: capped.orderId as number, maxFillSize: 2 })
  const vol = async (id: unknown) => (await orders(x)).find((o) => o.id === id)?.fillVolume
  x.s.control.setQuote({ contractId: MNQ, bid: 20989.75, ask: 20990 })
  expect([await vol(capped.orderId), await vol(free.orderId)]).toEqual([2, 3])
  x.s.control.setQuote({ contractId: MNQ, bid: 20989.75, ask: 20990, last: 20990 })
  x.s.control.setQuote({ contractId: MNQ, bid: 20989.75, ask: 20990, last: 20989.75 })
  expect(await vol(capped.orderId)).toBe(5)
  expect(x.s.control.trades().filter((t) => t.orderId === capped.orderId).map((t) => t.size)).toEqual([2, 2, 1])

  // One price level offers 3 contracts per quote, shared oldest-first by the orders resting there.
  x.s.control.setPartialFills({ perLevel: 3 })
  x.s.control.setQuote({ contractId: MNQ, bid: 21000, ask: 21000.25 })
  const a = await place(x, { contractId: MNQ, type: 1, side: 1, size: 2, limitPrice: 21010 })
  const b = await place(x, { contractId: MNQ, type: 1, side: 1, size: 2, limitPrice: 21010 })
  x.s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25 })
  expect([await vol(a.orderId), await vol(b.orderId)]).toEqual([2, 1])
  x.s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25, last: 21010.25 })
  expect(await vol(b.orderId)).toBe(2)
})
