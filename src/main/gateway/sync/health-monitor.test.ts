// Unit tests of the health aggregator: overall rules, prompt emission, metrics (HEALTH-1/4/5/6).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import type { HealthSnapshot, HubHealth } from '../../../shared/domain/health'
import { computeOverall, HealthMonitor, type HealthSources, type OverallInput } from './health-monitor'

const ok: OverallInput = {
  token: 'VALID',
  accountCount: 1,
  rest: 'HEALTHY',
  userHub: 'CONNECTED',
  marketHub: 'CONNECTED',
  pollingActive: false,
  pollingHealthy: true,
  freshness: 'FRESH',
  breakerOpen: false,
  reconcileDegraded: false,
}

function hub(state: HubHealth['state']): HubHealth {
  return { state, lastMessageAt: null, reconnectCount: 0, connectedSince: null, downtimeMs: 0, detail: null }
}

function setup() {
  const clock = new ManualClock()
  const state = { user: hub('CONNECTED'), market: hub('CONNECTED'), rest: 'HEALTHY' as HealthSnapshot['rest']['state'], remaining: 200 }
  const sources: HealthSources = {
    token: () => ({ state: 'VALID', expiresAt: null }),
    rest: () => ({ state: state.rest, p50Ms: 80, p95Ms: 200, successRate: 1 }),
    userHub: () => state.user,
    marketHub: () => state.market,
    rateBuckets: () => [{ name: 'general', limit: 200, remaining: state.remaining, resetInMs: 0, percentUsed: 0 }],
    breakers: () => [],
    freshness: () => 'FRESH',
    lastReconciledAt: () => null,
    reconcileDegraded: () => false,
    malformedFrames: () => 0,
    accountCount: () => 1,
    polling: () => ({ active: false, health: 'HEALTHY' }),
  }
  const emitted: HealthSnapshot[] = []
  const monitor = new HealthMonitor({ sources, clock, logger: new MemoryLogger(), mode: 'simulator', onChange: (s) => emitted.push(s) })
  return { clock, state, monitor, emitted }
}

describe('computeOverall', () => {
  it('OK when everything is connected, fresh and healthy', () => {
    expect(computeOverall(ok).overall).toBe('OK')
  })
  it('NOT_MONITORING when the token is EXPIRED or SIGNED_OUT, or no account is monitored', () => {
    expect(computeOverall({ ...ok, token: 'EXPIRED' }).overall).toBe('NOT_MONITORING')
    expect(computeOverall({ ...ok, token: 'SIGNED_OUT' }).overall).toBe('NOT_MONITORING')
    expect(computeOverall({ ...ok, accountCount: 0 }).overall).toBe('NOT_MONITORING')
  })
  it('HEALTH-1 DOWN when REST is DISCONNECTED, or both hubs are down and polling fails', () => {
    expect(computeOverall({ ...ok, rest: 'DISCONNECTED' }).overall).toBe('DOWN')
    expect(computeOverall({ ...ok, userHub: 'RECONNECTING', marketHub: 'POLLING', pollingActive: true, pollingHealthy: false }).overall).toBe('DOWN')
  })
  it('HEALTH-1 DEGRADED for reconnecting, polling, stale data, DEGRADED/UNHEALTHY REST or an open breaker', () => {
    for (const i of [
      { userHub: 'RECONNECTING' as const },
      { pollingActive: true },
      { freshness: 'STALE' as const },
      { freshness: 'RECONCILING' as const },
      { rest: 'DEGRADED' as const },
      { rest: 'UNHEALTHY' as const },
      { breakerOpen: true },
      { reconcileDegraded: true },
    ]) {
      const r = computeOverall({ ...ok, ...i })
      expect(r.overall).toBe('DEGRADED')
      expect(r.reasons.length).toBeGreaterThan(0)
    }
  })
})

describe('HealthMonitor', () => {
  it('HEALTH-4 emits synchronously when an input changes, and not when nothing did', () => {
    const t = setup()
    t.monitor.start()
    expect(t.emitted).toHaveLength(1)
    t.monitor.invalidate()
    expect(t.emitted).toHaveLength(1)
    t.state.user = hub('RECONNECTING')
    t.monitor.invalidate()
    expect(t.emitted).toHaveLength(2)
    expect(t.emitted[1]).toMatchObject({ overall: 'DEGRADED', mode: 'simulator', reasons: ['user hub reconnecting'] })
    expect(t.emitted[0]!.reasons).toEqual([])
    expect(t.emitted[1]!.userHub.state).toBe('RECONNECTING')
  })

  it('HEALTH-4 an unsignalled change reaches listeners within 1 s through the tick', () => {
    const t = setup()
    t.monitor.start()
    t.state.rest = 'UNHEALTHY'
    t.clock.advance(999)
    expect(t.emitted).toHaveLength(1)
    t.clock.advance(1)
    expect(t.emitted).toHaveLength(2)
    expect(t.emitted[1]!.overall).toBe('DEGRADED')
  })

  it('HEALTH-5 keeps transition counts and time in each overall state', () => {
    const t = setup()
    t.monitor.start()
    t.clock.advance(10_000)
    t.state.user = hub('RECONNECTING')
    t.monitor.invalidate()
    t.clock.advance(4_000)
    t.state.user = hub('CONNECTED')
    t.monitor.invalidate()
    const m = t.monitor.metrics()
    expect(m.transitions).toBe(2)
    expect(m.timeInStateMs.DEGRADED).toBe(4_000)
    expect(m.timeInStateMs.OK).toBe(10_000)
    expect(m.overall).toBe('OK')
  })

  it('HEALTH-6 stop() leaves no timer behind', () => {
    const t = setup()
    t.monitor.start()
    t.monitor.stop()
    expect(t.clock.pendingCount).toBe(0)
  })
})
