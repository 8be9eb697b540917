// REST round trip through the full RestClient (breaker + limiter + retries + classifier + health) versus
// a raw fetch of the same endpoint against the simulator: what the resilience layer costs per call.

import { RestClient } from '../src/main/gateway/rest'
import { startSimulator, type SimulatorHandle } from '../src/sim'
import { fmt, nowMs, NullLogger, SimLoginTokens, summarize, type Table } from './support'

const WARMUP = 50
const CALLS = 500
/** Budgets far above what this run sends: the limiter is exercised but never makes anyone wait. */
const WIDE_BUDGET = { limit: 100_000, windowMs: 60_000 }

interface Endpoint {
  readonly name: string
  readonly path: string
  readonly body: (accountId: number) => unknown
  readonly viaClient: (client: RestClient, accountId: number) => Promise<unknown>
}

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'Account/search',
    path: '/api/Account/search',
    body: () => ({ onlyActiveAccounts: true }),
    viaClient: (c) => c.searchAccounts(true),
  },
  {
    name: 'Order/searchOpen',
    path: '/api/Order/searchOpen',
    body: (accountId) => ({ accountId }),
    viaClient: (c, accountId) => c.searchOpenOrders(accountId),
  },
]

async function rawCall(sim: SimulatorHandle, token: string, endpoint: Endpoint, accountId: number): Promise<unknown> {
  const response = await fetch(`${sim.restUrl}${endpoint.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(endpoint.body(accountId)),
  })
  const body = (await response.json()) as { success?: boolean }
  if (response.status !== 200 || body.success !== true) throw new Error(`raw ${endpoint.name} failed: ${response.status}`)
  return body
}

export async function run(): Promise<Table> {
  const sim = await startSimulator({ quiet: true, quoteIntervalMs: 0, rateLimits: { general: WIDE_BUDGET, bars: WIDE_BUDGET } })
  const tokens = new SimLoginTokens(sim)
  const token = await tokens.login()
  const client = new RestClient({ baseUrl: sim.restUrl, tokenSource: tokens, logger: new NullLogger(), rateBuckets: { general: WIDE_BUDGET, bars: WIDE_BUDGET } })
  const accountId = sim.accountIds[0] ?? 0
  // A few working orders so Order/searchOpen carries a body worth parsing.
  for (let i = 0; i < 5; i++) sim.control.placeOrder({ accountId, contractId: 'CON.F.US.MNQ.Z26', type: 1, side: 0, size: 1, limitPrice: 1000 + i })
  const rows: string[][] = []
  try {
    for (const endpoint of ENDPOINTS) {
      for (let i = 0; i < WARMUP; i++) {
        await rawCall(sim, token, endpoint, accountId)
        await endpoint.viaClient(client, accountId)
      }
      const raw: number[] = []
      const full: number[] = []
      // Interleaved so both see the same machine noise.
      for (let i = 0; i < CALLS; i++) {
        let t0 = nowMs()
        await rawCall(sim, token, endpoint, accountId)
        raw.push(nowMs() - t0)
        t0 = nowMs()
        await endpoint.viaClient(client, accountId)
        full.push(nowMs() - t0)
      }
      const r = summarize(raw)
      const f = summarize(full)
      rows.push([endpoint.name, 'raw fetch', String(r.n), fmt(r.p50, 2), fmt(r.p95, 2), fmt(r.max, 2), '-', '-'])
      rows.push([endpoint.name, 'RestClient', String(f.n), fmt(f.p50, 2), fmt(f.p95, 2), fmt(f.max, 2), fmt(f.p50 - r.p50, 2), fmt(f.p95 - r.p95, 2)])
    }
    const health = client.describeRestHealth()
    return {
      id: 'REST',
      title: 'REST round trip: full RestClient vs raw fetch against the simulator (ms; informational)',
      columns: ['endpoint', 'path', 'n', 'p50 ms', 'p95 ms', 'max ms', 'overhead p50', 'overhead p95'],
      rows,
      notes: [
        'Loopback simulator, budgets widened so the limiter never queues; overhead = RestClient minus raw (same percentile).',
        `RestClient health after the run: ${health.state}, p50 ${fmt(health.p50Ms ?? Number.NaN)} ms, p95 ${fmt(health.p95Ms ?? Number.NaN)} ms.`,
      ],
    }
  } finally {
    client.dispose()
    await sim.close()
  }
}
