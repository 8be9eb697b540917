// Sign-in, restore, sign-out and "session ended elsewhere" handling around the token manager; the only
// place that reads or writes the user name and API key (resilience.md A §4, §6; KEY-*, SESS-*, STORE-2/4).

import type { Clock } from '../../ports/clock'
import type { Logger } from '../../ports/logger'
import type { Notifier } from '../../ports/notifier'
import type { AuditRepository, MetaRepository } from '../../ports/repositories'
import type { SecretKey, SecretStore } from '../../ports/secret-store'
import { appError } from '../../../shared/errors'
import type { Result } from '../../../shared/errors'
import type { GatewayMode, SessionInfo } from '../../../shared/domain/session'
import { LoginErrorCode } from '../../../shared/projectx/error-codes'
import type { AuthApi, AuthFailure } from './auth-api'
import type { InvalidationEvent, ReauthResult, TokenManager } from './token-manager'

export const API_KEY_SAVED_AT_KEY = 'auth.apiKeySavedAt'
const KEY_AGE_NOTIFIED_KEY = 'auth.keyAgeNotified'
const DAY_MS = 86_400_000

/** Where a "session ended elsewhere" signal came from (SESS-3). */
export type InvalidationSource = 'rest-401' | 'hub-auth-close' | 'gateway-logout'

/** Why monitoring stopped: `intentional` means hubs stop with no reconnect, polling or alerts (SESS-2). */
export interface SignedOutEvent {
  readonly intentional: boolean
  readonly reason: 'sign-out' | 'forget-credentials' | 'session-lost'
}

export interface SessionServiceOptions {
  /** KEY-3: consecutive rejected logins before automatic re-login pauses. */
  readonly maxConsecutiveLoginFailures: number
  /** KEY-5: informational reminders at these key ages in days. */
  readonly keyAgeReminderDays: readonly number[]
}

export interface SessionServiceDeps {
  readonly api: AuthApi
  readonly tokens: TokenManager
  readonly secrets: SecretStore
  readonly meta: MetaRepository
  readonly clock: Clock
  readonly logger: Logger
  readonly notifier: Notifier
  readonly audit: AuditRepository
  readonly mode: () => GatewayMode
}

/** Login codes that stop automatic re-login at once (KEY-3): retrying cannot fix them. */
const STOP_AT_ONCE: readonly number[] = [
  LoginErrorCode.InvalidCredentials,
  LoginErrorCode.ApiSubscriptionNotFound,
  LoginErrorCode.ApiKeyAuthenticationDisabled,
]

/** KEY-2: a login failure in the trader's words. Never contains the user name or key. */
export function loginFailureText(failure: AuthFailure): string {
  if (failure.kind !== 'rejected') {
    return failure.kind === 'transport'
      ? 'Gateway unreachable; check your connection and retry'
      : `Gateway error (HTTP ${failure.status ?? '?'}); retry later`
  }
  switch (failure.errorCode) {
    case LoginErrorCode.UserNotFound:
    case LoginErrorCode.PasswordVerificationFailed:
    case LoginErrorCode.InvalidCredentials:
      return 'API key or user name not accepted'
    case LoginErrorCode.AgreementsNotSigned:
      return 'Sign in to TopstepX and accept the platform agreements, then retry'
    case LoginErrorCode.ApiSubscriptionNotFound:
      return 'No active API subscription on this account'
    case LoginErrorCode.ApiKeyAuthenticationDisabled:
      return 'API key login disabled for this user'
    default:
      return `Sign-in rejected by the gateway (code ${failure.errorCode})`
  }
}

/** "jane" → "j***e": enough for the trader to recognise the account, never the name itself. */
export function maskUserName(userName: string | null): string | null {
  if (userName === null || userName.length === 0) return null
  const first = userName[0] ?? ''
  return userName.length <= 2 ? `${first}***` : `${first}***${userName[userName.length - 1] ?? ''}`
}

/**
 * Session use cases for the IPC layer and the hub supervisors. The token manager does the token work;
 * this service owns the credentials, the KEY-3 re-login brake and the trader-facing `SessionInfo`.
 */
export class SessionService {
  private readonly opts: SessionServiceOptions
  private readonly log: Logger
  private userName: string | null = null
  private lastError: string | null = null
  private autoRelogin = true
  private consecutiveLoginFailures = 0
  private intentional = false
  private pendingLogout: Promise<void> = Promise.resolve()
  private readonly changeListeners = new Set<(info: SessionInfo) => void>()
  private readonly signedOutListeners = new Set<(event: SignedOutEvent) => void>()
  private readonly rebuildListeners = new Set<(source: string) => void>()

  constructor(
    private readonly deps: SessionServiceDeps,
    options: Partial<SessionServiceOptions> = {},
  ) {
    this.opts = { maxConsecutiveLoginFailures: 5, keyAgeReminderDays: [80, 90], ...options }
    this.log = deps.logger.child('session')
    deps.tokens.setReauthenticator((reason) => this.reauthenticate(reason))
    deps.tokens.onStateChange(() => this.emitChange())
    deps.tokens.onInvalidation((event) => this.handleInvalidation(event))
  }

  /** What the UI may know: state, masked user hint, expiry, storage kind, last error in words. */
  info(): SessionInfo {
    const state = this.deps.tokens.state
    const signedIn = state !== 'SIGNED_OUT' && state !== 'INITIAL'
    return {
      state,
      mode: this.deps.mode(),
      userHint: signedIn ? maskUserName(this.userName) : null,
      expiresAt: this.deps.tokens.expiresAt,
      secretStorage: this.deps.secrets.kind,
      secretWarning: this.deps.secrets.warning,
      lastError: this.lastError,
      autoReloginEnabled: this.autoRelogin,
    }
  }

  /** True after the trader signed out: hubs must not reconnect, poll or alert (SESS-2). */
  get intentionallySignedOut(): boolean {
    return this.intentional
  }

  onChange(listener: (info: SessionInfo) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /** Hubs and pollers stop here; `intentional` tells them to stay quiet (SESS-1/2). */
  onSignedOut(listener: (event: SignedOutEvent) => void): () => void {
    this.signedOutListeners.add(listener)
    return () => this.signedOutListeners.delete(listener)
  }

  /** SESS-3: the session was re-established after being killed elsewhere; rebuild hubs and reconcile. */
  onRebuildNeeded(listener: (source: string) => void): () => void {
    this.rebuildListeners.add(listener)
    return () => this.rebuildListeners.delete(listener)
  }

  /**
   * KEY-1/KEY-4: a real loginKey first; only on success are user name, key and token stored. A failed test
   * leaves the previously stored key untouched.
   */
  async signIn(userName: string, apiKey: string): Promise<Result<SessionInfo>> {
    const name = userName.trim()
    const key = apiKey.trim()
    if (name.length === 0 || key.length === 0) {
      return { ok: false, error: appError('VALIDATION_FAILED', 'Enter your user name and API key.') }
    }
    const result = await this.deps.api.loginKey(name, key)
    if (!result.ok) {
      this.lastError = loginFailureText(result)
      this.log.warn('sign-in failed', { kind: result.kind, errorCode: result.kind === 'rejected' ? result.errorCode : null })
      this.audit('warning', 'Sign-in failed', { reason: this.lastError })
      this.emitChange()
      const code = result.kind === 'rejected' ? 'AUTH_FAILED' : 'GATEWAY_UNAVAILABLE'
      return { ok: false, error: appError(code, this.lastError, result.kind !== 'rejected') }
    }
    const previousKey = await this.read('apiKey')
    try {
      await this.deps.secrets.set('userName', name)
      await this.deps.secrets.set('apiKey', key)
    } catch {
      // The session still works from memory; the store's own warning tells the trader why it will not persist.
      this.log.warn('storing credentials failed')
    }
    if (previousKey !== key) {
      this.deps.meta.set<number>(API_KEY_SAVED_AT_KEY, this.deps.clock.now())
      this.deps.meta.set<number>(KEY_AGE_NOTIFIED_KEY, 0)
    }
    this.userName = name
    this.intentional = false
    this.autoRelogin = true
    this.consecutiveLoginFailures = 0
    this.lastError = null
    this.deps.tokens.adopt(result.token)
    this.audit('info', 'Signed in', null)
    this.checkKeyAge()
    this.emitChange()
    return { ok: true, value: this.info() }
  }

  /**
   * Start-up (STORE-2, STORE-4): missing or unreadable keychain entries mean "signed out", never a crash;
   * a cached token is served only after `Auth/validate` accepts it, else the stored key logs in.
   */
  async restore(): Promise<SessionInfo> {
    const [userName, apiKey, token] = await Promise.all([this.read('userName'), this.read('apiKey'), this.read('sessionToken')])
    this.userName = userName
    if ((userName === null || apiKey === null) && token === null) {
      await this.deps.tokens.signOut()
      this.emitChange()
      return this.info()
    }
    this.intentional = false
    await this.deps.tokens.bootstrap(token)
    this.checkKeyAge()
    this.emitChange()
    return this.info()
  }

  /**
   * SESS-1: hubs stop first (intentional), then memory and keychain token are cleared, then a best-effort
   * `Auth/logout` runs in the background with its 3 s cap. Works offline; calling it twice is harmless.
   */
  async signOut(): Promise<SessionInfo> {
    return this.endLocally('sign-out')
  }

  /** SESS-5: sign out and delete user name, API key and token from the keychain. */
  async forgetCredentials(): Promise<SessionInfo> {
    await this.endLocally('forget-credentials')
    for (const key of ['userName', 'apiKey', 'sessionToken'] as const) {
      await this.deps.secrets.delete(key).catch(() => this.log.warn('keychain delete failed', { key }))
    }
    this.deps.meta.set<number | null>(API_KEY_SAVED_AT_KEY, null)
    this.userName = null
    this.emitChange()
    return this.info()
  }

  /** KEY-3: the trader pressed Retry: automatic re-login is allowed again and one sign-in runs now. */
  async retry(): Promise<SessionInfo> {
    this.autoRelogin = true
    this.consecutiveLoginFailures = 0
    this.lastError = null
    this.intentional = false
    if (this.deps.tokens.current() === null) await this.deps.tokens.bootstrap(null)
    else await this.deps.tokens.refresh('manual-retry').catch(() => undefined)
    this.emitChange()
    return this.info()
  }

  /**
   * SESS-3 entry for the hub layer and the REST client: a hub auth close, a `GatewayLogout` frame, or a 401
   * followed by validate 1/2. One automatic re-login; the outcome arrives through the listeners.
   */
  async onSessionInvalidated(source: InvalidationSource): Promise<void> {
    if (this.intentional) return
    this.log.warn('session invalidated', { source })
    await this.deps.tokens.invalidate(source)
  }

  /** KEY-5: key age in days and the reminder level; informational only, nothing blocks. */
  keyAge(): { readonly days: number; readonly reminderDays: number | null } | null {
    const savedAt = this.deps.meta.get<number>(API_KEY_SAVED_AT_KEY)
    if (savedAt === null) return null
    const days = Math.floor((this.deps.clock.now() - savedAt) / DAY_MS)
    const due = this.opts.keyAgeReminderDays.filter((d) => days >= d)
    return { days, reminderDays: due.length > 0 ? Math.max(...due) : null }
  }

  /** KEY-5: notifies once per reminder threshold. Call at start-up and daily. */
  checkKeyAge(): void {
    const age = this.keyAge()
    if (age === null || age.reminderDays === null) return
    const notified = this.deps.meta.get<number>(KEY_AGE_NOTIFIED_KEY) ?? 0
    if (age.reminderDays <= notified) return
    this.deps.meta.set<number>(KEY_AGE_NOTIFIED_KEY, age.reminderDays)
    this.deps.notifier.notify('API key reminder', `Your API key is ${age.days} days old. Consider creating a new one in TopstepX; nothing stops working here.`, 'info')
    this.audit('info', 'API key age reminder', { days: age.days })
  }

  /** Resolves when the background logout of the last sign-out has settled (shutdown, tests). */
  whenLogoutSettled(): Promise<void> {
    return this.pendingLogout
  }

  // ---- internals -------------------------------------------------------------------------------------

  private async endLocally(reason: 'sign-out' | 'forget-credentials'): Promise<SessionInfo> {
    const already = this.intentional && this.deps.tokens.state === 'SIGNED_OUT'
    this.intentional = true
    if (!already) {
      for (const listener of [...this.signedOutListeners]) listener({ intentional: true, reason })
    }
    const previous = await this.deps.tokens.signOut()
    if (previous !== null) {
      this.pendingLogout = this.deps.api.logout(previous).then((r) => {
        this.log.info('gateway logout', { ok: r.ok, reason: r.ok ? null : r.reason })
      })
    }
    if (!already) this.audit('info', reason === 'sign-out' ? 'Signed out' : 'Credentials forgotten', null)
    this.emitChange()
    return this.info()
  }

  /** The Reauthenticator behind the token manager's loginKey fallback, with the KEY-3 brake. */
  private async reauthenticate(reason: string): Promise<ReauthResult> {
    if (this.intentional) return { ok: false, kind: 'blocked', reason: 'signed out' }
    if (!this.autoRelogin) return { ok: false, kind: 'blocked', reason: 'automatic re-login paused' }
    const [userName, apiKey] = await Promise.all([this.read('userName'), this.read('apiKey')])
    if (userName === null || apiKey === null) return { ok: false, kind: 'blocked', reason: 'no stored API key' }
    this.userName = userName
    const result = await this.deps.api.loginKey(userName, apiKey)
    if (result.ok) {
      this.consecutiveLoginFailures = 0
      this.lastError = null
      this.log.info('automatic re-login succeeded', { reason })
      return result
    }
    this.lastError = loginFailureText(result)
    // Transport faults and 5xx say nothing about the key; only answers from the gateway count (KEY-3).
    if (result.kind === 'rejected' || (result.kind === 'http' && (result.status ?? 0) < 500)) {
      this.consecutiveLoginFailures++
      const stopNow = result.kind === 'rejected' && STOP_AT_ONCE.includes(result.errorCode)
      if (stopNow || this.consecutiveLoginFailures >= this.opts.maxConsecutiveLoginFailures) {
        this.autoRelogin = false
        this.deps.notifier.notify('Sign-in needs attention', `${this.lastError}. Automatic sign-in is paused until you press Retry.`, 'warning')
        this.audit('warning', 'Automatic re-login paused', { reason: this.lastError, failures: this.consecutiveLoginFailures })
      }
    }
    this.emitChange()
    return result
  }

  private handleInvalidation(event: InvalidationEvent): void {
    if (event.recovered) {
      this.audit('warning', 'Session ended elsewhere; signed in again', { source: event.source })
      for (const listener of [...this.rebuildListeners]) listener(event.source)
      return
    }
    this.deps.notifier.notify('Signed out — NOT MONITORING', 'The gateway ended this session and signing in again failed. Sign in to resume monitoring.', 'critical')
    this.audit('critical', 'Session ended elsewhere; re-login failed', { source: event.source })
    for (const listener of [...this.signedOutListeners]) listener({ intentional: false, reason: 'session-lost' })
    this.emitChange()
  }

  /** STORE-2: an unreadable entry is treated as absent. */
  private async read(key: SecretKey): Promise<string | null> {
    try {
      const value = await this.deps.secrets.get(key)
      return typeof value === 'string' && value.length > 0 ? value : null
    } catch {
      this.log.warn('keychain read failed', { key })
      return null
    }
  }

  private audit(severity: 'info' | 'warning' | 'critical', message: string, detail: Record<string, unknown> | null): void {
    this.deps.audit.append({ at: this.deps.clock.now(), category: 'session', severity, message, accountId: null, detail })
  }

  private emitChange(): void {
    const info = this.info()
    for (const listener of [...this.changeListeners]) listener(info)
  }
}
