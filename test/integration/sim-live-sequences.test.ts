// The engine's mirror fed by the simulator's live sequences (issue 8): partial quotes merged field by
// field, the close sequence's re-sent opening fill counted once (trades by id), a voided fill not counted.
import { afterEach, expect, it } from 'vitest'
import { FrameNormalizer } from '../../src/main/gateway/hubs/frame-normalizer'
import { PortfolioMirror, netPnl } from '../../src/main/portfolio/portfolio-mirror'
import { systemClock } from '../../src/main/ports/clock'
import type { SimulatorHandle } from '../../src/sim'
import { MemoryLogger } from '../fakes/memory-logger'
import { MemoryEventJournal, MemoryPortfolioRepository } from '../fakes/memory-repositories'
import { MNQ, connectHub, login, sim, until, type Captured } from '../sim/helpers'

let s: SimulatorHandle | undefined
const hubs: Captured[] = []
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.conn.stop()
  await s?.close()
})

it('SIM8-3/SIM8-2 engine: the mirror counts the close sequence by trade id, merges partial quotes and drops a voided fill', async () => {
  s = await sim({ deterministic: true })
  const logger = new MemoryLogger()
  const mirror = new PortfolioMirror({ repo: new MemoryPortfolioRepository(), journal: new MemoryEventJournal(), clock: systemClock, logger })
  const token = await login(s)
  const acct = s.accountIds[0] as number
  const user = await connectHub(s.userHubUrl, token)
  const market = await connectHub(s.marketHubUrl, token, { market: true })
  hubs.push(user, market)
  const userNorm = new FrameNormalizer('user', logger)
  const marketNorm = new FrameNormalizer('market', logger)
  let fed = 0
  const feed = (): void => {
    for (const e of user.events.slice(fed)) for (const ev of userNorm.user(e.target, e.args[0])) mirror.ingest(ev, Date.now())
    fed = user.events.length
  }
  let fedQ = 0
  const feedQuotes = (): void => {
    for (const e of market.events.slice(fedQ)) for (const ev of marketNorm.market(e.target, e.args)) mirror.ingest(ev, Date.now())
    fedQ = market.events.length
  }
  for (const m of ['SubscribeOrders', 'SubscribePositions', 'SubscribeTrades']) await user.conn.invoke(m, acct)
  await market.conn.invoke('SubscribeContractQuotes', MNQ)

  s.control.setQuote({ contractId: MNQ, bid: 21000, ask: 21000.25 })
  s.control.setQuote({ contractId: MNQ, ask: 21000.5 }) // partial: bestAsk changes, bid and last do not
  await until(() => market.events.length >= 2)
  feedQuotes()
  expect(Object.keys(market.events[1]?.args[1] as object)).not.toContain('bestBid')
  expect(mirror.quote(MNQ)).toMatchObject({ bestBid: 21000, bestAsk: 21000.5, lastPrice: 21000 })

  s.control.placeOrder({ accountId: acct, contractId: MNQ, type: 2, side: 0, size: 2 }) // 21000.5
  s.control.setQuote({ contractId: MNQ, bid: 21010, ask: 21010.25 })
  s.control.closePosition({ accountId: acct, contractId: MNQ }) // 21010: 38 ticks × $0.50 × 2 = $38
  await until(() => user.events.filter((e) => e.target === 'GatewayUserTrade').length >= 3)
  feed()
  expect(user.events.filter((e) => e.target === 'GatewayUserTrade')).toHaveLength(3) // opening fill re-sent
  expect(mirror.fills(acct)).toHaveLength(2)
  expect(mirror.openPositions(acct)).toEqual([])
  expect(mirror.fills(acct).reduce((sum, t) => sum + netPnl(t), 0)).toBeCloseTo(38 - 4 * (0.37 + 0.25), 9)

  const closing = mirror.fills(acct).find((t) => t.profitAndLoss != null)
  s.control.voidTrade({ tradeId: closing?.id as number })
  await until(() => user.events.filter((e) => e.target === 'GatewayUserTrade').length >= 4)
  feed()
  expect(mirror.fills(acct).map((t) => t.id)).toEqual([mirror.fills(acct)[0]?.id])
})
