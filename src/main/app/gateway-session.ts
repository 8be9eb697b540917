// One monitored gateway (the embedded simulator or a live ProjectX account): builds the resilient client,
// the hub supervisors, the mirror and its sync machinery, and the enforcement executor, and wires them.

import type { Clock } from '../ports/clock'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import type { SecretStore } from '../ports/secret-store'
import type { GatewayEvent } from '../ports/hub-events'
import type { GatewayMode } from '../../shared/domain/session'
import type { HealthSnapshot } from '../../shared/domain/health'
import { PipelineAuthApi } from '../gateway/auth/auth-api'
import { TokenManager } from '../gateway/auth/token-manager'
import { SessionService } from '../gateway/auth/session-service'
import { RestClient } from '../gateway/rest'
import { HubSubscriptions, HubSupervisor, createSignalrConnectionFactory } from '../gateway/hubs'
import type { HubSupervisorListener } from '../gateway/hubs'
import { HealthMonitor, OrderTracker, Poller, Reconciler } from '../gateway/sync'
import { PortfolioMirror } from '../portfolio'
import { OrderIntents } from '../enforcement/order-intents'
import { PositionCloser } from '../enforcement/position-closer'
import { FlattenEngine } from '../enforcement/flatten'
import { KeyedMutex } from '../util/keyed-mutex'
import { registerSecret } from '../log'
import { ConnectionAuditor, MarketInterest } from './session-watch'
import { RiskRuntime } from '../enforcement/risk-runtime'
import { defaultRiskConfig, type RiskConfig } from '../risk'
import type { GatewayEndpoints, SessionStore, SessionTuning } from './session-config'

export type { SessionStore } from './session-config'


export interface GatewaySessionDeps {
  readonly mode: GatewayMode
  readonly endpoints: GatewayEndpoints
  /** Holds this gateway's credentials: the OS keychain for live, memory for the simulator. */
  readonly secrets: SecretStore
  readonly store: SessionStore
  readonly clock: Clock
  readonly logger: Logger
  readonly notifier: Notifier
  /** Fallback in case a live gateway refuses header auth on hub upgrades (HUB-1). */
  readonly hubTokenInQuery?: boolean
  /** Called on every health change (already coalesced by the broadcaster downstream). */
  readonly onHealth: (snapshot: HealthSnapshot) => void
  /** Exchange session predicate for the market-feed watchdog. */
  readonly isSessionOpen?: () => boolean
  /** Scaled-down timings (chaos tests); absent = production defaults. */
  readonly tuning?: SessionTuning
  /** The rules in force when the session starts; later edits arrive through `risk.setConfig`. */
  readonly rules?: RiskConfig
  /** Shadow mode per account: evaluate and record, send nothing. */
  readonly isShadow?: (accountId: number) => boolean
  /** After every risk verdict (the publisher coalesces). */
  readonly onRiskChange?: () => void
  /** A lockout was set on an account. */
  readonly onLockout?: (accountId: number, message: string) => void
}

/** Every part of one monitored gateway; `start()` signs in from stored credentials and starts monitoring. */
export class GatewaySession {
  readonly tokens: TokenManager
  readonly session: SessionService
  readonly rest: RestClient
  readonly userHub: HubSupervisor
  readonly marketHub: HubSupervisor
  readonly mirror: PortfolioMirror
  readonly tracker: OrderTracker
  readonly reconciler: Reconciler
  readonly poller: Poller
  readonly health: HealthMonitor
  readonly intents: OrderIntents
  readonly flatten: FlattenEngine
  readonly risk: RiskRuntime
  private readonly log: Logger
  private readonly userSubs: HubSubscriptions
  private readonly marketSubs: HubSubscriptions
  private readonly disposers: (() => void)[] = []
  private monitoring = false
  private readonly interest: MarketInterest
  private readonly connections: ConnectionAuditor

  constructor(private readonly deps: GatewaySessionDeps) {
    const { clock, store, notifier, secrets, endpoints } = deps
    const tuning = deps.tuning ?? {}
    const logger = deps.logger.child(deps.mode)
    this.log = logger
    // Sign-in goes through the session's own pipeline, sharing its rate limiter (the client is built below).
    const authApi = new PipelineAuthApi(() => this.rest)
    this.tokens = new TokenManager(
      { api: authApi, secrets, meta: store.meta, clock, logger, notifier, audit: store.audit },
      tuning.token,
    )
    this.session = new SessionService({
      api: authApi,
      tokens: this.tokens,
      secrets,
      meta: store.meta,
      clock,
      logger,
      notifier,
      audit: store.audit,
      mode: () => deps.mode,
    })
    this.rest = new RestClient({
      baseUrl: endpoints.restUrl,
      tokenSource: this.tokens,
      clock,
      logger,
      meta: store.meta,
      ...tuning.rest,
    })
    this.mirror = new PortfolioMirror({ repo: store.portfolio, journal: store.journal, clock, logger, transaction: store.transaction })
    this.interest = new MarketInterest(this.mirror, clock)
    this.connections = new ConnectionAuditor(store.audit, clock)
    this.reconciler = new Reconciler({
      rest: this.rest,
      mirror: this.mirror,
      clock,
      logger,
      audit: store.audit,
      notify: (notice) => notifier.notify(notice.title, notice.body, 'warning'),
      onStatusChange: () => this.health.invalidate(),
      requestUserHubRestart: (reason) => void this.userHub.restart(reason),
      monitoredAccounts: () => this.mirror.accountIds(),
      onReconciled: (result) => this.mirror.noteSynced({ source: 'reconcile', ok: true, accountIds: result.diffs.map((d) => d.accountId) }),
      ...tuning.reconciler,
    })
    this.tracker = new OrderTracker({
      mirror: this.mirror,
      transitions: store.transitions,
      clock,
      logger,
      onFillMismatch: (accountId, orderId) => void this.reconciler.reconcileOrderFills(accountId, orderId),
      onStuckOrders: () => void this.reconciler.request('stuck-orders'),
    })
    this.poller = new Poller({
      rest: this.rest,
      mirror: this.mirror,
      clock,
      logger,
      accountIds: () => this.mirror.accountIds(),
      priceContracts: () => this.interest.held(),
      isReconciled: () => this.reconciler.status().freshness === 'FRESH',
      onStatusChange: () => this.health.invalidate(),
      onPolled: ({ ok, accountIds }) => this.mirror.noteSynced({ source: 'poll', ok, accountIds }),
      onAlert: (message) => notifier.notify('Tiltguard: gateway polling failing', message, 'warning'),
      onRecovered: () => {
        this.userHub.tryNow('poll recovered')
        this.marketHub.tryNow('poll recovered')
      },
      ...tuning.poller,
    })
    const mutex = new KeyedMutex<number>()
    this.intents = new OrderIntents({
      rest: this.rest,
      intents: store.intents,
      transitions: store.transitions,
      audit: store.audit,
      notifier,
      clock,
      logger,
      mutex,
    })
    const closer = new PositionCloser({
      rest: this.rest,
      clock,
      logger,
      intents: this.intents,
      cache: {
        sizeOf: (accountId, contractId) => {
          const live = this.mirror.liveSize(accountId, contractId)
          return live.confirmedAt === null ? null : { size: live.size, observedAt: live.confirmedAt }
        },
      },
    })
    this.flatten = new FlattenEngine({ rest: this.rest, closer, intents: this.intents, audit: store.audit, clock, logger, mutex })

    this.risk = new RiskRuntime({
      mirror: this.mirror,
      rest: this.rest,
      store: { lockouts: store.lockouts, enforcementLog: store.enforcementLog, riskSnapshots: store.riskSnapshots, audit: store.audit, meta: store.meta },
      clock,
      logger,
      config: deps.rules ?? defaultRiskConfig(),
      liveContracts: deps.mode === 'live',
      isShadow: deps.isShadow ?? (() => false),
      mirrorLive: () => this.userHub.health().state === 'CONNECTED',
      ...(deps.onRiskChange !== undefined ? { onChange: deps.onRiskChange } : {}),
      ...(deps.onLockout !== undefined ? { onLockout: deps.onLockout } : {}),
    })

    this.userSubs = new HubSubscriptions({ hub: 'user', clock, logger, meta: store.meta })
    this.marketSubs = new HubSubscriptions({ hub: 'market', clock, logger, meta: store.meta })
    const hubOptions = { tokenSource: this.tokens, clock, logger, deferRestart: () => this.isEnforcing(), ...tuning.hubs }
    this.userHub = new HubSupervisor({
      ...hubOptions,
      hub: 'user',
      subscriptions: this.userSubs,
      createConnection: this.connectionFactory(endpoints.userHubUrl),
      listener: this.userHubListener(),
    })
    this.marketHub = new HubSupervisor({
      ...hubOptions,
      hub: 'market',
      subscriptions: this.marketSubs,
      createConnection: this.connectionFactory(endpoints.marketHubUrl),
      listener: {
        onStateChange: (hub, state) => {
          this.connections.note(hub, state)
          this.health.invalidate()
        },
      },
      watchdog: {
        isSessionOpen: deps.isSessionOpen ?? (() => true),
        ...(tuning.marketStaleMs !== undefined ? { marketStaleMs: tuning.marketStaleMs } : {}),
      },
    })
    this.health = new HealthMonitor({
      clock,
      logger,
      mode: deps.mode,
      onChange: deps.onHealth,
      sources: {
        token: () => ({ state: this.tokens.state, expiresAt: this.tokens.expiresAt }),
        rest: () => {
          const r = this.rest.describeRestHealth()
          return { state: r.state, p50Ms: r.p50Ms, p95Ms: r.p95Ms, successRate: r.successRate }
        },
        userHub: () => this.userHub.health(),
        marketHub: () => this.marketHub.health(),
        rateBuckets: () => this.rest.describeRestHealth().rateBuckets,
        breakers: () => this.rest.describeRestHealth().breakers,
        freshness: () => this.reconciler.status().freshness,
        lastReconciledAt: () => this.reconciler.status().lastReconciledAt,
        reconcileDegraded: () => this.reconciler.status().degraded,
        malformedFrames: () => this.userHub.malformedFrames + this.marketHub.malformedFrames,
        accountCount: () => this.mirror.accountIds().length,
        polling: () => this.poller.status(),
      },
    })
    this.wire()
  }

  get mode(): GatewayMode {
    return this.deps.mode
  }

  get endpoints(): GatewayEndpoints {
    return this.deps.endpoints
  }

  /**
   * Loads the local mirror, then signs in with the given credentials, or restores the stored session
   * (unless `restore: false`: the trader signed out last time), and starts monitoring when signed in.
   */
  async start(options: { credentials?: { userName: string; apiKey: string }; restore?: boolean }): Promise<void> {
    this.mirror.load()
    // I-33: the stored risk state is in force before anything is fetched; enforcement resumes on the first event.
    this.risk.start()
    this.tracker.start()
    this.health.start()
    if (options.credentials) await this.session.signIn(options.credentials.userName, options.credentials.apiKey)
    else if (options.restore !== false) await this.session.restore()
    if (this.tokens.current() !== null) await this.startMonitoring()
  }

  /** Stops everything this session runs; leaves no timers or sockets behind. */
  async stop(): Promise<void> {
    await this.stopMonitoring()
    await this.risk.stop()
    for (const dispose of this.disposers.splice(0)) dispose()
    this.health.stop()
    this.tracker.stop()
    this.tokens.dispose()
    this.rest.flush()
    this.rest.dispose()
  }

  /** After a successful sign-in: discover accounts, resolve leftover intents, then hubs and sync. */
  async startMonitoring(): Promise<void> {
    if (this.monitoring) return
    this.monitoring = true
    try {
      const accounts = await this.rest.searchAccounts(true)
      this.userSubs.set(accounts.map((a) => a.id))
      for (const account of accounts) this.mirror.ingest({ kind: 'account', data: account }, this.deps.clock.now())
    } catch (error) {
      // Unreachable at start: the hubs and the reconciler keep retrying, and restored subscriptions apply.
      this.log.warn('account discovery failed; continuing with stored subscriptions', { error })
    }
    await this.risk.preloadContracts()
    // IDEM-2 / S5: intents left by a previous run are resolved before any new enforcement.
    await this.intents.resolveUnresolved().catch((error: unknown) => this.log.error('intent resolution failed', { error }))
    this.syncMarketSubscriptions()
    this.reconciler.start()
    this.userHub.start()
    this.marketHub.start()
    this.health.invalidate()
  }

  private async stopMonitoring(): Promise<void> {
    if (!this.monitoring) return
    this.monitoring = false
    this.poller.stop()
    this.reconciler.stop()
    await Promise.all([this.userHub.stop(), this.marketHub.stop()])
    this.health.invalidate()
  }

  /** Manual retry (RECON-8, KEY-3): re-enables re-login, reconciles now. */
  async retryNow(): Promise<void> {
    await this.session.retry()
    if (this.tokens.current() !== null) await this.startMonitoring()
    await this.reconciler.retryNow()
  }

  /** powerMonitor resume (TOK-13, F21): TTL check first, then fresh sockets and a reconciliation. */
  onResume(): void {
    // Expiries, grace periods and a reset that fell due while the machine slept are applied at once.
    this.risk.ingest({ kind: 'tick', at: this.deps.clock.now() })
    this.tokens.onResume()
    if (!this.monitoring) return
    void this.userHub.restart('resume')
    void this.marketHub.restart('resume')
    this.reconciler.onResume()
  }

  private wire(): void {
    const onEvent = (event: GatewayEvent, receivedAt: number): void => {
      if (event.kind === 'logout') void this.session.onSessionInvalidated('gateway-logout')
      else this.mirror.ingest(event, receivedAt)
    }
    this.disposers.push(
      // Every token value is known to the log redactor before it can appear anywhere (LOG-1).
      this.tokens.onTokenSwapped((token) => registerSecret(token)),
      this.userHub.onEvent(onEvent),
      this.marketHub.onEvent(onEvent),
      this.mirror.onChange(() => this.syncMarketSubscriptions()),
      this.tokens.onStateChange((state) => {
        this.health.invalidate()
        // TOK-9: a dead token means nothing we show is live; hubs stop until a new session exists.
        if (state === 'EXPIRED' || state === 'SIGNED_OUT') void this.stopMonitoring()
      }),
      this.rest.onHealthChange(() => this.health.invalidate()),
      this.session.onSignedOut(() => void this.stopMonitoring()),
      this.session.onRebuildNeeded((source) => {
        if (!this.monitoring) return void this.startMonitoring()
        void this.userHub.restart(`session re-established (${source})`)
        void this.marketHub.restart(`session re-established (${source})`)
      }),
    )
  }

  private userHubListener(): HubSupervisorListener {
    return {
      onStateChange: (hub, state, detail) => {
        this.connections.note(hub, state)
        this.reconciler.onStateChange(hub, state, detail)
        this.poller.setHubConnected(state === 'CONNECTED')
        this.health.invalidate()
      },
      onConnected: (hub, reason) => this.reconciler.onConnected(hub, reason),
      onOutage: (hub) => this.reconciler.onOutage(hub),
      onPollingNeeded: () => {
        if (!this.session.intentionallySignedOut) this.poller.start()
      },
      // The poller stops by itself once the hub is back and reconciled (POLL-2).
      onPollingNotNeeded: () => this.poller.setHubConnected(true),
    }
  }

  private connectionFactory(url: string): ReturnType<typeof createSignalrConnectionFactory> {
    return createSignalrConnectionFactory({
      url,
      tokenSource: this.tokens,
      logger: this.log,
      hubTokenInQuery: this.deps.hubTokenInQuery ?? false,
      ...this.deps.tuning?.connection,
    })
  }

  private syncMarketSubscriptions(): void {
    const wanted = this.interest.wanted()
    const current = [...this.marketSubs.desired].map(String).sort()
    if (wanted.join('|') !== current.join('|')) this.marketSubs.set(wanted)
  }

  /** Writes an audit row about this session (e.g. the kill switch being pressed). */
  audit(message: string, at: number, severity: 'info' | 'warning' | 'critical' = 'critical'): void {
    this.deps.store.audit.append({ at, category: 'enforcement', severity, message, accountId: null, detail: null })
  }

  private isEnforcing(): boolean {
    return this.mirror.accountIds().some((id) => this.flatten.isEnforcing(id))
  }
}
