// RECON-3: reconciliation duration for 2, 5 and 10 accounts holding positions, working orders and fills
// (goal < 5 s typical; risk-rules §9: < 5 s for ≤ 50 items, < 15 s for ≤ 200).

import { RestClient } from '../src/main/gateway/rest'
import { PortfolioMirror } from '../src/main/portfolio'
import { Reconciler, type ReconcileResult } from '../src/main/gateway/sync'
import { systemClock } from '../src/main/ports/clock'
import { openStore } from '../src/main/store'
import { startSimulator, type SimControl } from '../src/sim'
import { fmt, nowMs, NullLogger, SimLoginTokens, tempDir, verdict, type Table } from './support'

const ACCOUNT_COUNTS = [2, 5, 10] as const
const WARM_RUNS = 2
const LATENCY_RUNS = 2
const ADDED_LATENCY_MS = 50
const GOAL_MS = 5_000

const MNQ = 'CON.F.US.MNQ.Z26'
const EP = 'CON.F.US.EP.Z26'
const MES = 'CON.F.US.MES.Z26'
const RTY = 'CON.F.US.RTY.Z26'

/** Per account: 3 open positions, 4 working limit orders, 5 fills (one round trip already flat). */
function populate(control: SimControl, accountId: number): void {
  const market = (contractId: string, side: 0 | 1, size: number): void => {
    control.placeOrder({ accountId, contractId, type: 2, side, size })
  }
  market(MNQ, 0, 2)
  market(EP, 1, 1)
  market(MES, 0, 1)
  market(RTY, 0, 1)
  market(RTY, 1, 1)
  const limit = (contractId: string, side: 0 | 1, limitPrice: number): void => {
    control.placeOrder({ accountId, contractId, type: 1, side, size: 1, limitPrice })
  }
  limit(MNQ, 0, 20_000)
  limit(MNQ, 1, 22_000)
  limit(EP, 0, 5_000)
  limit(MES, 1, 7_000)
}

interface Case {
  readonly label: string
  readonly durations: number[]
  readonly requests: number[]
  readonly items: number
  readonly consistent: boolean
}

async function measure(accounts: number): Promise<Case[]> {
  const sim = await startSimulator({
    quiet: true,
    quoteIntervalMs: 0,
    accounts: Array.from({ length: accounts }, (_, i) => ({ name: `BENCH-${i + 1}`, balance: 50_000 })),
  })
  const dir = tempDir('recon')
  const logger = new NullLogger()
  const store = await openStore({ path: `${dir.path}/bench.db`, logger })
  const tokens = new SimLoginTokens(sim)
  await tokens.login()
  const rest = new RestClient({ baseUrl: sim.restUrl, tokenSource: tokens, logger, meta: store.meta })
  const mirror = new PortfolioMirror({ repo: store.portfolio, journal: store.journal, clock: systemClock, logger })
  let last: ReconcileResult | null = null
  const reconciler = new Reconciler({ rest, mirror, clock: systemClock, logger, audit: store.audit, onReconciled: (r) => (last = r) })
  try {
    for (const id of sim.accountIds) populate(sim.control, id)
    const items =
      sim.control.positions().length + sim.control.orders({ openOnly: true }).length + sim.control.trades().length
    const once = async (): Promise<{ ms: number; requests: number }> => {
      sim.control.clearLogs()
      last = null
      const t0 = nowMs()
      await reconciler.request('manual')
      const ms = nowMs() - t0
      if (last === null || reconciler.status().lastError !== null) throw new Error(`reconciliation failed: ${reconciler.status().lastError ?? '?'}`)
      return { ms, requests: sim.control.requestLog().length }
    }
    const series = async (label: string, runs: number): Promise<Case> => {
      const durations: number[] = []
      const requests: number[] = []
      for (let i = 0; i < runs; i++) {
        const r = await once()
        durations.push(r.ms)
        requests.push(r.requests)
      }
      const consistent =
        mirror.openPositions().length === sim.control.positions().length &&
        mirror.workingOrders().length === sim.control.orders({ openOnly: true }).length &&
        mirror.fills().length === sim.control.trades().length
      return { label, durations, requests, items, consistent }
    }
    const cold = await series('cold (empty mirror)', 1)
    const warm = await series('warm (no changes)', WARM_RUNS)
    sim.control.setLatency({ ms: ADDED_LATENCY_MS })
    const slow = await series(`warm, +${ADDED_LATENCY_MS} ms per REST call`, LATENCY_RUNS)
    return [cold, warm, slow]
  } finally {
    reconciler.stop()
    rest.dispose()
    store.close()
    await sim.close()
    dir.remove()
  }
}

export async function run(): Promise<Table> {
  const rows: string[][] = []
  for (const accounts of ACCOUNT_COUNTS) {
    for (const c of await measure(accounts)) {
      const worst = Math.max(...c.durations)
      const mean = c.durations.reduce((a, b) => a + b, 0) / c.durations.length
      rows.push([
        String(accounts),
        c.label,
        String(c.items),
        String(c.durations.length),
        String(Math.max(...c.requests)),
        fmt(mean),
        fmt(worst),
        c.consistent ? 'yes' : 'NO',
        verdict(worst < GOAL_MS && c.consistent),
      ])
    }
  }
  return {
    id: 'RECON-3',
    title: 'Reconciliation duration (ms; goal < 5000 ms typical)',
    columns: ['accounts', 'run', 'items', 'runs', 'REST calls', 'mean ms', 'max ms', 'mirror == sim', 'goal'],
    rows,
    notes: [
      'Reconciler + RestClient (default limiter/breakers) + PortfolioMirror on SQLite; request("manual") until idle.',
      'Items = open positions + working orders + fills on the simulator. Per account: Position/searchOpen,',
      'Order/searchOpen, Trade/search in parallel (≤ 5 concurrent) plus one Account/search per run.',
    ],
  }
}
