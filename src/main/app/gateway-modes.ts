// Decides which gateway the engine watches and switches between them: a live ProjectX account when one
// is configured (environment, or credentials in the keychain), the embedded simulator otherwise. Only
// one GatewaySession is active; its events are forwarded to the attached hosts. Outside this file the
// active session is seen through its facade (MonitoredGateway) only.

import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../ports/clock'
import type { RiskSnapshot } from '../../shared/domain/risk'
import { riskSnapshotOf } from './risk-snapshot'
import { EventPublisher } from './event-publisher'
import { Housekeeping } from './housekeeping'
import { portfolioView } from './portfolio-view'
import type { EngineServices } from './engine-services'
import type { RiskConfig } from '../risk'
import type { AuditRepository } from '../ports/repositories'
import type { Logger } from '../ports/logger'
import type { Notifier } from '../ports/notifier'
import type { SecretStore } from '../ports/secret-store'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { OverallStatus } from '../../shared/domain/health'
import type { SessionInfo } from '../../shared/domain/session'
import { openStore, type Store } from '../store'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import type { SimControl, SimulatorHandle, SimulatorOptions } from '../../sim'
import type { EngineConfig } from './engine-config'
import { GatewaySession } from './session/gateway-session'
import { wireGatewaySession, type GatewaySessionDeps } from './session/wire-session'
import type { MonitoredGateway } from './session/monitored-gateway'
import { TOPSTEPX_ENDPOINTS, sessionReposOf, type GatewayEndpoints } from './session-config'
import { ObservableAuditRepository } from './observable-audit'
import { RegisteringSecretStore } from './registering-secret-store'

/** What the trader chose last time; decides the mode at the next start. */
type ModePreference = 'live' | 'simulator' | 'signed-out'
const PREFERENCE_KEY = 'engine.modePreference'
const ENDPOINTS_KEY = 'engine.liveEndpoints'

export interface GatewayModesDeps {
  readonly config: EngineConfig
  readonly clock: Clock
  readonly logger: Logger
  readonly notifier: Notifier
  readonly openSecrets: () => Promise<SecretStore>
  readonly emit: <N extends EventName>(name: N, payload: EventPayload<N>) => void
  readonly onStatusChange: () => void
  readonly startSimulator: (options: SimulatorOptions) => Promise<SimulatorHandle>
  /** The live gateway used when none was chosen at sign-in (settings.json, else TopstepX). */
  readonly defaultEndpoints?: GatewayEndpoints
  /** Rules, admin password and preferences, built over the live store once it is open; `audit` writes to the active session's log. */
  readonly createServices: (liveStore: Store, mode: 'live' | 'simulator', audit: AuditRepository) => EngineServices
}

interface Active {
  /** The concrete session: the mode controller starts and stops it; everyone else gets its facade. */
  readonly gateway: GatewaySession
  readonly audit: ObservableAuditRepository
  readonly store: Store
  readonly dispose: () => void
}

export class GatewayModes {
  private readonly log: Logger
  private active: Active | null = null
  private liveStore: Store | null = null
  private simStore: Store | null = null
  private keychain: SecretStore | null = null
  private simulator: SimulatorHandle | null = null
  private switching: Promise<unknown> = Promise.resolve()
  private readonly housekeeping: Housekeeping
  private engineServices: EngineServices | null = null
  readonly publisher: EventPublisher

  constructor(private readonly deps: GatewayModesDeps) {
    this.log = deps.logger.child('engine')
    this.housekeeping = new Housekeeping(deps.clock, this.log, () => [this.liveStore, this.simStore])
    this.publisher = new EventPublisher(
      deps.clock,
      deps.emit,
      {
        portfolio: () => (this.current === null ? null : portfolioView(this.current, deps.clock.now())),
        risk: () => this.riskSnapshot(),
      },
      deps.onStatusChange,
    )
  }

  /** Rules, admin and preferences; available once `start()` opened the live store. */
  get services(): EngineServices {
    if (this.engineServices === null) throw new NotReady()
    return this.engineServices
  }

  /** Everything the risk panels show, for every account of the active session. */
  riskSnapshot(): RiskSnapshot | null {
    const session = this.current
    return session === null || this.engineServices === null ? null : riskSnapshotOf(session, this.engineServices, this.deps.clock.now())
  }

  /** The session being watched, or null before start. */
  get current(): MonitoredGateway | null {
    return this.active?.gateway ?? null
  }

  get currentAudit(): ObservableAuditRepository | null {
    return this.active?.audit ?? null
  }

  async start(): Promise<void> {
    const { config } = this.deps
    this.keychain = new RegisteringSecretStore(await this.deps.openSecrets())
    this.liveStore = await openStore({ path: join(config.dataDir, 'tiltguard.db'), logger: this.log })
    try {
      this.engineServices = this.deps.createServices(this.liveStore, 'simulator', this.activeAudit)
    } catch (error) {
      this.liveStore.close()
      this.liveStore = null
      throw error
    }
    this.engineServices.rules.onChange((rules: RiskConfig) => {
      this.current?.setRules(rules)
      this.publisher.riskChanged()
    })
    const preference = this.liveStore.meta.get<ModePreference>(PREFERENCE_KEY)
    const hasStoredKey = (await this.keychain.get('apiKey')) !== null && (await this.keychain.get('userName')) !== null
    if (config.gateway !== undefined || config.credentials !== undefined) {
      await this.activateLive(config.gateway ?? this.storedEndpoints(), config.credentials, 'restore')
    } else if (hasStoredKey && preference !== 'simulator') {
      await this.activateLive(this.storedEndpoints(), undefined, preference === 'signed-out' ? 'none' : 'restore')
    } else {
      await this.activateSimulator()
    }
    this.housekeeping.start()
  }

  async stop(): Promise<void> {
    await this.serialize(async () => {
      this.publisher.stop()
      this.housekeeping.stop()
      await this.deactivate()
      await this.simulator?.close()
      this.simulator = null
      this.simStore?.close()
      this.liveStore?.close()
      this.simStore = this.liveStore = null
    })
  }

  status(): { overall: OverallStatus; hasOpenPositions: boolean } {
    const session = this.current
    if (session === null) return { overall: 'NOT_MONITORING', hasOpenPositions: false }
    return { overall: session.health().overall, hasOpenPositions: session.openPositions().length > 0 }
  }

  onResume(): void {
    this.active?.gateway.onResume()
  }

  /**
   * KEY-1/KEY-4: tests the key against the chosen gateway before anything is stored; on failure the
   * current session (and any stored key) stays as it was. Returns the new session info or the failure.
   */
  signIn(userName: string, apiKey: string, endpoints?: GatewayEndpoints): Promise<SessionInfo> {
    return this.serialize(async () => {
      const target = endpoints ?? this.storedEndpoints()
      const current = this.active?.gateway
      if (current && current.mode === 'live' && sameEndpoints(current.endpoints, target)) {
        const result = await current.signIn(userName, apiKey)
        if (!result.ok) throw new SignInFailed(result.error.message)
        await current.startMonitoring()
      } else {
        await this.activateLive(target, { userName, apiKey }, 'sign-in')
      }
      this.liveStore?.meta.set(ENDPOINTS_KEY, target)
      this.liveStore?.meta.set<ModePreference>(PREFERENCE_KEY, 'live')
      return this.requireCurrent().info()
    })
  }

  signOut(): Promise<SessionInfo> {
    return this.serialize(async () => {
      const session = this.requireCurrent()
      const info = await session.signOut()
      if (session.mode === 'live') this.liveStore?.meta.set<ModePreference>(PREFERENCE_KEY, 'signed-out')
      return info
    })
  }

  forgetCredentials(): Promise<SessionInfo> {
    return this.serialize(async () => {
      const session = this.requireCurrent()
      if (session.mode === 'live') {
        const info = await session.forgetCredentials()
        this.liveStore?.meta.set<ModePreference>(PREFERENCE_KEY, 'simulator')
        return info
      }
      // In simulator mode the keychain still may hold a live key: forget it there (SESS-5).
      for (const key of ['userName', 'apiKey', 'sessionToken'] as const) await this.keychain?.delete(key)
      return session.info()
    })
  }

  useSimulator(): Promise<SessionInfo> {
    return this.serialize(async () => {
      if (this.current?.mode !== 'simulator') await this.activateSimulator()
      this.liveStore?.meta.set<ModePreference>(PREFERENCE_KEY, 'simulator')
      return this.requireCurrent().info()
    })
  }

  /** The active session's audit log (pushed to the dashboard); the live store's before any session. */
  readonly activeAudit: AuditRepository = {
    append: (entry) => {
      const audit = this.active?.audit ?? this.liveStore?.audit
      if (audit === undefined) throw new NotReady()
      return audit.append(entry)
    },
    list: (limit, beforeId) => (this.active?.audit ?? this.liveStore?.audit)?.list(limit, beforeId) ?? [],
  }

  /** The built-in simulator's in-process control, while it is the watched gateway; null otherwise. */
  simulatorControl(): SimControl | null {
    return this.current?.mode === 'simulator' ? (this.simulator?.control ?? null) : null
  }

  /** The store of the active session (the simulator's own, or tiltguard.db for live). */
  requireStore(): Store {
    if (this.active === null) throw new NotReady()
    return this.active.store
  }

  requireCurrent(): MonitoredGateway {
    const session = this.current
    if (session === null) throw new NotReady()
    return session
  }

  private async activateLive(
    endpoints: GatewayEndpoints,
    credentials: { userName: string; apiKey: string } | undefined,
    how: 'restore' | 'sign-in' | 'none',
  ): Promise<void> {
    const store = this.requireLiveStore()
    // Env-given credentials live in memory only; otherwise the OS keychain (or its fallback).
    const secrets =
      how === 'restore' && credentials !== undefined
        ? new RegisteringSecretStore(new MemorySecretStore('Credentials from the environment: kept in memory only.'))
        : this.requireKeychain()
    const prepared = this.prepare('live', endpoints, secrets, store)
    try {
      if (how === 'none') await prepared.gateway.start({ restore: false })
      else await prepared.gateway.start(credentials !== undefined ? { credentials } : {})
    } catch (error) {
      await this.discard(prepared)
      throw error
    }
    if (how === 'sign-in' && !prepared.gateway.hasToken()) {
      const reason = prepared.gateway.info().lastError ?? 'Sign-in failed'
      await this.discard(prepared)
      throw new SignInFailed(reason)
    }
    await this.swapTo(prepared)
  }

  private async activateSimulator(): Promise<void> {
    if (this.simulator === null) {
      // Each engine run starts a fresh simulated market, so its local history starts fresh too.
      const simDb = join(this.deps.config.dataDir, 'simulator.db')
      for (const suffix of ['', '-wal', '-shm']) rmSync(simDb + suffix, { force: true })
      // Controlled in process only: the embedded simulator serves no HTTP control API on its loopback port.
      this.simulator = await this.deps.startSimulator({ quiet: true, ...this.deps.config.simulator, controlHttp: false })
      this.simStore = await openStore({ path: simDb, logger: this.log.child('sim-store') })
    }
    const sim = this.simulator
    const secrets = new MemorySecretStore()
    await secrets.set('userName', sim.userName)
    await secrets.set('apiKey', sim.apiKey)
    const endpoints = { restUrl: sim.restUrl, userHubUrl: sim.userHubUrl, marketHubUrl: sim.marketHubUrl }
    const prepared = this.prepare('simulator', endpoints, secrets, this.simStore as Store)
    await prepared.gateway.start({})
    await this.swapTo(prepared)
  }

  /** Builds a session whose pushes reach the hosts only while it is the active one. */
  private prepare(mode: 'live' | 'simulator', endpoints: GatewayEndpoints, secrets: SecretStore, store: Store): Active {
    const audit = new ObservableAuditRepository(store.audit)
    const isActive = (): boolean => this.active?.gateway === gateway
    const { rules, preferences } = this.services
    rules.reload(mode)
    const sessionDeps: GatewaySessionDeps = {
      mode,
      endpoints,
      secrets,
      store: { ...sessionReposOf(store), audit },
      clock: this.deps.clock,
      logger: this.deps.logger,
      notifier: this.deps.notifier,
      hubTokenInQuery: this.deps.config.hubTokenInQuery ?? false,
      ...(this.deps.config.tuning !== undefined ? { tuning: this.deps.config.tuning } : {}),
      rules: rules.config,
      isShadow: (accountId) => preferences.isShadow(accountId),
      onRiskChange: () => {
        if (isActive()) this.publisher.riskChanged()
      },
      onLockout: (accountId, message) => {
        if (isActive()) this.deps.notifier.notify(`Tiltguard: account ${accountId} locked`, message, 'critical')
      },
      onHealth: (snapshot) => {
        if (isActive()) this.publisher.healthChanged(snapshot)
      },
    }
    const gateway = new GatewaySession(sessionDeps, wireGatewaySession(sessionDeps))
    const dispose = this.publisher.forward(gateway, audit, isActive)
    return { gateway, audit, store, dispose }
  }

  private async swapTo(next: Active): Promise<void> {
    const previous = this.active
    this.active = next
    if (previous !== null) await this.discard(previous)
    if (previous?.gateway.mode === 'simulator' && next.gateway.mode === 'live') await this.stopSimulator()
    this.log.info('watching gateway', { mode: next.gateway.mode })
    const where = next.gateway.mode === 'simulator' ? 'the built-in simulator' : `live accounts at ${new URL(next.gateway.endpoints.restUrl).host}`
    next.audit.append({ at: this.deps.clock.now(), category: 'session', severity: 'info', message: `Watching ${where}`, accountId: null, detail: null })
    this.deps.emit('sessionChanged', next.gateway.info())
    this.deps.emit('healthChanged', next.gateway.refreshHealth())
    this.deps.emit('portfolioChanged', portfolioView(next.gateway, this.deps.clock.now()))
    const risk = this.riskSnapshot()
    if (risk !== null) this.deps.emit('riskChanged', risk)
    this.deps.onStatusChange()
  }

  private async deactivate(): Promise<void> {
    const previous = this.active
    this.active = null
    if (previous !== null) await this.discard(previous)
  }

  private async discard(active: Active): Promise<void> {
    active.dispose()
    await active.gateway.stop()
  }

  private async stopSimulator(): Promise<void> {
    await this.simulator?.close()
    this.simulator = null
    this.simStore?.close()
    this.simStore = null
  }

  private storedEndpoints(): GatewayEndpoints {
    return this.liveStore?.meta.get<GatewayEndpoints>(ENDPOINTS_KEY) ?? this.deps.defaultEndpoints ?? TOPSTEPX_ENDPOINTS
  }

  private requireLiveStore(): Store {
    if (this.liveStore === null) throw new NotReady()
    return this.liveStore
  }

  private requireKeychain(): SecretStore {
    if (this.keychain === null) throw new NotReady()
    return this.keychain
  }

  /** Mode switches and session use cases run one at a time. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.switching.then(work, work)
    this.switching = run.catch(() => undefined)
    return run
  }
}

function sameEndpoints(a: GatewayEndpoints, b: GatewayEndpoints): boolean {
  return a.restUrl === b.restUrl && a.userHubUrl === b.userHubUrl && a.marketHubUrl === b.marketHubUrl
}

/** Sign-in was refused or could not be tested; the message is trader-facing (KEY-2). */
export class SignInFailed extends Error {
  override readonly name = 'SignInFailed'
  toAppError() {
    return { code: 'AUTH_FAILED' as const, message: this.message, retryable: true }
  }
}

/** A request arrived before the engine finished starting. */
export class NotReady extends Error {
  override readonly name = 'NotReady'
  constructor() {
    super('The engine is still starting')
  }
  toAppError() {
    return { code: 'GATEWAY_UNAVAILABLE' as const, message: this.message, retryable: true }
  }
}
