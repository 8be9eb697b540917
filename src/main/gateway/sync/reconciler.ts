// REST reconciliation after every gap (start, reconnect, rebuild, resume) and as a 60 s drift check:
// fetch per account in parallel, apply as one snapshot, replay held-back hub frames, report the diff.

import type { Clock, TimerHandle } from '../../ports/clock'
import { PRIORITY, type CallOptions, type GatewayRest } from '../../ports/gateway'
import type { HubLifecycleListener, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { AuditRepository } from '../../ports/repositories'
import type { DataFreshness, HubState } from '../../../shared/domain/health'
import type { Account } from '../../portfolio/model'
import type { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { resolveClosedOrders } from './order-resolution'
import { driftKeys, eventKeys, noticesFor, type ReconcileNotice } from './reconcile-report'
import type { AccountDiff, AccountSnapshotInput } from '../../portfolio/mirror-types'
import { Semaphore } from '../../util/semaphore'
import { breakerRetryAfterMs, errorText, withDeadline } from './sync-util'

export type { ReconcileNotice } from './reconcile-report'

export type ReconcileTrigger = 'start' | 'reconnect' | 'rebuild' | 'resume' | 'drift' | 'retry' | 'manual' | 'overflow' | 'stuck-orders'

export interface ReconcileResult {
  readonly trigger: ReconcileTrigger
  readonly startedAt: number
  readonly finishedAt: number
  readonly diffs: readonly AccountDiff[]
  /** Drift check only: REST disagreed with the mirror in a way no late hub frame explains (HEALTH-3). */
  readonly driftMismatch: boolean
}

export interface ReconcilerStatus {
  readonly freshness: DataFreshness
  readonly running: boolean
  /** Retries exhausted (RECON-8): banner + manual retry; risk-increasing actions blocked. */
  readonly degraded: boolean
  readonly lastReconciledAt: number | null
  readonly lastError: string | null
  readonly failedAttempts: number
  readonly userHubConnected: boolean
  /** True whenever local state is not known-good; flatten/cancel stay allowed regardless (RECON-8). */
  readonly riskIncreasingBlocked: boolean
}

export interface ReconcilerOptions {
  readonly rest: GatewayRest
  readonly mirror: PortfolioMirror
  readonly clock: Clock
  readonly logger: Logger
  readonly audit?: AuditRepository
  /** Trader-facing notices (RECON-9); the composition root maps them to toasts / OS notifications. */
  readonly notify?: (notice: ReconcileNotice) => void
  /** RECON-7: the risk engine re-evaluates on reconciled state. */
  readonly onReconciled?: (result: ReconcileResult) => void
  readonly onStatusChange?: (status: ReconcilerStatus) => void
  /** HEALTH-3: a drift mismatch means the user hub missed frames; restart it. */
  readonly requestUserHubRestart?: (reason: string) => void
  /** Accounts to reconcile; null or absent means every active account. */
  readonly monitoredAccounts?: () => readonly number[] | null
  readonly perCallTimeoutMs?: number
  readonly runTimeoutMs?: number
  readonly maxConcurrent?: number
  readonly retryDelaysMs?: readonly number[]
  /** CFG-5: minimum spacing of reconnect-triggered runs. */
  readonly minReconnectIntervalMs?: number
  readonly driftIntervalMs?: number
  readonly bufferLimit?: number
  /** Trade/search starts this long before the last fill seen (RECON-3). */
  readonly tradeLookbackMs?: number
  /** Trade/search window when no fill was ever seen for the account. */
  readonly initialTradeWindowMs?: number
  readonly pnlNoticeThresholdUsd?: number
}

const GAP_TRIGGERS: readonly ReconcileTrigger[] = ['start', 'reconnect', 'rebuild']

/** Runs reconciliations one at a time; requests arriving meanwhile coalesce into one follow-up run. */
export class Reconciler implements HubLifecycleListener {
  private freshness: DataFreshness = 'STALE'
  private running = false
  private degraded = false
  private lastReconciledAt: number | null = null
  private lastError: string | null = null
  private failedAttempts = 0
  private userHubConnected = false
  private pending: ReconcileTrigger | null = null
  private lastGapRunAt: number | null = null
  private deferredTimer: TimerHandle | null = null
  private retryTimer: TimerHandle | null = null
  private driftTimer: TimerHandle | null = null
  private stopped = false
  private idle: Promise<void> = Promise.resolve()
  private readonly log: Logger
  private readonly cfg: Required<Omit<ReconcilerOptions, 'audit' | 'notify' | 'onReconciled' | 'onStatusChange' | 'requestUserHubRestart' | 'monitoredAccounts' | 'rest' | 'mirror' | 'clock' | 'logger'>>

  constructor(private readonly opts: ReconcilerOptions) {
    this.log = opts.logger.child('reconciler')
    this.cfg = {
      perCallTimeoutMs: opts.perCallTimeoutMs ?? 5_000,
      runTimeoutMs: opts.runTimeoutMs ?? 15_000,
      maxConcurrent: opts.maxConcurrent ?? 5,
      retryDelaysMs: opts.retryDelaysMs ?? [1_000, 5_000, 10_000],
      minReconnectIntervalMs: opts.minReconnectIntervalMs ?? 5_000,
      driftIntervalMs: opts.driftIntervalMs ?? 60_000,
      bufferLimit: opts.bufferLimit ?? 1_000,
      tradeLookbackMs: opts.tradeLookbackMs ?? 300_000,
      initialTradeWindowMs: opts.initialTradeWindowMs ?? 86_400_000,
      pnlNoticeThresholdUsd: opts.pnlNoticeThresholdUsd ?? 100,
    }
  }

  /** Starts the drift-check timer (RECON-1). Runs themselves are triggered by hub lifecycle calls. */
  start(): void {
    this.stopped = false
    this.scheduleDrift()
  }

  /** Clears every timer (HEALTH-6); a run in flight finishes but schedules nothing. */
  stop(): void {
    this.stopped = true
    for (const t of [this.deferredTimer, this.retryTimer, this.driftTimer]) if (t !== null) this.opts.clock.clearTimeout(t)
    this.deferredTimer = this.retryTimer = this.driftTimer = null
  }

  status(): ReconcilerStatus {
    return {
      freshness: this.freshness,
      running: this.running,
      degraded: this.degraded,
      lastReconciledAt: this.lastReconciledAt,
      lastError: this.lastError,
      failedAttempts: this.failedAttempts,
      userHubConnected: this.userHubConnected,
      riskIncreasingBlocked: this.degraded || this.freshness !== 'FRESH',
    }
  }

  /** Resolves once no run is in flight or queued (tests and shutdown). */
  whenIdle(): Promise<void> {
    return this.idle
  }

  // ---- HubLifecycleListener ------------------------------------------------------------------------

  onStateChange(hub: HubName, state: HubState, _detail: string | null): void {
    if (hub !== 'user') return
    this.userHubConnected = state === 'CONNECTED'
    // RECON-2: anything but CONNECTED means frames may be missing.
    if (state !== 'CONNECTED') this.setFreshness('STALE')
    else this.emitStatus()
  }

  onConnected(hub: HubName, reason: 'start' | 'reconnect' | 'rebuild'): void {
    if (hub !== 'user') return
    this.userHubConnected = true
    void this.request(reason)
  }

  onOutage(hub: HubName): void {
    if (hub !== 'user') return
    this.userHubConnected = false
    this.setFreshness('STALE')
  }

  /** After OS sleep the sockets are dead and the gap unknown (RECON-1, F21). */
  onResume(): void {
    this.setFreshness('STALE')
    void this.request('resume')
  }

  /** Manual retry from the DEGRADED banner (RECON-8). */
  retryNow(): Promise<void> {
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer)
    this.retryTimer = null
    return this.request('manual')
  }

  /**
   * Asks for a run. Reconnect-type triggers closer than `minReconnectIntervalMs` to the previous one are
   * deferred (CFG-5); a request during a run queues exactly one follow-up run.
   */
  request(trigger: ReconcileTrigger): Promise<void> {
    if (this.stopped) return this.idle
    if (trigger !== 'drift') this.setFreshness(this.freshness === 'FRESH' && trigger === 'stuck-orders' ? 'FRESH' : 'STALE')
    if (GAP_TRIGGERS.includes(trigger) && this.lastGapRunAt !== null) {
      const wait = this.lastGapRunAt + this.cfg.minReconnectIntervalMs - this.opts.clock.now()
      if (wait > 0) {
        if (this.deferredTimer === null) {
          this.deferredTimer = this.opts.clock.setTimeout(() => {
            this.deferredTimer = null
            void this.request(trigger)
          }, wait)
        }
        return this.idle
      }
    }
    if (GAP_TRIGGERS.includes(trigger)) this.lastGapRunAt = this.opts.clock.now()
    if (this.running) {
      if (this.pending === null || this.pending === 'drift') this.pending = trigger
      return this.idle
    }
    this.running = true
    this.idle = this.loop(trigger)
    return this.idle
  }

  /**
   * FILL-2: fills and fillVolume disagree for one order; fetch its fills and orders from REST and apply
   * them through the mirror (idempotent: duplicates are ignored, older order states refused).
   */
  async reconcileOrderFills(accountId: number, orderId: number): Promise<void> {
    const order = this.opts.mirror.order(orderId)
    const created = order?.createdAt ?? this.opts.clock.now() - this.cfg.initialTradeWindowMs
    const since = new Date(created - 60_000).toISOString()
    try {
      const [trades, orders] = await withDeadline(
        Promise.all([this.opts.rest.searchTrades(accountId, since, undefined, this.callOptions()), this.opts.rest.searchOrders(accountId, since, undefined, this.callOptions())]),
        this.cfg.runTimeoutMs,
        this.opts.clock,
        'fill reconcile',
      )
      const now = this.opts.clock.now()
      for (const t of trades) if (t.accountId === accountId) this.opts.mirror.apply({ kind: 'trade', data: t }, now, 'reconcile')
      for (const o of orders) if (o.accountId === accountId) this.opts.mirror.apply({ kind: 'order', data: o }, now, 'reconcile')
      this.log.info('fill reconcile done', { accountId, orderId, trades: trades.length })
    } catch (error) {
      this.log.warn('fill reconcile failed', { accountId, orderId, error: errorText(error) })
    }
  }

  // ---- the run loop --------------------------------------------------------------------------------

  private async loop(first: ReconcileTrigger): Promise<void> {
    this.emitStatus()
    let next: ReconcileTrigger | null = first
    while (next !== null && !this.stopped) {
      this.pending = null
      const trigger: ReconcileTrigger = next
      try {
        const result = await this.runOnce(trigger)
        if (result !== null) this.succeeded(result)
        else this.pending ??= 'overflow'
      } catch (error) {
        this.failed(trigger, error)
      }
      next = this.pending
    }
    this.running = false
    this.emitStatus()
  }

  /** One fetch-apply cycle; null when the frame buffer overflowed and the run must be repeated (RECON-4). */
  private async runOnce(trigger: ReconcileTrigger): Promise<ReconcileResult | null> {
    const { clock, mirror } = this.opts
    const startedAt = clock.now()
    if (trigger !== 'drift') this.setFreshness('RECONCILING')
    mirror.startBuffering(this.cfg.bufferLimit)
    const abort = new AbortController()
    let snapshots: Map<number, AccountSnapshotInput>
    try {
      // RECON-3: the whole fetch is aborted at runTimeoutMs; each call has its own 5 s budget too.
      snapshots = await withDeadline(this.fetchAll(abort.signal), this.cfg.runTimeoutMs, clock, 'reconciliation', () => abort.abort())
    } catch (error) {
      abort.abort()
      // Frames held back are still true facts; apply them rather than lose them.
      mirror.stopBuffering(true)
      throw error
    }
    // From here on everything is synchronous, so no frame can slip between the snapshot and the replay.
    const at = clock.now()
    const diffs = [...snapshots].map(([accountId, snap]) => mirror.applySnapshot(accountId, snap, 'reconcile', at))
    const { events, overflowed } = mirror.stopBuffering(true)
    if (overflowed) {
      this.log.warn('hub frame buffer overflowed during reconciliation; running again', { limit: this.cfg.bufferLimit })
      return null
    }
    const unexplained = driftKeys(diffs, eventKeys(events))
    return { trigger, startedAt, finishedAt: clock.now(), diffs, driftMismatch: trigger === 'drift' && unexplained.length > 0 }
  }

  private async fetchAll(signal: AbortSignal): Promise<Map<number, AccountSnapshotInput>> {
    const { rest, mirror, clock } = this.opts
    const gate = new Semaphore(this.cfg.maxConcurrent)
    const opts = this.callOptions(signal)
    const call = <T>(label: string, fn: () => Promise<T>): Promise<T> =>
      gate.run(() => {
        if (signal.aborted) return Promise.reject(new Error('reconciliation aborted'))
        return withDeadline(fn(), this.cfg.perCallTimeoutMs, clock, label)
      })

    const monitored = this.opts.monitoredAccounts?.() ?? null
    const accountsCall = call('Account/search', () => rest.searchAccounts(true, opts))
    let ids = monitored ?? mirror.accountIds()
    let active: Account[]
    if (ids.length === 0) {
      // First start with nothing known: the account list decides what to fetch.
      active = await accountsCall
      ids = active.map((a) => a.id)
    }
    const perAccount = ids.map(async (accountId) => {
      const lastFill = mirror.lastTradeTime(accountId) ?? clock.now() - this.cfg.initialTradeWindowMs
      const since = new Date(lastFill - this.cfg.tradeLookbackMs).toISOString()
      const [positions, openOrders, trades] = await Promise.all([
        call('Position/searchOpen', () => rest.searchOpenPositions(accountId, opts)),
        call('Order/searchOpen', () => rest.searchOpenOrders(accountId, opts)),
        call('Trade/search', () => rest.searchTrades(accountId, since, undefined, opts)),
      ])
      const { resolved, vanished } = await resolveClosedOrders({ rest, mirror, logger: this.log }, accountId, openOrders, opts, call)
      return [accountId, { positions, openOrders, trades, resolvedOrders: resolved, vanishedOrderIds: vanished }] as const
    })
    const [accounts, fetched] = await Promise.all([accountsCall, Promise.all(perAccount)])
    active = accounts
    const out = new Map<number, AccountSnapshotInput>()
    for (const [accountId, snap] of fetched) out.set(accountId, { ...snap, account: active.find((a) => a.id === accountId) ?? null })
    return out
  }

  private succeeded(result: ReconcileResult): void {
    this.failedAttempts = 0
    this.degraded = false
    this.lastError = null
    this.lastReconciledAt = result.finishedAt
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer)
    this.retryTimer = null
    // FRESH needs both a reconciled snapshot and a live user hub to keep it current (RECON-2).
    this.setFreshness(this.userHubConnected ? 'FRESH' : 'STALE')
    for (const notice of noticesFor(result.diffs, this.cfg.pnlNoticeThresholdUsd)) this.publish(notice)
    if (result.driftMismatch) {
      this.log.warn('drift check found state the user hub never delivered; restarting it', { trigger: result.trigger })
      this.opts.requestUserHubRestart?.('drift mismatch')
    }
    this.log.info('reconciled', { trigger: result.trigger, accounts: result.diffs.length, ms: result.finishedAt - result.startedAt })
    try {
      this.opts.onReconciled?.(result)
    } catch (error) {
      this.log.error('onReconciled listener failed', { error: errorText(error) })
    }
  }

  private failed(trigger: ReconcileTrigger, error: unknown): void {
    this.lastError = errorText(error)
    if (trigger === 'drift') {
      // A failed drift check says nothing about the hub's data; the next tick tries again.
      this.log.warn('drift check failed', { error: this.lastError })
      return
    }
    this.failedAttempts++
    this.setFreshness('STALE')
    const ladder = this.cfg.retryDelaysMs[this.failedAttempts - 1]
    // H12-1: refused by an OPEN breaker: try again the moment it half-opens (its probes then decide),
    // even once the ladder is used up, so a short outage never leaves the engine waiting for a click.
    const breakerWait = breakerRetryAfterMs(error)
    const delay = breakerWait !== null ? Math.max(ladder ?? 0, breakerWait + 50) : ladder
    if (delay !== undefined) this.scheduleRetry(delay)
    if (ladder !== undefined) {
      this.log.warn('reconciliation failed; retrying', { trigger, attempt: this.failedAttempts, delayMs: delay, error: this.lastError })
      return
    }
    if (this.degraded) return // already told; breaker-timed retries past the ladder stay quiet
    this.degraded = true
    this.log.error('reconciliation failed after retries; DEGRADED until a manual retry', { attempts: this.failedAttempts, error: this.lastError })
    this.publish({ severity: 'critical', title: 'Account state could not be verified', body: 'Reconciliation with the gateway failed. New risk is blocked; flatten and cancel still work. Retry from the banner.', accountId: null })
  }

  private scheduleRetry(delay: number): void {
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer)
    this.retryTimer = this.opts.clock.setTimeout(() => void ((this.retryTimer = null), this.request('retry')), delay)
  }

  private publish(notice: ReconcileNotice): void {
    this.opts.audit?.append({ at: this.opts.clock.now(), category: 'connection', severity: notice.severity, message: `${notice.title}: ${notice.body}`, accountId: notice.accountId, detail: null })
    this.opts.notify?.(notice)
  }

  private callOptions(signal?: AbortSignal): CallOptions {
    return signal === undefined ? { priority: PRIORITY.reconcile, timeoutMs: this.cfg.perCallTimeoutMs } : { priority: PRIORITY.reconcile, timeoutMs: this.cfg.perCallTimeoutMs, signal }
  }

  private scheduleDrift(): void {
    if (this.stopped) return
    this.driftTimer = this.opts.clock.setTimeout(() => {
      this.driftTimer = null
      // While the user hub is down the poller covers REST; the reconnect triggers the real run.
      if (this.userHubConnected && !this.running) void this.request(this.degraded || this.freshness !== 'FRESH' ? 'retry' : 'drift')
      this.scheduleDrift()
    }, this.cfg.driftIntervalMs)
  }

  private setFreshness(next: DataFreshness): void {
    if (this.freshness === next) return
    this.freshness = next
    this.emitStatus()
  }

  private emitStatus(): void {
    this.opts.onStatusChange?.(this.status())
  }
}
