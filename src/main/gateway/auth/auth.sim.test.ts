// Integration tests of TokenManager + SessionService + RestClient against the ProjectX simulator, with timings
// scaled down ~1000× (F1, F3–F8, SESS-1). Real timers; each scenario runs in a few seconds at most.
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { startSimulator } from '../../../sim/index'
import type { SimulatorHandle } from '../../../sim/index'
import { systemClock } from '../../ports/clock'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { RestClient } from '../rest/index'
import { standaloneAuthApi } from '../../../../test/support/auth/standalone-auth-api'
import { RecordingNotifier } from '../../../../test/support/auth/auth-test-kit'
import { SessionService } from './session-service'
import { TokenManager } from './token-manager'
import type { TokenManagerOptions } from './token-manager'

const FAST: Partial<TokenManagerOptions> = {
  refreshBufferMs: 2_000,
  validateRetryDelaysMs: [30, 60, 120, 300],
  loginRetryDelaysMs: [20, 40],
  errorCycleMs: 300,
  noTokenRetryMs: 300,
  refreshWaitCapMs: 3_000,
}

let sim: SimulatorHandle | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

async function boot(tokenTtlMs: number, options: Partial<TokenManagerOptions> = FAST) {
  sim = await startSimulator({ tokenTtlMs, quiet: true, quoteIntervalMs: 0 })
  const s = sim
  const logger = new MemoryLogger()
  const notifier = new RecordingNotifier()
  const audit = new MemoryAuditRepository()
  const meta = new MemoryMetaRepository()
  const secrets = new MemorySecretStore()
  const api = standaloneAuthApi({ baseUrl: s.restUrl })
  const tokens = new TokenManager({ api, secrets, meta, clock: systemClock, logger, notifier, audit }, options)
  const session = new SessionService({ api, tokens, secrets, meta, clock: systemClock, logger, notifier, audit, mode: () => 'simulator' })
  const rest = new RestClient({ baseUrl: s.restUrl, tokenSource: tokens, logger })
  return { sim: s, logger, notifier, audit, secrets, tokens, session, rest }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await wait(25)
  }
}

describe('auth against the simulator', () => {
  it('F1 / TOK-2 / TOK-5 short TTL: validate before expiry, swap, REST keeps working with no 401', async () => {
    const { sim, tokens, session, rest } = await boot(4_000)
    expect((await session.signIn(sim.userName, sim.apiKey)).ok).toBe(true)
    const first = tokens.current()
    const swaps: string[] = []
    tokens.onTokenSwapped((t) => swaps.push(t))
    for (let i = 0; i < 14; i++) {
      await rest.searchAccounts(true)
      await wait(250)
    }
    expect(swaps.length).toBeGreaterThanOrEqual(1)
    expect(tokens.current()).not.toBe(first)
    const log = sim.control.requestLog()
    expect(log.filter((e) => e.status === 401)).toEqual([])
    const validate = log.find((e) => e.path.includes('/Auth/validate'))
    expect(validate?.token).toBe(first)
    const afterSwap = log.filter((e) => e.seq > (validate?.seq ?? 0) && e.path.includes('/Account/search'))
    // One request may have been issued just before the swap and arrive after validate; none after that.
    expect(afterSwap.slice(1).filter((e) => e.token === first)).toEqual([])
  })

  it('F3 / TOK-14 validate 500 twice then OK: success on the third try with one alert', async () => {
    const { sim, tokens, session, notifier } = await boot(3_000)
    await session.signIn(sim.userName, sim.apiKey)
    const first = tokens.current()
    sim.control.failValidate({ mode: 500, count: 2 })
    await until(() => tokens.current() !== first)
    expect(sim.control.requestLog({ path: '/Auth/validate' }).map((e) => e.status)).toEqual([500, 500, 200])
    expect(notifier.count('warning')).toBe(1)
    expect(sim.control.requestLog({ path: '/Auth/loginKey' })).toHaveLength(1)
  })

  it('F4 / TOK-6 validate 500 ×4 → loginKey after the 4th failure and the new token is used', async () => {
    const { sim, tokens, session, rest } = await boot(3_000)
    await session.signIn(sim.userName, sim.apiKey)
    const first = tokens.current()
    sim.control.failValidate({ mode: 500, count: 4 })
    await until(() => tokens.current() !== first)
    expect(sim.control.requestLog({ path: '/Auth/validate' })).toHaveLength(4)
    expect(sim.control.requestLog({ path: '/Auth/loginKey' })).toHaveLength(2)
    await rest.searchAccounts(true)
    expect(sim.control.requestLog({ path: '/Account/search' }).at(-1)?.token).toBe(tokens.current())
  })

  it('F5 / TOK-7 validate 200 success:false code 1 → no ladder, immediate loginKey', async () => {
    const { sim, tokens, session } = await boot(3_000)
    await session.signIn(sim.userName, sim.apiKey)
    const first = tokens.current()
    sim.control.failValidate({ mode: 'envelope', errorCode: 1, count: 1 })
    await until(() => tokens.current() !== first)
    expect(sim.control.requestLog({ path: '/Auth/validate' })).toHaveLength(1)
    expect(sim.control.requestLog({ path: '/Auth/loginKey' })).toHaveLength(2)
  })

  it('F6 / TOK-8 / TOK-9 validate and loginKey 503 until expiry: ERROR serving the old token, then EXPIRED', async () => {
    const { sim, tokens, session, notifier } = await boot(3_000, { ...FAST, validateRetryDelaysMs: [30, 30, 30, 30] })
    await session.signIn(sim.userName, sim.apiKey)
    const first = tokens.current()
    sim.control.failRequests({ kind: 503, path: '/Auth/' })
    await until(() => tokens.state === 'ERROR')
    expect(tokens.current()).toBe(first)
    await until(() => tokens.state === 'EXPIRED')
    expect(tokens.current()).toBeNull()
    expect(notifier.notices.some((n) => n.severity === 'critical')).toBe(true)
    expect(sim.control.requestLog({ path: '/Auth/validate' }).length).toBeGreaterThanOrEqual(5)
  })

  it('F7 / KEY-2 / KEY-3 loginKey code 3 stops automatic re-login and prompts the trader', async () => {
    const { sim, tokens, session } = await boot(2_500)
    await session.signIn(sim.userName, sim.apiKey)
    sim.control.failValidate({ mode: 'envelope', errorCode: 2 })
    sim.control.failLogin({ errorCode: 3 })
    await until(() => session.info().autoReloginEnabled === false)
    expect(session.info().lastError).toBe('API key or user name not accepted')
    const logins = sim.control.requestLog({ path: '/Auth/loginKey' }).length
    await wait(600)
    expect(sim.control.requestLog({ path: '/Auth/loginKey' })).toHaveLength(logins)
    expect(['SIGNED_OUT', 'ERROR', 'EXPIRED']).toContain(tokens.state)
  })

  it('F8 / SESS-3 session revoked elsewhere → one re-login and a rebuild signal; if login also fails → SIGNED_OUT', async () => {
    const { sim, tokens, session, rest, notifier } = await boot(60_000, { ...FAST, invalidationWindowMs: 0 })
    await session.signIn(sim.userName, sim.apiKey)
    const rebuilds: string[] = []
    session.onRebuildNeeded((s) => rebuilds.push(s))
    await wait(50)
    sim.control.revokeSession()
    await rest.searchAccounts(true)
    await until(() => rebuilds.length === 1)
    expect(tokens.state).toBe('VALID')
    expect(sim.control.requestLog({ path: '/Auth/loginKey' })).toHaveLength(2)

    await wait(50)
    sim.control.failLogin({ errorCode: 3 })
    sim.control.revokeSession()
    await session.onSessionInvalidated('gateway-logout')
    expect(session.info().state).toBe('SIGNED_OUT')
    expect(notifier.notices.some((n) => n.severity === 'critical')).toBe(true)
  })

  it('SESS-1 sign-out calls Auth/logout once and the old token is dead locally', async () => {
    const { sim, tokens, session } = await boot(60_000)
    await session.signIn(sim.userName, sim.apiKey)
    await session.signOut()
    await session.signOut()
    await session.whenLogoutSettled()
    expect(tokens.current()).toBeNull()
    expect(sim.control.requestLog({ path: '/Auth/logout' })).toHaveLength(1)
  })
})
