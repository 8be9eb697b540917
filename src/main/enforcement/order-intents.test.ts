// Unit tests of intents against an in-memory gateway: commit-before-send, verification, resends (ORD-*, IDEM-*, T1, I1, S3, S5, S6).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { MemoryAuditRepository, MemoryIntentRepository, MemoryTransitionRepository } from '../../../test/fakes/memory-repositories'
import { RecordingNotifier } from '../../../test/support/auth/auth-test-kit'
import { PRIORITY } from '../ports/gateway'
import type { GatewayRest, WriteOutcome } from '../ports/gateway'
import { KeyedMutex } from '../util/keyed-mutex'
import { OrderIntents } from './order-intents'
import type { OrderIntentOptions } from './order-intents'
import { FakeGateway, settle } from '../../../test/support/enforcement/orders-test-kit'

const MARKET = { contractId: 'CON.F.US.EP.Z26', type: 2 as const, side: 1 as const, size: 1 }

function setup(options: Partial<OrderIntentOptions> = {}, restOverride?: (gw: FakeGateway) => GatewayRest) {
  const clock = new ManualClock()
  const gateway = new FakeGateway(clock)
  const intents = new MemoryIntentRepository()
  const transitions = new MemoryTransitionRepository()
  const audit = new MemoryAuditRepository()
  const notifier = new RecordingNotifier()
  const deps = { rest: restOverride ? restOverride(gateway) : gateway, intents, transitions, audit, notifier, clock, logger: new MemoryLogger() }
  const service = new OrderIntents(deps, options)
  return { clock, gateway, intents, transitions, audit, notifier, service, deps }
}

describe('OrderIntents', () => {
  it('ORD-1 / IDEM-2 the intent row is committed before the HTTP call, with its customTag', async () => {
    const { clock, gateway, intents, service } = setup()
    let rowAtSend: unknown = 'none'
    const orig = gateway.placeOrder.bind(gateway)
    gateway.placeOrder = async (req, opts) => {
      rowAtSend = intents.get(req.customTag ?? '')?.status
      return orig(req, opts)
    }
    const outcome = await settle(clock, service.place(7, 'RULE-003', MARKET))
    expect(rowAtSend).toBe('sent')
    expect(outcome.status).toBe('acknowledged')
    expect(outcome.customTag).toMatch(/^rm:7:RULE-003:[0-9A-Z]{26}$/)
    expect(gateway.orders[0]?.customTag).toBe(outcome.customTag)
    expect(gateway.calls[0]?.opts?.priority).toBe(PRIORITY.enforcement)
    expect(gateway.calls[0]?.opts?.timeoutMs).toBe(10_000)
  })

  it('ORD-7 every intent status change is recorded as a transition', async () => {
    const { clock, gateway, transitions, service } = setup()
    gateway.placeFault = () => 'drop-after'
    await settle(clock, service.place(7, 'r', MARKET))
    expect(transitions.rows.map((t) => `${t.from ?? '-'}>${t.to}`)).toEqual(['->created', 'created>sent', 'sent>unknown', 'unknown>acknowledged'])
    expect(transitions.rows.every((t) => t.trigger === 'intent')).toBe(true)
  })

  it('IDEM-3 the same intent submitted twice produces one Order/place call', async () => {
    const { clock, gateway, service } = setup()
    const intent = service.create('place', 7, MARKET.contractId, 'r', (tag) => ({ ...MARKET, accountId: 7, customTag: tag }))
    const [a, b] = await settle(clock, Promise.all([service.submit(intent.customTag), service.submit(intent.customTag)]))
    const c = await service.submit(intent.customTag)
    expect(gateway.count('placeOrder')).toBe(1)
    expect(a).toEqual(b)
    expect(c.status).toBe('acknowledged')
  })

  it('IDEM-3 a rule firing twice with the same intentKey joins the first intent', async () => {
    const { clock, gateway, service } = setup()
    const both = Promise.all([service.place(7, 'r', MARKET, { intentKey: 'RULE-3:7' }), service.place(7, 'r', MARKET, { intentKey: 'RULE-3:7' })])
    const [a, b] = await settle(clock, both)
    expect(gateway.count('placeOrder')).toBe(1)
    expect(a.customTag).toBe(b.customTag)
  })

  it('ORD-3 / I1 reply lost after commit: verified by customTag via Order/search at 2 s, never resent', async () => {
    const { clock, gateway, service } = setup()
    gateway.placeFault = () => 'drop-after'
    const outcome = await settle(clock, service.place(7, 'r', MARKET), 100)
    expect(outcome.status).toBe('acknowledged')
    expect(outcome.orderId).toBe(gateway.orders[0]?.id)
    expect(gateway.count('placeOrder')).toBe(1)
    const search = gateway.calls.find((c) => c.method === 'searchOrders')
    expect(search).toBeDefined()
    const [, startIso] = search?.args ?? []
    expect(Date.parse(String(startIso))).toBeLessThanOrEqual(clock.now() - 60_000)
  })

  it('ORD-3 verification tries at +2 s, +5 s, +10 s and stays within 30 s', async () => {
    const { clock, gateway, service } = setup({ maxSends: 1 })
    gateway.placeFault = () => 'drop-before'
    const start = clock.now()
    const times: number[] = []
    const orig = gateway.searchOrders.bind(gateway)
    gateway.searchOrders = async (...args) => {
      times.push(clock.now() - start)
      return orig(...args)
    }
    const outcome = await settle(clock, service.place(7, 'r', MARKET), 100)
    expect(times).toEqual([2_000, 7_000, 17_000])
    expect(outcome.status).toBe('manual_review')
  })

  it('ORD-4 not found after all tries → resend with the SAME tag (max 3 sends), then manual_review + alert', async () => {
    const { clock, gateway, service, notifier, audit } = setup()
    gateway.placeFault = () => 'drop-before'
    const outcome = await settle(clock, service.place(7, 'r', MARKET), 500)
    const tags = gateway.calls.filter((c) => c.method === 'placeOrder').map((c) => (c.args[0] as { customTag: string }).customTag)
    expect(tags).toHaveLength(3)
    expect(new Set(tags)).toEqual(new Set([outcome.customTag]))
    expect(outcome.status).toBe('manual_review')
    expect(notifier.count('critical')).toBe(1)
    expect(audit.rows.some((r) => r.category === 'order' && r.severity === 'critical')).toBe(true)
  })

  it('ORD-4 a resend that lands is acknowledged', async () => {
    const { clock, gateway, service } = setup()
    gateway.placeFault = (_r, n) => (n === 0 ? 'drop-before' : 'none')
    const outcome = await settle(clock, service.place(7, 'r', MARKET), 500)
    expect(outcome.status).toBe('acknowledged')
    expect(gateway.orders).toHaveLength(1)
    expect(gateway.count('placeOrder')).toBe(2)
  })

  it('ORD-5 / S6 a resend rejected as duplicate customTag is "already placed" and resolved by search', async () => {
    const { clock, gateway, service } = setup({ verifyDelaysMs: [2_000] })
    // First reply lost after commit, and the single verification search fails (gateway hiccup).
    gateway.placeFault = (_r, n) => (n === 0 ? 'drop-after' : 'none')
    const orig = gateway.searchOrders.bind(gateway)
    let searches = 0
    gateway.searchOrders = async (...args) => {
      if (searches++ === 0) throw new Error('HTTP 503')
      return orig(...args)
    }
    const outcome = await settle(clock, service.place(7, 'r', MARKET), 500)
    expect(gateway.count('placeOrder')).toBe(2)
    expect(outcome.status).toBe('acknowledged')
    expect(outcome.orderId).toBe(gateway.orders[0]?.id)
    expect(gateway.orders).toHaveLength(1)
  })

  it('ORD-4 a real business rejection is final and keeps the orderId the gateway returned', async () => {
    const rejecting = (gw: FakeGateway): GatewayRest =>
      Object.assign(Object.create(gw) as FakeGateway, {
        placeOrder: async (): Promise<WriteOutcome> => ({ kind: 'rejected', errorCode: 5, errorName: 'OutsideTradingHours', message: 'Outside trading hours', orderId: 77 }),
      })
    const { clock, service } = setup({}, rejecting)
    const outcome = await settle(clock, service.place(7, 'r', MARKET))
    expect(outcome).toMatchObject({ status: 'rejected', errorCode: 5, orderId: 77, message: 'Outside trading hours' })
  })

  it('S3 slow server: place times out (uncertain), intent goes unknown then acknowledged by search', async () => {
    const { clock, gateway, service, intents } = setup()
    gateway.placeFault = () => 'drop-after'
    const pending = service.place(7, 'r', MARKET)
    await clock.advanceAsync(10)
    expect([...intents.rows.values()][0]?.status).toBe('unknown')
    expect((await settle(clock, pending)).status).toBe('acknowledged')
  })

  it('T1 50 % of place replies lost (half before, half after commit), 100 intents → ≤ 1 order per tag, none unknown', async () => {
    const { clock, gateway, service, intents } = setup()
    gateway.placeFault = (_r, n) => (n % 4 === 0 ? 'drop-before' : n % 4 === 1 ? 'drop-after' : 'none')
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => service.place(1 + (i % 5), 'T1', MARKET)))
    const outcomes = await settle(clock, all, 500)
    const perTag = new Map<string, number>()
    for (const o of gateway.orders) perTag.set(o.customTag ?? '', (perTag.get(o.customTag ?? '') ?? 0) + 1)
    expect([...perTag.values()].every((n) => n === 1)).toBe(true)
    // Every intent is settled; one whose three sends were all lost before commit ends in manual_review
    // (ORD-4) and then has no server order, every acknowledged one has exactly one.
    expect([...intents.rows.values()].filter((r) => ['created', 'sent', 'unknown'].includes(r.status))).toEqual([])
    for (const o of outcomes) {
      expect(['acknowledged', 'manual_review']).toContain(o.status)
      expect(perTag.get(o.customTag) ?? 0).toBe(o.status === 'acknowledged' ? 1 : 0)
    }
    expect(outcomes.filter((o) => o.status === 'acknowledged').length).toBeGreaterThan(90)
  })

  it('IDEM-2 / S5 start-up resolves created/sent/unknown intents by search and never resends', async () => {
    const { clock, gateway, service, intents } = setup()
    // Intent A: written, app killed before sending (nothing on the server).
    const a = service.create('place', 7, MARKET.contractId, 'r', (tag) => ({ ...MARKET, accountId: 7, customTag: tag }))
    // Intent B: sent and committed, reply lost, app killed.
    const b = service.create('place', 7, MARKET.contractId, 'r', (tag) => ({ ...MARKET, accountId: 7, customTag: tag }))
    service.mark(b.customTag, 'unknown', { sendCount: 1 })
    gateway.addOrder(7, MARKET.contractId, { customTag: b.customTag })
    // Intent C: a cancel whose order is already cancelled.
    const order = gateway.addOrder(7, MARKET.contractId, { status: 3 })
    const c = service.create('cancel', 7, null, 'r', () => ({ accountId: 7, orderId: order.id }), order.id)
    service.mark(c.customTag, 'sent', { sendCount: 1 })
    const results = await settle(clock, service.resolveUnresolved())
    expect(results.map((r) => r.status)).toEqual(['failed', 'acknowledged', 'acknowledged'])
    expect(intents.get(a.customTag)?.lastError).toContain('not resent')
    expect(gateway.count('placeOrder')).toBe(0)
    expect(intents.listUnresolved()).toHaveLength(0)
  })

  it('IDEM-2 start-up with the gateway down leaves intents unknown (not failed)', async () => {
    const { clock, gateway, service } = setup()
    service.create('place', 7, MARKET.contractId, 'r', (tag) => ({ ...MARKET, accountId: 7, customTag: tag }))
    gateway.searchOrders = async () => {
      throw new Error('unreachable')
    }
    const [result] = await settle(clock, service.resolveUnresolved())
    expect(result?.status).toBe('unknown')
  })

  it('ORD-3 cancel with a lost reply is verified by Order/searchById', async () => {
    const { clock, gateway, service } = setup()
    const order = gateway.addOrder(7, MARKET.contractId)
    const orig = gateway.cancelOrder.bind(gateway)
    gateway.cancelOrder = async (...args) => {
      await orig(...args)
      return { kind: 'uncertain', reason: 'timeout' }
    }
    const outcome = await settle(clock, service.cancel(7, order.id, 'kill'))
    expect(outcome.status).toBe('acknowledged')
    expect(gateway.count('cancelOrder')).toBe(1)
    expect(gateway.count('searchOrderById')).toBeGreaterThan(0)
  })

  it('CONC-1 a send waits while another writer holds the shared account lock', async () => {
    const { clock, gateway, deps } = setup()
    const mutex = new KeyedMutex<number>()
    const service = new OrderIntents({ ...deps, mutex })
    let release: () => void = () => undefined
    const held = mutex.run(7, () => new Promise<void>((r) => (release = r)))
    const placing = service.place(7, 'RULE-003', MARKET)
    for (let i = 0; i < 5; i++) await Promise.resolve()
    expect(gateway.orders).toHaveLength(0)
    release()
    await held
    expect((await settle(clock, placing)).status).toBe('acknowledged')
    expect(gateway.orders).toHaveLength(1)
  })
})
