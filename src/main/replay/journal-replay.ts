// Folds a recorded trading day through the same pipeline the engine runs, offline: journal rows (user-hub
// frames and REST snapshots, with their receipt times) enter a fresh in-memory PortfolioMirror, the
// RiskFeed turns its changes into domain events, and the pure core (`step`) folds them, with clock ticks
// at the core's own wake-up instants between events so time-driven verdicts happen. Time is each event's
// own receipt time; the wall clock is never read. Nothing is sent and nothing is written.
// Known limits: the journal holds no quotes (DB-10), so unrealized P&L and quote-driven rules see no
// prices; hub frames held back during a reconciliation (RECON-4) are journaled on arrival and so replay
// before the snapshot that followed them, which then replaces what they said.
import type { Clock, TimerHandle } from '../ports/clock'
import type { Logger } from '../ports/logger'
import type { EventJournal, PortfolioRepository } from '../ports/repositories'
import { PortfolioMirror } from '../portfolio'
import { ContractCatalog, type ContractSpec } from '../enforcement/feed/contract-catalog'
import { RiskFeed } from '../enforcement/feed/risk-feed'
import { createRiskState, netOf, nextWakeAt, realizedOf, step, type RiskConfig, type RiskEvent, type RiskState, type StepResult } from '../risk'
import type { TradingDay } from '../risk/trading-day'
import type { PlanActionKind } from '../risk/plan'
import type { StoredJournalEvent } from '../store'
import { isUserEventKind, snapshotOf, userEventOf } from './journal-payload'

/** One rule whose finding turned to breach. */
export interface ReplayBreach {
  readonly kind: 'breach'
  readonly at: number
  readonly accountId: number
  readonly ruleId: string
  readonly message: string
}

/** One plan the core made: what the executor would have been asked to do. */
export interface ReplayPlan {
  readonly kind: 'plan'
  readonly at: number
  readonly accountId: number
  /** The event kind that led to it ('tick' for a time-driven verdict). */
  readonly trigger: RiskEvent['kind']
  readonly actions: readonly { readonly ruleId: string; readonly action: PlanActionKind; readonly target: string | null; readonly reason: string }[]
}

export type ReplayVerdict = ReplayBreach | ReplayPlan

/** The day's P&L figures of one account, in USD. */
export interface AccountDayFigures {
  readonly accountId: number
  /** Σ profitAndLoss of the day's fills (gross). */
  readonly realizedGross: number
  /** Σ fees + commissions of the day's fills. */
  readonly fees: number
  readonly realizedNet: number
  /** Net P&L (the configured basis) at the last instant of the day folded. */
  readonly netAtClose: number
  readonly dayHighWater: number
  readonly dayLowWater: number
  /** Largest fall of net P&L from an earlier peak (the peak starts at 0). */
  readonly maxDrawdown: number
  readonly fills: number
  /** Positions still open at close: their unrealized P&L needs quotes, which the journal never holds. */
  readonly openPositions: number
}

export interface ReplayInput {
  /** Journal rows in arrival (id) order; rows before `day.startsAt` only warm the state up. */
  readonly rows: Iterable<StoredJournalEvent>
  readonly specs: readonly ContractSpec[]
  readonly config: RiskConfig
  readonly day: TradingDay
  /** Only this account's rows. */
  readonly accountId?: number
  readonly logger?: Logger
}

export interface ReplayReport {
  readonly day: TradingDay
  readonly verdicts: readonly ReplayVerdict[]
  readonly accounts: readonly AccountDayFigures[]
  /** Journal rows folded inside the day (warm-up rows not counted). */
  readonly eventsFolded: number
  readonly ticks: number
  /** Actions left out because the same one was listed moments before (see REPEAT_WINDOW_MS). */
  readonly repeatsCollapsed: number
  readonly warnings: readonly string[]
}

/** Upper bound on clock ticks between two events (a guard: wake instants always move forward). */
const MAX_TICKS_PER_GAP = 100_000

/**
 * The same action (account, rule, kind, target) planned again within this window is not listed again:
 * live, the executor's in-flight registry makes such repeats one request (PIPE-6), and in a replay nothing
 * is executed, so a lockout gate would otherwise re-list its close after every later frame.
 */
export const REPEAT_WINDOW_MS = 5_000

export function replayJournal(input: ReplayInput): ReplayReport {
  const { config, day } = input
  const warnings: string[] = []
  const logger = input.logger ?? collectingLogger(warnings)
  const clock = new ReplayClock(day.startsAt)
  const mirror = new PortfolioMirror({ repo: discardingRepository, journal: discardingJournal, clock, logger })
  const catalog = new ContractCatalog({ availableContracts: () => Promise.resolve([]), searchContractById: () => Promise.resolve(null) }, logger)
  catalog.seed(input.specs)
  const queue: RiskEvent[] = []
  const feed = new RiskFeed({ mirror, catalog, clock, logger, deliver: (event) => queue.push(event) })
  mirror.onChange(feed.onChange)

  const figures = new FigureTracker(config, day)
  const verdicts: ReplayVerdict[] = []
  const breaching = new Map<number, Set<string>>()
  const listed = new Map<string, number>()
  let repeatsCollapsed = 0
  let state: RiskState = createRiskState()
  let eventsFolded = 0
  let ticks = 0

  const fold = (event: RiskEvent): void => {
    const result = step(state, config, event)
    state = result.state
    if (event.at < day.startsAt) return
    repeatsCollapsed += record(result, event, verdicts, breaching, listed)
    figures.note(result, event.at)
  }
  const advanceTo = (until: number): void => {
    for (let i = 0; i < MAX_TICKS_PER_GAP; i++) {
      const wake = nextWakeAt(state, config, clock.now())
      if (wake === null || wake > until || wake >= day.endsAt) return
      clock.set(wake)
      ticks += wake >= day.startsAt ? 1 : 0
      fold({ kind: 'tick', at: wake })
    }
    warnings.push(`more than ${MAX_TICKS_PER_GAP} clock ticks before ${new Date(until).toISOString()}; the rest were skipped`)
  }

  for (const row of input.rows) {
    if (row.at >= day.endsAt) break
    if (input.accountId !== undefined && row.accountId !== null && row.accountId !== input.accountId) continue
    advanceTo(row.at)
    clock.set(Math.max(clock.now(), row.at))
    if (row.at >= day.startsAt) eventsFolded++
    applyRow(mirror, row, warnings)
    while (queue.length > 0) fold(queue.shift() as RiskEvent)
  }
  const closeAt = day.endsAt - 1
  advanceTo(closeAt)
  clock.set(closeAt)
  fold({ kind: 'tick', at: closeAt })
  if (feed.pending > 0) warnings.push(`${feed.pending} change(s) held back: a position's contract has no stored tick spec`)
  feed.stop()
  return { day, verdicts, accounts: figures.close(state, closeAt), eventsFolded, ticks, repeatsCollapsed, warnings }
}

function applyRow(mirror: PortfolioMirror, row: StoredJournalEvent, warnings: string[]): void {
  if (row.kind === 'snapshot') {
    if (row.accountId === null) return
    mirror.applySnapshot(row.accountId, snapshotOf(row), row.source, row.at)
    mirror.noteSynced({ source: row.source === 'poll' ? 'poll' : 'reconcile', ok: true, accountIds: [row.accountId] })
    return
  }
  if (isUserEventKind(row.kind)) {
    mirror.apply(userEventOf(row.kind, row), row.at, row.source)
    return
  }
  warnings.push(`journal row ${row.id} of kind "${row.kind}" skipped`)
}

/** Breaches as they start (a rule that stays in breach is listed once) and every plan's new actions; returns the repeats left out. */
function record(result: StepResult, event: RiskEvent, out: ReplayVerdict[], breaching: Map<number, Set<string>>, listed: Map<string, number>): number {
  let repeats = 0
  for (const evaluation of result.evaluations) {
    const now = new Set<string>()
    const before = breaching.get(evaluation.accountId) ?? new Set<string>()
    for (const f of evaluation.findings) {
      if (f.status !== 'breach') continue
      const key = `${f.ruleId}|${f.subject ?? ''}`
      now.add(key)
      if (!before.has(key)) out.push({ kind: 'breach', at: event.at, accountId: evaluation.accountId, ruleId: f.ruleId, message: f.message })
    }
    breaching.set(evaluation.accountId, now)
  }
  for (const plan of result.plans) {
    const actions = plan.actions
      .map((a) => ({ ruleId: a.ruleId, action: a.action.kind, target: targetOf(a.action), reason: a.reason }))
      .filter((a) => {
        const key = `${plan.accountId}|${a.ruleId}|${a.action}|${a.target ?? ''}`
        const last = listed.get(key)
        if (last !== undefined && event.at - last < REPEAT_WINDOW_MS) {
          repeats++
          return false
        }
        listed.set(key, event.at)
        return true
      })
    if (actions.length > 0) out.push({ kind: 'plan', at: event.at, accountId: plan.accountId, trigger: event.kind, actions })
  }
  return repeats
}

function targetOf(action: StepResult['plans'][number]['actions'][number]['action']): string | null {
  switch (action.kind) {
    case 'close_position':
    case 'reduce_position':
    case 'place_stop':
      return action.contractId
    case 'cancel_order':
    case 'modify_stop':
      return `order ${action.orderId}`
    case 'cancel_all_orders':
      return action.contractId ?? null
    case 'set_lockout':
      return action.lockout.scope.kind === 'account' ? 'account' : action.lockout.scope.root
    case 'clear_lockout':
      return action.scope.kind === 'account' ? 'account' : action.scope.root
    case 'close_all':
      return null
  }
}

/** Net P&L after every step inside the day, for the drawdown; the rest is read from the state at close. */
class FigureTracker {
  private readonly peak = new Map<number, number>()
  private readonly drawdown = new Map<number, number>()

  constructor(
    private readonly config: RiskConfig,
    private readonly day: TradingDay,
  ) {}

  note(result: StepResult, at: number): void {
    for (const evaluation of result.evaluations) {
      const account = result.state.accounts[evaluation.accountId]
      if (!account || account.tradingDay.key !== this.day.key) continue
      const net = netOf(result.state, account, at, this.config.global.pnl_basis)
      const peak = Math.max(this.peak.get(account.accountId) ?? 0, net)
      this.peak.set(account.accountId, peak)
      this.drawdown.set(account.accountId, Math.max(this.drawdown.get(account.accountId) ?? 0, round2(peak - net)))
    }
  }

  close(state: RiskState, at: number): AccountDayFigures[] {
    return Object.values(state.accounts)
      .filter((a) => a.tradingDay.key === this.day.key)
      .sort((a, b) => a.accountId - b.accountId)
      .map((account) => {
        const fills = Object.values(account.fills)
        return {
          accountId: account.accountId,
          realizedGross: realizedOf(account, 'gross'),
          fees: round2(fills.reduce((sum, f) => sum + f.fees + f.commissions, 0)),
          realizedNet: realizedOf(account, 'net'),
          netAtClose: netOf(state, account, at, this.config.global.pnl_basis),
          dayHighWater: account.dayHighWater,
          dayLowWater: account.dayLowWater,
          maxDrawdown: this.drawdown.get(account.accountId) ?? 0,
          fills: fills.length,
          openPositions: Object.keys(account.positions).length,
        }
      })
  }
}

const round2 = (value: number): number => Math.round(value * 100) / 100

/** Time is the journal's: `now` is the instant being folded; timers never fire (the fold is synchronous). */
class ReplayClock implements Clock {
  private at: number
  constructor(start: number) {
    this.at = start
  }
  now(): number {
    return this.at
  }
  set(at: number): void {
    this.at = at
  }
  setTimeout(): TimerHandle {
    return 0 as unknown as TimerHandle
  }
  clearTimeout(): void {}
}

const discardingJournal: EventJournal = { append: () => undefined }

/** The replay's mirror persists nothing. */
const discardingRepository: PortfolioRepository = {
  upsertAccount: () => undefined,
  upsertOrder: () => undefined,
  upsertPosition: () => undefined,
  insertTrade: () => true,
  markTradeVoided: () => undefined,
  applySnapshot: () => undefined,
  load: () => ({ accounts: [], positions: [], orders: [], trades: [] }),
}

/** Warnings of the pipeline (an unknown contract, a failed listener) become report warnings. */
function collectingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, context) => warnings.push(context ? `${message} ${JSON.stringify(context)}` : message),
    error: (message, context) => warnings.push(context ? `${message} ${JSON.stringify(context)}` : message),
    child: () => logger,
  }
  return logger
}
