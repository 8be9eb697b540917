// One monitored gateway (the embedded simulator or a live ProjectX account): the lifecycle over the parts
// wireGatewaySession built (sign-in, monitoring on and off, resume, stop) and the narrow facade the rest
// of the engine uses (MonitoredGateway). The parts stay private: nothing outside reaches through them.

import type { GatewayEvent } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import type { GatewayMode, SessionInfo } from '../../../shared/domain/session'
import type { HealthSnapshot } from '../../../shared/domain/health'
import type { PortfolioSnapshot } from '../../../shared/domain/portfolio'
import type { AccountRiskView, FillView, PnlPoint } from '../../../shared/domain/risk'
import type { KillSwitchReport } from '../../../shared/domain/enforcement'
import type { Result } from '../../../shared/errors'
import type { MirrorListener, QuoteEntry } from '../../portfolio'
import type { ContractSpec } from '../../enforcement/feed/contract-catalog'
import type { RiskConfig } from '../../risk'
import type { Lockout, LockoutScope } from '../../risk/plan'
import { registerSecret } from '../../log'
import type { GatewayEndpoints } from '../session-config'
import type { MirroredOrder, MirroredPosition, MonitoredGateway } from './monitored-gateway'
import type { GatewaySessionDeps, SessionParts } from './wire-session'

export type { GatewaySessionDeps, SessionParts } from './wire-session'
export type { SessionStore } from '../session-config'

/**
 * `start()` signs in from stored credentials and starts monitoring; `stop()` leaves nothing running.
 * Built as `new GatewaySession(deps, wireGatewaySession(deps))`: the same deps the parts were wired from.
 */
export class GatewaySession implements MonitoredGateway {
  private readonly log: Logger
  private readonly disposers: (() => void)[] = []
  private monitoring = false

  constructor(
    private readonly deps: GatewaySessionDeps,
    private readonly parts: SessionParts,
  ) {
    this.log = deps.logger.child(deps.mode)
    this.wire()
  }

  get mode(): GatewayMode {
    return this.deps.mode
  }

  get endpoints(): GatewayEndpoints {
    return this.deps.endpoints
  }

  // ---- lifecycle -------------------------------------------------------------------------------------

  /**
   * Loads the local mirror, then signs in with the given credentials, or restores the stored session
   * (unless `restore: false`: the trader signed out last time), and starts monitoring when signed in.
   */
  async start(options: {
    credentials?: { userName: string; apiKey: string }
    restore?: boolean
  }): Promise<void> {
    const { mirror, risk, tracker, health, session } = this.parts
    mirror.load()
    // I-33: the stored risk state is in force before anything is fetched; enforcement resumes on the first event.
    risk.start()
    tracker.start()
    health.start()
    if (options.credentials) await session.signIn(options.credentials.userName, options.credentials.apiKey)
    else if (options.restore !== false) await session.restore()
    if (this.hasToken()) await this.startMonitoring()
  }

  /** Stops everything this session runs; leaves no timers or sockets behind. */
  async stop(): Promise<void> {
    const { risk, health, tracker, tokens, rest } = this.parts
    await this.stopMonitoring()
    await risk.stop()
    for (const dispose of this.disposers.splice(0)) dispose()
    health.stop()
    tracker.stop()
    tokens.dispose()
    rest.flush()
    rest.dispose()
  }

  /** After a successful sign-in: discover accounts, resolve leftover intents, then hubs and sync. */
  async startMonitoring(): Promise<void> {
    if (this.monitoring) return
    this.monitoring = true
    const { rest, userSubscriptions, mirror, risk, intents, reconciler, userHub, marketHub, health } =
      this.parts
    try {
      const accounts = await rest.searchAccounts(true)
      userSubscriptions.set(accounts.map((a) => a.id))
      for (const account of accounts) mirror.ingest({ kind: 'account', data: account }, this.deps.clock.now())
    } catch (error) {
      // Unreachable at start: the hubs and the reconciler keep retrying, and restored subscriptions apply.
      this.log.warn('account discovery failed; continuing with stored subscriptions', { error })
    }
    await risk.preloadContracts()
    // IDEM-2 / S5: intents left by a previous run are resolved before any new enforcement.
    await intents
      .resolveUnresolved()
      .catch((error: unknown) => this.log.error('intent resolution failed', { error }))
    this.syncMarketSubscriptions()
    reconciler.start()
    userHub.start()
    marketHub.start()
    health.invalidate()
  }

  private async stopMonitoring(): Promise<void> {
    if (!this.monitoring) return
    this.monitoring = false
    const { poller, reconciler, userHub, marketHub, health } = this.parts
    poller.stop()
    reconciler.stop()
    await Promise.all([userHub.stop(), marketHub.stop()])
    health.invalidate()
  }

  /** Manual retry (RECON-8, KEY-3): re-enables re-login, reconciles now. */
  async retryNow(): Promise<void> {
    await this.parts.session.retry()
    if (this.hasToken()) await this.startMonitoring()
    await this.parts.reconciler.retryNow()
  }

  /** powerMonitor resume (TOK-13, F21): TTL check first, then fresh sockets and a reconciliation. */
  onResume(): void {
    const { risk, tokens, userHub, marketHub, reconciler } = this.parts
    // Expiries, grace periods and a reset that fell due while the machine slept are applied at once.
    risk.ingest({ kind: 'tick', at: this.deps.clock.now() })
    tokens.onResume()
    if (!this.monitoring) return
    void userHub.restart('resume')
    void marketHub.restart('resume')
    reconciler.onResume()
  }

  /** The links that start and stop monitoring; the parts' own cross-links are in wireGatewaySession. */
  private wire(): void {
    const { tokens, session, rest, userHub, marketHub, mirror, health } = this.parts
    const onEvent = (event: GatewayEvent, receivedAt: number): void => {
      if (event.kind === 'logout') void session.onSessionInvalidated('gateway-logout')
      else mirror.ingest(event, receivedAt)
    }
    this.disposers.push(
      // Every token value is known to the log redactor before it can appear anywhere (LOG-1).
      tokens.onTokenSwapped((token) => registerSecret(token)),
      userHub.onEvent(onEvent),
      marketHub.onEvent(onEvent),
      mirror.onChange(() => this.syncMarketSubscriptions()),
      tokens.onStateChange((state) => {
        health.invalidate()
        // TOK-9: a dead token means nothing we show is live; hubs stop until a new session exists.
        if (state === 'EXPIRED' || state === 'SIGNED_OUT') void this.stopMonitoring()
      }),
      rest.onHealthChange(() => health.invalidate()),
      session.onSignedOut(() => void this.stopMonitoring()),
      session.onRebuildNeeded((source) => {
        if (!this.monitoring) return void this.startMonitoring()
        void userHub.restart(`session re-established (${source})`)
        void marketHub.restart(`session re-established (${source})`)
      }),
    )
  }

  private syncMarketSubscriptions(): void {
    const { marketInterest, marketSubscriptions } = this.parts
    const wanted = marketInterest.wanted()
    const current = [...marketSubscriptions.desired].map(String).sort()
    if (wanted.join('|') !== current.join('|')) marketSubscriptions.set(wanted)
  }

  // ---- the facade: session -------------------------------------------------------------------------

  info(): SessionInfo {
    return this.parts.session.info()
  }

  hasToken(): boolean {
    return this.parts.tokens.current() !== null
  }

  signIn(userName: string, apiKey: string): Promise<Result<SessionInfo>> {
    return this.parts.session.signIn(userName, apiKey)
  }

  signOut(): Promise<SessionInfo> {
    return this.parts.session.signOut()
  }

  forgetCredentials(): Promise<SessionInfo> {
    return this.parts.session.forgetCredentials()
  }

  onSessionChange(listener: (info: SessionInfo) => void): () => void {
    return this.parts.session.onChange(listener)
  }

  health(): HealthSnapshot {
    return this.parts.health.current()
  }

  refreshHealth(): HealthSnapshot {
    return this.parts.health.invalidate()
  }

  audit(message: string, at: number, severity: 'info' | 'warning' | 'critical' = 'critical'): void {
    this.deps.store.audit.append({
      at,
      category: 'enforcement',
      severity,
      message,
      accountId: null,
      detail: null,
    })
  }

  // ---- the facade: portfolio -----------------------------------------------------------------------

  accountIds(): number[] {
    return this.parts.mirror.accountIds()
  }

  portfolioSnapshot(): PortfolioSnapshot {
    return this.parts.mirror.snapshot()
  }

  openPositions(accountId?: number): readonly MirroredPosition[] {
    return this.parts.mirror.openPositions(accountId)
  }

  workingOrders(accountId?: number): readonly MirroredOrder[] {
    return this.parts.mirror.workingOrders(accountId)
  }

  quote(contractId: string): QuoteEntry | null {
    return this.parts.mirror.quote(contractId)
  }

  contract(contractId: string): ContractSpec | null {
    return this.parts.risk.catalog.get(contractId)
  }

  contractName(contractId: string): string {
    return this.parts.risk.catalog.nameOf(contractId)
  }

  contracts(): ContractSpec[] {
    return this.parts.risk.catalog.list()
  }

  onPortfolioChange(listener: MirrorListener): () => void {
    return this.parts.mirror.onChange(listener)
  }

  // ---- the facade: risk ----------------------------------------------------------------------------

  riskViews(): AccountRiskView[] {
    return this.parts.risk.views()
  }

  fills(accountId?: number): FillView[] {
    return this.parts.risk.fills(accountId)
  }

  fillView(tradeId: number): FillView | null {
    return this.parts.risk.fillView(tradeId)
  }

  pnlSeries(accountId: number): readonly PnlPoint[] {
    return this.parts.risk.pnlSeries(accountId)
  }

  activeLockouts(): Lockout[] {
    return Object.values(this.parts.risk.state().accounts).flatMap((a) => Object.values(a.lockouts))
  }

  setRules(config: RiskConfig): void {
    this.parts.risk.setConfig(config)
  }

  halt(accountIds: readonly number[], until: 'daily_reset' | 'indefinite', reason: string): void {
    this.parts.risk.halt(accountIds, until, reason)
  }

  unlock(accountId: number, ruleId: string, scope: LockoutScope, reason: string): void {
    this.parts.risk.unlock(accountId, ruleId, scope, reason)
  }

  flattenAll(accountIds: readonly number[], reason: string): Promise<KillSwitchReport> {
    return this.parts.flatten.flattenAll(accountIds, reason)
  }
}
