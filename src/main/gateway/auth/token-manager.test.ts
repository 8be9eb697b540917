// Unit tests of the token manager with a ManualClock and a scripted AuthApi (TOK-*, part of SESS-3).
import { describe, expect, it } from 'vitest'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import type { Clock, TimerHandle } from '../../ports/clock'
import { RecordingNotifier, ScriptedAuthApi, deferred, http500, makeJwt, rejected, transportFailure } from '../../../../test/support/auth/auth-test-kit'
import type { AuthResult } from './auth-api'
import { AuthUnavailableError } from './errors'
import { decodeJwtExpMs, tokenExpiryMs } from './jwt'
import { TOKEN_META_KEY, TokenManager } from './token-manager'
import type { ReauthResult, TokenMeta } from './token-manager'

const H = 3_600_000
const S = 1_000

function setup(clock: Clock & { now(): number } = new ManualClock()) {
  const api: ScriptedAuthApi = new ScriptedAuthApi((): string => makeJwt(clock.now() + 24 * H, api.nextMarker()))
  const logger = new MemoryLogger()
  const notifier = new RecordingNotifier()
  const audit = new MemoryAuditRepository()
  const meta = new MemoryMetaRepository()
  const secrets = new MemorySecretStore()
  const reauthCalls: string[] = []
  const reauth = async (reason: string): Promise<ReauthResult> => {
    reauthCalls.push(reason)
    return api.loginKey('user', 'key')
  }
  const tm = new TokenManager({ api, secrets, meta, clock, logger, notifier, audit, reauth })
  const first = makeJwt(clock.now() + 24 * H, 'first')
  return { api, logger, notifier, audit, meta, secrets, tm, first, reauthCalls }
}

describe('jwt', () => {
  it('TOK-1 expiry is the JWT exp when decodable, else obtained time + 24 h', () => {
    const exp = Date.UTC(2026, 0, 2)
    expect(decodeJwtExpMs(makeJwt(exp, 'x'))).toBe(exp)
    expect(decodeJwtExpMs('not-a-jwt')).toBeNull()
    expect(decodeJwtExpMs('a.%%%.c')).toBeNull()
    expect(tokenExpiryMs('opaque-token', 1_000)).toBe(1_000 + 24 * H)
  })
})

describe('TokenManager', () => {
  it('TOK-1 stores expiry as metadata in MetaRepository and the token only in the secret store', async () => {
    const clock = new ManualClock()
    const { tm, meta, secrets, first } = setup(clock)
    tm.adopt(first)
    await flushMicrotasks()
    const stored = meta.get<TokenMeta>(TOKEN_META_KEY)
    expect(stored?.expiresAt).toBe(decodeJwtExpMs(first))
    expect([...meta.values.values()].join('')).not.toContain(first)
    expect(await secrets.get('sessionToken')).toBe(first)
  })

  it('TOK-2 RETRY-4 proactive validate fires at expiry minus 2 h (T+22 h)', async () => {
    const clock = new ManualClock()
    const { tm, api, first } = setup(clock)
    tm.adopt(first)
    await clock.advanceAsync(22 * H - S)
    expect(api.validateCalls).toHaveLength(0)
    await clock.advanceAsync(S)
    expect(api.validateCalls).toHaveLength(1)
    expect(api.validateCalls[0]?.token).toBe(first)
    expect(tm.state).toBe('VALID')
    expect(tm.current()).not.toBe(first)
  })

  it('TOK-3 twenty concurrent callers trigger exactly one validate and get the same token', async () => {
    const clock = new ManualClock()
    const { tm, api, first } = setup(clock)
    tm.adopt(first)
    await clock.advanceAsync(10 * S)
    const gate = deferred<AuthResult>()
    api.validateScript.push(() => gate.promise)
    const callers = Array.from({ length: 20 }, () => tm.refresh('401'))
    await flushMicrotasks()
    gate.resolve({ ok: true, token: 'NEW' })
    const tokens = await Promise.all(callers)
    expect(api.validateCalls).toHaveLength(1)
    expect(new Set(tokens)).toEqual(new Set(['NEW']))
  })

  it('TOK-4 reads keep the old token while a proactive refresh is in flight', async () => {
    const clock = new ManualClock()
    const { tm, api, first } = setup(clock)
    tm.adopt(first)
    const gate = deferred<AuthResult>()
    api.validateScript.push(() => gate.promise)
    await clock.advanceAsync(22 * H)
    expect(tm.state).toBe('REFRESHING')
    expect(tm.current()).toBe(first)
    gate.resolve({ ok: true, token: makeJwt(clock.now() + 24 * H, 'second') })
    await flushMicrotasks()
    expect(tm.state).toBe('VALID')
  })

  it('TOK-5 swap is atomic: listeners get the new token, the keychain holds only it, the old one is never sent again', async () => {
    const clock = new ManualClock()
    const { tm, api, secrets, first } = setup(clock)
    const swapped: string[] = []
    tm.onTokenSwapped((t) => swapped.push(t))
    tm.adopt(first)
    await clock.advanceAsync(22 * H)
    const second = tm.current()
    expect(second).not.toBe(first)
    expect(swapped).toEqual([first, second])
    expect(await secrets.get('sessionToken')).toBe(second)
    await clock.advanceAsync(22 * H)
    expect(api.validateCalls.map((c) => c.token)).toEqual([first, second])
  })

  it('TOK-6 RETRY-4 validate 5xx/timeouts retry after 30, 60, 120, 300 s, then loginKey (F4; RETRY-4 ladder resolved to TOK-6 per contradiction A3)', async () => {
    const clock = new ManualClock()
    const { tm, api, first, reauthCalls } = setup(clock)
    tm.adopt(first)
    api.validateScript.push(http500, transportFailure, http500, transportFailure)
    const start = clock.now() + 22 * H
    const times: number[] = []
    const origValidate = api.validate.bind(api)
    api.validate = async (t) => {
      times.push(clock.now() - start)
      return origValidate(t)
    }
    await clock.advanceAsync(22 * H + 210 * S)
    expect(times).toEqual([0, 30 * S, 90 * S, 210 * S])
    expect(reauthCalls).toHaveLength(0)
    await clock.advanceAsync(300 * S - S)
    expect(reauthCalls).toHaveLength(0)
    await clock.advanceAsync(S)
    expect(reauthCalls).toHaveLength(1)
    expect(tm.state).toBe('VALID')
    expect(tm.current()).not.toBe(first)
  })

  it('TOK-6 / TOK-14 validate 500 twice then OK: success at the 3rd try, one alert after the 2nd failure (F3)', async () => {
    const clock = new ManualClock()
    const { tm, api, first, notifier, audit } = setup(clock)
    tm.adopt(first)
    api.validateScript.push(http500, http500)
    await clock.advanceAsync(22 * H + 90 * S)
    expect(api.validateCalls).toHaveLength(3)
    expect(tm.state).toBe('VALID')
    expect(notifier.count('warning')).toBe(1)
    expect(audit.rows.filter((r) => r.message.includes('refresh failed'))).toHaveLength(1)
  })

  it('TOK-7 validate success:false code 1/2/3 skips the ladder and goes straight to loginKey (F5)', async () => {
    for (const code of [1, 2, 3]) {
      const clock = new ManualClock()
      const { tm, api, first, reauthCalls } = setup(clock)
      tm.adopt(first)
      api.validateScript.push(rejected(code))
      await clock.advanceAsync(22 * H)
      expect(api.validateCalls).toHaveLength(1)
      expect(reauthCalls).toHaveLength(1)
      expect(tm.state).toBe('VALID')
    }
  })

  it('TOK-8 all re-auths fail while the old token lives: ERROR, old token served, a new cycle every 5 min (F6)', async () => {
    const clock = new ManualClock()
    const { tm, api, first, reauthCalls } = setup(clock)
    tm.adopt(first)
    const fail = Array.from({ length: 200 }, () => http500)
    api.validateScript.push(...fail)
    api.loginScript.push(...fail)
    await clock.advanceAsync(22 * H + 510 * S + 20 * S + S)
    expect(reauthCalls).toHaveLength(3)
    expect(tm.state).toBe('ERROR')
    expect(tm.current()).toBe(first)
    const validatesBefore = api.validateCalls.length
    await clock.advanceAsync(300 * S)
    expect(api.validateCalls.length).toBe(validatesBefore + 1)
  })

  it('TOK-9 real expiry without a new token: EXPIRED, nothing served, critical notification', async () => {
    const clock = new ManualClock()
    const { tm, api, first, notifier } = setup(clock)
    const states: string[] = []
    tm.onStateChange((s) => states.push(s))
    tm.adopt(first)
    const fail = Array.from({ length: 500 }, () => transportFailure)
    api.validateScript.push(...fail)
    api.loginScript.push(...fail)
    let steps = 0
    tm.onStateChange(() => {
      if (++steps > 400) throw new Error('state storm')
    })
    await clock.advanceAsync(24 * H)
    expect(tm.state).toBe('EXPIRED')
    expect(tm.current()).toBeNull()
    expect(states).toContain('ERROR')
    expect(notifier.notices.some((n) => n.severity === 'critical' && n.title.includes('NOT MONITORING'))).toBe(true)
    const late = tm.refresh('401')
    late.catch(() => undefined)
    await clock.advanceAsync(10 * S)
    await expect(late).rejects.toBeInstanceOf(AuthUnavailableError)
  })

  it('TOK-10 a 401 caller waits at most 10 s, then fails with AUTH_UNAVAILABLE', async () => {
    const clock = new ManualClock()
    const { tm, api, first } = setup(clock)
    tm.adopt(first)
    await clock.advanceAsync(10 * S)
    api.validateScript.push(() => new Promise<AuthResult>(() => undefined))
    const pending = tm.refresh('401')
    let error: unknown = null
    pending.catch((e: unknown) => {
      error = e
    })
    await clock.advanceAsync(9 * S)
    expect(error).toBeNull()
    await clock.advanceAsync(S)
    expect(error).toBeInstanceOf(AuthUnavailableError)
    expect((error as AuthUnavailableError).code).toBe('AUTH_UNAVAILABLE')
  })

  it('TOK-10 refresh after sign-out rejects at once', async () => {
    const { tm, first } = setup()
    tm.adopt(first)
    await tm.signOut()
    await expect(tm.refresh('401')).rejects.toBeInstanceOf(AuthUnavailableError)
  })

  it('TOK-13 on resume an overdue refresh starts at once even though the timer never fired', async () => {
    let now = Date.UTC(2026, 10, 25)
    const frozen: Clock = {
      now: () => now,
      setTimeout: () => 0 as unknown as TimerHandle,
      clearTimeout: () => undefined,
    }
    const { tm, api, first } = setup(frozen)
    tm.adopt(first)
    now += 23 * H // laptop slept; timers did not run
    expect(api.validateCalls).toHaveLength(0)
    tm.onResume()
    await flushMicrotasks()
    expect(api.validateCalls).toHaveLength(1)
    expect(tm.state).toBe('VALID')
  })

  it('TOK-13 on resume past expiry the token is dropped (EXPIRED) and a re-login starts', async () => {
    let now = Date.UTC(2026, 10, 25)
    const frozen: Clock = { now: () => now, setTimeout: () => 0 as unknown as TimerHandle, clearTimeout: () => undefined }
    const { tm, first, reauthCalls } = setup(frozen)
    const states: string[] = []
    tm.onStateChange((s) => states.push(s))
    tm.adopt(first)
    now += 30 * H
    tm.onResume()
    await flushMicrotasks()
    expect(states).toContain('EXPIRED')
    expect(reauthCalls).toHaveLength(1)
    expect(tm.state).toBe('VALID')
  })

  it('TOK-14 transitions are logged without the token', async () => {
    const clock = new ManualClock()
    const { tm, api, first, logger } = setup(clock)
    tm.adopt(first)
    api.validateScript.push(http500)
    await clock.advanceAsync(22 * H + 31 * S)
    const dump = logger.dump()
    expect(dump).toContain('"to":"REFRESHING"')
    expect(dump).toContain('"to":"VALID"')
    expect(dump).not.toContain(first)
    expect(dump).not.toContain(tm.current() ?? 'x')
    expect(dump).not.toMatch(/eyJ[A-Za-z0-9_-]+\./)
  })

  it('SESS-3 invalidation: exactly one re-login, recovered event; a second one inside 60 s ends the session', async () => {
    const clock = new ManualClock()
    const { tm, first, reauthCalls } = setup(clock)
    const events: { source: string; recovered: boolean }[] = []
    tm.onInvalidation((e) => events.push(e))
    tm.adopt(first)
    await clock.advanceAsync(10 * S)
    expect(await tm.invalidate('gateway-logout')).toBe(true)
    expect(reauthCalls).toHaveLength(1)
    expect(events).toEqual([{ source: 'gateway-logout', recovered: true }])
    await clock.advanceAsync(10 * S)
    expect(await tm.invalidate('gateway-logout')).toBe(false)
    expect(reauthCalls).toHaveLength(1)
    expect(tm.state).toBe('SIGNED_OUT')
    expect(tm.current()).toBeNull()
  })

  it('SESS-3 REST path: validate code 2 on the served token, re-login fails → SIGNED_OUT, not ERROR', async () => {
    const clock = new ManualClock()
    const { tm, api, first } = setup(clock)
    const events: { recovered: boolean }[] = []
    tm.onInvalidation((e) => events.push(e))
    tm.adopt(first)
    await clock.advanceAsync(10 * S)
    api.validateScript.push(rejected(2))
    api.loginScript.push(rejected(3))
    await expect(tm.refresh('401')).rejects.toBeInstanceOf(AuthUnavailableError)
    expect(tm.state).toBe('SIGNED_OUT')
    expect(events).toEqual([{ source: '401', recovered: false }])
  })

  it('STORE-4 bootstrap serves a cached token only after validate accepts it; otherwise logs in', async () => {
    const clock = new ManualClock()
    const a = setup(clock)
    const states: string[] = []
    a.tm.onStateChange((s) => states.push(s))
    const cached = makeJwt(clock.now() + 5 * H, 'cached')
    const gate = deferred<AuthResult>()
    a.api.validateScript.push(() => gate.promise)
    const boot = a.tm.bootstrap(cached)
    await flushMicrotasks()
    expect(a.tm.current()).toBeNull()
    gate.resolve({ ok: true, token: 'validated' })
    expect(await boot).toBe(true)
    expect(a.tm.current()).toBe('validated')

    const b = setup(clock)
    b.api.validateScript.push(rejected(1))
    expect(await b.tm.bootstrap(cached)).toBe(true)
    expect(b.reauthCalls).toHaveLength(1)
    expect(b.tm.current()).not.toBe(cached)
  })
})
