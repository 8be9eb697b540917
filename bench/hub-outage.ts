// Long chaos run (F14 unscaled): hubs refused with 503 for N minutes at production timings; the engine must recover by itself.
// Usage: npx tsx bench/hub-outage.ts [--minutes 8]   (npm run chaos:outage). Prints a timeline, PASS/FAIL, exits 0/1.

import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../src/main/app/create-engine'
import { MemorySecretStore } from '../src/main/secrets/memory-secret-store'
import type { DashboardSnapshot } from '../src/shared/ipc/views'
import { startSimulator, type SimControl, type SimulatorHandle } from '../src/sim'
import { comparePortfolio, localTrades } from '../test/chaos/compare'

const minutes = readMinutes(process.argv.slice(2))
const OUTAGE_MS = Math.round(minutes * 60_000)
/** Production worst case after the refusal ends: one rebuild period (60 s ± 20 %) plus reconciliation; doubled. */
const RECOVERY_BUDGET_MS = 180_000
const SAMPLE_MS = 1000
const ROW_EVERY_MS = 30_000

function readMinutes(args: string[]): number {
  const i = args.indexOf('--minutes')
  const value = i >= 0 ? Number(args[i + 1]) : 8
  if (!Number.isFinite(value) || value <= 0) throw new Error('--minutes needs a positive number')
  return value
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const fmt = (ms: number): string => `${String(Math.floor(ms / 60_000)).padStart(2, '0')}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`

interface Row {
  t: string
  phase: string
  user: string
  market: string
  polls10s: number
  freshness: string
  overall: string
  positions: string
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiltguard-outage-'))
  let handle: SimulatorHandle | null = null
  // Production timings: no `tuning`. The file logger writes to <dataDir>/logs (kept when the run fails).
  const engine = createEngine(
    { dataDir, host: 'electron', simulator: { quoteIntervalMs: 250, seed: 8 }, exampleRulesFile: fileURLToPath(new URL('../test/support/rules/no-rules.yaml', import.meta.url)) },
    { secretStore: new MemorySecretStore(), startSimulator: async (o) => (handle = await startSimulator(o)) },
  )
  const began = Date.now()
  const hardStop = setTimeout(() => {
    console.error('hub-outage: hard time limit reached')
    process.exit(1)
  }, OUTAGE_MS + RECOVERY_BUDGET_MS + 180_000)
  hardStop.unref()
  await engine.start()
  if (handle === null) throw new Error('engine did not start its simulator')
  const sim: SimControl = (handle as SimulatorHandle).control
  const snap = (): Promise<DashboardSnapshot> => engine.handlers.getSnapshot({})
  const rows: Row[] = []
  let phase = 'start'
  let lastKey = ''
  let lastRowAt = -ROW_EVERY_MS
  const sample = async (): Promise<DashboardSnapshot> => {
    const s = await snap()
    const now = Date.now() - began
    const recent = sim.requestLog({ path: '/api/Position/searchOpen' }).filter((e) => e.timeMs > sim.now() - 10_000).length
    const row: Row = {
      t: fmt(now),
      phase,
      user: s.health.userHub.state,
      market: s.health.marketHub.state,
      polls10s: recent,
      freshness: s.health.freshness,
      overall: s.health.overall,
      positions: `${s.portfolio.positions.length}/${sim.positions().length}`,
    }
    const key = [row.phase, row.user, row.market, row.freshness, row.overall, row.positions, row.polls10s > 0].join('|')
    if (key !== lastKey || now - lastRowAt >= ROW_EVERY_MS) {
      rows.push(row)
      printRow(row)
      lastKey = key
      lastRowAt = now
    }
    return s
  }

  console.log(`hub-outage: hubs refused (503) for ${minutes} min at production timings; data in ${dataDir}`)
  printHeader()
  const fresh = await until(sample, (s) => s.health.freshness === 'FRESH' && s.health.userHub.state === 'CONNECTED', 60_000)
  if (fresh === null) return finish(engine, dataDir, 'FAIL: never FRESH before the outage', false)
  const accountIds = fresh.portfolio.accounts.map((a) => a.id)

  // The outage: refuse every upgrade and kill the current sockets.
  phase = 'outage'
  sim.refuseHubConnects({ ms: OUTAGE_MS, status: 503 })
  sim.dropHubs({ mode: 'reset' })
  const outageStart = Date.now()
  const trades = [0.15, 0.4, 0.65, 0.9].map((f) => Math.round(f * OUTAGE_MS))
  let sawPolledPosition = false
  while (Date.now() - outageStart < OUTAGE_MS) {
    const elapsed = Date.now() - outageStart
    while (trades.length > 0 && (trades[0] ?? Infinity) <= elapsed) {
      trades.shift()
      webAppTrades(sim, accountIds, trades.length)
    }
    const s = await sample()
    if (s.portfolio.positions.length > 0 && s.health.userHub.state !== 'CONNECTED') sawPolledPosition = true
    await sleep(SAMPLE_MS)
  }

  phase = 'recovery'
  const recovered = await until(
    sample,
    (s) =>
      s.health.freshness === 'FRESH' &&
      s.health.userHub.state === 'CONNECTED' &&
      s.health.marketHub.state === 'CONNECTED' &&
      comparePortfolio(s.portfolio, sim, localTrades(dataDir)).length === 0,
    RECOVERY_BUDGET_MS,
  )
  const final = await snap()
  const diffs = comparePortfolio(final.portfolio, sim, localTrades(dataDir))
  const liveMs = Date.now() - outageStart - OUTAGE_MS
  const recoveredIn = fmt(liveMs)
  console.log('')
  // H12-11: the figure the item is about: seconds from the hubs' return to CONNECTED + FRESH (goal ≤ 10 s).
  console.log(`hubs back → live (CONNECTED + FRESH, local == simulator): ${(liveMs / 1000).toFixed(1)} s (goal ≤ 10 s)${liveMs > 10_000 ? ' — over the goal' : ''}`)
  console.log(`positions sim: ${JSON.stringify(sim.positions().map((p) => [p.accountId, p.contractId, p.type, p.size]))}`)
  console.log(`open orders sim: ${sim.orders({ openOnly: true }).length}, fills sim: ${sim.trades().length}, fills local: ${localTrades(dataDir).length}`)
  console.log(`polling showed a web-app position while the hub was down: ${sawPolledPosition ? 'yes' : 'no'}`)
  if (recovered === null || diffs.length > 0) {
    return finish(engine, dataDir, `FAIL: not recovered within ${RECOVERY_BUDGET_MS / 1000} s after the outage: ${diffs.join('; ') || 'hubs/freshness'}`, false)
  }
  if (!sawPolledPosition) return finish(engine, dataDir, 'FAIL: polling never showed the web-app position during the outage', false)
  // Polling stops within one interval of the recovery (POLL-2); only then is the overall status OK again.
  const ok = await until(sample, (s) => s.health.overall === 'OK', 30_000)
  if (ok === null) return finish(engine, dataDir, `FAIL: overall status not OK 30 s after recovery: ${(await snap()).health.reasons.join(', ')}`, false)
  const okIn = fmt(Date.now() - outageStart - OUTAGE_MS)
  return finish(engine, dataDir, `PASS: recovered ${recoveredIn} after the hubs returned, overall OK at ${okIn}; local == simulator (positions, orders, fills, balances)`, true)
}

/** The web app trades during the outage: opens/adds, rests a far limit, and finally reduces a position. */
function webAppTrades(sim: SimControl, accountIds: readonly number[], remaining: number): void {
  const accountId = accountIds[remaining % accountIds.length] ?? 0
  const contractId = remaining % 2 === 0 ? 'CON.F.US.MNQ.Z26' : 'CON.F.US.EP.Z26'
  sim.placeOrder({ accountId, contractId, type: 2, side: remaining === 0 ? 1 : 0, size: 1 + remaining })
  const q = sim.quote({ contractId })
  if (q !== null) sim.placeOrder({ accountId, contractId, type: 1, side: 0, size: 1, limitPrice: Math.round(q.bid * 0.9) })
}

async function until(sample: () => Promise<DashboardSnapshot>, ok: (s: DashboardSnapshot) => boolean, ms: number): Promise<DashboardSnapshot | null> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const s = await sample()
    if (ok(s)) return s
    await sleep(SAMPLE_MS)
  }
  return null
}

const COLUMNS: [keyof Row, number][] = [['t', 6], ['phase', 9], ['user', 25], ['market', 25], ['polls10s', 9], ['freshness', 12], ['overall', 15], ['positions', 9]]
function printHeader(): void {
  console.log(COLUMNS.map(([c, w]) => (c === 'positions' ? 'pos l/s' : c === 'polls10s' ? 'polls/10s' : c).padEnd(w)).join(' '))
}
function printRow(row: Row): void {
  console.log(COLUMNS.map(([c, w]) => String(row[c]).padEnd(w)).join(' '))
}

async function finish(engine: { stop(): Promise<void> }, dataDir: string, verdict: string, pass: boolean): Promise<number> {
  await engine.stop()
  console.log(verdict)
  if (pass) rmSync(dataDir, { recursive: true, force: true })
  else console.log(`logs kept in ${join(dataDir, 'logs')}`)
  return pass ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('hub-outage crashed:', error)
    process.exit(1)
  },
)
