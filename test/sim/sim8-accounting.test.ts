// Issue 8, the numbers: exact P&L (item 1), the live close sequence (3), voided trades (12), fees (13).
import fc from 'fast-check'
import { afterEach, expect, it } from 'vitest'
import type { PxPosition, PxTrade } from '../../src/shared/projectx'
import { MNQ, until } from './helpers'
import { ES, rig, type Rig } from './rig'

let r: Rig | undefined
afterEach(async () => {
  await r?.close()
  r = undefined
})

const market = (x: Rig, contractId: string, side: 0 | 1, size: number) => x.rest('placeOrder', { accountId: x.acct, contractId, type: 2, side, size })
const trades = async (x: Rig) => (await x.rest('searchTrades', { accountId: x.acct, startTimestamp: '2000-01-01T00:00:00Z' })).trades as PxTrade[]
const balance = async (x: Rig) => ((await x.rest('searchAccounts', { onlyActiveAccounts: true })).accounts as Array<{ id: number; balance: number }>).find((a) => a.id === x.acct)?.balance ?? NaN
const positions = async (x: Rig) => (await x.rest('searchOpenPositions', { accountId: x.acct })).positions as PxPosition[]

it('SIM8-1 exact closing P&L after a scale-in; realized + open mark-to-market equals the cash difference for any fills', async () => {
  r = await rig()
  const x = r
  // The example: buy 1 @6000.25 and 2 @6001.25, sell 5 @6003 → 3 lots closed for exactly $312.50.
  x.s.control.setQuote({ contractId: ES, bid: 6000, ask: 6000.25 })
  await market(x, ES, 0, 1)
  x.s.control.setQuote({ contractId: ES, bid: 6001, ask: 6001.25 })
  await market(x, ES, 0, 2)
  x.s.control.setQuote({ contractId: ES, bid: 6003, ask: 6003.25 })
  await market(x, ES, 1, 5)
  const t = await trades(x)
  expect(t.map((y) => y.profitAndLoss)).toEqual([null, null, 312.5])
  await until(() => x.seen().some(([k, d]) => k === 'GatewayUserTrade' && d.profitAndLoss === 312.5))
  expect(await balance(x)).toBe(50_000 + 312.5 - 8 * (1.4 + 0.5))
  expect(await positions(x)).toMatchObject([{ type: 2, size: 2, averagePrice: 6003 }])
  await x.close()
  r = undefined

  const fill = fc.record({ side: fc.constantFrom<0 | 1>(0, 1), size: fc.integer({ min: 1, max: 4 }), ticks: fc.integer({ min: -60, max: 60 }) })
  await fc.assert(
    fc.asyncProperty(fc.array(fill, { minLength: 1, maxLength: 8 }), fc.integer({ min: -60, max: 60 }), async (fills, markTicks) => {
      const y = await rig()
      try {
        let cash = 0
        for (const f of fills) {
          const bid = 6000 + f.ticks * 0.25
          y.s.control.setQuote({ contractId: ES, bid, ask: bid + 0.25 })
          await market(y, ES, f.side, f.size)
          const price = f.side === 0 ? bid + 0.25 : bid
          cash += (f.side === 0 ? -1 : 1) * price * f.size * 50 // $50 a point
        }
        const mark = 6000 + markTicks * 0.25
        const all = await trades(y)
        const open = (await positions(y))[0]
        const net = open ? (open.type === 1 ? open.size : -open.size) : 0
        const realized = all.reduce((sum, z) => sum + (z.profitAndLoss ?? 0), 0)
        const mtm = open ? net * (mark - open.averagePrice) * 50 : 0
        // Cents only at the end of each trade: at most half a cent per trade apart.
        expect(Math.abs(realized + mtm - (cash + net * mark * 50))).toBeLessThanOrEqual(0.005 * all.length + 1e-6)
        const costs = all.reduce((sum, z) => sum + z.fees + (z.commissions ?? 0), 0)
        expect(Math.abs((await balance(y)) - 50_000 - (realized - costs))).toBeLessThan(1e-6)
      } finally {
        await y.close()
      }
    }),
    { numRuns: 25 },
  )
}, 60_000)

it('SIM8-3 close sequence: the opening fill is re-sent before the size-0 position, the account event comes again seconds later; a switch turns it off', async () => {
  r = await rig()
  const x = r
  await market(x, MNQ, 0, 1)
  await until(() => x.seen().filter(([k]) => k === 'GatewayUserAccount').length >= 2)
  const opening = x.seen().find(([k]) => k === 'GatewayUserTrade')?.[1]
  x.user.events.length = 0
  await x.rest('closePosition', { accountId: x.acct, contractId: MNQ })
  await until(() => x.seen().length >= 7)
  expect(x.seen().map(([k]) => k)).toEqual(['GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserPosition', 'GatewayUserAccount', 'GatewayUserAccount'])
  const [, closing, , resent, flat] = x.seen().map(([, d]) => d)
  expect(closing).toHaveProperty('profitAndLoss')
  expect(resent).toEqual(opening) // same id, no P&L: a client counting events instead of ids counts 3 trades
  expect(resent).not.toHaveProperty('profitAndLoss')
  expect(flat).toMatchObject({ size: 0 })
  expect(await trades(x)).toHaveLength(2)
  x.s.control.advanceClock({ ms: 2999 })
  expect(x.s.control.frames({ hub: 'user', excludePings: true }).filter((f) => f.text.includes('GatewayUserAccount'))).toHaveLength(4)
  x.s.control.advanceClock({ ms: 1 })
  await until(() => x.seen().length >= 8)
  expect(x.seen()[7]?.[0]).toBe('GatewayUserAccount')

  x.s.control.setBehaviour({ closeSequence: false })
  await market(x, MNQ, 0, 1)
  await until(() => x.seen().length >= 8 + 6)
  x.user.events.length = 0
  await x.rest('closePosition', { accountId: x.acct, contractId: MNQ })
  await until(() => x.seen().length >= 6)
  x.s.control.advanceClock({ ms: 10_000 })
  await x.rest('searchOpenPositions', { accountId: x.acct }) // a round trip, so any stray frame would have arrived
  expect(x.seen().map(([k]) => k)).toEqual(['GatewayUserOrder', 'GatewayUserTrade', 'GatewayUserOrder', 'GatewayUserPosition', 'GatewayUserAccount', 'GatewayUserAccount'])
})

it('SIM8-12 a voided fill: hub event with voided:true, Trade/search and the balance agree', async () => {
  r = await rig()
  const x = r
  await market(x, MNQ, 0, 2) // 21000.25
  x.s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25 })
  await market(x, MNQ, 1, 2) // +$39 gross
  const [open, close] = await trades(x)
  expect(close?.profitAndLoss).toBe(39)
  expect(await balance(x)).toBe(50_000 + 39 - 4 * (0.37 + 0.25))
  x.user.events.length = 0
  expect(x.s.control.voidTrade({ tradeId: close?.id as number })).toMatchObject({ id: close?.id, voided: true })
  await until(() => x.seen().length >= 2)
  expect(x.seen()[0]).toEqual(['GatewayUserTrade', expect.objectContaining({ id: close?.id, voided: true, profitAndLoss: 39 })])
  expect(x.seen()[1]?.[0]).toBe('GatewayUserAccount')
  const after = await trades(x)
  expect(after.map((t) => [t.id, t.voided])).toEqual([[open?.id, false], [close?.id, true]])
  // Balance = start + Σ over non-voided trades of (P&L − fees − commissions) (§4.5).
  const expected = after.filter((t) => !t.voided).reduce((b, t) => b + (t.profitAndLoss ?? 0) - t.fees - (t.commissions ?? 0), 50_000)
  expect(await balance(x)).toBeCloseTo(expected, 6)
  expect(x.seen()[1]?.[1]).toMatchObject({ balance: await balance(x) })
  expect(x.s.control.voidTrade({ tradeId: close?.id as number })).toBeNull() // once only
})

it('SIM8-13 fees per product: the ProjectX table by default, changed at start and at run time', async () => {
  r = await rig({ fees: { MNQ: 0.5 } })
  const x = r
  const defaults: Array<[string, number]> = [
    [ES, 1.4],
    ['CON.F.US.MES.Z26', 0.37],
    ['CON.F.US.CLE.Z26', 1.52],
    ['CON.F.US.GCE.Z26', 1.62],
    ['CON.F.US.MCLE.Z26', 0.52],
    ['CON.F.US.MGC.Z26', 0.62],
    [MNQ, 0.5],
  ]
  for (const [c] of defaults) await market(x, c, 0, 2)
  expect((await trades(x)).map((t) => [t.contractId, t.fees])).toEqual(defaults.map(([c, f]) => [c, Math.round(2 * f * 100) / 100]))
  expect(x.s.control.setFees({ product: 'ES', fee: 2.05, commission: 0 })).toBe(true)
  expect(x.s.control.setFees({ product: 'NOPE', fee: 1 })).toBe(false)
  await market(x, ES, 1, 3)
  const last = (await trades(x)).at(-1)
  expect(last).toMatchObject({ contractId: ES, fees: 6.15, commissions: 0 })
})
