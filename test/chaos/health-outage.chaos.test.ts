// Chaos HUB-11 / F14 scaled: what the UI is told while hubs are down, polling during a refused-upgrade window, self-recovery.

import { afterEach, describe, expect, it } from 'vitest'
import type { HealthSnapshot } from '../../src/shared/domain/health'
import { waitFor } from '../integration/wait-for'
import { FAST_TUNING, cleanupAll, isFresh, startChaos, waitConverged, waitFresh, waitSnapshot, type ChaosRun } from './harness'

afterEach(cleanupAll)

const healthEvents = (run: ChaosRun, from = 0): HealthSnapshot[] =>
  run.events.slice(from).filter((e) => e.name === 'healthChanged').map((e) => e.payload as HealthSnapshot)

/** REST calls the poller (and the reconciler) make; none may follow once polling stopped and data is FRESH. */
const POLL_PATHS = ['/api/Position/searchOpen', '/api/Order/searchOpen', '/api/Trade/search', '/api/Account/search']
const pollRequests = (run: ChaosRun): number => run.sim.requestLog().filter((r) => POLL_PATHS.some((p) => r.path.includes(p))).length

describe('chaos: health while hubs are down', () => {
  it('HUB-11 HUB-5 RECON-2 dropped hubs push RECONNECTING with STALE/RECONCILING data, then CONNECTED + FRESH; never OK while stale', async () => {
    const run = await startChaos()
    await waitFresh(run)
    for (const mode of ['reset', 'close', 'error1011'] as const) {
      const from = run.events.length
      expect(run.sim.dropHubs({ mode })).toBe(2)
      await waitFor(() => healthEvents(run, from).some((h) => isFresh(h) && h.overall === 'OK'))
      const seen = healthEvents(run, from)
      const down = seen.findIndex((h) => h.userHub.state === 'RECONNECTING' && h.freshness !== 'FRESH')
      expect(down, `${mode}: a RECONNECTING + not-FRESH push`).toBeGreaterThanOrEqual(0)
      expect(['STALE', 'RECONCILING']).toContain(seen[down]?.freshness)
      expect(seen[down]?.overall).not.toBe('OK')
      const up = seen.findIndex((h, i) => i > down && isFresh(h))
      expect(up, `${mode}: CONNECTED + FRESH after the drop`).toBeGreaterThan(down)
      // Once per outage (HUB-5): one RECONNECTING word, no flapping back and forth before recovery.
      const reconnectingRuns = seen.slice(0, up).filter((h, i, all) => h.userHub.state === 'RECONNECTING' && all[i - 1]?.userHub.state !== 'RECONNECTING')
      expect(reconnectingRuns.length).toBe(1)
    }
    // RECON-2 over the whole run: OK is never pushed unless both hubs are up and the data FRESH.
    const all = healthEvents(run)
    expect(all.length).toBeGreaterThan(6)
    for (const h of all) if (h.overall === 'OK') expect(isFresh(h)).toBe(true)
  }, 60_000)

  it('F14 scaled HUB-7 HUB-12 POLL-1 POLL-2 RETRY-7 hub upgrades refused 503 for 15 s: polling shows the web-app position, hubs recover by themselves, polling stops, local equals the simulator', async () => {
    // Drift reconciliation at its production period so that REST reads after recovery can only be polling.
    const run = await startChaos({ tuning: { ...FAST_TUNING, reconciler: { ...FAST_TUNING.reconciler, driftIntervalMs: 60_000 } } })
    const first = await waitFresh(run)
    const accountId = first.portfolio.accounts[0]?.id ?? 0
    const from = run.events.length
    const hubLogBefore = run.sim.hubLog().length
    run.sim.refuseHubConnects({ ms: 15_000, status: 503 })
    run.sim.dropHubs({ mode: 'reset' })

    // HUB-12: polling takes over; the web app opens a position and the snapshot shows it while the hub is down.
    await waitSnapshot(run, (s) => s.health.userHub.state === 'POLLING' || s.health.userHub.state === 'PERMANENTLY_DISCONNECTED')
    run.sim.placeOrder({ accountId, contractId: 'CON.F.US.MGC.Z26', type: 2, side: 1, size: 2 })
    const polled = await waitSnapshot(run, (s) => s.portfolio.positions.some((p) => p.contractId === 'CON.F.US.MGC.Z26'))
    expect(polled.health.userHub.state).not.toBe('CONNECTED')
    expect(polled.health.overall).not.toBe('OK')
    expect(polled.portfolio.positions.find((p) => p.contractId === 'CON.F.US.MGC.Z26')).toMatchObject({ accountId, side: 'short', size: 2 })
    expect(run.sim.connections()).toEqual([]) // no hub socket exists: only REST polling could have delivered it

    // HUB-7: the library's retries are used up and the supervisor keeps rebuilding with new connections.
    await waitFor(() => healthEvents(run, from).some((h) => h.userHub.state === 'PERMANENTLY_DISCONNECTED'), 15_000)
    const refused = (hub: 'user' | 'market'): number =>
      run.sim.hubLog().slice(hubLogBefore).filter((e) => e.hub === hub && !e.accepted && e.status === 503).length
    // Four library attempts, then rebuilds on fresh connections (each refused while the window lasts).
    await waitFor(() => refused('user') >= 6 && refused('market') >= 6, 15_000)
    expect(run.sim.connections()).toEqual([])
    run.sim.placeOrder({ accountId, contractId: 'CON.F.US.MGC.Z26', type: 2, side: 1, size: 1 })

    // The simulator accepts again: both hubs come back by themselves, data reconciled, local == simulator.
    const back = await waitSnapshot(run, (s) => isFresh(s.health) && s.health.overall === 'OK', 30_000)
    expect(back.health.userHub.reconnectCount).toBeGreaterThanOrEqual(1)
    expect(await waitConverged(run)).toEqual([])
    expect(back.portfolio.positions.find((p) => p.contractId === 'CON.F.US.MGC.Z26')?.size).toBe(3)

    // POLL-2: polling stopped once the hub was back and reconciled.
    await new Promise((r) => setTimeout(r, 500))
    const afterRecovery = pollRequests(run)
    await new Promise((r) => setTimeout(r, 2500)) // five polling periods of the scaled poller
    expect(pollRequests(run)).toBe(afterRecovery)
    for (const h of healthEvents(run, from)) if (h.overall === 'OK') expect(isFresh(h)).toBe(true)
  }, 75_000)
})
