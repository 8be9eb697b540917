// REST polling while the user hub is down: positions and open orders every 5 s, accounts and fills every
// 15 s, delayed bar prices every 10 s per contract; all under a hard request budget (POLL-1..4).

import type { Clock, TimerHandle } from '../../ports/clock'
import { PRIORITY, type CallOptions, type GatewayRest } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { Account, Fill, Order, Position } from '../../portfolio/model'
import { resolveClosedOrders, type ClosedOrderResolution } from './order-resolution'
import type { PortfolioMirror } from '../../portfolio/portfolio-mirror'
import { latestBar, recentMinuteBars } from './last-bar'
import { errorText, withDeadline } from './sync-util'

export interface PollerOptions {
  readonly rest: GatewayRest
  readonly mirror: PortfolioMirror
  readonly clock: Clock
  readonly logger: Logger
  /** Accounts to poll. */
  readonly accountIds: () => readonly number[]
  /** Contracts needing a price; default: contracts of open positions. */
  readonly priceContracts?: () => readonly string[]
  /** True once the reconciler has verified state after the hub came back (POLL-2). */
  readonly isReconciled?: () => boolean
  readonly onStatusChange?: (status: PollerStatus) => void
  /** After every cycle, with the accounts it read and whether every call succeeded (the poll completion signal). */
  readonly onPolled?: (outcome: { readonly ok: boolean; readonly accountIds: readonly number[] }) => void
  /** POLL-3 alert, raised once per failing streak. */
  readonly onAlert?: (message: string) => void
  /** H12-11: a poll succeeded after failed ones: the gateway is back, hubs may retry now. */
  readonly onRecovered?: () => void
  readonly baseIntervalMs?: number
  readonly accountIntervalMs?: number
  readonly barIntervalMs?: number
  /** Hard cap on general-bucket requests in any 60 s window (POLL-1). */
  readonly budgetPerMinute?: number
  /** Cap on History/retrieveBars in any 30 s window (its own gateway bucket). */
  readonly barsBudgetPer30s?: number
  readonly failuresBeforeUnhealthy?: number
  readonly maxBackoffMs?: number
  readonly perCallTimeoutMs?: number
  /** `live` flag of retrieveBars (false: the data feed that simulated accounts use). */
  readonly barsLive?: boolean
}

export interface PollerStatus {
  readonly active: boolean
  /** UNHEALTHY after `failuresBeforeUnhealthy` consecutive failed cycles (POLL-3). */
  readonly health: 'HEALTHY' | 'UNHEALTHY'
  readonly consecutiveFailures: number
  /** Current position/order cadence, widened to fit the budget and by backoff. */
  readonly intervalMs: number
  readonly lastSuccessAt: number | null
  /** General-bucket requests sent in the last 60 s. */
  readonly requestsLastMinute: number
}

/** Polling mode: no time cap while the hub is down; stops within one interval once the hub is back and reconciled. */
export class Poller {
  private active = false
  private timer: TimerHandle | null = null
  private hubConnected = false
  private failures = 0
  private alerted = false
  private lastSuccessAt: number | null = null
  private lastAccountsAt: number | null = null
  private readonly lastBarAt = new Map<string, number>()
  private sent: number[] = []
  private barsSent: number[] = []
  private cycle = 0
  private readonly log: Logger
  private readonly cfg: {
    baseIntervalMs: number
    accountIntervalMs: number
    barIntervalMs: number
    budgetPerMinute: number
    barsBudgetPer30s: number
    failuresBeforeUnhealthy: number
    maxBackoffMs: number
    perCallTimeoutMs: number
    barsLive: boolean
  }

  constructor(private readonly opts: PollerOptions) {
    this.log = opts.logger.child('poller')
    this.cfg = {
      baseIntervalMs: opts.baseIntervalMs ?? 5_000,
      accountIntervalMs: opts.accountIntervalMs ?? 15_000,
      barIntervalMs: opts.barIntervalMs ?? 10_000,
      budgetPerMinute: opts.budgetPerMinute ?? 150,
      barsBudgetPer30s: opts.barsBudgetPer30s ?? 25,
      failuresBeforeUnhealthy: opts.failuresBeforeUnhealthy ?? 5,
      maxBackoffMs: opts.maxBackoffMs ?? 60_000,
      perCallTimeoutMs: opts.perCallTimeoutMs ?? 5_000,
      barsLive: opts.barsLive ?? false,
    }
  }

  /** Enters polling mode; the first poll runs at once. */
  start(): void {
    if (this.active) return
    this.active = true
    this.hubConnected = false
    this.log.info('polling mode on')
    this.schedule(0)
    this.emit()
  }

  /** Leaves polling mode and clears its timer (HEALTH-6). */
  stop(): void {
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer)
    this.timer = null
    this.cycle++ // a cycle in flight applies nothing after this
    if (!this.active) return
    this.active = false
    this.log.info('polling mode off')
    this.emit()
  }

  /** The user hub is (or is no longer) connected; polling ends at the next tick once reconciled. */
  setHubConnected(connected: boolean): void {
    this.hubConnected = connected
  }

  status(): PollerStatus {
    const now = this.opts.clock.now()
    return {
      active: this.active,
      health: this.failures >= this.cfg.failuresBeforeUnhealthy ? 'UNHEALTHY' : 'HEALTHY',
      consecutiveFailures: this.failures,
      intervalMs: this.currentIntervalMs(),
      lastSuccessAt: this.lastSuccessAt,
      requestsLastMinute: this.sent.filter((t) => t > now - 60_000).length,
    }
  }

  /**
   * Scale factor for every cadence so positions+orders (2 per account per cycle) plus accounts and fills
   * (1 + 1 per account per account-interval) stay within the per-minute budget (POLL-1).
   */
  scale(): number {
    const n = Math.max(1, this.opts.accountIds().length)
    const perMinute = (2 * n * 60_000) / this.cfg.baseIntervalMs + ((1 + n) * 60_000) / this.cfg.accountIntervalMs
    return Math.max(1, perMinute / this.cfg.budgetPerMinute)
  }

  private currentIntervalMs(): number {
    const base = Math.ceil(this.cfg.baseIntervalMs * this.scale())
    const over = this.failures - this.cfg.failuresBeforeUnhealthy + 1
    // POLL-3: keep polling after the streak, but back off exponentially up to maxBackoffMs.
    return over > 0 ? Math.min(this.cfg.maxBackoffMs, Math.max(base, base * 2 ** over)) : base
  }

  private schedule(delayMs: number): void {
    if (!this.active) return
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer)
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = null
      void this.tick()
    }, delayMs)
  }

  private async tick(): Promise<void> {
    if (!this.active) return
    if (this.hubConnected && (this.opts.isReconciled?.() ?? true)) {
      this.stop()
      return
    }
    const now = this.opts.clock.now()
    const ids = [...this.opts.accountIds()]
    const accountsDue = this.lastAccountsAt === null || now - this.lastAccountsAt >= this.cfg.accountIntervalMs * this.scale()
    const planned = 2 * ids.length + (accountsDue ? 1 + ids.length : 0)
    this.sent = this.sent.filter((t) => t > now - 60_000)
    if (this.sent.length + planned > this.cfg.budgetPerMinute) {
      // Never exceed the budget: wait until the oldest requests leave the window.
      const oldest = this.sent[Math.max(0, this.sent.length + planned - this.cfg.budgetPerMinute - 1)] ?? now
      this.schedule(Math.max(100, oldest + 60_000 - now))
      return
    }
    const cycle = ++this.cycle
    const ok = await this.pollOnce(ids, accountsDue, now, cycle)
    if (cycle !== this.cycle || !this.active) return
    await this.pollPrices(cycle)
    if (!this.active) return
    if (ok) {
      if (this.failures > 0) this.opts.onRecovered?.()
      this.failures = 0
      this.alerted = false
      this.lastSuccessAt = this.opts.clock.now()
      if (accountsDue) this.lastAccountsAt = now
    } else {
      this.failures++
      if (this.failures >= this.cfg.failuresBeforeUnhealthy && !this.alerted) {
        this.alerted = true
        this.log.error('polling failed repeatedly; UNHEALTHY', { failures: this.failures })
        this.opts.onAlert?.(`REST polling failed ${this.failures} times in a row; positions may be out of date.`)
      }
    }
    this.emit()
    try {
      this.opts.onPolled?.({ ok, accountIds: ids })
    } catch (error) {
      this.log.error('onPolled listener failed', { error: errorText(error) })
    }
    // Cadence is measured start to start, so a slow cycle does not stretch the interval.
    this.schedule(Math.max(0, this.currentIntervalMs() - (this.opts.clock.now() - now)))
  }

  /** One cycle; true when every call succeeded. Accounts whose calls all succeeded are applied anyway. */
  private async pollOnce(ids: readonly number[], accountsDue: boolean, now: number, cycle: number): Promise<boolean> {
    const { rest, mirror } = this.opts
    const opts: CallOptions = { priority: PRIORITY.poll, timeoutMs: this.cfg.perCallTimeoutMs }
    const call = <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      this.sent.push(this.opts.clock.now())
      return withDeadline(fn(), this.cfg.perCallTimeoutMs, this.opts.clock, label)
    }
    const settle = <T>(p: Promise<T>): Promise<T | Error> => p.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
    const accountsP = accountsDue ? settle(call('Account/search', () => rest.searchAccounts(true, opts))) : Promise.resolve(null)
    const perAccount = ids.map(async (accountId) => {
      const since = new Date((mirror.lastTradeTime(accountId) ?? now - 86_400_000) - 300_000).toISOString()
      const [positions, openOrders, trades] = await Promise.all([
        settle(call('Position/searchOpen', () => rest.searchOpenPositions(accountId, opts))),
        settle(call('Order/searchOpen', () => rest.searchOpenOrders(accountId, opts))),
        accountsDue ? settle(call('Trade/search', () => rest.searchTrades(accountId, since, undefined, opts))) : Promise.resolve(null),
      ])
      let resolved: ClosedOrderResolution | Error = { resolved: [], vanished: [] }
      if (!(openOrders instanceof Error)) resolved = await settle(resolveClosedOrders({ rest, mirror, logger: this.log }, accountId, openOrders, opts, call))
      return { accountId, positions, openOrders, trades, resolved }
    })
    const [accounts, results] = await Promise.all([accountsP, Promise.all(perAccount)])
    if (cycle !== this.cycle) return false
    let ok = !(accounts instanceof Error)
    if (accounts instanceof Error) this.log.warn('poll failed', { call: 'Account/search', error: errorText(accounts) })
    for (const r of results) {
      const failed = [r.positions, r.openOrders, r.trades, r.resolved].find((x): x is Error => x instanceof Error)
      if (failed) {
        ok = false
        this.log.warn('poll failed', { accountId: r.accountId, error: errorText(failed) })
        continue
      }
      const account = accounts instanceof Error || accounts === null ? undefined : ((accounts as Account[]).find((a) => a.id === r.accountId) ?? undefined)
      mirror.applySnapshot(
        r.accountId,
        {
          account,
          positions: r.positions as Position[],
          openOrders: r.openOrders as Order[],
          resolvedOrders: (r.resolved as ClosedOrderResolution).resolved,
          vanishedOrderIds: (r.resolved as ClosedOrderResolution).vanished,
          trades: (r.trades as Fill[] | null) ?? [],
        },
        'poll',
      )
    }
    return ok
  }

  /** POLL-4: no REST quote exists; the last bar's close stands in, at most once per 10 s per contract. */
  private async pollPrices(cycle: number): Promise<void> {
    const contracts = this.opts.priceContracts?.() ?? [...new Set(this.opts.mirror.openPositions().map((p) => p.contractId))]
    const now = this.opts.clock.now()
    this.barsSent = this.barsSent.filter((t) => t > now - 30_000)
    const due = contracts.filter((c) => now - (this.lastBarAt.get(c) ?? -Infinity) >= this.cfg.barIntervalMs)
    await Promise.all(
      due.map(async (contractId) => {
        if (this.barsSent.length >= this.cfg.barsBudgetPer30s) return
        this.barsSent.push(now)
        this.lastBarAt.set(contractId, now)
        try {
          const bars = await withDeadline(
            this.opts.rest.retrieveBars(
              recentMinuteBars(contractId, this.cfg.barsLive, now),
              { priority: PRIORITY.poll, timeoutMs: this.cfg.perCallTimeoutMs },
            ),
            this.cfg.perCallTimeoutMs,
            this.opts.clock,
            'History/retrieveBars',
          )
          if (cycle !== this.cycle) return
          const last = latestBar(bars)
          if (last !== undefined) this.opts.mirror.applyBarPrice(contractId, last.c, this.opts.clock.now())
        } catch (error) {
          this.log.debug('bar price poll failed', { contractId, error: errorText(error) })
        }
      }),
    )
  }

  private emit(): void {
    this.opts.onStatusChange?.(this.status())
  }
}
