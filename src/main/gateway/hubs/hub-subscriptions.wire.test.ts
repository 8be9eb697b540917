// Wire tests of subscriptions, the market watchdog and leak freedom (SUB-1/2/4, F18, HEALTH-2/3/6, RECON-10, F12, F13).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../ports/clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { HubSubscriptions } from './hub-subscriptions'
import { JsonHubServer } from '../../../../test/support/hubs/json-hub-server'
import { Recorder, TestTokens, makeRig, sleep, waitFor } from '../../../../test/support/hubs/wire-harness'
import type { Rig } from '../../../../test/support/hubs/wire-harness'

const EP = 'CON.F.US.EP.U25'
const NQ = 'CON.F.US.ENQ.U25'
const QUOTE = { symbol: 'F.US.EP', lastPrice: 2100.25, bestBid: 2100, bestAsk: 2100.5, timestamp: '2025-07-21T13:45:00.1234567Z' }

let server: JsonHubServer
let tokens: TestTokens
const rigs: Rig[] = []
const rig = (...args: Parameters<typeof makeRig> extends [unknown, unknown, ...infer R] ? R : never): Rig => {
  const r = makeRig(server, tokens, ...args)
  rigs.push(r)
  return r
}

beforeEach(async () => {
  server = await JsonHubServer.start(50)
  tokens = new TestTokens(server)
})
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.sup.dispose()
  await server.close()
})

describe('subscriptions', () => {
  it('SUB-1 the desired set is persisted and restored at launch', () => {
    const meta = new MemoryMetaRepository()
    const opts = { hub: 'market' as const, clock: systemClock, logger: new MemoryLogger(), meta }
    new HubSubscriptions(opts).set([EP, NQ])
    expect(new HubSubscriptions(opts).desired).toEqual([EP, NQ])
    const user = new HubSubscriptions({ ...opts, hub: 'user' })
    user.set([7])
    expect(new HubSubscriptions({ ...opts, hub: 'user' }).plan().first).toEqual([{ method: 'SubscribeAccounts', args: [] }])
  })

  it('F18 SUB-2 an error completion and an ignored Subscribe are retried until they succeed', async () => {
    let errors = 1
    let ignores = 1
    server.methods.set('SubscribeContractQuotes', (args) => {
      if (args[0] === EP && errors-- > 0) throw new Error('not ready')
      if (args[0] === NQ && ignores-- > 0) return 'ignore' // no completion → 300 ms timeout → retry
      return null
    })
    const { sup } = rig('market', [EP, NQ])
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    const calls = server.invocations.filter((i) => i.target === 'SubscribeContractQuotes').map((i) => i.args[0])
    expect(calls.filter((c) => c === EP)).toHaveLength(2)
    expect(calls.filter((c) => c === NQ)).toHaveLength(2)
    expect(server.upgrades).toHaveLength(1)
  })

  it('F18 SUB-2 a Subscribe still failing after 3 retries restarts the hub', async () => {
    let failing = true
    server.methods.set('SubscribeAccounts', () => {
      if (failing) throw new Error('nope')
      return null
    })
    const { sup, logger } = rig('user', [7])
    sup.start()
    await waitFor(() => server.upgrades.length >= 2, 'hub restarted')
    expect(server.invocations.filter((i) => i.target === 'SubscribeAccounts').length).toBeGreaterThanOrEqual(4)
    expect(logger.dump()).toContain('subscriptions failed after retries')
    failing = false
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
  })

  it('SUB-4 listener unsubscribe and contract removal stop dispatch; UnsubscribeContractQuotes is invoked', async () => {
    const { sup, subs, rec } = rig('market', [EP, NQ])
    const mine: string[] = []
    const off = sup.onEvent((e) => {
      if (e.kind === 'quote') mine.push(e.contractId)
    })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.broadcast('/hubs/market', 'GatewayQuote', EP, QUOTE)
    await waitFor(() => mine.length === 1, 'first quote')
    off()
    subs.remove(NQ)
    await waitFor(() => server.invocations.some((i) => i.target === 'UnsubscribeContractQuotes' && i.args[0] === NQ), 'unsubscribe invoked')
    const before = rec.events.length
    server.broadcast('/hubs/market', 'GatewayQuote', NQ, QUOTE)
    server.broadcast('/hubs/market', 'GatewayQuote', EP, QUOTE)
    await waitFor(() => rec.events.length === before + 1, 'EP quote only')
    await sleep(30)
    expect(mine).toEqual([EP])
    expect(rec.events.at(-1)).toMatchObject({ kind: 'quote', contractId: EP })
    expect(rec.events.filter((e) => e.kind === 'quote' && e.contractId === NQ)).toHaveLength(0)
  })
})

describe('market watchdog', () => {
  it('F12 HEALTH-2 HUB-10 pings flow but quotes stop during the session → FEED_STALE restart; user hub untouched', async () => {
    const rec = new Recorder()
    const user = rig('user', [7], { rec })
    const market = rig('market', [EP], { rec, watchdog: { isSessionOpen: () => true, marketStaleMs: 800, checkIntervalMs: 25, firstQuoteTimeoutMs: 5000 } })
    user.sup.start()
    market.sup.start()
    await waitFor(() => user.sup.state === 'CONNECTED' && market.sup.state === 'CONNECTED', 'both CONNECTED')
    // keep quotes flowing for a while: no restart (H12-12: 40 ms gaps vs an 800 ms stale limit, so a busy
    // machine stretching a sleep cannot fake a silence)
    for (let i = 0; i < 8; i++) {
      server.broadcast('/hubs/market', 'GatewayQuote', EP, QUOTE)
      await sleep(40)
    }
    expect(server.upgrades.filter((u) => u.path === '/hubs/market')).toHaveLength(1)
    await waitFor(() => server.upgrades.filter((u) => u.path === '/hubs/market').length === 2, 'market restarted')
    await waitFor(() => market.sup.state === 'CONNECTED', 'market CONNECTED')
    expect(market.logger.dump()).toContain('FEED_STALE')
    expect(rec.connected.filter((c) => c.hub === 'market').at(-1)!.reason).toBe('rebuild')
    expect(server.upgrades.filter((u) => u.path === '/hubs/user')).toHaveLength(1)
    expect(rec.statesOf('user')).toEqual(['CONNECTING', 'CONNECTED'])
  })

  it('HEALTH-2 closed session or no subscribed contract → no restart; HEALTH-3 F13 a silent user hub is never restarted', async () => {
    let open = false
    const closed = rig('market', [EP], { watchdog: { isSessionOpen: () => open, marketStaleMs: 100, checkIntervalMs: 20, firstQuoteTimeoutMs: 5000 } })
    const empty = rig('market', [], { watchdog: { isSessionOpen: () => true, marketStaleMs: 100, checkIntervalMs: 20 } })
    const user = rig('user', [7])
    for (const r of [closed, empty, user]) r.sup.start()
    await waitFor(() => [closed, empty, user].every((r) => r.sup.state === 'CONNECTED'), 'all CONNECTED')
    await sleep(400)
    expect(server.upgrades).toHaveLength(3)
    open = true
    await waitFor(() => server.upgrades.length === 4, 'restart once the session opens')
    expect(server.upgrades.filter((u) => u.path === '/hubs/user')).toHaveLength(1)
  })

  it('RECON-10 a contract with no quote within the (scaled) 3 s after subscribe is marked price-stale, cleared by a quote', async () => {
    const flags: [string, boolean][] = []
    const { sup } = rig('market', [EP, NQ], {
      watchdog: { isSessionOpen: () => false, firstQuoteTimeoutMs: 120, onPriceStale: (id, stale) => flags.push([id, stale]) },
    })
    sup.start()
    await waitFor(() => sup.state === 'CONNECTED', 'CONNECTED')
    server.broadcast('/hubs/market', 'GatewayQuote', EP, QUOTE)
    await waitFor(() => flags.length === 1, 'stale flag')
    expect(flags).toEqual([[NQ, true]])
    expect(sup.staleContracts).toEqual([NQ])
    server.broadcast('/hubs/market', 'GatewayQuote', NQ, QUOTE)
    await waitFor(() => flags.length === 2, 'cleared')
    expect(flags[1]).toEqual([NQ, false])
  })
})

describe('leaks', () => {
  it('HEALTH-6 100 connect/disconnect cycles leave no timers, listeners, handlers or sockets', async () => {
    const { sup } = rig('market', [EP], { watchdog: { isSessionOpen: () => true, marketStaleMs: 60_000 } })
    const timeoutsBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    for (let i = 0; i < 100; i++) {
      sup.start()
      await waitFor(() => sup.state === 'CONNECTED', `CONNECTED #${i}`)
      await sup.stop()
      expect(sup.pendingTimers).toBe(0)
      expect(tokens.listeners.size).toBe(0)
    }
    await waitFor(() => server.openCount === 0, 'server sockets closed')
    expect(server.upgrades).toHaveLength(100)
    const timeoutsAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    // a handful of unrelated runtime timers may come and go; 100 leaked cycles would add ≥ 100
    expect(timeoutsAfter - timeoutsBefore).toBeLessThan(5)
  })
})
