// Scripted session (issue #3 "done when"): login → subscribe → web-app order → fill → quotes → close, frame by frame.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, connectHub, data, login, sim, until } from './helpers'

let s: SimulatorHandle
beforeAll(async () => {
  s = await sim({ seed: 11 })
})
afterAll(() => s.close())

it('emits exactly the §6.3 sequences for an open, quote moves and a close', async () => {
  const token = await login(s)
  const acct = s.accountIds[0] as number
  const user = await connectHub(s.userHubUrl, token)
  const market = await connectHub(s.marketHubUrl, token, { market: true })
  await user.conn.invoke('SubscribeAccounts')
  for (const m of ['SubscribeOrders', 'SubscribePositions', 'SubscribeTrades']) await user.conn.invoke(m, acct)
  await market.conn.invoke('SubscribeContractQuotes', MNQ)

  // The trader buys 2 MNQ in the web app.
  const placed = s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 2 })
  expect(placed.success).toBe(true)
  await until(() => user.events.length >= 6)
  const open = user.events.map((e) => [e.target, data(e.args[0])] as const)
  expect(open.map(([t]) => t)).toEqual(['GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserOrder', 'GatewayUserPosition', 'GatewayUserAccount', 'GatewayUserAccount'])
  expect(open[0]?.[1]).toMatchObject({ id: placed.orderId, status: 6, fillVolume: 0, type: 2, side: 0, size: 2 })
  expect(open[1]?.[1]).toMatchObject({ orderId: placed.orderId, price: 21000.25, size: 2, fees: 0.74, commissions: 0.5 })
  expect(open[1]?.[1]).not.toHaveProperty('profitAndLoss')
  expect((user.events[1]?.args[0] as { action: number }).action).toBe(0)
  expect(open[2]?.[1]).toMatchObject({ id: placed.orderId, status: 2, fillVolume: 2, filledPrice: 21000.25 })
  expect(open[3]?.[1]).toMatchObject({ contractId: MNQ, type: 1, size: 2, averagePrice: 21000.25 })
  expect(open[4]?.[1]).toMatchObject({ id: acct, balance: 50_000 - 0.74 - 0.5 })
  expect(open[5]?.[1]).toEqual(open[4]?.[1])

  // The market moves along a scripted path: +10 points.
  s.control.scriptPrices({ contractId: MNQ, path: [21005, 21010.25] })
  s.control.stepMarket({ contractId: MNQ, steps: 2 })
  await until(() => market.events.length >= 2)
  expect(market.events.map((e) => (e.args[1] as { lastPrice: number }).lastPrice)).toEqual([21005, 21010.25])
  expect(user.events).toHaveLength(6) // quotes alone move nothing on the user hub

  // The trader closes from the web app: sells at the bid 21010.25 → +40 ticks × $0.50 × 2 = $40.
  user.events.length = 0
  expect(s.control.closePosition({ accountId: acct, contractId: MNQ }).success).toBe(true)
  await until(() => user.events.length >= 7)
  const close = user.events.map((e) => [e.target, data(e.args[0])] as const)
  // The live close sequence: the opening fill comes again (no P&L) before the size-0 position.
  expect(close.map(([t]) => t)).toEqual(['GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserPosition', 'GatewayUserAccount', 'GatewayUserAccount'])
  expect(close[0]?.[1]).toMatchObject({ status: 6, type: 2, side: 1, size: 2 })
  expect(close[1]?.[1]).toMatchObject({ price: 21010.25, profitAndLoss: 40, side: 1, size: 2 })
  expect(close[2]?.[1]).toMatchObject({ status: 2 })
  expect(close[3]?.[1]).toEqual(open[1]?.[1])
  expect(close[4]?.[1]).toMatchObject({ size: 0, averagePrice: 21000.25, id: open[3]?.[1].id })
  expect(close[5]?.[1]).toMatchObject({ balance: Math.round((50_000 - 2 * 1.24 + 40) * 100) / 100 })
  expect(s.control.positions({ accountId: acct })).toEqual([])
  await user.conn.stop()
  await market.conn.stop()
})
