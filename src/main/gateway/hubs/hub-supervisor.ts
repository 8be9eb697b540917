// One supervisor per hub (user, market): owns the HubConnection, our own state machine, start retries,
// permanent-failure rebuilds, 401 refresh, make-before-break token swaps, polling signals and metrics
// (resilience.md §8/§11/§12, HUB-3..12, SUB-2/4/5, TOK-12, F9–F18, F25).

import type { RetryContext } from '@microsoft/signalr'
import type { TimerHandle } from '../../ports/clock'
import type { GatewayEventListener, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { HubHealth, HubState } from '../../../shared/domain/health'
import { FrameNormalizer } from './frame-normalizer'
import { buildActiveConnection, describeAttemptFailure, detachHandlers, stopActiveConnection } from './hub-connection'
import type { ActiveConnection, ActiveConnectionWiring } from './hub-connection'
import { HubEventFanout } from './hub-event-fanout'
import { HubMetrics } from './hub-metrics'
import { HubOutageTracker } from './hub-outage'
import { HubStateReporter } from './hub-state-reporter'
import { MAX_AUTH_CYCLES, rebuildDelayMs, type HubSupervisorListener, type HubSupervisorOptions } from './hub-supervisor-options'
import { MarketWatchdog } from './market-watchdog'
import { BackoffRetryPolicy } from './retry-policy'
import { redactHubLog } from './signalr-connection-factory'
import { TimerGroup } from '../../util/timer-group'
export type { HubSupervisorListener, HubSupervisorOptions } from './hub-supervisor-options'

/**
 * Keeps one hub alive and never gives up: the library's reconnect covers short outages, our start loop
 * failed first connects (the library does not retry them), then a rebuild loop makes a NEW connection with
 * a fresh token forever. `stop()` is the only intentional end; it leaves no timers, handlers or sockets.
 */
export class HubSupervisor {
  private readonly hub: HubName
  private readonly log: Logger
  private readonly policy: BackoffRetryPolicy
  private readonly timers: TimerGroup
  private readonly normalizer: FrameNormalizer
  private readonly watchdog: MarketWatchdog | null
  private readonly status: HubStateReporter<HubSupervisorListener>
  private readonly metrics: HubMetrics
  private readonly outage: HubOutageTracker
  private readonly events: HubEventFanout
  private readonly wiring: ActiveConnectionWiring
  private readonly unsubscribeSubs: () => void
  private running = false
  private conn: ActiveConnection | null = null
  private candidate: ActiveConnection | null = null
  private nextId = 1
  private applySeq = 0
  private permanent = false
  private startFailures = 0
  private startLoopBegan = 0
  private authCycles = 0
  private rebuildTimer: TimerHandle | null = null
  private deferTimer: TimerHandle | null = null
  private tokenUnsub: (() => void) | null = null

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
    this.status = new HubStateReporter(options.hub, this.log, options.listener)
    this.metrics = new HubMetrics(options.clock)
    this.outage = new HubOutageTracker(this.timers, options.pollingStartDelayMs ?? 10_000, this.log, {
      onOutage: () => this.status.notify((l) => l.onOutage?.(this.hub)),
      onPollingNeeded: () => this.status.notify((l) => l.onPollingNeeded?.(this.hub)),
      onPollingNotNeeded: () => this.status.notify((l) => l.onPollingNotNeeded?.(this.hub)),
      onPollingDelayElapsed: () => {
        if (this.status.state === 'CONNECTING' || this.status.state === 'RECONNECTING') this.status.set('POLLING', this.status.detail)
      },
    })
    this.events = new HubEventFanout({
      clock: options.clock,
      log: this.log,
      subscriptions: options.subscriptions,
      watchdog: this.watchdog,
      onFrame: (at) => this.metrics.noteMessage(at),
    })
    this.wiring = {
      hub: this.hub,
      createConnection: options.createConnection,
      normalizer: this.normalizer,
      log: this.log,
      nextReconnectDelay: (active, ctx) => this.nextReconnectDelay(active, ctx),
      receive: (produce) => this.events.receive(produce),
      onReconnecting: (active, err) => this.onReconnecting(active, err),
      onReconnected: (active) => void this.afterConnected(active, 'reconnect'),
      onClose: (active, err) => void this.onClosed(active, err),
    }
    this.unsubscribeSubs = options.subscriptions.onChange((added, removed) => {
      const active = this.conn
      if (active === null || this.status.state !== 'CONNECTED') return // the next connect applies the desired set
      void options.subscriptions.invokeNow(active.c, [...removed, ...added])
      for (const call of added) if (typeof call.args[0] === 'string') this.watchdog?.watchContract(call.args[0])
    })
  }

  /** Current supervisor state. */
  get state(): HubState {
    return this.status.state
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
    return this.metrics.health(this.status.state, this.status.detail)
  }

  /** Adds a listener for normalized events; the returned function removes exactly it (SUB-4). */
  onEvent(listener: GatewayEventListener): () => void {
    return this.events.onEvent(listener)
  }

  /** Starts monitoring this hub; idempotent. Failures are retried, never thrown (HUB-4). */
  start(): void {
    if (this.running) return
    this.running = true
    this.permanent = false
    this.startFailures = 0
    this.authCycles = 0
    this.startLoopBegan = this.options.clock.now()
    this.metrics.markStarting()
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
    this.rebuildTimer = this.deferTimer = null
    this.options.subscriptions.cancel()
    this.watchdog?.disarm()
    this.tokenUnsub?.()
    this.tokenUnsub = null
    const toStop = [this.conn, this.candidate]
    this.conn = this.candidate = null
    await Promise.all(toStop.map((a) => (a ? stopActiveConnection(a, this.log) : Promise.resolve())))
    this.outage.end() // its polling timer went with timers.clear() above; a running poll is released
    this.metrics.markStopped()
    this.status.set('DISCONNECTED', 'stopped')
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
    this.metrics.markDown()
    this.beginOutage(true)
    this.status.set(this.outage.pollingActive ? 'POLLING' : 'RECONNECTING', reason)
    if (old) await stopActiveConnection(old, this.log)
    this.startFailures = 0
    this.startLoopBegan = this.options.clock.now()
    if (this.running && this.conn === null) void this.connect('rebuild')
  }

  // ---- connection lifecycle ------------------------------------------------------------------------
  private nextReconnectDelay(active: ActiveConnection, ctx: RetryContext): number | null {
    // A 401 stops the library loop at once: refresh + rebuild instead, not counted as an attempt (HUB-8).
    if (active.authFailed) return null
    const delay = this.capWhilePolling(this.policy.nextRetryDelayInMilliseconds(ctx))
    const why = describeAttemptFailure(active, ctx.retryReason)
    this.log.info('hub reconnect attempt', { attempt: ctx.previousRetryCount + 1, delayMs: delay, elapsedMs: ctx.elapsedMilliseconds, reason: why })
    if (this.conn === active && delay !== null) this.status.setDetail(`reconnect attempt ${ctx.previousRetryCount + 1} in ${delay} ms (${why})`)
    return delay
  }

  private async connect(reason: 'start' | 'rebuild'): Promise<void> {
    this.rebuildTimer = null
    if (!this.running || this.conn !== null) return
    const active = buildActiveConnection(this.nextId++, this.wiring)
    this.conn = active
    this.status.set(this.outage.pollingActive ? 'POLLING' : 'CONNECTING', reason === 'start' ? 'connecting' : 'rebuilding connection')
    try {
      await active.c.start()
    } catch (e) {
      if (this.conn !== active) return
      this.conn = null
      detachHandlers(active)
      if (active.authFailed) return this.authRefresh()
      return this.onConnectFailed(active, e)
    }
    if (this.conn !== active) {
      await stopActiveConnection(active, this.log)
      return
    }
    await this.afterConnected(active, this.metrics.everConnected ? 'rebuild' : 'start')
  }

  private onConnectFailed(active: ActiveConnection, e: unknown): void {
    const why = describeAttemptFailure(active, e)
    if (this.permanent) {
      this.status.set('PERMANENTLY_DISCONNECTED', `rebuild failed: ${why}`)
      this.scheduleRebuild()
      return
    }
    this.startFailures++
    const delay = this.capWhilePolling(this.policy.nextRetryDelayInMilliseconds({
      previousRetryCount: this.startFailures - 1,
      elapsedMilliseconds: this.options.clock.now() - this.startLoopBegan,
      retryReason: e instanceof Error ? e : new Error(String(e)),
    }))
    this.log.warn('hub start failed', { attempt: this.startFailures, nextDelayMs: delay, reason: why })
    if (delay === null) return this.enterPermanent(`start failed ${this.startFailures}×: ${why}`)
    this.status.setDetail(`start attempt ${this.startFailures} failed (${why}); retry in ${delay} ms`)
    this.rebuildTimer = this.timers.set(() => void this.connect('start'), delay)
  }

  private async afterConnected(active: ActiveConnection, reason: 'start' | 'reconnect' | 'rebuild'): Promise<void> {
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
  private swapIfTokenStale(active: ActiveConnection): void {
    if (this.conn !== active || active.tokenUsed === null || this.options.restartOnTokenSwap === false) return
    if (active.tokenUsed === (this.options.tokenSource.current() ?? '')) return
    this.log.info('hub connected with a token that was replaced meanwhile; moving to the current one')
    void this.swapConnection()
  }

  private markUp(reason: 'start' | 'reconnect' | 'rebuild', countAsReconnect = true): void {
    this.metrics.markUp(countAsReconnect)
    this.permanent = false
    this.startFailures = 0
    this.authCycles = 0
    this.timers.cancel(this.rebuildTimer)
    this.rebuildTimer = null
    this.status.set('CONNECTED', null)
    // The sync layer reconciles in onConnected and only then marks data fresh (HUB-6).
    this.status.notify((l) => l.onConnected?.(this.hub, reason))
    this.outage.end()
    this.watchdog?.arm(this.options.subscriptions.desired.filter((id): id is string => typeof id === 'string'))
  }

  private onReconnecting(active: ActiveConnection, err: Error | undefined): void {
    if (this.conn !== active || !this.running) return
    this.metrics.markDown()
    this.beginOutage(true)
    // Once per outage (HUB-5); while polling the word stays POLLING.
    if (this.status.state !== 'RECONNECTING' && this.status.state !== 'POLLING') this.status.set('RECONNECTING', redactHubLog(err?.message ?? 'connection lost'))
  }

  private async onClosed(active: ActiveConnection, err: Error | undefined): Promise<void> {
    if (this.conn !== active) return // replaced, or stopped intentionally (stop() clears conn first)
    this.conn = null
    detachHandlers(active)
    if (!this.running) return
    this.metrics.markDown()
    if (active.authFailed) return this.authRefresh()
    // The library passes no error after giving up, so the last retry reason lives in our detail.
    this.enterPermanent(err ? redactHubLog(err.message) : (this.status.detail ?? 'reconnect attempts exhausted'))
  }

  private async authRefresh(): Promise<void> {
    this.metrics.markDown()
    this.beginOutage(true)
    this.authCycles++
    if (this.authCycles > MAX_AUTH_CYCLES) return this.enterPermanent('hub upgrade keeps returning 401 after token refresh')
    this.status.set('AUTH_REFRESH', 'hub upgrade refused: 401')
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
    this.outage.requestPolling()
    this.status.set('PERMANENTLY_DISCONNECTED', detail)
    this.scheduleRebuild()
  }

  /** H12-11: a sign the gateway is back (poll recovered, network change) ends the wait between rebuilds. */
  tryNow(reason: string): void {
    if (!this.running || !this.permanent || this.conn !== null || this.rebuildTimer === null) return
    this.log.info('gateway looks reachable again; rebuilding now', { reason })
    this.timers.cancel(this.rebuildTimer) // connect() clears the handle
    void this.connect('rebuild')
  }

  /** H12-11: while polling, REST answers and only the hub is out: retries are capped at the rebuild interval. */
  private capWhilePolling(delay: number | null): number | null {
    return delay === null || !this.outage.pollingActive ? delay : Math.min(delay, rebuildDelayMs(this.options))
  }

  /** H12-11: 7 s ± 25 % (was 60 s): live within ~9 s of the hubs' return. */
  private scheduleRebuild(): void {
    this.timers.cancel(this.rebuildTimer)
    this.rebuildTimer = this.timers.set(() => void this.connect('rebuild'), rebuildDelayMs(this.options))
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
    if (this.status.state === 'CONNECTED') void this.swapConnection()
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
    const next = buildActiveConnection(this.nextId++, this.wiring)
    this.candidate = next
    let ok = false
    try {
      await next.c.start()
      const res = await this.options.subscriptions.apply(next.c, () => this.running && this.candidate === next && next.c.state === 'Connected')
      ok = res.ok
    } catch (e) {
      this.log.warn('make-before-break connect failed; keeping the current connection', { reason: describeAttemptFailure(next, e) })
    }
    if (this.candidate !== next) return // stopped meanwhile; stop() handled the candidate
    this.candidate = null
    if (!ok || !this.running || this.conn !== old) {
      await stopActiveConnection(next, this.log)
      return
    }
    this.conn = next
    await stopActiveConnection(old, this.log)
    this.log.info('hub connection replaced after token swap')
    this.markUp('rebuild', false) // a planned swap is not an outage recovery
    this.swapIfTokenStale(next)
  }

  // ---- outage --------------------------------------------------------------------------------------
  private beginOutage(announce: boolean): void {
    this.watchdog?.disarm()
    this.outage.begin(announce)
  }
}
