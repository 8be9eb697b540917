// History/retrieveBars over the public REST API: the newest bar ends at the market's last price, so a
// client pricing positions from bars (polling, the stale-quote fallback) sees what the quotes show.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SimulatorHandle } from '../../src/sim/index'
import { MNQ, call, login, sim } from './helpers'

let s: SimulatorHandle
let token: string
beforeAll(async () => {
  s = await sim({ quoteIntervalMs: 0 })
  token = await login(s)
})
afterAll(() => s.close())

it('the partial bar closes at the last price, also after the market moved far from its start', async () => {
  s.control.setQuote({ contractId: MNQ, bid: 23_456.25, ask: 23_456.5, last: 23_456.25 })
  const now = s.control.now()
  const r = await call(s, '/api/History/retrieveBars', { contractId: MNQ, live: false, startTime: new Date(now - 600_000).toISOString(), endTime: new Date(now).toISOString(), unit: 2, unitNumber: 1, limit: 5, includePartialBar: true }, token)
  const bars = r.json.bars as { t: string; c: number; h: number; l: number }[]
  expect(bars.length).toBeGreaterThan(1)
  expect(bars[0]?.c).toBe(23_456.25)
  // Older bars follow the same level, within a few percent, not the 21,000 start price.
  for (const bar of bars) expect(Math.abs(bar.c - 23_456.25)).toBeLessThan(23_456.25 * 0.03)
})
