// Integration tests of RestClient against the ProjectX simulator with scaled-down windows:
// T4, T5, I1/F22, I2, S4, F19, F20 and a T2-style token expiry.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../sim/index'
import type { TokenSource } from '../../ports/gateway'
import { PRIORITY } from '../../ports/gateway'
import { GatewayError } from './gateway-error'
import { RestClient, type RestClientOptions } from './rest-client'

const MNQ = 'CON.F.US.MNQ.Z26'
const handles: { sim: SimulatorHandle; client: RestClient | null }[] = []

afterEach(async () => {
  for (const h of handles.splice(0)) {
    h.client?.dispose()
    await h.sim.close()
  }
})

/** Logs in with the simulator's credentials; refresh does a fresh loginKey. */
class SimTokens implements TokenSource {
  token: string | null = null
  refreshes = 0
  constructor(private readonly sim: SimulatorHandle) {}
  async login(): Promise<void> {
    const r = await fetch(`${this.sim.restUrl}/api/Auth/loginKey`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: this.sim.userName, apiKey: this.sim.apiKey }),
    })
    this.token = ((await r.json()) as { token: string }).token
  }
  current(): string | null {
    return this.token
  }
  async refresh(): Promise<string> {
    this.refreshes++
    await this.login()
    return this.token ?? ''
  }
  onTokenSwapped(): () => void {
    return () => undefined
  }
}

async function setup(
  simOptions: SimulatorOptions,
  clientOptions: Partial<Omit<RestClientOptions, 'baseUrl' | 'tokenSource'>> = {},
) {
  const sim = await startSimulator({ quiet: true, quoteIntervalMs: 0, ...simOptions })
  const entry: { sim: SimulatorHandle; client: RestClient | null } = { sim, client: null }
  handles.push(entry)
  const tokens = new SimTokens(sim)
  await tokens.login()
  sim.control.clearLogs()
  const logger = new MemoryLogger()
  const client = new RestClient({
    baseUrl: sim.restUrl,
    tokenSource: tokens,
    logger,
    retry: { baseMs: 10, maxMs: 50 },
    ...clientOptions,
  })
  entry.client = client
  const accountId = sim.accountIds[0] ?? 0
  return { sim, client, tokens, logger, accountId }
}

/** Largest number of timestamps inside any window. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}

const since = new Date(Date.now() - 86_400_000).toISOString()

describe('RestClient against the simulator', () => {
  it('T4 a burst of parallel searches against a server enforcing its limit: zero 429s, all complete; bars stay within budget', async () => {
    const { sim, client, accountId } = await setup(
      { rateLimits: { general: { limit: 20, windowMs: 1000 }, bars: { limit: 6, windowMs: 1000 } } },
      { rateBuckets: { general: { limit: 20, windowMs: 1000 }, bars: { limit: 5, windowMs: 1000 } } },
    )
    const searches = Array.from({ length: 40 }, () =>
      client.searchOrders(accountId, since, undefined, { priority: PRIORITY.poll }),
    )
    const now = Date.now()
    const bars = Array.from({ length: 12 }, () =>
      client.retrieveBars(
        {
          contractId: MNQ,
          live: false,
          startTime: new Date(now - 3_600_000).toISOString(),
          endTime: new Date(now).toISOString(),
          unit: 2,
          unitNumber: 1,
          limit: 10,
          includePartialBar: false,
        },
        { priority: PRIORITY.background },
      ),
    )
    const results = await Promise.all([...searches, ...bars])
    expect(results.length).toBe(52)
    const log = sim.control.requestLog()
    expect(log.filter((r) => r.status === 429)).toEqual([])
    const barTimes = log.filter((r) => r.path.includes('retrieveBars')).map((r) => r.timeMs)
    expect(barTimes.length).toBe(12)
    expect(maxInWindow(barTimes, 1000)).toBeLessThanOrEqual(5)
  })

  it('T5 first 19 calls 500: breaker opens after 5, later calls fail fast, probes after the timeout, closes; a flatten while OPEN is still sent', async () => {
    const { sim, client, accountId } = await setup(
      {},
      {
        retry: { maxRetries: 0 },
        breakers: {
          general: {
            failureThreshold: 5,
            openMs: 50,
            halfOpenMaxProbes: 3,
            successThreshold: 3,
            maxOpenMs: 100,
          },
        },
      },
    )
    sim.control.failRequests({ kind: 500, count: 19 })
    const states: string[] = []
    client.breaker('general').onStateChange((s) => states.push(s))
    for (let i = 0; i < 5; i++)
      expect(await client.searchOpenPositions(accountId).catch((e: GatewayError) => e.category)).toBe(
        'SERVER',
      )
    expect(client.breaker('general').state).toBe('OPEN')
    const sentBefore = sim.control.requestLog().length
    const fast = await client.searchOpenPositions(accountId).catch((e: GatewayError) => e)
    expect(GatewayError.is(fast) && fast.category).toBe('CIRCUIT_OPEN')
    expect(sim.control.requestLog().length).toBe(sentBefore)
    const flatten = await client.closePosition(accountId, MNQ, { priority: PRIORITY.enforcement })
    expect(flatten).toMatchObject({ kind: 'uncertain' })
    expect(sim.control.requestLog().length).toBe(sentBefore + 1)
    // Keep probing until the faults run out and the breaker closes.
    // H12-12: bounded by time, not by a round count that a loaded machine can use up before the faults do.
    const until = Date.now() + 15_000
    while (Date.now() < until && client.breaker('general').state !== 'CLOSED') {
      await new Promise((r) => setTimeout(r, 60))
      await Promise.all([1, 2, 3].map(() => client.searchOpenPositions(accountId).catch(() => null)))
    }
    expect(client.breaker('general').state).toBe('CLOSED')
    // The failed flatten counted as a failed probe and re-opened (OPEN → OPEN) before any HALF_OPEN.
    expect(states.slice(0, 3)).toEqual(['OPEN', 'OPEN', 'HALF_OPEN'])
    expect(states.at(-1)).toBe('CLOSED')
    expect(sim.control.requestLog().filter((r) => r.status === 500).length).toBe(19)
    expect(await client.searchOpenPositions(accountId)).toEqual([])
  })

  it('I2 after 5 consecutive failures reads fail fast with a retryable GATEWAY_UNAVAILABLE the sync layer can serve stale data on', async () => {
    const { sim, client } = await setup({}, { retry: { maxRetries: 0 } })
    sim.control.failRequests({ kind: 503 })
    for (let i = 0; i < 5; i++) await client.searchAccounts(true).catch(() => undefined)
    const error = await client.searchAccounts(true).catch((e: unknown) => e)
    expect(GatewayError.is(error) && error.toAppError()).toMatchObject({
      code: 'GATEWAY_UNAVAILABLE',
      retryable: true,
      detail: { category: 'CIRCUIT_OPEN' },
    })
    expect(client.describeRestHealth().breakers[0]).toEqual({ group: 'general', state: 'OPEN' })
  })

  it('I1/F22 Order/place executed but the reply lost: uncertain, exactly one order, never resent', async () => {
    const { sim, client, accountId } = await setup({})
    sim.control.failRequests({ kind: 'lostAfterCommit', count: 1, path: '/api/Order/place' })
    const outcome = await client.placeOrder({
      accountId,
      contractId: MNQ,
      type: 1,
      side: 0,
      size: 1,
      limitPrice: 20000,
      customTag: 'rm:x:test:1',
    })
    expect(outcome.kind).toBe('uncertain')
    await new Promise((r) => setTimeout(r, 50))
    expect(sim.control.requestLog({ path: '/api/Order/place' }).length).toBe(1)
    expect(sim.control.orders({ accountId }).filter((o) => o.customTag === 'rm:x:test:1').length).toBe(1)
  })

  it('S4 server limit lower than configured: a 429 freezes the bucket and calls resume after the window', async () => {
    const { sim, client, logger, accountId } = await setup(
      { rateLimits: { general: { limit: 8, windowMs: 500 } } },
      { rateBuckets: { general: { limit: 20, windowMs: 500 } } },
    )
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.searchOpenOrders(accountId, { priority: PRIORITY.reconcile })),
    )
    expect(results.length).toBe(20)
    const log = sim.control.requestLog()
    expect(log.filter((r) => r.status === 200).length).toBe(20)
    expect(log.some((r) => r.status === 429)).toBe(true)
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('429'))).toBe(true)
  })

  it('F19 429 on Order/searchOpen: the client waits out the window before each re-send', async () => {
    const clock = new ManualClock(Date.now())
    const { sim, client, accountId } = await setup(
      {},
      { clock, rateBuckets: { general: { limit: 200, windowMs: 60_000 } } },
    )
    sim.control.failRequests({ kind: 429, count: 2, path: '/api/Order/searchOpen' })
    const pending = client.searchOpenOrders(accountId, { priority: PRIORITY.poll })
    const count = () => sim.control.requestLog({ path: '/api/Order/searchOpen' }).length
    await vi.waitFor(() => expect(count()).toBe(1))
    await new Promise((r) => setTimeout(r, 50))
    expect(count()).toBe(1)
    expect(client.describeRestHealth().rateBuckets[0]).toMatchObject({ remaining: 0, resetInMs: 60_000 })
    clock.advance(60_000)
    await vi.waitFor(() => expect(count()).toBe(2))
    await new Promise((r) => setTimeout(r, 50))
    expect(count()).toBe(2)
    clock.advance(60_000)
    expect(await pending).toEqual([])
    expect(count()).toBe(3)
  })

  it('F20 slow gateway on every call → REST health UNHEALTHY (thresholds scaled 1/10), recovers when fast again', async () => {
    const { sim, client, accountId } = await setup({}, { health: { healthyMs: 50, unhealthyMs: 200 } })
    const states: string[] = []
    client.onHealthChange((d) => states.push(d.state))
    sim.control.setLatency({ ms: 300 })
    await Promise.all(Array.from({ length: 10 }, () => client.searchOpenPositions(accountId)))
    const slow = client.describeRestHealth()
    expect(slow.state).toBe('UNHEALTHY')
    expect(slow.p50Ms).toBeGreaterThanOrEqual(300)
    sim.control.setLatency({ ms: 0 })
    for (let i = 0; i < 10; i++) await client.searchOpenPositions(accountId)
    expect(client.describeRestHealth().state).toBe('HEALTHY')
    expect(states).toContain('UNHEALTHY')
    expect(states.at(-1)).toBe('HEALTHY')
  })

  it('T2/TOK-10 expired tokens: one refresh, the read replayed once, no 401 reaches the caller', async () => {
    const { sim, client, tokens } = await setup({})
    await client.searchAccounts(true)
    sim.control.expireTokens()
    const accounts = await client.searchAccounts(true)
    expect(accounts.length).toBe(sim.accountIds.length)
    expect(tokens.refreshes).toBe(1)
    expect(sim.control.requestLog({ path: '/api/Account/search' }).map((r) => r.status)).toEqual([
      200, 401, 200,
    ])
  })
})
