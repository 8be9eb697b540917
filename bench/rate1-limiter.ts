// RATE-1 / T4: a burst of 300 Order/search calls (plus retrieveBars on their own bucket) against a
// simulator enforcing a scaled-down window with 429s: zero 429s, every call completes, budget never exceeded.

import { RestClient } from '../src/main/gateway/rest'
import { PRIORITY } from '../src/main/ports/gateway'
import { startSimulator } from '../src/sim'
import { fmt, maxInWindow, MNQ, nowMs, NullLogger, SimLoginTokens, summarize, verdict, type Table } from './support'

const SEARCHES = 300
const BARS = 30
const GENERAL = { limit: 20, windowMs: 2_000 }
const BARS_BUDGET = { limit: 6, windowMs: 2_000 }

interface Outcome {
  readonly waits: number[]
  errors: number
  readonly firstError: string[]
}

async function settle(calls: readonly Promise<unknown>[], outcome: Outcome): Promise<void> {
  const t0 = nowMs()
  await Promise.all(
    calls.map((call) =>
      call.then(
        () => void outcome.waits.push(nowMs() - t0),
        (error: unknown) => {
          outcome.errors++
          if (outcome.firstError.length === 0) outcome.firstError.push(error instanceof Error ? error.message : String(error))
        },
      ),
    ),
  )
}

export async function run(): Promise<Table> {
  const sim = await startSimulator({ quiet: true, quoteIntervalMs: 0, rateLimits: { general: GENERAL, bars: BARS_BUDGET } })
  const tokens = new SimLoginTokens(sim)
  await tokens.login()
  sim.control.clearLogs()
  const client = new RestClient({ baseUrl: sim.restUrl, tokenSource: tokens, logger: new NullLogger(), rateBuckets: { general: GENERAL, bars: BARS_BUDGET } })
  const accountId = sim.accountIds[0] ?? 0
  const since = new Date(Date.now() - 86_400_000).toISOString()
  const searches: Outcome = { waits: [], errors: 0, firstError: [] }
  const bars: Outcome = { waits: [], errors: 0, firstError: [] }
  const started = nowMs()
  try {
    const searchCalls = Array.from({ length: SEARCHES }, () => client.searchOrders(accountId, since, undefined, { priority: PRIORITY.poll }))
    const end = Date.now()
    const barCalls = Array.from({ length: BARS }, () =>
      client.retrieveBars(
        { contractId: MNQ, live: false, startTime: new Date(end - 3_600_000).toISOString(), endTime: new Date(end).toISOString(), unit: 2, unitNumber: 1, limit: 10, includePartialBar: false },
        { priority: PRIORITY.background },
      ),
    )
    await Promise.all([settle(searchCalls, searches), settle(barCalls, bars)])
  } finally {
    client.dispose()
  }
  const totalMs = nowMs() - started
  const log = sim.control.requestLog()
  await sim.close()

  const tooMany = log.filter((r) => r.status === 429).length
  const searchTimes = log.filter((r) => r.path.includes('/Order/search')).map((r) => r.timeMs)
  const barTimes = log.filter((r) => r.path.includes('retrieveBars')).map((r) => r.timeMs)
  const generalTimes = log.filter((r) => !r.path.includes('retrieveBars') && !r.path.includes('/Auth/')).map((r) => r.timeMs)
  const maxGeneral = maxInWindow(generalTimes, GENERAL.windowMs)
  const maxBars = maxInWindow(barTimes, BARS_BUDGET.windowMs)
  // Lower bound at the 90 % soft cap (RATE-2): every full window passes at most floor(0.9 × limit) calls.
  const softCap = Math.floor(GENERAL.limit * 0.9)
  const minMs = (Math.ceil(SEARCHES / softCap) - 1) * GENERAL.windowMs

  const s = summarize(searches.waits)
  const b = summarize(bars.waits)
  const rows = [
    ['Order/search (p3)', `${GENERAL.limit}/${GENERAL.windowMs / 1000} s`, String(SEARCHES), String(searches.waits.length), String(searches.errors), String(log.filter((r) => r.status === 429 && r.path.includes('/Order/search')).length), `${maxGeneral} (${searchTimes.length} seen)`, fmt(s.p50, 0), fmt(s.max, 0), verdict(searches.errors === 0 && maxGeneral <= GENERAL.limit && tooMany === 0)],
    ['History/retrieveBars (p1)', `${BARS_BUDGET.limit}/${BARS_BUDGET.windowMs / 1000} s`, String(BARS), String(bars.waits.length), String(bars.errors), String(log.filter((r) => r.status === 429 && r.path.includes('retrieveBars')).length), `${maxBars} (${barTimes.length} seen)`, fmt(b.p50, 0), fmt(b.max, 0), verdict(bars.errors === 0 && maxBars <= BARS_BUDGET.limit && tooMany === 0)],
  ]
  return {
    id: 'RATE-1/T4',
    title: 'Limiter under a 300-call burst against a simulator enforcing its window with 429 (scaled window)',
    columns: ['calls', 'budget', 'sent', 'completed', 'errors', '429s', 'max per window at sim', 'done p50 ms', 'done max ms', 'goal'],
    rows,
    notes: [
      `Total ${fmt(totalMs / 1000, 1)} s; floor at the 90 % soft cap (${softCap} per window) is ${fmt(minMs / 1000, 1)} s.`,
      '"done" = time from the burst start until the call resolved (queue wait + round trip).',
      ...(searches.firstError.length > 0 ? [`first search error: ${searches.firstError[0] ?? ''}`] : []),
      ...(bars.firstError.length > 0 ? [`first bars error: ${bars.firstError[0] ?? ''}`] : []),
    ],
  }
}
