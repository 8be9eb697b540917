// replayJournal on hand-written journal rows: verdicts that only time can bring (a grace period running
// out with no frame in between) come from clock ticks at the core's wake instants; a position carried
// over the reset is known from the warm-up snapshot; rows of the next day are not folded.
import { describe, expect, it } from 'vitest'
import type { PxPosition } from '../../shared/projectx/models'
import { parseRulesYaml, type RiskConfig } from '../risk'
import { DEFAULT_TRADING_DAY, tradingDayAt } from '../risk/trading-day'
import type { StoredJournalEvent } from '../store'
import { replayJournal } from './journal-replay'

const MES = 'CON.F.US.MES.Z26'
const ACCOUNT = 7
const specs = [{ contractId: MES, name: 'MESZ6', tickSize: 0.25, tickValue: 1.25 }]
// 2026-12-02 09:00 CST = 15:00Z; the trading day 2026-12-02 opened 2026-12-01 17:00 CST.
const NINE = Date.parse('2026-12-02T15:00:00Z')
const day = tradingDayAt(NINE, DEFAULT_TRADING_DAY)

function config(yaml: string): RiskConfig {
  const parsed = parseRulesYaml(yaml)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.config
}

const position = (openedAt: number, size: number): PxPosition => ({ id: 1, accountId: ACCOUNT, contractId: MES, creationTimestamp: new Date(openedAt).toISOString(), type: 1, size, averagePrice: 6000 })

let id = 0
const row = (at: number, kind: string, payload: unknown, source: StoredJournalEvent['source'] = 'user-hub'): StoredJournalEvent => ({ id: ++id, at, source, kind, accountId: ACCOUNT, payload })

describe('journal fold', () => {
  it('a position left without a stop breaches when its grace period ends, with no event at that instant', () => {
    const rows = [row(NINE, 'position', position(NINE, 1))]
    const report = replayJournal({ rows, specs, config: config('rules:\n  no_stop_loss_grace: { grace_period_seconds: 30 }\n'), day })
    const breach = report.verdicts.find((v) => v.kind === 'breach')
    expect(breach).toMatchObject({ ruleId: 'no_stop_loss_grace', at: NINE + 30_000 })
    expect(report.verdicts.find((v) => v.kind === 'plan')).toMatchObject({ at: NINE + 30_000, trigger: 'tick', actions: [{ action: 'close_position', target: MES }] })
    expect(report.ticks).toBeGreaterThan(0)
  })

  it('the warm-up snapshot before the reset carries the position into the day; warm-up verdicts are not listed', () => {
    const before = day.startsAt - 3_600_000
    const snapshot = { account: { id: ACCOUNT, name: 'A', balance: 50_000, canTrade: true, isVisible: true }, positions: [position(before, 2)], openOrders: [] }
    const rows = [row(before, 'snapshot', snapshot, 'reconcile'), row(NINE, 'account', { id: ACCOUNT, name: 'A', balance: 50_000, canTrade: true, isVisible: true })]
    const report = replayJournal({ rows, specs, config: config('rules:\n  max_contracts: { limit: 1 }\n'), day })
    expect(report.eventsFolded).toBe(1)
    expect(report.verdicts.every((v) => v.at >= day.startsAt)).toBe(true)
    // The carried 2-lot is over the limit of 1 from the day's first instant on.
    expect(report.verdicts.some((v) => v.kind === 'breach' && v.ruleId === 'max_contracts')).toBe(true)
    expect(report.accounts[0]).toMatchObject({ accountId: ACCOUNT, openPositions: 1, fills: 0 })
  })

  it('stops at the end of the day and warns about a contract with no stored spec', () => {
    const other = 'CON.F.US.XYZ.Z26'
    const rows = [row(NINE, 'position', { ...position(NINE, 1), contractId: other }), row(day.endsAt + 1, 'position', position(day.endsAt + 1, 5))]
    const report = replayJournal({ rows, specs, config: config('rules:\n  max_contracts: { limit: 1 }\n'), day })
    expect(report.eventsFolded).toBe(1)
    expect(report.warnings.join('\n')).toMatch(/held back: a position's contract has no stored tick spec/)
  })
})
