// Unit tests of the session service over a real TokenManager, a scripted AuthApi and memory stores (KEY-*, SESS-*, STORE-2/4).
import { describe, expect, it } from 'vitest'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import type { SecretKey, SecretStore } from '../../ports/secret-store'
import { RecordingNotifier, ScriptedAuthApi, makeJwt, rejected, transportFailure } from '../../../../test/support/auth/auth-test-kit'
import { SessionService, loginFailureText, maskUserName } from './session-service'
import type { SignedOutEvent } from './session-service'
import { TokenManager } from './token-manager'
import type { TokenManagerOptions } from './token-manager'

const H = 3_600_000
const DAY = 24 * H

function setup(secrets: SecretStore = new MemorySecretStore(), tokenOptions: Partial<TokenManagerOptions> = {}) {
  const clock = new ManualClock()
  const api: ScriptedAuthApi = new ScriptedAuthApi((): string => makeJwt(clock.now() + 24 * H, api.nextMarker()))
  const logger = new MemoryLogger()
  const notifier = new RecordingNotifier()
  const audit = new MemoryAuditRepository()
  const meta = new MemoryMetaRepository()
  const tokens = new TokenManager({ api, secrets, meta, clock, logger, notifier, audit }, tokenOptions)
  const session = new SessionService({ api, tokens, secrets, meta, clock, logger, notifier, audit, mode: () => 'live' })
  return { clock, api, logger, notifier, audit, meta, secrets, tokens, session }
}

class BrokenSecretStore implements SecretStore {
  readonly kind = 'keychain' as const
  readonly warning = null
  async get(_key: SecretKey): Promise<string | null> {
    throw new Error('keychain corrupt')
  }
  async set(): Promise<void> {
    throw new Error('keychain locked')
  }
  async delete(): Promise<void> {}
}

describe('SessionService', () => {
  it('KEY-1 a real loginKey runs before anything is saved; success stores user name, key and token', async () => {
    const { api, secrets, session, tokens } = setup()
    let storedAtLogin: string | null = 'x'
    const orig = api.loginKey.bind(api)
    api.loginKey = async (u, k) => {
      storedAtLogin = await secrets.get('apiKey')
      return orig(u, k)
    }
    const result = await session.signIn('jane', 'KEY-123')
    await flushMicrotasks()
    expect(result.ok).toBe(true)
    expect(storedAtLogin).toBeNull()
    expect(await secrets.get('userName')).toBe('jane')
    expect(await secrets.get('apiKey')).toBe('KEY-123')
    expect(await secrets.get('sessionToken')).toBe(tokens.current())
    expect(session.info().state).toBe('VALID')
  })

  it('KEY-2 login codes map to trader text; HTTP 200 + success:false is a failure', async () => {
    expect(loginFailureText({ ok: false, kind: 'rejected', errorCode: 3, errorName: 'InvalidCredentials', message: null })).toBe('API key or user name not accepted')
    expect(loginFailureText({ ok: false, kind: 'rejected', errorCode: 7, errorName: 'x', message: null }).toLowerCase()).toContain('accept the platform agreements')
    expect(loginFailureText({ ok: false, kind: 'rejected', errorCode: 9, errorName: 'x', message: null })).toContain('No active API subscription')
    expect(loginFailureText({ ok: false, kind: 'rejected', errorCode: 10, errorName: 'x', message: null })).toBe('API key login disabled for this user')
    const { api, session } = setup()
    api.loginScript.push(rejected(9))
    const result = await session.signIn('jane', 'KEY')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('AUTH_FAILED')
    expect(session.info().lastError).toContain('No active API subscription')
  })

  it('KEY-3 automatic re-login stops at once on code 3 until retry()', async () => {
    const { api, session, tokens, secrets, notifier } = setup()
    await secrets.set('userName', 'jane')
    await secrets.set('apiKey', 'OLD')
    api.loginScript.push(rejected(3))
    await session.restore()
    expect(session.info().autoReloginEnabled).toBe(false)
    expect(notifier.count('warning')).toBe(1)
    await tokens.bootstrap(null)
    expect(api.loginCalls).toHaveLength(1)
    await session.retry()
    expect(api.loginCalls).toHaveLength(2)
    expect(session.info().state).toBe('VALID')
    expect(session.info().autoReloginEnabled).toBe(true)
  })

  it('KEY-3 automatic re-login stops after 5 consecutive rejected logins', async () => {
    const { api, session, tokens, secrets } = setup()
    await secrets.set('userName', 'jane')
    await secrets.set('apiKey', 'KEY')
    api.loginScript.push(rejected(2), rejected(2), rejected(2), rejected(2), rejected(2))
    for (let i = 0; i < 5; i++) await tokens.bootstrap(null)
    expect(api.loginCalls).toHaveLength(5)
    expect(session.info().autoReloginEnabled).toBe(false)
    await tokens.bootstrap(null)
    expect(api.loginCalls).toHaveLength(5)
  })

  it('KEY-3 transport failures do not count towards the brake', async () => {
    const { api, session, tokens, secrets } = setup(new MemorySecretStore(), { maxLoginAttempts: 1 })
    await secrets.set('userName', 'jane')
    await secrets.set('apiKey', 'KEY')
    api.loginScript.push(...Array.from({ length: 6 }, () => transportFailure))
    for (let i = 0; i < 6; i++) await tokens.bootstrap(null)
    expect(session.info().autoReloginEnabled).toBe(true)
  })

  it('KEY-4 a failed key test leaves the stored key untouched', async () => {
    const { api, session, secrets } = setup()
    await session.signIn('jane', 'OLD-KEY')
    api.loginScript.push(rejected(3))
    const result = await session.signIn('jane', 'NEW-KEY')
    expect(result.ok).toBe(false)
    expect(await secrets.get('apiKey')).toBe('OLD-KEY')
    expect(session.info().state).toBe('VALID')
  })

  it('KEY-5 key-age reminders at 80 and 90 days, once each, nothing blocks', async () => {
    const { clock, session, notifier, api } = setup()
    await session.signIn('jane', 'KEY')
    clock.advance(79 * DAY)
    session.checkKeyAge()
    expect(notifier.count('info')).toBe(0)
    clock.advance(DAY)
    session.checkKeyAge()
    session.checkKeyAge()
    expect(notifier.count('info')).toBe(1)
    clock.advance(10 * DAY)
    session.checkKeyAge()
    expect(notifier.count('info')).toBe(2)
    expect(session.keyAge()).toEqual({ days: 90, reminderDays: 90 })
    await session.restore()
    expect(api.loginCalls.length).toBeGreaterThan(0)
    expect(session.info().state).toBe('VALID')
  })

  it('STORE-2 unreadable keychain entries → signed out, no crash', async () => {
    const { session } = setup(new BrokenSecretStore())
    const info = await session.restore()
    expect(info.state).toBe('SIGNED_OUT')
    expect(info.userHint).toBeNull()
  })

  it('STORE-2 missing entries → signed out without any gateway call', async () => {
    const { session, api } = setup()
    const info = await session.restore()
    expect(info.state).toBe('SIGNED_OUT')
    expect(api.loginCalls).toHaveLength(0)
    expect(api.validateCalls).toHaveLength(0)
  })

  it('STORE-4 restore validates the cached token before use, then falls back to loginKey', async () => {
    const { session, api, secrets, tokens, clock } = setup()
    const cached = makeJwt(clock.now() + 10 * H, 'cached')
    await secrets.set('userName', 'jane')
    await secrets.set('apiKey', 'KEY')
    await secrets.set('sessionToken', cached)
    api.validateScript.push(rejected(3))
    const info = await session.restore()
    expect(api.validateCalls.map((c) => c.token)).toEqual([cached])
    expect(api.loginCalls).toHaveLength(1)
    expect(info.state).toBe('VALID')
    expect(tokens.current()).not.toBe(cached)
  })

  it('SESS-1 sign-out: hubs told first (intentional), memory and keychain token cleared, logout once, idempotent', async () => {
    const { session, api, secrets, tokens } = setup()
    await session.signIn('jane', 'KEY')
    const token = tokens.current()
    const events: SignedOutEvent[] = []
    let tokenWhenHubsStopped: string | null = 'unset'
    session.onSignedOut((e) => {
      events.push(e)
      tokenWhenHubsStopped = tokens.current()
    })
    const info = await session.signOut()
    expect(events).toEqual([{ intentional: true, reason: 'sign-out' }])
    expect(tokenWhenHubsStopped).toBe(token)
    expect(info.state).toBe('SIGNED_OUT')
    expect(tokens.current()).toBeNull()
    await flushMicrotasks()
    expect(await secrets.get('sessionToken')).toBeNull()
    expect(await secrets.get('apiKey')).toBe('KEY')
    await session.whenLogoutSettled()
    expect(api.logoutCalls).toEqual([token])
    await session.signOut()
    expect(api.logoutCalls).toHaveLength(1)
    expect(events).toHaveLength(1)
  })

  it('SESS-1 sign-out works offline (logout fails) and still clears everything', async () => {
    const { session, api, tokens } = setup()
    await session.signIn('jane', 'KEY')
    api.logoutResult = { ok: false, reason: 'timeout' }
    const info = await session.signOut()
    await session.whenLogoutSettled()
    expect(info.state).toBe('SIGNED_OUT')
    expect(tokens.current()).toBeNull()
  })

  it('SESS-2 after sign-out no timers, no re-login, no alerts', async () => {
    const { session, api, clock, notifier } = setup()
    await session.signIn('jane', 'KEY')
    await session.signOut()
    expect(clock.pendingCount).toBe(0)
    await clock.advanceAsync(48 * H)
    await session.onSessionInvalidated('gateway-logout')
    expect(api.validateCalls).toHaveLength(0)
    expect(api.loginCalls).toHaveLength(1)
    expect(notifier.notices).toHaveLength(0)
  })

  it('SESS-3 GatewayLogout → one re-login and a rebuild signal', async () => {
    const { session, api, clock } = setup()
    await session.signIn('jane', 'KEY')
    const rebuilds: string[] = []
    session.onRebuildNeeded((s) => rebuilds.push(s))
    await clock.advanceAsync(30_000)
    await session.onSessionInvalidated('gateway-logout')
    expect(api.loginCalls).toHaveLength(2)
    expect(rebuilds).toEqual(['gateway-logout'])
    expect(session.info().state).toBe('VALID')
  })

  it('SESS-3 re-login after invalidation fails → SIGNED_OUT, critical notification, hubs told (not intentional)', async () => {
    const { session, api, clock, notifier } = setup()
    await session.signIn('jane', 'KEY')
    const events: SignedOutEvent[] = []
    session.onSignedOut((e) => events.push(e))
    await clock.advanceAsync(30_000)
    api.loginScript.push(rejected(3))
    await session.onSessionInvalidated('hub-auth-close')
    expect(session.info().state).toBe('SIGNED_OUT')
    expect(notifier.notices.some((n) => n.severity === 'critical')).toBe(true)
    expect(events).toEqual([{ intentional: false, reason: 'session-lost' }])
  })

  it('SESS-4 no idle-timeout logout: 72 h unattended stays signed in', async () => {
    const { session, clock, api } = setup()
    await session.signIn('jane', 'KEY')
    await clock.advanceAsync(72 * H)
    expect(session.info().state).toBe('VALID')
    expect(api.validateCalls.length).toBeGreaterThanOrEqual(3)
  })

  it('SESS-5 forgetCredentials deletes user name, key and token from the keychain', async () => {
    const { session, secrets } = setup()
    await session.signIn('jane', 'KEY')
    await session.forgetCredentials()
    for (const key of ['userName', 'apiKey', 'sessionToken'] as const) expect(await secrets.get(key)).toBeNull()
  })

  it('SessionInfo carries a masked hint, never the user name, key or token', async () => {
    const { session, tokens } = setup()
    await session.signIn('jane', 'SECRET-KEY')
    const json = JSON.stringify(session.info())
    expect(session.info().userHint).toBe('j***e')
    expect(json).not.toContain('jane')
    expect(json).not.toContain('SECRET-KEY')
    expect(json).not.toContain(tokens.current() ?? 'x')
    expect(maskUserName('ab')).toBe('a***')
  })
})
