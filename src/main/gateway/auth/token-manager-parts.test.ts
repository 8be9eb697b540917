// Unit tests of the pieces the token manager is built from (waits, timers, failure classification,
// persistence, SESS-3 bookkeeping); the manager's own behaviour is covered in token-manager.test.ts.
import { describe, expect, it } from 'vitest'
import { ManualClock, flushMicrotasks } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { LoginErrorCode, ValidateErrorCode } from '../../../shared/projectx/error-codes'
import type { AuthFailure } from './auth-api'
import { ScriptedAuthApi, deferred, http500, rejected, transportFailure } from '../../../../test/support/auth/auth-test-kit'
import { InterruptibleWait, capRefreshWait } from './clock-waits'
import { AuthUnavailableError, CycleCancelledError } from './errors'
import { InvalidationPolicy } from './invalidation-policy'
import { ListenerSet } from '../../util/listener-set'
import type { BlockedReauth, ReauthResult } from './reauth'
import { renewToken, type RefreshLadderContext } from './refresh-ladder'
import {
  describeRefreshFailure,
  endsLoginAttempts,
  isDeadSessionAnswer,
  isFatalLoginFailure,
} from './refresh-failure'
import { SingleFlight } from '../../util/single-flight'
import { TOKEN_META_KEY, TokenPersistence } from './token-persistence'
import { TokenTimers, isExpiredAt, msUntil, refreshDueAt } from './token-schedule'
import { ObservableTokenState } from './token-state'

const blocked: BlockedReauth = { ok: false, kind: 'blocked', reason: 'auto re-login off' }
const failure = (result: unknown): AuthFailure => result as AuthFailure
const http401 = failure({ ok: false, kind: 'http', status: 401, reason: 'HTTP 401' })

describe('refresh failure classification', () => {
  it('TOK-7 only dead-session codes and HTTP 401 mark the session dead', () => {
    expect(isDeadSessionAnswer(failure(rejected(ValidateErrorCode.InvalidSession)))).toBe(true)
    expect(isDeadSessionAnswer(failure(rejected(ValidateErrorCode.ExpiredToken)))).toBe(true)
    expect(isDeadSessionAnswer(http401)).toBe(true)
    expect(isDeadSessionAnswer(failure(rejected(ValidateErrorCode.UnknownError)))).toBe(false)
    expect(isDeadSessionAnswer(failure(http500))).toBe(false)
    expect(isDeadSessionAnswer(failure(transportFailure))).toBe(false)
  })

  it('TOK-8 login retries continue only after faults and the catch-all UnknownError', () => {
    expect(endsLoginAttempts(failure(transportFailure))).toBe(false)
    expect(endsLoginAttempts(failure(http500))).toBe(false)
    expect(endsLoginAttempts(failure(rejected(LoginErrorCode.UnknownError)))).toBe(false)
    expect(endsLoginAttempts(failure(rejected(LoginErrorCode.AppNotFound)))).toBe(true)
    expect(endsLoginAttempts(blocked)).toBe(true)
  })

  it('KEY-2 / KEY-3 bad credentials and a blocked re-login are fatal; a definite but fixable answer is not', () => {
    expect(isFatalLoginFailure(failure(rejected(LoginErrorCode.InvalidCredentials)))).toBe(true)
    expect(isFatalLoginFailure(failure(rejected(LoginErrorCode.ApiKeyAuthenticationDisabled)))).toBe(true)
    expect(isFatalLoginFailure(blocked)).toBe(true)
    expect(isFatalLoginFailure(failure(rejected(LoginErrorCode.AppNotFound)))).toBe(false)
    expect(isFatalLoginFailure(failure(transportFailure))).toBe(false)
  })

  it('describes failures without secrets', () => {
    expect(describeRefreshFailure(failure(rejected(3)))).toBe('rejected Code3 (3)')
    expect(describeRefreshFailure(blocked)).toBe('blocked: auto re-login off')
    expect(describeRefreshFailure(failure(transportFailure))).toBe('transport: timeout')
  })
})

describe('InterruptibleWait', () => {
  it('resolves when the time is up', async () => {
    const clock = new ManualClock()
    const wait = new InterruptibleWait(clock)
    let done = false
    void wait.wait(1_000, () => false).then(() => (done = true))
    await clock.advanceAsync(999)
    expect(done).toBe(false)
    await clock.advanceAsync(1)
    expect(done).toBe(true)
  })

  it('TOK-13 interrupt() ends the wait early and leaves no timer behind', async () => {
    const clock = new ManualClock()
    const wait = new InterruptibleWait(clock)
    let done = false
    void wait.wait(60_000, () => false).then(() => (done = true))
    wait.interrupt()
    await flushMicrotasks()
    expect(done).toBe(true)
    expect(clock.pendingCount).toBe(0)
    wait.interrupt() // nothing pending: no-op
  })

  it('rejects with CycleCancelledError when the cycle was superseded meanwhile', async () => {
    const clock = new ManualClock()
    const wait = new InterruptibleWait(clock)
    let cancelled = false
    const waiting = wait.wait(60_000, () => cancelled)
    cancelled = true
    wait.interrupt()
    await expect(waiting).rejects.toBeInstanceOf(CycleCancelledError)
  })
})

describe('capRefreshWait', () => {
  it('TOK-10 fails with AUTH_UNAVAILABLE at the cap while the cycle keeps going', async () => {
    const clock = new ManualClock()
    const cycle = deferred<string>()
    const capped = capRefreshWait(clock, cycle.promise, 10_000)
    const outcome = capped.catch((error: unknown) => error)
    await clock.advanceAsync(10_000)
    const error = await outcome
    expect(error).toBeInstanceOf(AuthUnavailableError)
    expect((error as AuthUnavailableError).reason).toBe('refresh did not finish in time')
  })

  it('passes the token through and turns any other failure into AuthUnavailableError', async () => {
    const clock = new ManualClock()
    await expect(capRefreshWait(clock, Promise.resolve('T'), 10_000)).resolves.toBe('T')
    await expect(capRefreshWait(clock, Promise.reject(new Error('boom')), 10_000)).rejects.toMatchObject({
      reason: 'refresh failed',
    })
    const own = new AuthUnavailableError('signed out')
    await expect(capRefreshWait(clock, Promise.reject(own), 10_000)).rejects.toBe(own)
    expect(clock.pendingCount).toBe(0)
  })
})

describe('token schedule', () => {
  it('TOK-2 TTL arithmetic: refresh point, non-negative delays, unknown expiry counts as expired', () => {
    expect(refreshDueAt(10_000, 2_000)).toBe(8_000)
    expect(msUntil(8_000, 5_000)).toBe(3_000)
    expect(msUntil(8_000, 9_000)).toBe(0)
    expect(isExpiredAt(null, 0)).toBe(true)
    expect(isExpiredAt(10_000, 9_999)).toBe(false)
    expect(isExpiredAt(10_000, 10_000)).toBe(true)
  })

  it('arming replaces the previous refresh and expiry timers', async () => {
    const clock = new ManualClock()
    const timers = new TokenTimers(clock)
    const fired: string[] = []
    const start = clock.now()
    timers.armTokenTimers(
      start + 10_000,
      2_000,
      () => fired.push('old refresh'),
      () => fired.push('old expiry'),
    )
    timers.armTokenTimers(
      start + 20_000,
      2_000,
      () => fired.push('refresh'),
      () => fired.push('expiry'),
    )
    expect(clock.pendingCount).toBe(2)
    await clock.advanceAsync(18_000)
    expect(fired).toEqual(['refresh'])
    await clock.advanceAsync(2_000)
    expect(fired).toEqual(['refresh', 'expiry'])
  })

  it('TOK-8 the retry timer is pending until it fires or is cancelled; SESS-2 clearAll leaves nothing', async () => {
    const clock = new ManualClock()
    const timers = new TokenTimers(clock)
    let pendingInside: boolean | null = null
    timers.startRetry(1_000, () => (pendingInside = timers.retryPending))
    expect(timers.retryPending).toBe(true)
    await clock.advanceAsync(1_000)
    expect(pendingInside).toBe(false)
    expect(timers.retryPending).toBe(false)

    timers.startRetry(1_000, () => undefined)
    timers.cancelRetry()
    expect(timers.retryPending).toBe(false)

    timers.armTokenTimers(
      clock.now() + 10_000,
      1_000,
      () => undefined,
      () => undefined,
    )
    timers.startRetry(1_000, () => undefined)
    timers.clearAll()
    expect(clock.pendingCount).toBe(0)
  })
})

describe('TokenPersistence', () => {
  it('TOK-1 / TOK-5 keychain writes land in call order and metadata never holds the token', async () => {
    const secrets = new MemorySecretStore()
    const meta = new MemoryMetaRepository()
    const store = new TokenPersistence(secrets, meta, new MemoryLogger())
    const slow = deferred<void>()
    const realSet = secrets.set.bind(secrets)
    let first = true
    secrets.set = async (key, value) => {
      if (first) {
        first = false
        await slow.promise
      }
      return realSet(key, value)
    }
    void store.writeToken('OLD')
    const last = store.writeToken('NEW')
    slow.resolve()
    await last
    expect(await secrets.get('sessionToken')).toBe('NEW')

    store.writeMeta({ expiresAt: 2, obtainedAt: 1 })
    expect(meta.get(TOKEN_META_KEY)).toEqual({ expiresAt: 2, obtainedAt: 1 })
    await store.writeToken(null)
    expect(await secrets.get('sessionToken')).toBeNull()
  })

  it('a failed keychain write is logged, not thrown, and later writes still run', async () => {
    const secrets = new MemorySecretStore()
    const logger = new MemoryLogger()
    const store = new TokenPersistence(secrets, new MemoryMetaRepository(), logger)
    const realSet = secrets.set.bind(secrets)
    secrets.set = () => Promise.reject(new Error('keychain locked'))
    await expect(store.writeToken('T1')).resolves.toBeUndefined()
    expect(
      logger.lines.some(
        (l) => l.level === 'warn' && l.message === 'keychain write of the session token failed',
      ),
    ).toBe(true)
    secrets.set = realSet
    await store.writeToken('T2')
    expect(await secrets.get('sessionToken')).toBe('T2')
  })
})

describe('InvalidationPolicy', () => {
  it('SESS-3 ignores a hub auth close right after a swap and spots a repeat inside the window', () => {
    const policy = new InvalidationPolicy(2_000, 60_000)
    policy.tokenSwapped(10_000)
    expect(policy.isEchoOfSwap('hub-auth-close', 11_999)).toBe(true)
    expect(policy.isEchoOfSwap('hub-auth-close', 12_000)).toBe(false)
    expect(policy.isEchoOfSwap('gateway-logout', 10_500)).toBe(false)
    expect(policy.isRepeat(10_000)).toBe(false)
    policy.reloginStarted(10_000)
    expect(policy.isRepeat(69_999)).toBe(true)
    expect(policy.isRepeat(70_000)).toBe(false)
  })
})

describe('ObservableTokenState', () => {
  it('drops repeated states except ERROR and logs each transition', () => {
    const logger = new MemoryLogger()
    const state = new ObservableTokenState(logger)
    const seen: string[] = []
    state.onChange((next, detail) => seen.push(`${next}:${detail ?? ''}`))
    state.set('INITIAL', 'again')
    state.set('VALID', 'login')
    state.set('VALID', 'validate')
    state.set('ERROR', 'a')
    state.set('ERROR', 'b')
    expect(state.value).toBe('ERROR')
    expect(seen).toEqual(['VALID:login', 'ERROR:a', 'ERROR:b'])
    expect(logger.lines.filter((l) => l.message === 'token state')).toHaveLength(3)
  })
})

describe('SingleFlight', () => {
  it('TOK-3 tracks one flight until it settles; an older flight never clears a newer one', async () => {
    const flight = new SingleFlight<string>()
    const older = deferred<string>()
    const newer = deferred<string>()
    void flight.track(older.promise)
    const tracked = flight.track(newer.promise)
    older.resolve('old')
    await flushMicrotasks()
    expect(flight.current).toBe(tracked)
    newer.resolve('new')
    await expect(tracked).resolves.toBe('new')
    expect(flight.current).toBeNull()
  })

  it('a failing flight raises no unhandled rejection and forget() drops it', async () => {
    const flight = new SingleFlight<string>()
    const failing = Promise.reject(new Error('x'))
    flight.track(failing)
    flight.forget()
    expect(flight.current).toBeNull()
    await flushMicrotasks()
  })
})

describe('ListenerSet', () => {
  it('unsubscribes, and emitIsolated keeps calling the others when one throws', () => {
    const listeners = new ListenerSet<[value: number]>()
    const seen: number[] = []
    const errors: unknown[] = []
    const off = listeners.add(() => {
      throw new Error('bad listener')
    })
    listeners.add((value) => seen.push(value))
    listeners.emitIsolated((error) => errors.push(error), 1)
    expect(() => listeners.emit(2)).toThrow('bad listener')
    off()
    listeners.emit(3)
    expect(seen).toEqual([1, 3])
    expect(errors).toHaveLength(1)
  })
})

describe('renewToken (the refresh ladders)', () => {
  const setup = (login: ReauthResult[] = []) => {
    const clock = new ManualClock()
    const api = new ScriptedAuthApi(() => 'NEW')
    const failures: string[] = []
    const reasons: string[] = []
    const context: RefreshLadderContext = {
      api,
      reauth: async (reason) => {
        reasons.push(reason)
        return login.shift() ?? { ok: true, token: 'LOGGED-IN' }
      },
      alerts: { refreshAttemptFailed: (detail) => failures.push(detail) },
      backoff: new InterruptibleWait(clock),
      opts: { validateRetryDelaysMs: [1_000, 2_000], maxLoginAttempts: 3, loginRetryDelaysMs: [5_000, 5_000] },
    }
    return { clock, api, failures, reasons, context }
  }
  const never = (): boolean => false

  it('TOK-6 a validate that succeeds after a failure returns its token and logs in never', async () => {
    const { clock, api, failures, reasons, context } = setup()
    api.validateScript = [http500]
    const renewed = renewToken(context, { candidate: 'OLD', reason: 'scheduled', mustHurry: never }, never)
    await clock.advanceAsync(1_000)
    await expect(renewed).resolves.toEqual({ kind: 'validated', token: 'NEW' })
    expect(api.validateCalls.map((c) => c.token)).toEqual(['OLD', 'OLD'])
    expect(failures).toHaveLength(1)
    expect(reasons).toEqual([])
  })

  it('TOK-7 a dead-session answer skips the ladder and logs in at once, saying the session was dead', async () => {
    const { api, reasons, context } = setup()
    api.validateScript = [rejected(ValidateErrorCode.InvalidSession)]
    const renewed = await renewToken(context, { candidate: 'OLD', reason: '401', mustHurry: never }, never)
    expect(renewed).toEqual({ kind: 'logged-in', token: 'LOGGED-IN', sessionDead: true })
    expect(api.validateCalls).toHaveLength(1)
    expect(reasons).toEqual(['401'])
  })

  it('a hurried cycle validates once; without a candidate it only logs in; a definite login answer ends the attempts', async () => {
    const { api, reasons, context } = setup([rejected(LoginErrorCode.AppNotFound) as ReauthResult])
    api.validateScript = [http500]
    const hurried = await renewToken(context, { candidate: 'OLD', reason: 'start-up', mustHurry: () => true }, never)
    expect(hurried).toEqual({ kind: 'failed', sessionDead: false, lastFailure: rejected(LoginErrorCode.AppNotFound) })
    expect(api.validateCalls).toHaveLength(1)
    expect(reasons).toEqual(['start-up'])
    await expect(renewToken(context, { candidate: null, reason: 'invalidated', mustHurry: never }, never)).resolves.toMatchObject({ kind: 'logged-in' })
    expect(api.validateCalls).toHaveLength(1)
  })

  it('TOK-8 transient login failures are retried after the configured waits, up to the attempt limit', async () => {
    const { clock, reasons, context } = setup([transportFailure as ReauthResult, http500 as ReauthResult, transportFailure as ReauthResult])
    const renewed = renewToken(context, { candidate: null, reason: 'retry', mustHurry: never }, never)
    await clock.advanceAsync(4_999)
    expect(reasons).toHaveLength(1)
    await clock.advanceAsync(1)
    await clock.advanceAsync(5_000)
    await expect(renewed).resolves.toEqual({ kind: 'failed', sessionDead: false, lastFailure: transportFailure })
    expect(reasons).toHaveLength(3)
  })

  it('stops with CycleCancelledError when a sign-in or sign-out superseded the cycle during a reply', async () => {
    const { api, reasons, context } = setup()
    let stale = false
    api.validateScript = [
      async () => {
        stale = true
        return http500
      },
    ]
    await expect(renewToken(context, { candidate: 'OLD', reason: 'scheduled', mustHurry: never }, () => stale)).rejects.toBeInstanceOf(CycleCancelledError)
    expect(reasons).toEqual([])
  })
})
