// One supervisor per hub (user, market): owns the HubConnection, our own state machine, start retries,
// permanent-failure rebuilds, 401 refresh, make-before-break token swaps, polling signals and metrics
// (resilience.md §8/§11/§12, HUB-3..12, SUB-2/4/5, TOK-12, F9–F18, F25).

import type { RetryContext } from '@microsoft/signalr'
import type { Clock, TimerHandle } from '../../ports/clock'
import type { TokenSource } from '../../ports/gateway'
import type { GatewayEvent, GatewayEventListener, HubLifecycleListener, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { HubHealth, HubState } from '../../../shared/domain/health'
import { PX_MARKET_HUB, PX_USER_HUB } from '../../../shared/projectx/endpoints'
import { FrameNormalizer } from './frame-normalizer'
import type { HubSubscriptions } from './hub-subscriptions'
import { MarketWatchdog } from './market-watchdog'
import type { MarketWatchdogOptions } from './market-watchdog'
import { BackoffRetryPolicy, jitter } from './retry-policy'
import type { RetryPolicyConfig } from './retry-policy'
import { redactHubLog } from './signalr-connection-factory'
import type { ConnectionFactory, HubConnectionLike } from './signalr-connection-factory'
import { TimerGroup } from './timer-group'

/** Lifecycle callbacks plus the REST-polling request the sync layer acts on (HUB-12). */
export interface HubSupervisorListener extends HubLifecycleListener {
  /** `pollingStartDelayMs` into an outage (or at once on permanent failure): start REST polling. */
  onPollingNeeded?(hub: HubName): void
  /** After `onConnected` of a recovery: the sync layer stops polling once its reconciliation succeeded. */
  onPollingNotNeeded?(hub: HubName): void
}

/** Options of {@link HubSupervisor}; intervals are configurable so wire tests can scale them down. */
export interface HubSupervisorOptions {
  readonly hub: HubName
  readonly createConnection: ConnectionFactory
  readonly tokenSource: TokenSource
  readonly clock: Clock
  readonly logger: Logger
  /** Desired subscriptions of this hub (persisted, restored at launch). */
  readonly subscriptions: HubSubscriptions
  readonly listener?: HubSupervisorListener
  /** Backoff for automatic reconnect and for start retries (defaults: BACKOFF-1..3). */
  readonly retry?: RetryPolicyConfig
  /** Random source for jitter (tests). */
  readonly random?: () => number
  /** Rebuild period after permanent failure, ±20 % (default 60 000, HUB-7). */
  readonly rebuildIntervalMs?: number
  /** Outage age at which REST polling is requested (default 10 000, HUB-12). */
  readonly pollingStartDelayMs?: number
  /** Restart make-before-break after a token swap (default true, TOK-12). */
  readonly restartOnTokenSwap?: boolean
  /** True while a restart must wait (e.g. a flatten is in flight); polled every `deferCheckMs`. */
  readonly deferRestart?: () => boolean
  readonly deferCheckMs?: number
  /** Market hub only: enables the feed watchdog (HEALTH-2, RECON-10). */
  readonly watchdog?: Pick<MarketWatchdogOptions, 'isSessionOpen' | 'marketStaleMs' | 'firstQuoteTimeoutMs' | 'checkIntervalMs' | 'onPriceStale'>
}

interface Active {
  readonly id: number
  c: HubConnectionLike
  readonly handlers: [string, (...args: unknown[]) => void][]
  authFailed: boolean
  lastUpgradeStatus: number | null
  /** The token the last (re)connect attempt sent; null until the factory reports one. */
  tokenUsed: string | null
}

const USER_EVENTS = [PX_USER_HUB.onAccount, PX_USER_HUB.onOrder, PX_USER_HUB.onPosition, PX_USER_HUB.onTrade]
const MARKET_EVENTS = [PX_MARKET_HUB.onQuote, PX_MARKET_HUB.onTrade, PX_MARKET_HUB.onDepth]
/** Consecutive 401 refresh cycles before falling back to the slow rebuild loop (no hot 401 loop). */
const MAX_AUTH_CYCLES = 3

/**
 * Keeps one hub alive while monitoring is on and never gives up: the library's automatic reconnect
 * covers short outages, our start loop covers failed first connects (the library does not retry them),
 * and after the policy gives up a rebuild loop creates a NEW connection with a fresh token forever.
 * `stop()` is the only intentional end; it leaves no timers, handlers or sockets behind.
 */
export class HubSupervisor {
  private readonly hub: HubName
  private readonly log: Logger
  private readonly policy: BackoffRetryPolicy
  private readonly timers: TimerGroup
  private readonly normalizer: FrameNormalizer
  private readonly watchdog: MarketWatchdog | null
  private readonly listeners = new Set<GatewayEventListener>()
  private readonly unsubscribeSubs: () => void
  private running = false
  private conn: Active | null = null
  private candidate: Active | null = null
  private nextId = 1
  private applySeq = 0
  private hubState: HubState = 'DISCONNECTED'
  private detail: string | null = null
  private everConnected = false
  private permanent = false
  private startFailures = 0
  private startLoopBegan = 0
  private authCycles = 0
  private outage = false
  private pollingActive = false
  private pollingTimer: TimerHandle | null = null
  private rebuildTimer: TimerHandle | null = null
  private deferTimer: TimerHandle | null = null
  private tokenUnsub: (() => void) | null = null
  private lastMessageAt: number | null = null
  private reconnectCount = 0
  private connectedSince: number | null = null
  private downtimeMs = 0
  private downSince: number | null = null

  constructor(private readonly options: HubSupervisorOptions) {
    this.hub = options.hub
    this.log = options.logger.child(`hub-${options.hub}`)
    this.policy = new BackoffRetryPolicy(options.retry, options.random ?? Math.random, this.log)
    this.timers = new TimerGroup(options.clock)
    this.normalizer = new FrameNormalizer(options.hub, this.log)
    this.watchdog =
      options.hub === 'market' && options.watchdog
        ? new MarketWatchdog({
            ...options.watchdog,
            clock: options.clock,
            logger: this.log,
            subscribedCount: () => options.subscriptions.desired.length,
            onFeedStale: () => void this.restart('FEED_STALE: no quotes while the session is open'),
          })
        : null
    this.unsubscribeSubs = options.subscriptions.onChange((added, removed) => {
      const active = this.conn
      if (active === null || this.hubState !== 'CONNECTED') return // the next connect applies the desired set
      void options.subscriptions.invokeNow(active.c, [...removed, ...added])
      for (const call of added) if (typeof call.args[0] === 'string') this.watchdog?.watchContract(call.args[0])
    })
  }

  /** Current supervisor state. */
  get state(): HubState {
    return this.hubState
  }

  /** Malformed frames skipped so far (HealthSnapshot.malformedFrames). */
  get malformedFrames(): number {
    return this.normalizer.stats().malformed
  }

  /** Timers this supervisor (and its helpers) still hold; 0 after stop() (HEALTH-6). */
  get pendingTimers(): number {
    return this.timers.size + this.options.subscriptions.pendingTimers + (this.watchdog?.pendingTimers ?? 0)
  }

  /** Contracts flagged price-stale by the watchdog (RECON-10). */
  get staleContracts(): readonly string[] {
    return this.watchdog?.staleContractIds ?? []
  }

  /** Metrics for the health snapshot (HEALTH-5). */
  health(): HubHealth {
    const now = this.options.clock.now()
    return {
      state: this.hubState,
      lastMessageAt: this.lastMessageAt,
      reconnectCount: this.reconnectCount,
      connectedSince: this.connectedSince,
      downtimeMs: this.downtimeMs + (this.downSince !== null ? now - this.downSince : 0),
      detail: this.detail,
    }
  }

  /** Adds a listener for normalized events; the returned function removes exactly it (SUB-4). */
  onEvent(listener: GatewayEventListener): () => void {
    const fn: GatewayEventListener = (e, at) => listener(e, at)
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  /** Starts monitoring this hub; idempotent. Failures are retried, never thrown (HUB-4). */
  start(): void {
    if (this.running) return
    this.running = true
    this.permanent = false
    this.startFailures = 0
    this.authCycles = 0
    this.startLoopBegan = this.options.clock.now()
    this.downSince = this.options.clock.now()
    this.tokenUnsub = this.options.tokenSource.onTokenSwapped(() => this.onTokenSwapped())
    // Not connected yet counts as an outage for polling purposes (F17), but is not announced as one.
    this.beginOutage(false)
    void this.connect('start')
  }

  /** Intentional stop (sign-out, monitoring off): no further attempts, no polling (SESS-2, F25). */
  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.timers.clear()
    this.pollingTimer = this.rebuildTimer = this.deferTimer = null
    this.options.subscriptions.cancel()
    this.watchdog?.disarm()
    this.tokenUnsub?.()
    this.tokenUnsub = null
    const toStop = [this.conn, this.candidate]
    this.conn = this.candidate = null
    await Promise.all(toStop.map((a) => (a ? this.stopConnection(a) : Promise.resolve())))
    if (this.pollingActive) {
      this.pollingActive = false
      this.notify((l) => l.onPollingNotNeeded?.(this.hub))
    }
    this.outage = false
    this.connectedSince = null
    this.setState('DISCONNECTED', 'stopped')
  }

  /** Releases the subscription listener; call once when the supervisor is discarded. */
  async dispose(): Promise<void> {
    await this.stop()
    this.unsubscribeSubs()
  }

  /**
   * Supervisor-driven restart (stop → new connection → subscribe → reconcile): used by the market
   * watchdog, failed subscriptions (F18) and manual retry. `stop()` alone never reconnects.
   */
  async restart(reason: string): Promise<void> {
    if (!this.running) return
    this.log.warn('restarting hub', { reason })
    const old = this.conn
    this.conn = null
    this.markDown()
    this.beginOutage(true)
    this.setState(this.pollingActive ? 'POLLING' : 'RECONNECTING', reason)
    if (old) await this.stopConnection(old)
    this.startFailures = 0
    this.startLoopBegan = this.options.clock.now()
    if (this.running && this.conn === null) void this.connect('rebuild')
  }

  // ---- connection lifecycle ------------------------------------------------------------------------

  private build(): Active {
    const active: Active = { id: this.nextId++, c: null as unknown as HubConnectionLike, handlers: [], authFailed: false, lastUpgradeStatus: null, tokenUsed: null }
    active.c = this.options.createConnection({
      hub: this.hub,
      retryPolicy: { nextRetryDelayInMilliseconds: (ctx) => this.nextReconnectDelay(active, ctx) },
      onUpgradeRejected: (status) => {
        active.lastUpgradeStatus = status
        if (status === 401) active.authFailed = true
      },
      onTokenUsed: (token) => {
        active.tokenUsed = token
      },
    })
    // Handlers are registered once, before start(), each isolated and stamping lastMessageAt (HUB-3, SUB-5).
    const names = this.hub === 'user' ? USER_EVENTS : MARKET_EVENTS
    for (const name of names) {
      const fn =
        this.hub === 'user'
          ? (arg: unknown): void => {
              this.receive(() => this.normalizer.user(name, arg))
            }
          : (...args: unknown[]): void => {
              this.receive(() => this.normalizer.market(name, args))
            }
      active.handlers.push([name, fn as (...args: unknown[]) => void])
    }
    // Registered so the library does not warn about an unknown method; the session layer decides what to do.
    active.handlers.push([PX_USER_HUB.onLogout, (): void => {
      this.log.warn('GatewayLogout received')
      this.receive(() => [{ kind: 'logout' }])
    }])
    for (const [name, fn] of active.handlers) active.c.on(name, fn)
    active.c.onreconnecting((err) => this.onReconnecting(active, err))
    active.c.onreconnected(() => void this.afterConnected(active, 'reconnect'))
    active.c.onclose((err) => void this.onClosed(active, err))
    return active
  }

  private nextReconnectDelay(active: Active, ctx: RetryContext): number | null {
    // A 401 stops the library loop at once: refresh + rebuild instead, not counted as an attempt (HUB-8).
    if (active.authFailed) return null
    const delay = this.policy.nextRetryDelayInMilliseconds(ctx)
    const why = this.upgradeDetail(active, ctx.retryReason)
    this.log.info('hub reconnect attempt', { attempt: ctx.previousRetryCount + 1, delayMs: delay, elapsedMs: ctx.elapsedMilliseconds, reason: why })
    if (this.conn === active && delay !== null) this.setDetail(`reconnect attempt ${ctx.previousRetryCount + 1} in ${delay} ms (${why})`)
    return delay
  }

  private async connect(reason: 'start' | 'rebuild'): Promise<void> {
    this.rebuildTimer = null
    if (!this.running || this.conn !== null) return
    const active = this.build()
    this.conn = active
    this.setState(this.pollingActive ? 'POLLING' : 'CONNECTING', reason === 'start' ? 'connecting' : 'rebuilding connection')
    try {
      await active.c.start()
    } catch (e) {
      if (this.conn !== active) return
      this.conn = null
      this.detach(active)
      if (active.authFailed) return this.authRefresh()
      return this.onConnectFailed(active, e)
    }
    if (this.conn !== active) {
      await this.stopConnection(active)
      return
    }
    await this.afterConnected(active, this.everConnected ? 'rebuild' : 'start')
  }

  private onConnectFailed(active: Active, e: unknown): void {
    const why = this.upgradeDetail(active, e)
    if (this.permanent) {
      this.setState('PERMANENTLY_DISCONNECTED', `rebuild failed: ${why}`)
      this.scheduleRebuild()
      return
    }
    this.startFailures++
    const delay = this.policy.nextRetryDelayInMilliseconds({
      previousRetryCount: this.startFailures - 1,
      elapsedMilliseconds: this.options.clock.now() - this.startLoopBegan,
      retryReason: e instanceof Error ? e : new Error(String(e)),
    })
    this.log.warn('hub start failed', { attempt: this.startFailures, nextDelayMs: delay, reason: why })
    if (delay === null) return this.enterPermanent(`start failed ${this.startFailures}×: ${why}`)
    this.setDetail(`start attempt ${this.startFailures} failed (${why}); retry in ${delay} ms`)
    this.rebuildTimer = this.timers.set(() => void this.connect('start'), delay)
  }

  private async afterConnected(active: Active, reason: 'start' | 'reconnect' | 'rebuild'): Promise<void> {
    if (this.conn !== active || !this.running) return
    const seq = ++this.applySeq
    const result = await this.options.subscriptions.apply(active.c, () => this.running && this.conn === active && this.applySeq === seq && active.c.state === 'Connected')
    if (this.conn !== active || !this.running || result.cancelled) return
    if (!result.ok) {
      this.log.error('hub subscriptions failed after retries; restarting hub', { failed: result.failed.map((c) => c.method) })
      await this.restart(`subscribe failed: ${result.failed.map((c) => c.method).join(', ')}`)
      return
    }
    this.markUp(reason)
    this.swapIfTokenStale(active)
  }

  /**
   * A token swapped while this connection was being set up (after the attempt read the old token) is
   * not seen by onTokenSwapped as CONNECTED, so check on arrival and move over make-before-break (F21).
   */
  private swapIfTokenStale(active: Active): void {
    if (this.conn !== active || active.tokenUsed === null || this.options.restartOnTokenSwap === false) return
    if (active.tokenUsed === (this.options.tokenSource.current() ?? '')) return
    this.log.info('hub connected with a token that was replaced meanwhile; moving to the current one')
    void this.swapConnection()
  }

  private markUp(reason: 'start' | 'reconnect' | 'rebuild', countAsReconnect = true): void {
    const now = this.options.clock.now()
    if (this.downSince !== null) this.downtimeMs += now - this.downSince
    this.downSince = null
    this.connectedSince = now
    this.permanent = false
    this.startFailures = 0
    this.authCycles = 0
    if (this.everConnected && countAsReconnect) this.reconnectCount++
    this.everConnected = true
    this.timers.cancel(this.rebuildTimer)
    this.rebuildTimer = null
    this.setState('CONNECTED', null)
    // The sync layer reconciles in onConnected and only then marks data fresh (HUB-6).
    this.notify((l) => l.onConnected?.(this.hub, reason))
    this.endOutage()
    this.watchdog?.arm(this.options.subscriptions.desired.filter((id): id is string => typeof id === 'string'))
  }

  private onReconnecting(active: Active, err: Error | undefined): void {
    if (this.conn !== active || !this.running) return
    this.markDown()
    this.beginOutage(true)
    // Once per outage (HUB-5); while polling the word stays POLLING.
    if (this.hubState !== 'RECONNECTING' && this.hubState !== 'POLLING') this.setState('RECONNECTING', redactHubLog(err?.message ?? 'connection lost'))
  }

  private async onClosed(active: Active, err: Error | undefined): Promise<void> {
    if (this.conn !== active) return // replaced, or stopped intentionally (stop() clears conn first)
    this.conn = null
    this.detach(active)
    if (!this.running) return
    this.markDown()
    if (active.authFailed) return this.authRefresh()
    // The library passes no error after giving up, so the last retry reason lives in our detail.
    this.enterPermanent(err ? redactHubLog(err.message) : (this.detail ?? 'reconnect attempts exhausted'))
  }

  private async authRefresh(): Promise<void> {
    this.markDown()
    this.beginOutage(true)
    this.authCycles++
    if (this.authCycles > MAX_AUTH_CYCLES) return this.enterPermanent('hub upgrade keeps returning 401 after token refresh')
    this.setState('AUTH_REFRESH', 'hub upgrade refused: 401')
    try {
      await this.options.tokenSource.refresh('hub-401')
    } catch (e) {
      if (this.running) this.enterPermanent(`token refresh failed: ${redactHubLog(String(e))}`)
      return
    }
    if (this.running && this.conn === null) void this.connect('rebuild')
  }

  private enterPermanent(detail: string): void {
    this.permanent = true
    this.beginOutage(true)
    this.requestPolling()
    this.setState('PERMANENTLY_DISCONNECTED', detail)
    this.scheduleRebuild()
  }

  private scheduleRebuild(): void {
    this.timers.cancel(this.rebuildTimer)
    const delay = jitter(this.options.rebuildIntervalMs ?? 60_000, 0.2, this.options.random ?? Math.random)
    this.rebuildTimer = this.timers.set(() => void this.connect('rebuild'), delay)
  }

  // ---- token swap: make-before-break (TOK-12, F16) --------------------------------------------------

  private onTokenSwapped(): void {
    if (!this.running || this.options.restartOnTokenSwap === false) return
    if (this.permanent && this.conn === null) {
      // Waiting for the next rebuild: a fresh token is a good reason to try now.
      this.timers.cancel(this.rebuildTimer)
      void this.connect('rebuild')
      return
    }
    // Reconnecting/connecting: the next attempt's accessTokenFactory call reads the new token already.
    if (this.hubState === 'CONNECTED') void this.swapConnection()
  }

  private async swapConnection(): Promise<void> {
    this.timers.cancel(this.deferTimer)
    this.deferTimer = null
    if (!this.running || this.candidate !== null) return
    if (this.options.deferRestart?.() === true) {
      // Never interrupt an in-flight flatten: try again shortly.
      this.deferTimer = this.timers.set(() => void this.swapConnection(), this.options.deferCheckMs ?? 1000)
      return
    }
    const old = this.conn
    if (old === null) return
    const next = this.build()
    this.candidate = next
    let ok = false
    try {
      await next.c.start()
      const res = await this.options.subscriptions.apply(next.c, () => this.running && this.candidate === next && next.c.state === 'Connected')
      ok = res.ok
    } catch (e) {
      this.log.warn('make-before-break connect failed; keeping the current connection', { reason: this.upgradeDetail(next, e) })
    }
    if (this.candidate !== next) return // stopped meanwhile; stop() handled the candidate
    this.candidate = null
    if (!ok || !this.running || this.conn !== old) {
      await this.stopConnection(next)
      return
    }
    this.conn = next
    await this.stopConnection(old)
    this.log.info('hub connection replaced after token swap')
    this.markUp('rebuild', false) // a planned swap is not an outage recovery
    this.swapIfTokenStale(next)
  }

  // ---- events ---------------------------------------------------------------------------------------

  private receive(produce: () => readonly GatewayEvent[]): void {
    const at = this.options.clock.now()
    this.lastMessageAt = at
    let events: readonly GatewayEvent[]
    try {
      events = produce()
    } catch (e) {
      this.log.error('hub frame handling failed', { error: String(e) })
      return
    }
    for (const event of events) {
      if (event.kind === 'quote' || event.kind === 'market-trade' || event.kind === 'depth') {
        // After UnsubscribeContractQuotes the server may still send a few frames: drop them (SUB-4).
        if (!this.options.subscriptions.has(event.contractId)) continue
        if (event.kind === 'quote') this.watchdog?.noteQuote(event.contractId, at)
      }
      for (const l of this.listeners) {
        try {
          l(event, at)
        } catch (e) {
          this.log.error('gateway event listener threw', { kind: event.kind, error: String(e) })
        }
      }
    }
  }

  // ---- outage, polling, state -------------------------------------------------------------------------

  private beginOutage(announce: boolean): void {
    this.watchdog?.disarm()
    if (this.outage) return
    this.outage = true
    if (announce) this.notify((l) => l.onOutage?.(this.hub))
    if (!this.pollingActive && this.pollingTimer === null) {
      this.pollingTimer = this.timers.set(() => {
        this.pollingTimer = null
        if (!this.outage) return
        this.requestPolling()
        if (this.hubState === 'CONNECTING' || this.hubState === 'RECONNECTING') this.setState('POLLING', this.detail)
      }, this.options.pollingStartDelayMs ?? 10_000)
    }
  }

  private endOutage(): void {
    this.outage = false
    this.timers.cancel(this.pollingTimer)
    this.pollingTimer = null
    if (this.pollingActive) {
      this.pollingActive = false
      this.notify((l) => l.onPollingNotNeeded?.(this.hub))
    }
  }

  private requestPolling(): void {
    this.timers.cancel(this.pollingTimer)
    this.pollingTimer = null
    if (this.pollingActive) return
    this.pollingActive = true
    this.log.warn('hub down: REST polling requested')
    this.notify((l) => l.onPollingNeeded?.(this.hub))
  }

  private markDown(): void {
    this.connectedSince = null
    if (this.downSince === null) this.downSince = this.options.clock.now()
  }

  private setState(state: HubState, detail: string | null): void {
    if (state === this.hubState && detail === this.detail) return
    const from = this.hubState
    this.hubState = state
    this.detail = detail
    if (from !== state) {
      this.log.info('hub state', { from, to: state, detail })
      this.notify((l) => l.onStateChange?.(this.hub, state, detail))
    }
  }

  private setDetail(detail: string): void {
    this.detail = detail
  }

  private notify(fn: (l: HubSupervisorListener) => void): void {
    const l = this.options.listener
    if (!l) return
    try {
      fn(l)
    } catch (e) {
      this.log.error('hub lifecycle listener threw', { error: String(e) })
    }
  }

  private upgradeDetail(active: Active, e: unknown): string {
    if (active.lastUpgradeStatus !== null) return `upgrade refused: ${active.lastUpgradeStatus}`
    return redactHubLog(e instanceof Error ? e.message : String(e)).slice(0, 200)
  }

  private detach(active: Active): void {
    // off() with the exact function references passed to on() (SUB-4).
    for (const [name, fn] of active.handlers) active.c.off(name, fn)
  }

  private async stopConnection(active: Active): Promise<void> {
    this.detach(active)
    try {
      await active.c.stop()
    } catch (e) {
      this.log.debug('hub stop failed', { error: String(e) })
    }
  }
}
