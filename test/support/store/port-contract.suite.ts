// The persistence ports' behaviour as one suite, run against both the SQLite repositories and the
// memory fakes in test/fakes, so the fakes services test with cannot drift from the real store.
import { describe, expect, it } from 'vitest'
import type {
  AuditRepository,
  IntentRepository,
  MetaRepository,
  OrderIntent,
  PortfolioRepository,
} from '../../../src/main/ports/repositories'
import type { Account, Fill, Order, Position } from '../../../src/main/portfolio/model'

export interface PortRepositories {
  readonly intents: IntentRepository
  readonly portfolio: PortfolioRepository
  readonly meta: MetaRepository
  readonly audit: AuditRepository
}

/** Order and trade ids above 2^31 (and above 2^32) must survive (int64-safe storage). */
export const BIG_ID = 2 ** 40 + 12345

export const intent = (tag: string, patch: Partial<OrderIntent> = {}): OrderIntent => ({
  customTag: tag,
  accountId: 7,
  kind: 'close',
  contractId: 'CON.F.US.MNQ.Z25',
  reason: 'kill-switch',
  request: { accountId: 7, contractId: 'CON.F.US.MNQ.Z25' },
  status: 'created',
  orderId: null,
  sendCount: 0,
  createdAt: 1000,
  updatedAt: 1000,
  lastError: null,
  ...patch,
})

export const account = (id: number, patch: Partial<Account> = {}): Account => ({
  id, name: `TOPSTEP-50K-${id}`, balance: 50_000, canTrade: true, isVisible: true, simulated: true, ...patch,
})

export const order = (id: number, patch: Partial<Order> = {}): Order => ({
  id, accountId: 7, contractId: 'CON.F.US.MNQ.Z25', symbolId: null, createdAt: Date.parse('2026-11-25T14:30:00.000Z'), updatedAt: null,
  status: 1, type: 4, side: 1, size: 1, limitPrice: null, stopPrice: 20_000.25, fillVolume: null, filledPrice: null, customTag: null,
  trailPrice: null, trailDistance: null, parentOrderId: null, linkedOrderId: null, ...patch,
})

export const position = (accountId: number, contractId: string, size: number, patch: Partial<Position> = {}): Position => ({
  id: 500 + size, accountId, contractId, contractDisplayName: null, openedAt: Date.parse('2026-11-25T14:30:00.000Z'), type: 1, size, averagePrice: 20_100.5, ...patch,
})

export const trade = (id: number, patch: Partial<Fill> = {}): Fill => ({
  id, accountId: 7, contractId: 'CON.F.US.MNQ.Z25', orderId: BIG_ID, executedAt: Date.parse('2026-11-25T14:31:00.000Z'), price: 20_101,
  size: 1, side: 0, profitAndLoss: null, fees: 0.74, commissions: 0, voided: false, ...patch,
})

/** Registers the port contract tests; `create` must return fresh, empty repositories each call. */
export function describePortContract(label: string, create: () => PortRepositories): void {
  describe(`port contract: ${label}`, () => {
    it('IDEM-1 inserting an intent twice with the same customTag throws', () => {
      const { intents } = create()
      intents.insert(intent('rm:7:kill:01'))
      expect(() => intents.insert(intent('rm:7:kill:01'))).toThrow(/rm:7:kill:01/)
    })

    it('IDEM-2 an inserted intent reads back unchanged and updates bump updatedAt', () => {
      const { intents } = create()
      intents.insert(intent('rm:7:kill:02'))
      expect(intents.get('rm:7:kill:02')).toEqual(intent('rm:7:kill:02'))
      intents.update('rm:7:kill:02', { status: 'acknowledged', orderId: BIG_ID, sendCount: 1 }, 2000)
      expect(intents.get('rm:7:kill:02')).toEqual(
        intent('rm:7:kill:02', { status: 'acknowledged', orderId: BIG_ID, sendCount: 1, updatedAt: 2000 }),
      )
      intents.update('rm:7:kill:02', { lastError: 'timeout' }, 3000)
      expect(intents.get('rm:7:kill:02')?.lastError).toBe('timeout')
      expect(intents.get('rm:7:kill:02')?.status).toBe('acknowledged')
      expect(intents.get('nope')).toBeNull()
      expect(() => intents.update('nope', { status: 'sent' }, 1)).toThrow()
    })

    it('IDEM-2 listUnresolved returns only created, sent and unknown intents', () => {
      const { intents } = create()
      const statuses = ['created', 'sent', 'acknowledged', 'rejected', 'unknown', 'failed', 'manual_review'] as const
      statuses.forEach((s, i) => intents.insert(intent(`t${i}`, { status: s, createdAt: i })))
      expect(intents.listUnresolved().map((i) => i.status).sort()).toEqual(['created', 'sent', 'unknown'])
    })

    it('FILL-1 insertTrade returns false for a duplicate trade id and keeps one copy', () => {
      const { portfolio } = create()
      expect(portfolio.insertTrade(trade(BIG_ID + 1), 1)).toBe(true)
      expect(portfolio.insertTrade(trade(BIG_ID + 1, { price: 1 }), 2)).toBe(false)
      const { trades } = portfolio.load()
      expect(trades).toEqual([trade(BIG_ID + 1)])
    })

    it('FILL-1 a stored fill that is later voided reads back voided; an unknown id is ignored', () => {
      const { portfolio } = create()
      portfolio.insertTrade(trade(1), 1)
      portfolio.insertTrade(trade(2), 1)
      portfolio.markTradeVoided(1, 2)
      portfolio.markTradeVoided(99, 2)
      const loaded = portfolio.load().trades
      expect(loaded.map((t) => [t.id, t.voided])).toEqual([[1, true], [2, false]])
      expect(loaded[0]).toEqual({ ...trade(1), voided: true })
    })

    it('CONC-5 a position update with size 0 removes the position', () => {
      const { portfolio } = create()
      portfolio.upsertPosition(position(7, 'A', 2), 1)
      portfolio.upsertPosition(position(7, 'A', 3), 2)
      expect(portfolio.load().positions).toEqual([position(7, 'A', 3)])
      portfolio.upsertPosition(position(7, 'A', 0), 3)
      expect(portfolio.load().positions).toEqual([])
    })

    it('accounts and orders upsert by id, keeping int64 order ids exact', () => {
      const { portfolio } = create()
      portfolio.upsertAccount(account(7), 1)
      portfolio.upsertAccount(account(7, { canTrade: false }), 2)
      portfolio.upsertOrder(order(BIG_ID), 1)
      portfolio.upsertOrder(order(BIG_ID, { status: 2, fillVolume: 1, filledPrice: 20_000 }), 2)
      const loaded = portfolio.load()
      expect(loaded.accounts).toEqual([account(7, { canTrade: false })])
      expect(loaded.orders).toEqual([order(BIG_ID, { status: 2, fillVolume: 1, filledPrice: 20_000 })])
    })

    it('RECON-5 applySnapshot replaces only that account positions and adds orders and trades', () => {
      const { portfolio } = create()
      portfolio.upsertPosition(position(7, 'A', 1), 1)
      portfolio.upsertPosition(position(7, 'B', 1), 1)
      portfolio.upsertPosition(position(8, 'A', 4), 1)
      portfolio.insertTrade(trade(1), 1)
      portfolio.applySnapshot(7, { account: account(7, { balance: 49_000 }), positions: [position(7, 'C', 2)], orders: [order(11)], trades: [trade(1), trade(2)] }, 5)
      const loaded = portfolio.load()
      const byKey = (p: Position): string => `${p.accountId}:${p.contractId}`
      expect(loaded.positions.map(byKey).sort()).toEqual(['7:C', '8:A'])
      expect(loaded.accounts).toEqual([account(7, { balance: 49_000 })])
      expect(loaded.orders).toEqual([order(11)])
      expect(loaded.trades.map((t) => t.id).sort()).toEqual([1, 2])
    })

    it('meta values round-trip as JSON and missing keys read null', () => {
      const { meta } = create()
      expect(meta.get('token')).toBeNull()
      meta.set('token', { expiresAt: 123, user: 'x' })
      meta.set('limiter:rest', [1, 2, 3])
      meta.set('token', { expiresAt: 456 })
      expect(meta.get('token')).toEqual({ expiresAt: 456 })
      expect(meta.get('limiter:rest')).toEqual([1, 2, 3])
    })

    it('audit entries get increasing ids and list newest first with paging', () => {
      const { audit } = create()
      const made = [1, 2, 3, 4].map((n) =>
        audit.append({ at: n, category: 'session', severity: 'info', message: `m${n}`, accountId: n === 2 ? 7 : null, detail: n === 3 ? { a: 1 } : null }),
      )
      expect(made.map((e) => e.id)).toEqual([...made.map((e) => e.id)].sort((a, b) => a - b))
      const first = audit.list(2)
      expect(first.map((e) => e.message)).toEqual(['m4', 'm3'])
      expect(first[1]?.detail).toEqual({ a: 1 })
      const next = audit.list(10, first[1]?.id)
      expect(next.map((e) => e.message)).toEqual(['m2', 'm1'])
      expect(next[0]?.accountId).toBe(7)
    })
  })
}
