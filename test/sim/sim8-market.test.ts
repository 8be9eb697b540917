// Issue 8, the market hub: partial quotes and symbolName (item 2), price paths and the deterministic mode (14).
import { afterEach, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { connectHub, login, sim, until, type Captured } from './helpers'
import { ES } from './rig'

let s: SimulatorHandle | undefined
let hub: Captured | undefined
afterEach(async () => {
  await hub?.conn.stop()
  await s?.close()
  s = hub = undefined
})

async function quotes(options: Parameters<typeof sim>[0] = {}): Promise<{ s: SimulatorHandle; hub: Captured; q: () => Array<Record<string, unknown>> }> {
  s = await sim({ deterministic: true, ...options })
  hub = await connectHub(s.marketHubUrl, await login(s), { market: true })
  await hub.conn.invoke('SubscribeContractQuotes', ES)
  const h = hub
  return { s, hub: h, q: () => h.events.filter((e) => e.target === 'GatewayQuote').map((e) => e.args[1] as Record<string, unknown>) }
}

it('SIM8-2 partial quotes by default (only the changed fields after a whole first one), symbolName /ES; whole quotes behind a switch', async () => {
  const m = await quotes()
  m.s.control.setQuote({ contractId: ES, bid: 6000.5, ask: 6000.75 })
  m.s.control.setQuote({ contractId: ES, bid: 6000.5, ask: 6001 }) // only the ask (and the clock) changes
  await until(() => m.q().length >= 2)
  const [first, second] = m.q()
  expect(first).toMatchObject({ symbol: 'F.US.EP', symbolName: '/ES', lastPrice: 6000.5, bestBid: 6000.5, bestAsk: 6000.75, open: 6000, low: 6000 })
  // Every frame has a fresh timestamp and a print, so those always change too.
  expect(Object.keys(second ?? {}).sort()).toEqual(['bestAsk', 'lastUpdated', 'symbol', 'timestamp', 'volume'])
  expect(second).toMatchObject({ bestAsk: 6001 })
  m.s.control.setQuote({ contractId: ES, bid: 6001.25, ask: 6001.5 })
  await until(() => m.q().length >= 3)
  expect(m.q()[2]).toHaveProperty('lastPrice', 6001.25)
  expect(Object.keys(m.q()[2] ?? {})).not.toContain('open')

  m.s.control.setBehaviour({ fullQuotes: true })
  m.s.control.setQuote({ contractId: ES, ask: 6001.75 })
  await until(() => m.q().length >= 4)
  expect(Object.keys(m.q()[3] ?? {}).sort()).toEqual(['bestAsk', 'bestBid', 'change', 'changePercent', 'high', 'lastPrice', 'lastUpdated', 'low', 'open', 'symbol', 'symbolName', 'timestamp', 'volume'])

  // After an unsubscribe the next quote is whole again.
  m.s.control.setBehaviour({ fullQuotes: false })
  await m.hub.conn.invoke('UnsubscribeContractQuotes', ES)
  await m.hub.conn.invoke('SubscribeContractQuotes', ES)
  m.s.control.setQuote({ contractId: ES, ask: 6002 })
  await until(() => m.q().length >= 5)
  expect(m.q()[4]).toHaveProperty('open', 6000)
})

it('SIM8-14 price paths (move over N steps, gap) on the virtual clock; deterministic mode moves quotes only by stepMarket or the clock', async () => {
  const m = await quotes({ quoteIntervalMs: 250 })
  const start = m.s.control.now()
  // Frozen virtual clock: wall time passing moves nothing; a round trip proves the hub had its chance.
  await m.hub.conn.invoke('SubscribeContractQuotes', ES)
  expect(m.q()).toHaveLength(0)
  expect(m.s.control.now()).toBe(start)
  m.s.control.advanceClock({ ms: 1000 })
  await until(() => m.q().length >= 4)
  expect(m.s.control.frames({ hub: 'market' }).filter((f) => f.text.includes('GatewayQuote'))).toHaveLength(4)
  m.s.control.stepMarket({ contractId: ES })
  await until(() => m.q().length >= 5)

  m.s.control.freezeMarket({ frozen: true }) // the random walk stops, paths still apply
  m.s.control.setQuote({ contractId: ES, bid: 6000, ask: 6000.25 })
  expect(m.s.control.movePrice({ contractId: ES, price: 6010, steps: 4 })).toBe(true)
  m.s.control.stepMarket({ contractId: ES, steps: 4 })
  expect(m.s.control.quote({ contractId: ES })?.last).toBe(6010)
  await until(() => m.q().length >= 10) // 5 earlier, the setQuote, 4 path points
  expect(m.q().slice(-4).map((x) => x.lastPrice)).toEqual([6002.5, 6005, 6007.5, 6010])

  // On the clock: one point every 100 virtual ms.
  m.s.control.movePrice({ contractId: ES, price: 6000, steps: 2, everyMs: 100 })
  m.s.control.advanceClock({ ms: 100 })
  expect(m.s.control.quote({ contractId: ES })?.last).toBe(6005)
  m.s.control.advanceClock({ ms: 100 })
  expect(m.s.control.quote({ contractId: ES })?.last).toBe(6000)

  // A gap: several ticks in one frame; a resting sell stop fills at the gapped price, not at its stop.
  const acct = m.s.accountIds[0] as number
  m.s.control.placeOrder({ accountId: acct, contractId: ES, type: 4, side: 1, size: 1, stopPrice: 5995 })
  m.s.control.gapPrice({ contractId: ES, price: 5980, afterMs: 50 })
  expect(m.s.control.trades()).toHaveLength(0)
  m.s.control.advanceClock({ ms: 50 })
  expect(m.s.control.trades()).toMatchObject([{ price: 5980, side: 1, size: 1 }])
  await until(() => m.q().some((x) => x.lastPrice === 5980))
})
