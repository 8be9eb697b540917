// The session's wiring and its facade: wireGatewaySession builds a graph whose GatewaySession answers
// through MonitoredGateway (nothing started, no gateway reached), and the IPC handlers work against a small
// fake of that interface, so they no longer depend on the concrete session.
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryAuditRepository } from '../../../../test/fakes/memory-repositories'
import { FakeMonitoredGateway } from '../../../../test/fakes/fake-monitored-gateway'
import { cannedRisk } from '../../../../test/fakes/canned-dashboard'
import type { HealthSnapshot } from '../../../shared/domain/health'
import type { EventName } from '../../../shared/ipc/contract'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { openStore, type Store } from '../../store'
import { createEngineServices, type EngineServices } from '../engine-services'
import { EventPublisher } from '../event-publisher'
import { createHandlers } from '../handlers'
import type { HandlerModes } from '../handlers/context'
import { GatewaySession } from './gateway-session'
import { wireGatewaySession, type GatewaySessionDeps } from './wire-session'

const ENDPOINTS = {
  restUrl: 'http://127.0.0.1:9',
  userHubUrl: 'http://127.0.0.1:9/hubs/user',
  marketHubUrl: 'http://127.0.0.1:9/hubs/market',
}
const EXAMPLE_RULES = fileURLToPath(new URL('../../../../resources/rules.example.yaml', import.meta.url))

const stores: Store[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
})

async function memoryStore(): Promise<Store> {
  const store = await openStore({ path: ':memory:', logger: new MemoryLogger() })
  stores.push(store)
  return store
}

async function wired() {
  const clock = new ManualClock()
  const store = await memoryStore()
  const pushed: HealthSnapshot[] = []
  const deps: GatewaySessionDeps = {
    mode: 'simulator',
    endpoints: ENDPOINTS,
    secrets: new MemorySecretStore(),
    store,
    clock,
    logger: new MemoryLogger(),
    notifier: { notify: () => undefined },
    onHealth: (snapshot) => pushed.push(snapshot),
  }
  const parts = wireGatewaySession(deps)
  return { clock, store, pushed, parts, session: new GatewaySession(deps, parts) }
}

describe('wireGatewaySession and the facade', () => {
  it('builds every part once, and the session answers from them before anyone signed in', async () => {
    const { parts, session } = await wired()
    expect(new Set(Object.values(parts)).size).toBe(Object.keys(parts).length)
    expect(session.mode).toBe('simulator')
    expect(session.endpoints).toEqual(ENDPOINTS)
    expect(session.hasToken()).toBe(false)
    expect(session.info()).toEqual(parts.session.info())
    expect(session.info().mode).toBe('simulator')
    const health = session.health()
    expect(health).toEqual(parts.health.current())
    expect(health.mode).toBe('simulator')
    expect(health.token.state).toBe(parts.tokens.state)
    expect(session.accountIds()).toEqual([])
    expect(session.portfolioSnapshot()).toEqual({ accounts: [], positions: [], orders: [] })
    expect(session.contracts()).toEqual([])
    expect(session.fills()).toEqual([])
    expect(session.activeLockouts()).toEqual([])
  })

  it('start without a stored session monitors nothing; the facade halts, audits and signs out through the parts; stop leaves no timer', async () => {
    const { clock, store, pushed, parts, session } = await wired()
    await session.start({ restore: false })
    expect(session.hasToken()).toBe(false)
    expect(parts.userHub.health().state).not.toBe('CONNECTED')

    session.halt([7], 'indefinite', 'kill switch')
    expect(session.riskViews().map((v) => [v.accountId, v.status])).toEqual([[7, 'HALTED']])
    expect(parts.risk.state().accounts[7]?.halted).toBe(true)
    session.audit('Kill switch pressed (account 7)', clock.now())
    expect(store.audit.list(5).map((e) => [e.category, e.severity, e.message])).toContainEqual([
      'enforcement',
      'critical',
      'Kill switch pressed (account 7)',
    ])

    // The token's state change reaches the health monitor, which pushes through onHealth (wired in the session).
    expect(session.info().state).not.toBe('SIGNED_OUT')
    await session.signOut()
    expect(session.info().state).toBe('SIGNED_OUT')
    expect(pushed.at(-1)?.token.state).toBe('SIGNED_OUT')

    expect(clock.pendingCount).toBeGreaterThan(0)
    await session.stop()
    expect(clock.pendingCount).toBe(0)
  })
})

describe('the handlers against a fake session', () => {
  const unused = (): never => {
    throw new Error('not used by this test')
  }

  async function setup(gateway = new FakeMonitoredGateway()) {
    const clock = new ManualClock()
    const store = await memoryStore()
    const services: EngineServices = createEngineServices(store, 'simulator', store.audit, {
      clock,
      exampleRulesFile: EXAMPLE_RULES,
      admin: { cost: 2 ** 10 },
    })
    const sent: { name: EventName; payload: unknown }[] = []
    const publisher = new EventPublisher(
      clock,
      (name, payload) => sent.push({ name, payload }),
      { portfolio: () => null, risk: () => null },
      () => undefined,
    )
    const modes: HandlerModes = {
      current: gateway,
      requireCurrent: () => gateway,
      currentAudit: null,
      activeAudit: new MemoryAuditRepository(),
      requireStore: unused,
      riskSnapshot: () => cannedRisk(),
      services,
      publisher,
      simulatorControl: () => null,
      signIn: unused,
      signOut: unused,
      forgetCredentials: unused,
      useSimulator: unused,
    }
    return { gateway, clock, sent, handlers: createHandlers({ modes, clock }) }
  }

  it('the first snapshot, the fills and the P&L curve come from the facade alone, positions priced by its quote and contract', async () => {
    const { gateway, clock, handlers } = await setup()
    const mes = 'CON.F.US.MES.Z25'
    gateway.specs.set(mes, { contractId: mes, name: 'MESZ5', tickSize: 0.25, tickValue: 1.25 })
    gateway.quotes.set(mes, {
      contractId: mes,
      bestBid: 6015.25,
      bestAsk: 6015.5,
      lastPrice: 6015.5,
      lastPriceSource: 'quote',
      delayed: false,
      updatedAt: clock.now() - 120,
    })
    const snapshot = await handlers.getSnapshot({})
    expect(snapshot.health).toBe(gateway.healthSnapshot)
    expect(snapshot.session).toBe(gateway.session)
    expect(snapshot.fills).toEqual(gateway.fillViews)
    const [position] = snapshot.portfolio.positions
    // Long 2 MES from 6012.25 to 6015.50: 13 ticks × $1.25 × 2.
    expect(position).toMatchObject({
      contractName: 'MESZ5',
      lastPrice: 6015.5,
      unrealizedPnl: 32.5,
      priceAgeMs: 120,
      priceDelayed: false,
    })
    expect(snapshot.portfolio.orders.map((o) => o.contractName)).toEqual(['MESZ5'])
    expect((await handlers.listFills({ accountId: 101 })).map((f) => f.accountId)).toEqual([101])
    expect(await handlers.getPnlSeries({ accountId: 102 })).toEqual(gateway.pnlSeries(102))
  })

  it('the kill switch audits, flattens and then halts every account through the facade, with progress pushed per account', async () => {
    const { gateway, sent, handlers } = await setup()
    const report = await handlers.flattenAll({ accountId: null, confirm: true })
    expect(report.accounts.map((a) => a.accountId)).toEqual([101, 102, 103])
    expect(gateway.calls.map((c) => c.call)).toEqual(['audit', 'flattenAll', 'halt'])
    expect(gateway.calls[1]).toEqual({
      call: 'flattenAll',
      accountIds: [101, 102, 103],
      reason: 'kill-switch',
    })
    expect(gateway.calls[2]).toEqual({
      call: 'halt',
      accountIds: [101, 102, 103],
      until: 'daily_reset',
      reason: 'kill switch',
    })
    const progress = sent
      .filter((e) => e.name === 'killSwitchProgress')
      .map((e) => e.payload as { accountId: number; phase: string })
    expect(progress.map((p) => `${p.accountId}:${p.phase}`)).toEqual([
      '101:started',
      '102:started',
      '103:started',
      '101:done',
      '102:done',
      '103:done',
    ])
  })

  it('signed out, the kill switch halts at once and refuses to flatten; an account the session does not monitor is refused before anything', async () => {
    const { gateway, handlers } = await setup()
    await expect(handlers.flattenAll({ accountId: 999, confirm: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(gateway.calls).toEqual([])
    gateway.signedIn = false
    await expect(handlers.flattenAll({ accountId: 102, confirm: true })).rejects.toMatchObject({
      code: 'NOT_SIGNED_IN',
    })
    expect(gateway.calls.map((c) => c.call)).toEqual(['audit', 'halt'])
    expect(gateway.calls[1]).toMatchObject({ accountIds: [102] })
  })

  it('the manual retry and the rules check go to the facade (its lockouts are the ones a rules edit is checked against)', async () => {
    const { gateway, handlers } = await setup()
    await handlers.retryNow({})
    expect(gateway.calls).toEqual([{ call: 'retryNow' }])
    gateway.lockouts = [
      {
        accountId: 101,
        ruleId: 'max_contracts',
        scope: { kind: 'account' },
        expiry: { kind: 'indefinite' },
        reason: 'x',
        setAt: 1,
      },
    ]
    // Dropping every example rule loosens max_contracts, which the facade says is locked out.
    const check = await handlers.checkRules({ yaml: 'rules: {}\n' })
    expect(check.loosening.some((line) => /has an active lockout/.test(line))).toBe(true)
    gateway.lockouts = []
    expect(
      (await handlers.checkRules({ yaml: 'rules: {}\n' })).loosening.some((line) =>
        /has an active lockout/.test(line),
      ),
    ).toBe(false)
  })
})
