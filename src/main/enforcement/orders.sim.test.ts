// Integration tests of intents, the position closer and the flatten engine against the ProjectX simulator via
// the real RestClient, timings scaled down (T1, I1, S1, S3, S5, S6). Real timers.
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryIntentRepository, MemoryTransitionRepository } from '../../../test/fakes/memory-repositories'
import { startSimulator } from '../../sim/index'
import type { SimulatorHandle, SimulatorOptions } from '../../sim/index'
import { systemClock } from '../ports/clock'
import type { TokenSource } from '../ports/gateway'
import { RestClient } from '../gateway/rest/index'
import { standaloneAuthApi } from '../../../test/support/auth/standalone-auth-api'
import { RecordingNotifier } from '../../../test/support/auth/auth-test-kit'
import { FlattenEngine } from './flatten'
import { OrderIntents } from './order-intents'
import type { OrderIntentOptions } from './order-intents'
import { PositionCloser } from './position-closer'

let sim: SimulatorHandle | null = null
afterEach(async () => {
  await sim?.close()
  sim = null
})

const FAST: Partial<OrderIntentOptions> = { verifyDelaysMs: [20, 50, 100], verifyBudgetMs: 300, resendDelayMs: 10 }

async function boot(intentOptions: Partial<OrderIntentOptions> = FAST, placeTimeoutMs = 2_000, simOptions: SimulatorOptions = {}) {
  sim = await startSimulator({ quiet: true, quoteIntervalMs: 0, rateLimits: { general: { limit: 100_000, windowMs: 60_000 } }, ...simOptions })
  const s = sim
  const login = await standaloneAuthApi({ baseUrl: s.restUrl }).loginKey(s.userName, s.apiKey)
  if (!login.ok) throw new Error('login failed')
  const tokens: TokenSource = { current: () => login.token, refresh: async () => login.token, onTokenSwapped: () => () => undefined }
  const logger = new MemoryLogger()
  const rest = new RestClient({
    baseUrl: s.restUrl,
    tokenSource: tokens,
    logger,
    timeouts: { placeMs: placeTimeoutMs },
    rateBuckets: { general: { limit: 100_000, windowMs: 60_000 } },
    retry: { baseMs: 5, maxMs: 20 },
  })
  const repo = new MemoryIntentRepository()
  const audit = new MemoryAuditRepository()
  const deps = { rest, intents: repo, transitions: new MemoryTransitionRepository(), audit, notifier: new RecordingNotifier(), clock: systemClock, logger }
  const intents = new OrderIntents(deps, intentOptions)
  const closer = new PositionCloser({ rest, clock: systemClock, logger, intents }, { baseDelayMs: 20, maxDelayMs: 100 })
  const flatten = new FlattenEngine({ rest, closer, intents, audit, clock: systemClock, logger }, { settleMs: 50 })
  const contracts = await rest.availableContracts(false)
  const contract = contracts.find((c) => c.activeContract) ?? contracts[0]
  if (contract === undefined) throw new Error('no contract')
  const accountId = s.accountIds[0] ?? 0
  s.control.freezeMarket({ frozen: true })
  s.control.setQuote({ contractId: contract.id, bid: 5000, ask: 5000 + contract.tickSize })
  const restingBuy = { contractId: contract.id, type: 1 as const, side: 0 as const, size: 1, limitPrice: 4800 } // inside the price band around 5000
  return { sim: s, rest, repo, intents, closer, flatten, contract, accountId, restingBuy, deps }
}

describe('orders against the simulator', () => {
  it('T1 half of place replies lost (before and after commit), 100 intents → ≤ 1 order per tag, none unknown', async () => {
    const { sim, intents, repo, accountId, restingBuy } = await boot()
    sim.control.failRequests({ kind: 'lostBeforeCommit', fraction: 0.25, path: '/api/Order/place' })
    sim.control.failRequests({ kind: 'lostAfterCommit', fraction: 0.34, path: '/api/Order/place' })
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => intents.place(accountId, 'T1', restingBuy)))
    const perTag = new Map<string, number>()
    for (const o of sim.control.orders({ accountId })) if (o.customTag) perTag.set(o.customTag, (perTag.get(o.customTag) ?? 0) + 1)
    expect([...perTag.values()].every((n) => n === 1)).toBe(true)
    expect([...repo.rows.values()].filter((r) => ['created', 'sent', 'unknown'].includes(r.status))).toEqual([])
    for (const o of outcomes) expect(perTag.get(o.customTag) ?? 0).toBe(o.status === 'acknowledged' ? 1 : 0)
    expect(outcomes.filter((o) => o.status === 'acknowledged').length).toBeGreaterThan(90)
    const lost = sim.control.requestLog({ path: '/api/Order/place' }).filter((e) => e.outcome === 'reset')
    expect(lost.length).toBeGreaterThan(20)
  }, 20_000)

  it('I1 reply lost after commit → found by customTag, never resent', async () => {
    const { sim, intents, accountId, restingBuy } = await boot()
    sim.control.failRequests({ kind: 'lostAfterCommit', count: 1, path: '/api/Order/place' })
    const outcome = await intents.place(accountId, 'I1', restingBuy)
    expect(outcome.status).toBe('acknowledged')
    expect(sim.control.requestLog({ path: '/api/Order/place' })).toHaveLength(1)
    expect(sim.control.orders({ accountId }).find((o) => o.customTag === outcome.customTag)?.id).toBe(outcome.orderId)
  })

  it('S3 slow server: place exceeds its timeout → unknown → acknowledged by search', async () => {
    const { sim, intents, repo, accountId, restingBuy } = await boot({ ...FAST, verifyDelaysMs: [200, 500, 1_000], verifyBudgetMs: 3_000 }, 300)
    sim.control.setLatency({ ms: 600, path: '/api/Order/place' })
    const outcome = await intents.place(accountId, 'S3', restingBuy)
    expect(outcome.status).toBe('acknowledged')
    expect(repo.get(outcome.customTag)?.status).toBe('acknowledged')
    expect(sim.control.orders({ accountId }).filter((o) => o.customTag === outcome.customTag)).toHaveLength(1)
  })

  it('S5 app killed between intent written and HTTP sent (and after a lost send) → resolved at start-up, never duplicated', async () => {
    const { sim, repo, intents, rest, accountId, restingBuy, deps } = await boot()
    const notSent = intents.create('place', accountId, restingBuy.contractId, 'S5', (tag) => ({ ...restingBuy, accountId, customTag: tag }))
    const sent = intents.create('place', accountId, restingBuy.contractId, 'S5', (tag) => ({ ...restingBuy, accountId, customTag: tag }))
    intents.mark(sent.customTag, 'sent', { sendCount: 1 })
    await rest.placeOrder({ ...restingBuy, accountId, customTag: sent.customTag })
    const restarted = new OrderIntents(deps, FAST)
    const results = await restarted.resolveUnresolved()
    expect(results.map((r) => [r.customTag, r.status])).toEqual([
      [notSent.customTag, 'failed'],
      [sent.customTag, 'acknowledged'],
    ])
    expect(sim.control.requestLog({ path: '/api/Order/place' })).toHaveLength(1)
    expect(repo.listUnresolved()).toHaveLength(0)
  })

  it('S6 resend rejected as duplicate customTag → treated as placed and the order id recovered', async () => {
    const { sim, intents, accountId, restingBuy } = await boot({ ...FAST, verifyDelaysMs: [] })
    sim.control.failRequests({ kind: 'lostAfterCommit', count: 1, path: '/api/Order/place' })
    const outcome = await intents.place(accountId, 'S6', restingBuy)
    const places = sim.control.requestLog({ path: '/api/Order/place' })
    expect(places).toHaveLength(2)
    expect(outcome.status).toBe('acknowledged')
    expect(outcome.orderId).toBe(sim.control.orders({ accountId }).find((o) => o.customTag === outcome.customTag)?.id)
  })

  it('S1 closeContract executed but reply lost → the retry re-reads size 0 and sends nothing more', async () => {
    const { sim, closer, accountId, contract } = await boot()
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 2, side: 0, size: 2 })
    expect(sim.control.positions({ accountId })).toHaveLength(1)
    sim.control.failRequests({ kind: 'lostAfterCommit', count: 1, path: '/api/Position/closeContract' })
    const result = await closer.close(accountId, contract.id, { reason: 'S1' })
    expect(result).toMatchObject({ kind: 'closed', closedSize: 2 })
    expect(sim.control.requestLog({ path: '/api/Position/closeContract' })).toHaveLength(1)
    expect(sim.control.positions({ accountId })).toHaveLength(0)
  })

  it('CONC-6 two concurrent half closes of a 2-lot end exactly flat on the simulator', async () => {
    const { sim, closer, accountId, contract } = await boot()
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 2, side: 1, size: 2 })
    const [a, b] = await Promise.all([closer.close(accountId, contract.id, { size: 1, reason: 'half' }), closer.close(accountId, contract.id, { size: 1, reason: 'half' })])
    expect([a.kind, b.kind]).toEqual(['closed', 'closed'])
    expect(sim.control.positions({ accountId })).toHaveLength(0)
  })

  it('kill switch: position closed, resting stop cancelled, verified flat on the simulator', async () => {
    const { sim, flatten, accountId, contract } = await boot()
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 2, side: 0, size: 1 })
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 4, side: 1, size: 1, stopPrice: 4500 })
    const report = await flatten.flattenAll([accountId], 'kill-switch')
    expect(report.accounts[0]).toMatchObject({ accountId, positionsClosed: 1, ordersCancelled: 1, verifiedFlat: true, problems: [] })
    expect(sim.control.positions({ accountId })).toHaveLength(0)
    expect(sim.control.orders({ accountId, openOnly: true })).toHaveLength(0)
  })

  it('SIM8-11 Tiltguard flatten and the platform liquidation on the same account at once: flat, never reversed, no problems', async () => {
    const platform = { platformRules: { dailyLossLimit: 100, flattenAt: null } }
    const accounts = [{ name: 'PRAC-RULES', balance: 50_000, ...platform }, { name: 'PRAC-OTHER', balance: 50_000 }]
    const { sim, flatten, accountId, contract } = await boot(FAST, 2_000, { accounts })
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 2, side: 0, size: 2 })
    sim.control.placeOrder({ accountId, contractId: contract.id, type: 4, side: 1, size: 2, stopPrice: 4000 })
    // Tiltguard's kill switch is in flight when the firm's loss limit liquidates the account server-side.
    const running = flatten.flattenAll([accountId], 'daily-loss')
    sim.control.setQuote({ contractId: contract.id, bid: 4900, ask: 4900 + contract.tickSize })
    expect(sim.control.accounts().find((a) => a.id === accountId)?.canTrade).toBe(false)
    const report = await running
    expect(report.accounts[0]).toMatchObject({ accountId, verifiedFlat: true, problems: [] })
    expect(sim.control.positions({ accountId })).toEqual([])
    expect(sim.control.orders({ accountId, openOnly: true })).toEqual([])
    // Exactly one closing fill: neither side's close turned into a new short.
    const closing = sim.control.trades({ accountId }).filter((t) => t.side === 1)
    expect(closing.reduce((n, t) => n + t.size, 0)).toBe(2)
    // Flattening again afterwards (the engine's next check) finds nothing to do and still verifies flat.
    const again = await flatten.flattenAll([accountId], 'daily-loss')
    expect(again.accounts[0]).toMatchObject({ positionsClosed: 0, ordersCancelled: 0, verifiedFlat: true, problems: [] })
  })
})
