// Builds one monitored gateway's object graph with plain constructors: the resilient client, the hub
// supervisors, the mirror and its sync machinery, the enforcement executor and the health monitor. The
// cross-links between the parts (health invalidation, hub restarts, reconciler and poller callbacks) are
// closures over the consts below; they run only after the whole graph exists. Lifecycle (start, stop,
// monitoring) is GatewaySession's; this file starts nothing.

import type { Clock } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { Notifier } from '../../ports/notifier'
import type { SecretStore } from '../../ports/secret-store'
import type { GatewayMode } from '../../../shared/domain/session'
import type { HealthSnapshot } from '../../../shared/domain/health'
import { PipelineAuthApi } from '../../gateway/auth/auth-api'
import { TokenManager } from '../../gateway/auth/token-manager'
import { SessionService } from '../../gateway/auth/session-service'
import { RestClient } from '../../gateway/rest'
import { HubSubscriptions, HubSupervisor, createSignalrConnectionFactory } from '../../gateway/hubs'
import { HealthMonitor, OrderTracker, Poller, Reconciler } from '../../gateway/sync'
import { PortfolioMirror } from '../../portfolio'
import { OrderIntents } from '../../enforcement/order-intents'
import { PositionCloser } from '../../enforcement/position-closer'
import { FlattenEngine } from '../../enforcement/flatten'
import { RiskRuntime } from '../../enforcement/risk-runtime'
import { KeyedMutex } from '../../util/keyed-mutex'
import { defaultRiskConfig, type RiskConfig } from '../../risk'
import type { GatewayEndpoints, SessionStore, SessionTuning } from '../session-config'
import { ConnectionAuditor, MarketInterest } from './session-watch'

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
  /** The rules in force when the session starts; later edits arrive through `setRules`. */
  readonly rules?: RiskConfig
  /** Shadow mode per account: evaluate and record, send nothing. */
  readonly isShadow?: (accountId: number) => boolean
  /** After every risk verdict (the publisher coalesces). */
  readonly onRiskChange?: () => void
  /** A lockout was set on an account. */
  readonly onLockout?: (accountId: number, message: string) => void
}

/** Every part of one monitored gateway, built and linked but not started. */
export interface SessionParts {
  readonly tokens: TokenManager
  readonly session: SessionService
  readonly rest: RestClient
  readonly userHub: HubSupervisor
  readonly marketHub: HubSupervisor
  /** The accounts the user hub is subscribed to. */
  readonly userSubscriptions: HubSubscriptions
  /** The contracts the market hub quotes; follows `marketInterest`. */
  readonly marketSubscriptions: HubSubscriptions
  readonly marketInterest: MarketInterest
  readonly mirror: PortfolioMirror
  readonly tracker: OrderTracker
  readonly reconciler: Reconciler
  readonly poller: Poller
  readonly health: HealthMonitor
  readonly intents: OrderIntents
  readonly flatten: FlattenEngine
  readonly risk: RiskRuntime
}

export function wireGatewaySession(deps: GatewaySessionDeps): SessionParts {
  const { clock, store, notifier, secrets, endpoints } = deps
  const tuning = deps.tuning ?? {}
  const logger = deps.logger.child(deps.mode)

  // Sign-in goes through the session's own pipeline, sharing its rate limiter (the client is built below).
  const authApi = new PipelineAuthApi((): RestClient => rest)
  const tokens = new TokenManager(
    { api: authApi, secrets, meta: store.meta, clock, logger, notifier, audit: store.audit },
    tuning.token,
  )
  const session = new SessionService({
    api: authApi,
    tokens,
    secrets,
    meta: store.meta,
    clock,
    logger,
    notifier,
    audit: store.audit,
    mode: () => deps.mode,
  })
  const rest = new RestClient({
    baseUrl: endpoints.restUrl,
    tokenSource: tokens,
    clock,
    logger,
    meta: store.meta,
    ...tuning.rest,
  })

  const mirror = new PortfolioMirror({
    repo: store.portfolio,
    journal: store.journal,
    clock,
    logger,
    transaction: store.transaction,
  })
  const marketInterest = new MarketInterest(mirror, clock)
  const connections = new ConnectionAuditor(store.audit, clock)
  const reconciler = new Reconciler({
    rest,
    mirror,
    clock,
    logger,
    audit: store.audit,
    notify: (notice) => notifier.notify(notice.title, notice.body, 'warning'),
    onStatusChange: () => health.invalidate(),
    requestUserHubRestart: (reason) => void userHub.restart(reason),
    monitoredAccounts: () => mirror.accountIds(),
    onReconciled: (result) =>
      mirror.noteSynced({ source: 'reconcile', ok: true, accountIds: result.diffs.map((d) => d.accountId) }),
    ...tuning.reconciler,
  })
  const tracker = new OrderTracker({
    mirror,
    transitions: store.transitions,
    clock,
    logger,
    onFillMismatch: (accountId, orderId) => void reconciler.reconcileOrderFills(accountId, orderId),
    onStuckOrders: () => void reconciler.request('stuck-orders'),
  })
  const poller = new Poller({
    rest,
    mirror,
    clock,
    logger,
    accountIds: () => mirror.accountIds(),
    priceContracts: () => marketInterest.held(),
    isReconciled: () => reconciler.status().freshness === 'FRESH',
    onStatusChange: () => health.invalidate(),
    onPolled: ({ ok, accountIds }) => mirror.noteSynced({ source: 'poll', ok, accountIds }),
    onAlert: (message) => notifier.notify('Tiltguard: gateway polling failing', message, 'warning'),
    onRecovered: () => {
      userHub.tryNow('poll recovered')
      marketHub.tryNow('poll recovered')
    },
    ...tuning.poller,
  })

  // CONC-1: our order writes and the kill switch share one mutex per account, so they never interleave.
  const mutex = new KeyedMutex<number>()
  const intents = new OrderIntents({
    rest,
    intents: store.intents,
    transitions: store.transitions,
    audit: store.audit,
    notifier,
    clock,
    logger,
    mutex,
  })
  const closer = new PositionCloser({
    rest,
    clock,
    logger,
    intents,
    cache: {
      sizeOf: (accountId, contractId) => {
        const live = mirror.liveSize(accountId, contractId)
        return live.confirmedAt === null ? null : { size: live.size, observedAt: live.confirmedAt }
      },
    },
  })
  const flatten = new FlattenEngine({ rest, closer, intents, audit: store.audit, clock, logger, mutex })
  const risk = new RiskRuntime({
    mirror,
    rest,
    store: {
      lockouts: store.lockouts,
      enforcementLog: store.enforcementLog,
      riskSnapshots: store.riskSnapshots,
      audit: store.audit,
      meta: store.meta,
    },
    clock,
    logger,
    config: deps.rules ?? defaultRiskConfig(),
    liveContracts: deps.mode === 'live',
    isShadow: deps.isShadow ?? (() => false),
    mirrorLive: () => userHub.health().state === 'CONNECTED',
    ...(deps.onRiskChange !== undefined ? { onChange: deps.onRiskChange } : {}),
    ...(deps.onLockout !== undefined ? { onLockout: deps.onLockout } : {}),
  })

  const connectionFactory = (url: string): ReturnType<typeof createSignalrConnectionFactory> =>
    createSignalrConnectionFactory({
      url,
      tokenSource: tokens,
      logger,
      hubTokenInQuery: deps.hubTokenInQuery ?? false,
      ...tuning.connection,
    })
  const userSubscriptions = new HubSubscriptions({ hub: 'user', clock, logger, meta: store.meta })
  const marketSubscriptions = new HubSubscriptions({ hub: 'market', clock, logger, meta: store.meta })
  // A hub restart waits while enforcement holds any account (a flatten in flight).
  const isEnforcing = (): boolean => mirror.accountIds().some((id) => flatten.isEnforcing(id))
  const hubOptions = { tokenSource: tokens, clock, logger, deferRestart: isEnforcing, ...tuning.hubs }
  const userHub = new HubSupervisor({
    ...hubOptions,
    hub: 'user',
    subscriptions: userSubscriptions,
    createConnection: connectionFactory(endpoints.userHubUrl),
    listener: {
      onStateChange: (hub, state, detail) => {
        connections.note(hub, state)
        reconciler.onStateChange(hub, state, detail)
        poller.setHubConnected(state === 'CONNECTED')
        health.invalidate()
      },
      onConnected: (hub, reason) => reconciler.onConnected(hub, reason),
      onOutage: (hub) => reconciler.onOutage(hub),
      onPollingNeeded: () => {
        if (!session.intentionallySignedOut) poller.start()
      },
      // The poller stops by itself once the hub is back and reconciled (POLL-2).
      onPollingNotNeeded: () => poller.setHubConnected(true),
    },
  })
  const marketHub = new HubSupervisor({
    ...hubOptions,
    hub: 'market',
    subscriptions: marketSubscriptions,
    createConnection: connectionFactory(endpoints.marketHubUrl),
    listener: {
      onStateChange: (hub, state) => {
        connections.note(hub, state)
        health.invalidate()
      },
    },
    watchdog: {
      isSessionOpen: deps.isSessionOpen ?? (() => true),
      ...(tuning.marketStaleMs !== undefined ? { marketStaleMs: tuning.marketStaleMs } : {}),
    },
  })

  const health = new HealthMonitor({
    clock,
    logger,
    mode: deps.mode,
    onChange: deps.onHealth,
    sources: {
      token: () => ({ state: tokens.state, expiresAt: tokens.expiresAt }),
      rest: () => {
        const r = rest.describeRestHealth()
        return { state: r.state, p50Ms: r.p50Ms, p95Ms: r.p95Ms, successRate: r.successRate }
      },
      userHub: () => userHub.health(),
      marketHub: () => marketHub.health(),
      rateBuckets: () => rest.describeRestHealth().rateBuckets,
      breakers: () => rest.describeRestHealth().breakers,
      freshness: () => reconciler.status().freshness,
      lastReconciledAt: () => reconciler.status().lastReconciledAt,
      reconcileDegraded: () => reconciler.status().degraded,
      malformedFrames: () => userHub.malformedFrames + marketHub.malformedFrames,
      accountCount: () => mirror.accountIds().length,
      polling: () => poller.status(),
    },
  })

  return {
    tokens,
    session,
    rest,
    userHub,
    marketHub,
    userSubscriptions,
    marketSubscriptions,
    marketInterest,
    mirror,
    tracker,
    reconciler,
    poller,
    health,
    intents,
    flatten,
    risk,
  }
}
