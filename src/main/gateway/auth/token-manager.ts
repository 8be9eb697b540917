// The one owner of the session token: proactive validate, single-flight refresh, atomic swap, re-login
// fallback and the INITIAL/VALID/REFRESHING/ERROR/EXPIRED/SIGNED_OUT machine (resilience.md A §1, §5, §7).

import type { Clock } from '../../ports/clock'
import type { TokenSource } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { Notifier } from '../../ports/notifier'
import type { AuditRepository, MetaRepository } from '../../ports/repositories'
import type { SecretStore } from '../../ports/secret-store'
import type { TokenState } from '../../../shared/domain/health'
import type { AuthApi } from './auth-api'
import { InterruptibleWait, capRefreshWait } from './clock-waits'
import { AuthUnavailableError, CycleCancelledError } from './errors'
import { InvalidationPolicy } from './invalidation-policy'
import type { InvalidationEvent } from './invalidation-policy'
import { tokenExpiryMs } from './jwt'
import { ListenerSet } from '../../util/listener-set'
import { reauthWithoutCredentials } from './reauth'
import type { Reauthenticator } from './reauth'
import { describeRefreshFailure, isFatalLoginFailure } from './refresh-failure'
import type { RefreshFailure } from './refresh-failure'
import { renewToken } from './refresh-ladder'
import type { RefreshLadderContext } from './refresh-ladder'
import { SessionAlerts } from './session-alerts'
import { SingleFlight } from '../../util/single-flight'
import { DEFAULT_TOKEN_MANAGER_OPTIONS } from './token-manager-options'
import type { TokenManagerOptions } from './token-manager-options'
import { TokenPersistence } from './token-persistence'
import { TokenTimers, isExpiredAt, refreshDueAt } from './token-schedule'
import { ObservableTokenState } from './token-state'

export type { InvalidationEvent } from './invalidation-policy'
export type { ReauthResult, Reauthenticator } from './reauth'
export { DEFAULT_TOKEN_MANAGER_OPTIONS } from './token-manager-options'
export type { TokenManagerOptions } from './token-manager-options'
export { TOKEN_META_KEY } from './token-persistence'
export type { TokenMeta } from './token-persistence'

export interface TokenManagerDeps {
  readonly api: Pick<AuthApi, 'validate'>
  readonly secrets: SecretStore
  readonly meta: MetaRepository
  readonly clock: Clock
  readonly logger: Logger
  readonly notifier: Notifier
  readonly audit: AuditRepository
  readonly reauth?: Reauthenticator
}

/** Why a cycle runs: decides whether the validate ladder is used (TOK-6) or skipped (TOK-7, TOK-10). */
type CycleTrigger = 'proactive' | 'urgent' | 'bootstrap' | 'invalidated' | 'retry'

/**
 * `TokenSource` for the REST client and the hubs. Reads never wait for a proactive refresh: they keep the
 * old, still valid token until the swap (TOK-4). Only a caller whose token is already dead waits, and then
 * at most `refreshWaitCapMs` (TOK-10). Power resume arrives as `onResume()` from the shell (TOK-13).
 */
export class TokenManager implements TokenSource {
  private readonly opts: TokenManagerOptions
  private readonly log: Logger
  private readonly persistence: TokenPersistence
  private readonly alerts: SessionAlerts
  private readonly timers: TokenTimers
  private readonly invalidations: InvalidationPolicy
  /** The running cycle's back-off sleep (TOK-6 ladder, login retries); resume (TOK-13) and 401 callers cut it short. */
  private readonly backoff: InterruptibleWait
  /** The validate and login retries of every cycle (TOK-6, TOK-7, TOK-8). */
  private readonly ladder: RefreshLadderContext
  private reauth: Reauthenticator
  private token: string | null = null
  private candidate: string | null = null
  private expiry: number | null = null
  private readonly tokenState: ObservableTokenState
  /** TOK-3: the refresh cycle in progress; callers join it instead of starting another. */
  private readonly cycles = new SingleFlight<string>()
  /** Bumped by sign-in/sign-out: a cycle of an older generation stops at its next await. */
  private generation = 0
  private urgentRequested = false
  /** Set when a cycle ended with a failure retrying cannot fix (bad key, auto re-login off). */
  private halted = false
  private readonly swapListeners = new ListenerSet<[token: string]>()
  private readonly invalidationListeners = new ListenerSet<[event: InvalidationEvent]>()

  constructor(
    private readonly deps: TokenManagerDeps,
    options: Partial<TokenManagerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_TOKEN_MANAGER_OPTIONS, ...options }
    this.log = deps.logger.child('token')
    this.persistence = new TokenPersistence(deps.secrets, deps.meta, this.log)
    this.alerts = new SessionAlerts(deps, this.log, this.opts.alertAfterFailures)
    this.timers = new TokenTimers(deps.clock)
    this.invalidations = new InvalidationPolicy(this.opts.recentSwapMs, this.opts.invalidationWindowMs)
    this.tokenState = new ObservableTokenState(this.log)
    this.backoff = new InterruptibleWait(deps.clock)
    this.reauth = deps.reauth ?? reauthWithoutCredentials
    // `reauth` is read at each attempt: the session service binds itself after construction.
    this.ladder = { api: deps.api, reauth: (why) => this.reauth(why), alerts: this.alerts, backoff: this.backoff, opts: this.opts }
  }

  /** Late binding for the session service, which is built after the token manager. */
  setReauthenticator(reauth: Reauthenticator): void {
    this.reauth = reauth
  }

  get state(): TokenState {
    return this.tokenState.value
  }

  /** Epoch ms when the served token expires, or null when there is none. */
  get expiresAt(): number | null {
    return this.expiry
  }

  current(): string | null {
    return this.token
  }

  onTokenSwapped(listener: (token: string) => void): () => void {
    return this.swapListeners.add(listener)
  }

  /** Every state transition, with a sanitized detail string. */
  onStateChange(listener: (state: TokenState, detail: string | null) => void): () => void {
    return this.tokenState.onChange(listener)
  }

  /** SESS-3 outcomes, whether detected here (validate code 1/2) or reported through `invalidate()`. */
  onInvalidation(listener: (event: InvalidationEvent) => void): () => void {
    return this.invalidationListeners.add(listener)
  }

  /**
   * TOK-10 single-flight refresh for callers that hit a 401. Rejects at once with AUTH_UNAVAILABLE when
   * signed out or halted, and after `refreshWaitCapMs` at the latest; the cycle itself keeps going.
   */
  refresh(reason: string): Promise<string> {
    if (this.tokenState.value === 'SIGNED_OUT') return Promise.reject(new AuthUnavailableError('signed out'))
    if (this.cycles.current === null && this.halted && this.token === null) {
      return Promise.reject(new AuthUnavailableError('session ended; sign in again'))
    }
    const urgent = reason === '401' || reason.startsWith('401') || this.token === null
    if (this.cycles.current !== null && urgent) {
      this.urgentRequested = true
      this.backoff.interrupt()
    }
    const cycle = this.cycles.current ?? this.startCycle(urgent ? 'urgent' : 'proactive', reason)
    return capRefreshWait(this.deps.clock, cycle, this.opts.refreshWaitCapMs)
  }

  /** After a successful sign-in: adopt the fresh token, superseding any cycle in flight. */
  adopt(token: string): void {
    this.generation++
    this.halted = false
    this.candidate = null
    this.swap(token, 'login')
  }

  /**
   * Start-up (STORE-4): a cached token is served only after `Auth/validate` accepts it; otherwise the stored
   * key logs in. Resolves true when a token is being served.
   */
  async bootstrap(cachedToken: string | null): Promise<boolean> {
    this.generation++
    this.halted = false
    this.token = null
    this.candidate = cachedToken
    this.tokenState.set('INITIAL', 'start-up')
    try {
      await this.startCycle('bootstrap', 'start-up')
      return true
    } catch {
      return false
    }
  }

  /**
   * SESS-3: the gateway ended the session elsewhere (hub auth close, GatewayLogout, REST 401 + validate 1/2).
   * Exactly one automatic re-login; a second invalidation inside the window ends the session instead.
   * Resolves true when a new token is served.
   */
  async invalidate(source: string): Promise<boolean> {
    if (this.tokenState.value === 'SIGNED_OUT') return false
    const now = this.deps.clock.now()
    if (this.token !== null && this.invalidations.isEchoOfSwap(source, now)) return true
    if (this.cycles.current !== null) {
      return this.cycles.current.then(
        () => true,
        () => false,
      )
    }
    if (this.invalidations.isRepeat(now)) {
      this.endSession(`invalidated again (${source})`)
      this.invalidationListeners.emit({ source, recovered: false })
      return false
    }
    this.invalidations.reloginStarted(now)
    try {
      await this.startCycle('invalidated', source)
      return true
    } catch {
      return false
    }
  }

  /** TOK-13: the machine woke up; timers may be hours late, so re-check the TTL now. */
  onResume(): void {
    if (this.tokenState.value === 'SIGNED_OUT') return
    const now = this.deps.clock.now()
    if (this.token !== null && this.expiry !== null && now >= this.expiry) this.onExpired()
    if (this.cycles.current !== null) {
      this.backoff.interrupt()
      return
    }
    if (this.timers.retryPending) {
      this.timers.cancelRetry()
      void this.startCycle('retry', 'resume').catch(() => undefined)
      return
    }
    if (this.token !== null && this.expiry !== null && now >= refreshDueAt(this.expiry, this.opts.refreshBufferMs)) {
      void this.startCycle('proactive', 'resume').catch(() => undefined)
      return
    }
    this.armTimers()
  }

  /**
   * SESS-1 local part: forget the token in memory and keychain, stop every timer and cycle. Returns the
   * previous token so the caller can send the best-effort logout. Idempotent.
   */
  async signOut(): Promise<string | null> {
    const previous = this.token ?? this.candidate
    this.generation++
    this.timers.clearAll()
    this.backoff.interrupt()
    this.token = null
    this.candidate = null
    this.expiry = null
    this.cycles.forget()
    this.halted = true
    this.tokenState.set('SIGNED_OUT', 'sign-out')
    this.persistence.writeMeta(null)
    await this.persistence.writeToken(null)
    return previous
  }

  /** Stops timers without changing the stored token (app quit). */
  dispose(): void {
    this.generation++
    this.timers.clearAll()
    this.backoff.interrupt()
  }

  // ---- cycle -----------------------------------------------------------------------------------------

  private startCycle(trigger: CycleTrigger, reason: string): Promise<string> {
    const gen = this.generation
    const run = this.cycle(trigger, reason, gen).catch((error: unknown) => {
      // Superseded by sign-in (a token is served) or sign-out (none is).
      if (error instanceof CycleCancelledError) {
        if (this.token !== null) return this.token
        throw new AuthUnavailableError('signed out')
      }
      throw error
    })
    return this.cycles.track(run)
  }

  private async cycle(trigger: CycleTrigger, reason: string, gen: number): Promise<string> {
    this.timers.cancelRetry()
    this.urgentRequested = trigger === 'urgent'
    const servedAtStart = this.token
    if (servedAtStart !== null) this.tokenState.set('REFRESHING', reason)
    this.log.info('token refresh started', { trigger, reason })
    // A sign-in or sign-out since the start supersedes this cycle: it stops at its next await.
    const isStale = (): boolean => gen !== this.generation

    const candidate = trigger === 'invalidated' ? null : (this.token ?? this.candidate)
    const mustHurry = (): boolean => trigger === 'bootstrap' || trigger === 'retry' || this.urgentRequested || this.isExpired()
    const renewed = await renewToken(this.ladder, { candidate, reason, mustHurry }, isStale)
    // The ladders checked after each reply; this covers the step back here (no swap after a sign-out).
    if (isStale()) throw new CycleCancelledError()
    if (renewed.kind === 'validated') return this.swap(renewed.token, 'validate')
    const dead = trigger === 'invalidated' || renewed.sessionDead
    if (renewed.kind === 'logged-in') {
      const token = this.swap(renewed.token, 'login')
      // SESS-3: the gateway killed the served session and the one re-login worked: hubs must rebuild.
      if (dead && servedAtStart !== null && trigger !== 'bootstrap') this.invalidationListeners.emit({ source: reason, recovered: true })
      return token
    }
    return this.failCycle(trigger, dead, servedAtStart, renewed.lastFailure, reason)
  }

  /** Decides the state after a failed cycle (TOK-8, TOK-9, SESS-3) and always throws. */
  private failCycle(trigger: CycleTrigger, dead: boolean, served: string | null, failure: RefreshFailure | null, reason: string): never {
    const detail = failure === null ? 'refresh failed' : describeRefreshFailure(failure)
    const fatal = failure !== null && isFatalLoginFailure(failure)
    const sessionKilled = served !== null && dead && !this.isExpired() && trigger !== 'bootstrap'
    if (sessionKilled) {
      this.endSession(`session invalidated; re-login failed: ${detail}`)
      this.invalidationListeners.emit({ source: reason, recovered: false })
      throw new AuthUnavailableError('session invalidated')
    }
    if (this.token !== null && !this.isExpired()) {
      // TOK-8: the old token still works; keep serving it and try again every errorCycleMs.
      this.tokenState.set('ERROR', detail)
      this.scheduleRetry(this.opts.errorCycleMs)
      throw new AuthUnavailableError('refresh failed; old token still in use')
    }
    if (this.token !== null || this.tokenState.value === 'EXPIRED' || served !== null) {
      if (this.token !== null) this.onExpired()
      this.halted = fatal
      if (!fatal) this.scheduleRetry(this.opts.errorCycleMs)
      throw new AuthUnavailableError('token expired')
    }
    // No token has been served yet (start-up).
    this.halted = fatal
    if (fatal) {
      this.tokenState.set('SIGNED_OUT', detail)
      void this.persistence.writeToken(null)
    } else {
      this.tokenState.set('ERROR', detail)
      this.scheduleRetry(this.opts.noTokenRetryMs)
    }
    throw new AuthUnavailableError(fatal ? 'sign-in required' : 'gateway unreachable')
  }

  /** TOK-5: one assignment swaps the token; listeners (hubs) rebuild; the old value is overwritten in the keychain. */
  private swap(token: string, source: 'validate' | 'login'): string {
    const previous = this.token
    const now = this.deps.clock.now()
    this.token = token
    this.candidate = null
    this.expiry = tokenExpiryMs(token, now)
    this.invalidations.tokenSwapped(now)
    this.halted = false
    this.alerts.refreshSucceeded()
    this.persistence.writeMeta({ expiresAt: this.expiry, obtainedAt: now })
    void this.persistence.writeToken(token)
    this.tokenState.set('VALID', source)
    this.armTimers()
    if (previous !== token) {
      const logFailure = (error: unknown): void =>
        this.log.error('token swap listener failed', { error: error instanceof Error ? error.message : 'unknown' })
      this.swapListeners.emitIsolated(logFailure, token)
    }
    return token
  }

  /** TOK-9: the token is dead; stop serving it, tell the trader and try to log in again. */
  private onExpired(): void {
    if (this.token === null) return
    this.token = null
    this.timers.cancelTokenTimers()
    this.tokenState.set('EXPIRED', 'token expired')
    this.alerts.tokenExpired()
    void this.persistence.writeToken(null)
    if (this.cycles.current === null && !this.halted) void this.startCycle('urgent', 'expired').catch(() => undefined)
  }

  /** The session is gone for good (SESS-3 failure): nothing is served and nothing retries. */
  private endSession(detail: string): void {
    this.generation++
    this.timers.clearAll()
    this.token = null
    this.candidate = null
    this.expiry = null
    this.halted = true
    this.tokenState.set('SIGNED_OUT', detail)
    this.persistence.writeMeta(null)
    void this.persistence.writeToken(null)
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private isExpired(): boolean {
    return isExpiredAt(this.expiry, this.deps.clock.now())
  }

  /** TOK-2: validate `refreshBufferMs` before expiry; TOK-9: drop the token at expiry. */
  private armTimers(): void {
    if (this.token === null || this.expiry === null) {
      this.timers.cancelTokenTimers()
      return
    }
    const onRefreshDue = (): void => {
      if (this.cycles.current === null) void this.startCycle('proactive', 'scheduled').catch(() => undefined)
    }
    this.timers.armTokenTimers(this.expiry, this.opts.refreshBufferMs, onRefreshDue, () => this.onExpired())
  }

  /** TOK-8: the next cycle after a failure; a cycle already running makes it redundant. */
  private scheduleRetry(ms: number): void {
    this.timers.startRetry(ms, () => {
      if (this.cycles.current === null) void this.startCycle('retry', 'retry').catch(() => undefined)
    })
  }
}
