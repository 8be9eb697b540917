// Market-feed watchdog: a half-dead feed (pings flow, quotes stop) during an open session restarts the
// market hub; a contract with no first quote after (re)subscribe is marked price-stale (HEALTH-2, RECON-10, F12).

import type { Clock, TimerHandle } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import { TimerGroup } from '../../util/timer-group'

/** Options of {@link MarketWatchdog}. */
export interface MarketWatchdogOptions {
  readonly clock: Clock
  readonly logger: Logger
  /** True while the exchange session is open (injected: CME hours, maintenance breaks, holidays). */
  readonly isSessionOpen: () => boolean
  /** Contracts currently desired on the market hub. */
  readonly subscribedCount: () => number
  /** Quote silence that counts as a dead feed (default 60 000). */
  readonly marketStaleMs?: number
  /** How long a contract may wait for its first quote after subscribe (default 3 000). */
  readonly firstQuoteTimeoutMs?: number
  /** How often silence is checked (default marketStaleMs / 6). */
  readonly checkIntervalMs?: number
  /** Restart request for the hub; the watchdog disarms itself before calling it. */
  readonly onFeedStale: (silentMs: number) => void
  /** Per-contract price freshness after (re)subscribe (RECON-10). */
  readonly onPriceStale?: (contractId: string, stale: boolean) => void
}

/** Armed only while the market hub is connected and subscribed; otherwise it holds no timers. */
export class MarketWatchdog {
  private readonly timers: TimerGroup
  private armedAt: number | null = null
  private lastQuoteAt: number | null = null
  private checkTimer: TimerHandle | null = null
  private readonly awaitingFirst = new Map<string, TimerHandle>()
  private readonly staleContracts = new Set<string>()

  constructor(private readonly options: MarketWatchdogOptions) {
    this.timers = new TimerGroup(options.clock)
  }

  private get staleMs(): number {
    return this.options.marketStaleMs ?? 60_000
  }

  /** Pending timers (leak checks). */
  get pendingTimers(): number {
    return this.timers.size
  }

  /** Contracts currently flagged price-stale. */
  get staleContractIds(): readonly string[] {
    return [...this.staleContracts]
  }

  /** Starts watching after a successful (re)subscribe of `contractIds`. */
  arm(contractIds: readonly string[]): void {
    this.disarm()
    this.armedAt = this.options.clock.now()
    for (const id of contractIds) {
      this.awaitingFirst.set(id, this.timers.set(() => {
        this.awaitingFirst.delete(id)
        this.markStale(id, true)
      }, this.options.firstQuoteTimeoutMs ?? 3000))
    }
    this.scheduleCheck()
  }

  /** Newly desired contract while armed: it gets its own first-quote deadline. */
  watchContract(contractId: string): void {
    if (this.armedAt === null || this.awaitingFirst.has(contractId)) return
    this.awaitingFirst.set(contractId, this.timers.set(() => {
      this.awaitingFirst.delete(contractId)
      this.markStale(contractId, true)
    }, this.options.firstQuoteTimeoutMs ?? 3000))
  }

  /** Stops every timer (outage, restart, stop). Price-stale flags stay until a quote clears them. */
  disarm(): void {
    this.timers.clear()
    this.awaitingFirst.clear()
    this.checkTimer = null
    this.armedAt = null
  }

  /** Every accepted GatewayQuote. */
  noteQuote(contractId: string, at: number): void {
    this.lastQuoteAt = at
    const pending = this.awaitingFirst.get(contractId)
    if (pending !== undefined) {
      this.timers.cancel(pending)
      this.awaitingFirst.delete(contractId)
    }
    if (this.staleContracts.has(contractId)) this.markStale(contractId, false)
  }

  private markStale(contractId: string, stale: boolean): void {
    if (stale) this.staleContracts.add(contractId)
    else this.staleContracts.delete(contractId)
    if (stale) this.options.logger.warn('no first quote after subscribe; price marked stale', { contractId })
    this.options.onPriceStale?.(contractId, stale)
  }

  private scheduleCheck(): void {
    const every = this.options.checkIntervalMs ?? Math.max(1, Math.floor(this.staleMs / 6))
    this.checkTimer = this.timers.set(() => this.check(), every)
  }

  private check(): void {
    this.checkTimer = null
    if (this.armedAt === null) return
    const now = this.options.clock.now()
    // Silence is measured from the later of the last quote and the moment the feed was (re)armed.
    const since = Math.max(this.lastQuoteAt ?? this.armedAt, this.armedAt)
    const silentMs = now - since
    if (this.options.isSessionOpen() && this.options.subscribedCount() >= 1 && silentMs >= this.staleMs) {
      this.options.logger.warn('FEED_STALE: no GatewayQuote while the session is open; restarting market hub', { code: 'FEED_STALE', silentMs })
      this.disarm()
      this.options.onFeedStale(silentMs)
      return
    }
    this.scheduleCheck()
  }
}
