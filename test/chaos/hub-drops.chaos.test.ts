// Chaos F9 / T3: user-hub sockets killed while "the web app" keeps trading; local must equal the simulator.

import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../integration/wait-for'
import { comparePortfolio, localTrades } from './compare'
import { cleanupAll, seeded, startChaos, waitConverged, waitFresh, webAppTrade, type ChaosRun } from './harness'

afterEach(cleanupAll)

/** Subscribe* invocations the client sent on the user hub, per connection (from the simulator's view). */
function userSubscriptionsPerConnection(run: ChaosRun): number {
  return run.sim.connections().filter((c) => c.hub === 'user' && c.accounts && c.orders.length > 0 && c.positions.length > 0 && c.trades.length > 0).length
}

function userConnects(run: ChaosRun): number {
  return run.sim.hubLog().filter((e) => e.hub === 'user' && e.phase === 'connect' && e.accepted).length
}

describe('chaos: hub drops under load', () => {
  it('F9 RECON-3 RECON-4 RECON-5 RECON-6 FILL-5 RETRY-8 hub dropped mid-burst: re-subscribed, missing fills and positions recovered, local equals the simulator, no trade counted twice', async () => {
    const run = await startChaos()
    const first = await waitFresh(run)
    const accountIds = first.portfolio.accounts.map((a) => a.id)
    expect(accountIds.length).toBeGreaterThanOrEqual(2)
    const connectsBefore = userConnects(run)
    const rand = seeded(9)

    // The burst: the socket resets after 100 more user frames while the web app keeps trading.
    const framesBefore = run.sim.frames({ hub: 'user', excludePings: true }).length
    run.sim.dropHubs({ mode: 'reset', hub: 'user', afterFrames: 100 })
    let actions = 0
    while (run.sim.frames({ hub: 'user', excludePings: true }).length - framesBefore < 100 && actions < 400) {
      webAppTrade(run.sim, accountIds, rand)
      actions++
    }
    // The socket is gone; the web app keeps trading (synchronously: no reconnect can happen in between),
    // so these fills and position changes reach the client only through reconciliation.
    await waitFor(() => run.sim.connections().every((c) => c.hub !== 'user'), 5000, 1)
    const tradesBefore = new Set(run.sim.trades().map((t) => t.id))
    for (let i = 0; i < 60; i++) webAppTrade(run.sim, accountIds, rand)
    expect(run.sim.connections().filter((c) => c.hub === 'user')).toEqual([])
    const unseen = run.sim.trades().filter((t) => !tradesBefore.has(t.id)).map((t) => t.id)
    expect(unseen.length).toBeGreaterThan(10)
    // The comparison sees the gap before recovery (so it can fail).
    const gap = comparePortfolio((await run.handlers.getSnapshot({})).portfolio, run.sim, localTrades(run.dataDir))
    expect(gap.some((d) => d.includes('missing locally'))).toBe(true)

    const diffs = await waitConverged(run, 20_000)
    expect(diffs).toEqual([])
    expect(run.sim.trades().length).toBeGreaterThan(20)
    expect(run.sim.positions().length).toBeGreaterThan(0)
    // Reconnected on a new socket, and every user subscription was invoked again on it.
    expect(userConnects(run)).toBeGreaterThan(connectsBefore)
    await waitFor(() => userSubscriptionsPerConnection(run) === 1)
    const subscribed = run.sim.connections().find((c) => c.hub === 'user')
    expect([...(subscribed?.orders ?? [])].sort()).toEqual([...accountIds].sort())
    // The fills sent while no socket existed were recovered by Trade/search, each stored once.
    const local = localTrades(run.dataDir).map((t) => t.id)
    for (const id of unseen) expect(local.filter((x) => x === id)).toHaveLength(1)
    expect(run.sim.requestLog({ path: '/api/Trade/search' }).length).toBeGreaterThan(0)
  }, 60_000)

  it('T3 scaled: ~60 events/s for 10 s with a 10 % chance per second of killing the user-hub socket: positions, open orders and fills equal the simulator, no fill counted twice, subscriptions re-invoked', async () => {
    const run = await startChaos({ simulator: { seed: 33 } })
    const first = await waitFresh(run)
    const accountIds = first.portfolio.accounts.map((a) => a.id)
    const rand = seeded(3)
    const chaos = seeded(2026)
    const connectsBefore = userConnects(run)
    let kills = 0
    // 10 one-second slots; each fires ~20 web-app actions (~3 user frames each ≈ 60 events/s).
    for (let second = 0; second < 10; second++) {
      // A 10 % chance per second, but at least one kill in the run so the test always exercises a reconnect.
      if (chaos() < 0.1 || (second === 4 && kills === 0)) {
        kills += run.sim.dropHubs({ mode: chaos() < 0.5 ? 'reset' : 'error1011', hub: 'user' }) > 0 ? 1 : 0
      }
      for (let tick = 0; tick < 10; tick++) {
        webAppTrade(run.sim, accountIds, rand)
        webAppTrade(run.sim, accountIds, rand)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    expect(kills).toBeGreaterThan(0)

    const diffs = await waitConverged(run, 20_000)
    expect(diffs).toEqual([])
    expect(run.sim.trades().length).toBeGreaterThan(50)
    expect(userConnects(run)).toBeGreaterThanOrEqual(connectsBefore + kills)
    // Every accepted user connection re-invoked SubscribeAccounts (the simulator records it per connection).
    await waitFor(() => userSubscriptionsPerConnection(run) === 1)
  }, 60_000)
})
