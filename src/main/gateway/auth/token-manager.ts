// The one owner of the session token: proactive validate, single-flight refresh, atomic swap, re-login
// fallback and the INITIAL/VALID/REFRESHING/ERROR/EXPIRED/SIGNED_OUT machine (resilience.md A §1, §5, §7).

import type { Clock, TimerHandle } from '../../ports/clock'
import type { TokenSource } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { Notifier } from '../../ports/notifier'
import type { AuditRepository, MetaRepository } from '../../ports/repositories'
import type { SecretStore } from '../../ports/secret-store'
import type { TokenState } from '../../../shared/domain/health'
import { LoginErrorCode } from '../../../shared/projectx/error-codes'
import { DEAD_SESSION_CODES } from './auth-api'
import type { AuthApi, AuthFailure, AuthResult } from './auth-api'
import { AuthUnavailableError, CycleCancelledError } from './errors'
import { tokenExpiryMs } from './jwt'

/** What a re-login attempt returned; `blocked` = auto re-login is switched off or no key is stored (KEY-3). */
export type ReauthResult = AuthResult | { readonly ok: false; readonly kind: 'blocked'; readonly reason: string }

/** Performs one `Auth/loginKey` with the stored key; supplied by the session service (which owns KEY-3). */
export type Reauthenticator = (reason: string) => Promise<ReauthResult>

/** Non-secret token metadata kept in MetaRepository (TOK-1). The token itself never goes there. */
export interface TokenMeta {
  readonly expiresAt: number
  readonly obtainedAt: number
}
export const TOKEN_META_KEY = 'auth.token'

export interface TokenManagerOptions {
  /** TOK-2: validate this long before expiry. */
  readonly refreshBufferMs: number
  /** TOK-6: waits after each failed validate; after the last one the manager re-logs in. */
  readonly validateRetryDelaysMs: readonly number[]
  /** TOK-8: loginKey attempts per cycle. */
  readonly maxLoginAttempts: number
  readonly loginRetryDelaysMs: readonly number[]
  /** TOK-8: a new cycle this often while in ERROR (and while EXPIRED after transient failures). */
  readonly errorCycleMs: number
  /** Retry interval when there is no usable token yet (start-up while offline). */
  readonly noTokenRetryMs: number
  /** TOK-10: how long a caller of refresh() waits before failing with AUTH_UNAVAILABLE. */
  readonly refreshWaitCapMs: number
  /** TOK-14: alert after this many consecutive refresh failures. */
  readonly alertAfterFailures: number
  /** A hub auth close this soon after a swap concerns the old token's connection and is ignored. */
  readonly recentSwapMs: number
  /** SESS-3: a second invalidation within this window is not re-logged automatically (no ping-pong). */
  readonly invalidationWindowMs: number
}

export const DEFAULT_TOKEN_MANAGER_OPTIONS: TokenManagerOptions = {
  refreshBufferMs: 7_200_000,
  validateRetryDelaysMs: [30_000, 60_000, 120_000, 300_000],
  maxLoginAttempts: 3,
  loginRetryDelaysMs: [5_000, 15_000],
  errorCycleMs: 300_000,
  noTokenRetryMs: 30_000,
  refreshWaitCapMs: 10_000,
  alertAfterFailures: 2,
  recentSwapMs: 2_000,
  invalidationWindowMs: 60_000,
}

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

/** SESS-3 notice: the gateway ended our session; `recovered` says whether the one re-login worked. */
export interface InvalidationEvent {
  readonly source: string
  readonly recovered: boolean
}

const FATAL_LOGIN_CODES: readonly number[] = [
  LoginErrorCode.UserNotFound,
  LoginErrorCode.PasswordVerificationFailed,
  LoginErrorCode.InvalidCredentials,
  LoginErrorCode.AgreementsNotSigned,
  LoginErrorCode.ApiSubscriptionNotFound,
  LoginErrorCode.ApiKeyAuthenticationDisabled,
]

function describe(result: AuthFailure | { kind: 'blocked'; reason: string }): string {
  if (result.kind === 'rejected') return `rejected ${result.errorName} (${result.errorCode})`
  return result.kind === 'blocked' ? `blocked: ${result.reason}` : `${result.kind}: ${result.reason}`
}

/**
 * `TokenSource` for the REST client and the hubs. Reads never wait for a proactive refresh: they keep the
 * old, still valid token until the swap (TOK-4). Only a caller whose token is already dead waits, and then
 * at most `refreshWaitCapMs` (TOK-10). Power resume arrives as `onResume()` from the shell (TOK-13).
 */
export class TokenManager implements TokenSource {
  private readonly opts: TokenManagerOptions
  private readonly log: Logger
  private reauth: Reauthenticator
  private token: string | null = null
  private candidate: string | null = null
  private expiry: number | null = null
  private stateValue: TokenState = 'INITIAL'
  private inflight: Promise<string> | null = null
  /** Bumped by sign-in/sign-out: a cycle of an older generation stops at its next await. */
  private generation = 0
  private refreshTimer: TimerHandle | null = null
  private expiryTimer: TimerHandle | null = null
  private retryTimer: TimerHandle | null = null
  private wake: (() => void) | null = null
  private urgentRequested = false
  /** Set when a cycle ended with a failure retrying cannot fix (bad key, auto re-login off). */
  private halted = false
  private consecutiveFailures = 0
  private alerted = false
  private lastSwapAt = Number.NEGATIVE_INFINITY
  private lastInvalidationAt = Number.NEGATIVE_INFINITY
  private persistChain: Promise<void> = Promise.resolve()
  private readonly swapListeners = new Set<(token: string) => void>()
  private readonly stateListeners = new Set<(state: TokenState, detail: string | null) => void>()
  private readonly invalidationListeners = new Set<(event: InvalidationEvent) => void>()

  constructor(
    private readonly deps: TokenManagerDeps,
    options: Partial<TokenManagerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_TOKEN_MANAGER_OPTIONS, ...options }
    this.log = deps.logger.child('token')
    this.reauth = deps.reauth ?? (async () => ({ ok: false, kind: 'blocked', reason: 'no credentials' }))
  }

  /** Late binding for the session service, which is built after the token manager. */
  setReauthenticator(reauth: Reauthenticator): void {
    this.reauth = reauth
  }

  get state(): TokenState {
    return this.stateValue
  }

  /** Epoch ms when the served token expires, or null when there is none. */
  get expiresAt(): number | null {
    return this.expiry
  }

  current(): string | null {
    return this.token
  }

  onTokenSwapped(listener: (token: string) => void): () => void {
    this.swapListeners.add(listener)
    return () => this.swapListeners.delete(listener)
  }

  /** Every state transition, with a sanitized detail string. */
  onStateChange(listener: (state: TokenState, detail: string | null) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** SESS-3 outcomes, whether detected here (validate code 1/2) or reported through `invalidate()`. */
  onInvalidation(listener: (event: InvalidationEvent) => void): () => void {
    this.invalidationListeners.add(listener)
    return () => this.invalidationListeners.delete(listener)
  }

  /**
   * TOK-10 single-flight refresh for callers that hit a 401. Rejects at once with AUTH_UNAVAILABLE when
   * signed out or halted, and after `refreshWaitCapMs` at the latest; the cycle itself keeps going.
   */
  refresh(reason: string): Promise<string> {
    if (this.stateValue === 'SIGNED_OUT') return Promise.reject(new AuthUnavailableError('signed out'))
    if (this.inflight === null && this.halted && this.token === null) {
      return Promise.reject(new AuthUnavailableError('session ended; sign in again'))
    }
    const urgent = reason === '401' || reason.startsWith('401') || this.token === null
    if (this.inflight !== null && urgent) {
      this.urgentRequested = true
      this.wake?.()
    }
    const cycle = this.inflight ?? this.startCycle(urgent ? 'urgent' : 'proactive', reason)
    return this.withCap(cycle)
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
    this.setState('INITIAL', 'start-up')
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
    if (this.stateValue === 'SIGNED_OUT') return false
    const now = this.deps.clock.now()
    // The hub being replaced after a swap may close with an auth error; that is not an invalidation.
    if (source === 'hub-auth-close' && this.token !== null && now - this.lastSwapAt < this.opts.recentSwapMs) return true
    if (this.inflight !== null) {
      return this.inflight.then(
        () => true,
        () => false,
      )
    }
    if (now - this.lastInvalidationAt < this.opts.invalidationWindowMs) {
      this.endSession(`invalidated again (${source})`)
      this.emitInvalidation({ source, recovered: false })
      return false
    }
    this.lastInvalidationAt = now
    try {
      await this.startCycle('invalidated', source)
      return true
    } catch {
      return false
    }
  }

  /** TOK-13: the machine woke up; timers may be hours late, so re-check the TTL now. */
  onResume(): void {
    if (this.stateValue === 'SIGNED_OUT') return
    const now = this.deps.clock.now()
    if (this.token !== null && this.expiry !== null && now >= this.expiry) this.onExpired()
    if (this.inflight !== null) {
      this.wake?.()
      return
    }
    if (this.retryTimer !== null) {
      this.clearTimer('retry')
      void this.startCycle('retry', 'resume').catch(() => undefined)
      return
    }
    if (this.token !== null && this.expiry !== null && now >= this.expiry - this.opts.refreshBufferMs) {
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
    this.clearAllTimers()
    this.wake?.()
    this.token = null
    this.candidate = null
    this.expiry = null
    this.inflight = null
    this.halted = true
    this.setState('SIGNED_OUT', 'sign-out')
    this.deps.meta.set<TokenMeta | null>(TOKEN_META_KEY, null)
    await this.persist(null)
    return previous
  }

  /** Stops timers without changing the stored token (app quit). */
  dispose(): void {
    this.generation++
    this.clearAllTimers()
    this.wake?.()
  }

  // ---- cycle -----------------------------------------------------------------------------------------

  private startCycle(trigger: CycleTrigger, reason: string): Promise<string> {
    const gen = this.generation
    const run = this.cycle(trigger, reason, gen).catch((error: unknown) => {
      if (error instanceof CycleCancelledError) {
        if (this.token !== null) return this.token
        throw new AuthUnavailableError('signed out')
      }
      throw error
    })
    const tracked = run.finally(() => {
      if (this.inflight === tracked) this.inflight = null
    })
    this.inflight = tracked
    // Listeners-only callers never await; keep an unhandled rejection from escaping.
    tracked.catch(() => undefined)
    return tracked
  }

  private async cycle(trigger: CycleTrigger, reason: string, gen: number): Promise<string> {
    this.clearTimer('retry')
    this.urgentRequested = trigger === 'urgent'
    const servedAtStart = this.token
    if (servedAtStart !== null) this.setState('REFRESHING', reason)
    this.log.info('token refresh started', { trigger, reason })

    let dead = trigger === 'invalidated'
    const candidate = this.token ?? this.candidate
    if (!dead && candidate !== null) {
      const delays = this.opts.validateRetryDelaysMs
      for (let attempt = 0; ; attempt++) {
        const result = await this.deps.api.validate(candidate)
        this.check(gen)
        if (result.ok) return this.swap(result.token, 'validate')
        this.recordFailure(`validate ${describe(result)}`)
        if ((result.kind === 'rejected' && DEAD_SESSION_CODES.includes(result.errorCode)) || (result.kind === 'http' && result.status === 401)) {
          dead = true
          break
        }
        // A dead-token caller or a start-up cannot wait through the ladder; go to loginKey at once.
        const delay = delays[attempt]
        if (trigger === 'bootstrap' || trigger === 'retry' || this.urgentRequested || this.isExpired() || delay === undefined) break
        await this.sleep(delay, gen)
        if (attempt === delays.length - 1) break
      }
    }

    let lastFailure: ReauthResult | null = null
    for (let attempt = 0; attempt < this.opts.maxLoginAttempts; attempt++) {
      const result = await this.reauth(reason)
      this.check(gen)
      if (result.ok) {
        const token = this.swap(result.token, 'login')
        // SESS-3: the gateway killed the served session and the one re-login worked: hubs must rebuild.
        if (dead && servedAtStart !== null && trigger !== 'bootstrap') this.emitInvalidation({ source: reason, recovered: true })
        return token
      }
      lastFailure = result
      if (result.kind !== 'blocked') this.recordFailure(`login ${describe(result)}`)
      if (result.kind === 'blocked' || (result.kind === 'rejected' && result.errorCode !== LoginErrorCode.UnknownError)) break
      const delay = this.opts.loginRetryDelaysMs[attempt]
      if (attempt < this.opts.maxLoginAttempts - 1 && delay !== undefined) await this.sleep(delay, gen)
    }
    return this.failCycle(trigger, dead, servedAtStart, lastFailure, reason)
  }

  /** Decides the state after a failed cycle (TOK-8, TOK-9, SESS-3) and always throws. */
  private failCycle(trigger: CycleTrigger, dead: boolean, served: string | null, failure: ReauthResult | null, reason: string): never {
    const detail = failure === null || failure.ok ? 'refresh failed' : describe(failure)
    const fatal = failure !== null && !failure.ok && (failure.kind === 'blocked' || (failure.kind === 'rejected' && FATAL_LOGIN_CODES.includes(failure.errorCode)))
    const sessionKilled = served !== null && dead && !this.isExpired() && trigger !== 'bootstrap'
    if (sessionKilled) {
      this.endSession(`session invalidated; re-login failed: ${detail}`)
      this.emitInvalidation({ source: reason, recovered: false })
      throw new AuthUnavailableError('session invalidated')
    }
    if (this.token !== null && !this.isExpired()) {
      // TOK-8: the old token still works; keep serving it and try again every errorCycleMs.
      this.setState('ERROR', detail)
      this.scheduleRetry(this.opts.errorCycleMs)
      throw new AuthUnavailableError('refresh failed; old token still in use')
    }
    if (this.token !== null || this.stateValue === 'EXPIRED' || served !== null) {
      if (this.token !== null) this.onExpired()
      this.halted = fatal
      if (!fatal) this.scheduleRetry(this.opts.errorCycleMs)
      throw new AuthUnavailableError('token expired')
    }
    // No token has been served yet (start-up).
    this.halted = fatal
    if (fatal) {
      this.setState('SIGNED_OUT', detail)
      void this.persist(null)
    } else {
      this.setState('ERROR', detail)
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
    this.lastSwapAt = now
    this.halted = false
    this.consecutiveFailures = 0
    this.alerted = false
    this.deps.meta.set<TokenMeta>(TOKEN_META_KEY, { expiresAt: this.expiry, obtainedAt: now })
    void this.persist(token)
    this.setState('VALID', source)
    this.armTimers()
    if (previous !== token) {
      for (const listener of [...this.swapListeners]) {
        try {
          listener(token)
        } catch (error) {
          this.log.error('token swap listener failed', { error: error instanceof Error ? error.message : 'unknown' })
        }
      }
    }
    return token
  }

  private onExpired(): void {
    if (this.token === null) return
    this.token = null
    this.clearTimer('refresh')
    this.clearTimer('expiry')
    this.setState('EXPIRED', 'token expired')
    this.deps.notifier.notify('Session expired — NOT MONITORING', 'The gateway session ran out and could not be renewed. Risk rules are not being enforced.', 'critical')
    this.deps.audit.append({ at: this.deps.clock.now(), category: 'session', severity: 'critical', message: 'Session token expired; monitoring stopped', accountId: null, detail: null })
    void this.persist(null)
    if (this.inflight === null && !this.halted) void this.startCycle('urgent', 'expired').catch(() => undefined)
  }

  /** The session is gone for good (SESS-3 failure): nothing is served and nothing retries. */
  private endSession(detail: string): void {
    this.generation++
    this.clearAllTimers()
    this.token = null
    this.candidate = null
    this.expiry = null
    this.halted = true
    this.setState('SIGNED_OUT', detail)
    this.deps.meta.set<TokenMeta | null>(TOKEN_META_KEY, null)
    void this.persist(null)
  }

  private recordFailure(detail: string): void {
    this.consecutiveFailures++
    this.log.warn('token refresh attempt failed', { detail, consecutiveFailures: this.consecutiveFailures })
    if (this.consecutiveFailures >= this.opts.alertAfterFailures && !this.alerted) {
      this.alerted = true
      this.deps.notifier.notify('Session refresh failing', `Renewing the gateway session failed ${this.consecutiveFailures} times in a row; retrying.`, 'warning')
      this.deps.audit.append({
        at: this.deps.clock.now(),
        category: 'session',
        severity: 'warning',
        message: 'Token refresh failed repeatedly',
        accountId: null,
        detail: { consecutiveFailures: this.consecutiveFailures, last: detail },
      })
    }
  }

  private emitInvalidation(event: InvalidationEvent): void {
    for (const listener of [...this.invalidationListeners]) listener(event)
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private setState(next: TokenState, detail: string | null): void {
    if (next === this.stateValue && next !== 'ERROR') return
    const previous = this.stateValue
    this.stateValue = next
    this.log.info('token state', { from: previous, to: next, detail })
    for (const listener of [...this.stateListeners]) listener(next, detail)
  }

  private isExpired(): boolean {
    return this.expiry === null || this.deps.clock.now() >= this.expiry
  }

  private check(gen: number): void {
    if (gen !== this.generation) throw new CycleCancelledError()
  }

  /** A clock wait that `onResume()` / urgent callers can cut short and sign-out cancels. */
  private sleep(ms: number, gen: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const handle = this.deps.clock.setTimeout(() => done(), ms)
      const done = (): void => {
        this.deps.clock.clearTimeout(handle)
        if (this.wake === done) this.wake = null
        if (gen !== this.generation) reject(new CycleCancelledError())
        else resolve()
      }
      this.wake = done
    })
  }

  private withCap(cycle: Promise<string>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => reject(new AuthUnavailableError('refresh did not finish in time')), this.opts.refreshWaitCapMs)
      cycle.then(
        (token) => {
          this.deps.clock.clearTimeout(timer)
          resolve(token)
        },
        (error: unknown) => {
          this.deps.clock.clearTimeout(timer)
          reject(error instanceof AuthUnavailableError ? error : new AuthUnavailableError('refresh failed'))
        },
      )
    })
  }

  private armTimers(): void {
    this.clearTimer('refresh')
    this.clearTimer('expiry')
    if (this.token === null || this.expiry === null) return
    const now = this.deps.clock.now()
    const refreshIn = Math.max(0, this.expiry - this.opts.refreshBufferMs - now)
    this.refreshTimer = this.deps.clock.setTimeout(() => {
      this.refreshTimer = null
      if (this.inflight === null) void this.startCycle('proactive', 'scheduled').catch(() => undefined)
    }, refreshIn)
    this.expiryTimer = this.deps.clock.setTimeout(() => {
      this.expiryTimer = null
      this.onExpired()
    }, Math.max(0, this.expiry - now))
  }

  private scheduleRetry(ms: number): void {
    this.clearTimer('retry')
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null
      if (this.inflight === null) void this.startCycle('retry', 'retry').catch(() => undefined)
    }, ms)
  }

  private clearTimer(which: 'refresh' | 'expiry' | 'retry'): void {
    const handle = which === 'refresh' ? this.refreshTimer : which === 'expiry' ? this.expiryTimer : this.retryTimer
    if (handle !== null) this.deps.clock.clearTimeout(handle)
    if (which === 'refresh') this.refreshTimer = null
    else if (which === 'expiry') this.expiryTimer = null
    else this.retryTimer = null
  }

  private clearAllTimers(): void {
    this.clearTimer('refresh')
    this.clearTimer('expiry')
    this.clearTimer('retry')
  }

  /** Keychain writes are chained so the newest value always lands last (an old token is never re-persisted). */
  private persist(token: string | null): Promise<void> {
    this.persistChain = this.persistChain
      .then(() => (token === null ? this.deps.secrets.delete('sessionToken') : this.deps.secrets.set('sessionToken', token)))
      .catch(() => this.log.warn('keychain write of the session token failed'))
    return this.persistChain
  }
}
