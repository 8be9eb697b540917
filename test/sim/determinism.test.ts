// Determinism (issue #3 point 7): same seed + same script ⇒ identical hub frames and books.
import { expect, it } from 'vitest'
import { PX_PATHS } from '../../src/shared/projectx'
import { MNQ, call, login, rawHub, sim, until } from './helpers'

async function run(seed: number): Promise<{ frames: string[]; trades: unknown[] }> {
  const s = await sim({ seed, pingIntervalMs: 0 })
  try {
    s.control.freezeClock({ frozen: true, atMs: Date.UTC(2026, 4, 6, 13, 36) })
    const token = await login(s)
    const acct = s.accountIds[0] as number
    const u = await rawHub(s.userHubUrl, { header: token })
    const m = await rawHub(s.marketHubUrl, { header: token })
    u.send({ type: 1, invocationId: '1', target: 'SubscribeAccounts', arguments: [] }, { type: 1, invocationId: '2', target: 'SubscribeOrders', arguments: [acct] }, { type: 1, invocationId: '3', target: 'SubscribePositions', arguments: [acct] }, { type: 1, invocationId: '4', target: 'SubscribeTrades', arguments: [acct] })
    m.send({ type: 1, invocationId: '1', target: 'SubscribeContractQuotes', arguments: [MNQ] }, { type: 1, invocationId: '2', target: 'SubscribeContractTrades', arguments: [MNQ] })
    await until(() => u.records.length >= 5 && m.records.length >= 3)
    await call(s, PX_PATHS.placeOrder, { accountId: acct, contractId: MNQ, type: 2, side: 0, size: 3 }, token)
    s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 1, side: 1, size: 1, limitPrice: 21002 })
    for (let i = 0; i < 30; i++) {
      s.control.advanceClock({ ms: 250 })
      s.control.stepMarket({ contractId: MNQ })
    }
    s.control.closePosition({ accountId: acct, contractId: MNQ })
    const expected = s.control.frames({ excludePings: true }).length
    await until(() => u.records.length + m.records.length >= expected)
    u.ws.close()
    m.ws.close()
    // Per hub: the interleaving of two sockets is up to the OS scheduler, each hub's own sequence is not.
    const frames = (['user', 'market'] as const).flatMap((hub) => s.control.frames({ hub, excludePings: true }).map((f) => `${hub} ${f.text}`))
    return { frames, trades: s.control.trades() }
  } finally {
    await s.close()
  }
}

it('two runs with the same seed and script produce the same frames; another seed differs', async () => {
  const a = await run(42)
  const b = await run(42)
  const c = await run(43)
  expect(a.frames.length).toBeGreaterThan(60)
  expect(b.frames).toEqual(a.frames)
  expect(b.trades).toEqual(a.trades)
  expect(c.frames).not.toEqual(a.frames)
  expect(a.frames.some((f) => f.includes('"GatewayQuote"') && f.includes('2026-05-06T13:36:0'))).toBe(true)
})
