// Enforcement for one monitored gateway: the portfolio's changes go through the risk feed into the core
// (RiskMonitor), plans go to the executor, the core's state is written with the event that changed it
// (DB-1) and restored at the next start (I-33), and every verdict is published for the dashboard.
import type { Clock } from '../ports/clock'
import type { Logger } from '../ports/logger'
import type { AuditRepository, MetaRepository } from '../ports/repositories'
import type { LockoutStore, EnforcementLogStore } from '../ports/risk-store'
import type { AccountRiskView, FillView, PnlPoint } from '../../shared/domain/risk'
import type { PortfolioMirror } from '../portfolio'
import type { RiskSnapshotStore } from '../store/repositories/risk-snapshot-repository'
import { createRiskState, type RiskConfig, type RiskEvent, type RiskState, type StepResult } from '../risk'
import type { AccountState } from '../risk/state'
import type { LockoutScope } from '../risk/plan'
import { Executor, type ExecutorOptions } from './executor/executor'
import { RestEnforcementGateway, StoreLockoutSink } from './executor/rest-adapter'
import type { EnforcementLog, EnforcementRecord } from './executor/ports'
import type { GatewayRest } from '../ports/gateway'
import { ContractCatalog, persistContractSpecsTo, type ContractLookup } from './feed/contract-catalog'
import { RiskFeed, isTiltguardTag } from './feed/risk-feed'
import { BarPriceFallback } from './feed/bar-price-fallback'
import { OwnCloses } from './feed/own-closes'
import { RiskMonitor } from './risk-monitor'
import { accountRiskView, ruleLabel } from './risk-view'
import { PnlSeries } from './pnl-series'
import { auditEnforcement, auditLockoutChanges } from './risk-audit'

export interface RiskRuntimeStore {
  readonly lockouts: LockoutStore
  readonly enforcementLog: EnforcementLogStore & EnforcementLog
  readonly riskSnapshots: RiskSnapshotStore
  readonly audit: AuditRepository
  /** Where learned contract specs are persisted for offline replay; absent = not persisted. */
  readonly meta?: MetaRepository
}

export interface RiskRuntimeDeps {
  readonly mirror: PortfolioMirror
  readonly rest: GatewayRest & ContractLookup
  readonly store: RiskRuntimeStore
  readonly clock: Clock
  readonly logger: Logger
  readonly config: RiskConfig
  /** Live accounts load the live contract list; the simulator's are simulated. */
  readonly liveContracts: boolean
  readonly isShadow: (accountId: number) => boolean
  /** After every verdict (coalescing is the publisher's job). */
  readonly onChange?: () => void
  /** A lockout was set: the trader is told at once. */
  readonly onLockout?: (accountId: number, message: string) => void
  /** Is the hub-fed mirror trustworthy for verification right now (user hub connected)? */
  readonly mirrorLive?: () => boolean
  readonly executorOptions?: Partial<ExecutorOptions>
}

export class RiskRuntime {
  readonly catalog: ContractCatalog
  readonly executor: Executor
  private readonly monitor: RiskMonitor
  private readonly feed: RiskFeed
  private readonly fallback: BarPriceFallback
  private readonly log: Logger
  private readonly series = new PnlSeries()
  private readonly ownCloses = new OwnCloses()
  private readonly lastFired = new Map<number, Record<string, number>>()
  private unsubscribe: (() => void) | null = null
  private previous: RiskState = createRiskState()
  private readonly savedAt = new Map<number, number>()

  constructor(private readonly deps: RiskRuntimeDeps) {
    const { clock, store, mirror } = deps
    this.log = deps.logger.child('risk')
    this.catalog = new ContractCatalog(deps.rest, this.log, store.meta && persistContractSpecsTo(store.meta))
    const log: EnforcementLog = {
      record: (record: EnforcementRecord) => {
        store.enforcementLog.record(record)
        auditEnforcement(store.audit, record, clock.now())
      },
    }
    const live = (): boolean => deps.mirrorLive?.() ?? false
    const gateway = new RestEnforcementGateway(deps.rest)
    const closePosition = gateway.closePosition.bind(gateway)
    const partialClose = gateway.partialClose.bind(gateway)
    // Closes carry no customTag on ProjectX: remember them, so their fills are known as ours (D-4).
    gateway.closePosition = (accountId, contractId, tag) => {
      this.ownCloses.noteClose(accountId, contractId, clock.now())
      return closePosition(accountId, contractId, tag)
    }
    gateway.partialClose = (accountId, contractId, size, tag) => {
      this.ownCloses.noteClose(accountId, contractId, clock.now())
      return partialClose(accountId, contractId, size, tag)
    }
    this.executor = new Executor(
      {
        gateway,
        lockouts: new StoreLockoutSink(store.lockouts, clock),
        log,
        clock,
        isShadow: deps.isShadow,
        observe: {
          positions: (id) => (live() ? mirror.openPositions(id).map((p) => ({ contractId: p.contractId, size: Math.abs(p.size) })) : null),
          orders: (id) =>
            live() ? mirror.workingOrders(id).map((o) => ({ orderId: o.id, contractId: o.contractId, customTag: o.customTag, stopPrice: o.stopPrice })) : null,
        },
      },
      deps.executorOptions,
    )
    this.monitor = new RiskMonitor({
      executor: this.executor,
      clock,
      config: deps.config,
      initialState: restoreState(store, clock.now()),
      onStep: (result) => this.afterStep(result),
      onError: (error, context) => this.log.error('risk pipeline error', { context, error }),
    })
    this.fallback = new BarPriceFallback({
      bars: deps.rest,
      clock,
      logger: this.log,
      heldContracts: () => [...new Set(mirror.openPositions().map((p) => p.contractId))],
      quote: (contractId) => mirror.quote(contractId),
      applyBarPrice: (contractId, price, at) => mirror.applyBarPrice(contractId, price, at),
      maxQuoteAgeMs: () => this.monitor.rules().global.max_quote_age_seconds * 1000,
      live: deps.liveContracts,
    })
    this.feed = new RiskFeed({ mirror, catalog: this.catalog, clock, logger: this.log, ownCloses: this.ownCloses, deliver: (event) => this.monitor.ingest(event) })
  }

  /** Restored state first: an instant view, and the wake timer armed (I-33). Live changes follow. */
  start(): void {
    this.monitor.start()
    this.unsubscribe ??= this.deps.mirror.onChange(this.feed.onChange)
  }

  /** One bulk contract read once signed in, before reconciliation reports positions. */
  async preloadContracts(): Promise<void> {
    await this.catalog.preload(this.deps.liveContracts)
    this.fallback.start()
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    this.unsubscribe = null
    this.feed.stop()
    this.fallback.stop()
    this.monitor.stop()
    await this.executor.idle()
  }

  /** Already validated and authorised by the caller (rules service). */
  setConfig(config: RiskConfig): void {
    this.monitor.setConfig(config)
  }

  get config(): RiskConfig {
    return this.monitor.rules()
  }

  state(): RiskState {
    return this.monitor.state()
  }

  /** Feeds an event that does not come from the gateway (admin actions, the kill switch). */
  ingest(event: RiskEvent): StepResult {
    return this.monitor.ingest(event)
  }

  /** Kill switch: HALTED until the reset (or indefinitely), enforced continuously by the core (PIPE-5). */
  halt(accountIds: readonly number[], until: 'daily_reset' | 'indefinite', reason: string): void {
    const at = this.deps.clock.now()
    for (const accountId of accountIds) this.ingest({ kind: 'admin', at, accountId, action: { kind: 'halt', reason, until } })
  }

  unlock(accountId: number, ruleId: string, scope: LockoutScope, reason: string): void {
    const at = this.deps.clock.now()
    if (ruleId === 'kill_switch') this.ingest({ kind: 'admin', at, accountId, action: { kind: 'resume', reason } })
    else {
      this.ingest({ kind: 'admin', at, accountId, action: { kind: 'unlock', ruleId, scope, reason } })
      this.deps.store.lockouts.clear(accountId, ruleId, scope, 'ADMIN', reason, at)
    }
  }

  views(): AccountRiskView[] {
    const state = this.monitor.state()
    const evaluations = new Map(this.monitor.evaluations().map((e) => [e.accountId, e]))
    const now = this.deps.clock.now()
    const ids = new Set([...this.deps.mirror.accountIds(), ...Object.keys(state.accounts).map(Number)])
    const views: AccountRiskView[] = []
    for (const accountId of [...ids].sort((a, b) => a - b)) {
      const view = accountRiskView({
        state,
        config: this.monitor.rules(),
        evaluation: evaluations.get(accountId),
        accountId,
        shadow: this.deps.isShadow(accountId),
        now,
        lastFiredAt: this.lastFired.get(accountId) ?? {},
        pricedFromBars: this.deps.mirror.openPositions(accountId).some((p) => this.deps.mirror.quote(p.contractId)?.delayed === true),
      })
      if (view) views.push(view)
    }
    return views
  }

  pnlSeries(accountId: number): readonly PnlPoint[] {
    return this.series.points(accountId)
  }

  /** Today's fills (each account's trading day in force), newest first. */
  fills(accountId?: number): FillView[] {
    const state = this.monitor.state()
    return this.deps.mirror
      .fills(accountId)
      .filter((t) => {
        const day = state.accounts[t.accountId]?.tradingDay
        return day === undefined || (t.executedAt >= day.startsAt && t.executedAt < day.endsAt)
      })
      .map((t) => this.fillView(t.id) as FillView)
      .sort((a, b) => b.at - a.at || b.id - a.id)
  }

  fillView(tradeId: number): FillView | null {
    const t = this.deps.mirror.trade(tradeId)
    if (t === null) return null
    return {
      id: t.id,
      accountId: t.accountId,
      orderId: t.orderId,
      contractId: t.contractId,
      contractName: this.catalog.nameOf(t.contractId),
      at: t.executedAt,
      side: t.side === 0 ? 'buy' : 'sell',
      size: t.size,
      price: t.price,
      profitAndLoss: t.profitAndLoss,
      fees: t.fees + t.commissions,
      voided: t.voided,
      placedByTiltguard: isTiltguardTag(this.deps.mirror.order(t.orderId)?.customTag) || this.ownCloses.isOwnOrder(t.orderId),
    }
  }

  /** Resolves when the executor has nothing queued (tests, shutdown). */
  idle(): Promise<void> {
    return this.executor.idle()
  }

  private afterStep(result: StepResult): void {
    const before = this.previous
    this.previous = result.state
    const now = this.deps.clock.now()
    for (const evaluation of result.evaluations) {
      const account = result.state.accounts[evaluation.accountId]
      if (!account) continue
      const prior = before.accounts[evaluation.accountId]
      // DB-1/DB-10: written (in the event's transaction) only when the event changed what must survive a
      // restart. Positions and orders are not among it: after a restart they come from the gateway.
      if (durableChange(prior, account, now - (this.savedAt.get(account.accountId) ?? 0))) {
        this.deps.store.riskSnapshots.save(account, now)
        this.savedAt.set(account.accountId, now)
      }
      const fired = evaluation.plan.actions.filter((a) => a.action.kind !== 'clear_lockout')
      if (fired.length > 0) {
        const marks = this.lastFired.get(account.accountId) ?? {}
        for (const a of fired) marks[a.ruleId] = now
        this.lastFired.set(account.accountId, marks)
      }
      for (const message of auditLockoutChanges(this.deps.store.audit, prior, account, now, this.deps.isShadow(account.accountId), ruleLabel)) {
        this.deps.onLockout?.(account.accountId, message)
      }
      this.series.note(account, result.state, now, this.monitor.rules())
    }
    this.deps.onChange?.()
  }
}

/** The stored per-account states, with any active lockout the snapshot lacks (written by an older build). */
function restoreState(store: RiskRuntimeStore, now: number): RiskState {
  const accounts: Record<number, AccountState> = {}
  // Positions and orders in a stored state may be stale (they are not rewritten on every change): the
  // gateway's reconciliation brings them back, so enforcement never acts on a position that is gone.
  for (const account of store.riskSnapshots.loadAll()) accounts[account.accountId] = { ...account, positions: {}, orders: {} }
  for (const lockout of store.lockouts.active(now)) {
    const account = accounts[lockout.accountId]
    if (!account) continue
    const key = `${lockout.ruleId}|${lockout.scope.kind === 'account' ? 'account' : `symbol:${lockout.scope.root}`}`
    if (account.lockouts[key] === undefined) accounts[lockout.accountId] = { ...account, lockouts: { ...account.lockouts, [key]: lockout } }
  }
  return { accounts, quotes: {} }
}

/** Water marks move on every tick of a run: written at most once a second, the rest at once. */
const WATER_MARK_WRITE_MS = 1_000

/**
 * What a restart cannot get back from the gateway: the day's fills (P&L, counts), lockouts and their
 * admin clears, the halt, the reset, managed stops; water marks and peaks at most once a second.
 */
export function durableChange(before: AccountState | undefined, after: AccountState, sinceLastSaveMs: number): boolean {
  if (before === undefined) return true
  if (before.fills !== after.fills || before.priorFillTimes !== after.priorFillTimes || before.lastReset !== after.lastReset) return true
  if (before.lastResetAt !== after.lastResetAt || before.weekRealizedBefore !== after.weekRealizedBefore) return true
  if (before.halted !== after.halted || before.haltedUntilReset !== after.haltedUntilReset || before.adminCleared !== after.adminCleared) return true
  if (before.lockouts !== after.lockouts && JSON.stringify(before.lockouts) !== JSON.stringify(after.lockouts)) return true
  if (before.managedStops !== after.managedStops && JSON.stringify(before.managedStops) !== JSON.stringify(after.managedStops)) return true
  if (sinceLastSaveMs < WATER_MARK_WRITE_MS) return false
  const watersMoved = before.dayHighWater !== after.dayHighWater || before.dayLowWater !== after.dayLowWater
  return watersMoved || JSON.stringify(before.peakProfitTicks) !== JSON.stringify(after.peakProfitTicks)
}
