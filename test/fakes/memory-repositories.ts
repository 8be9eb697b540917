// In-memory implementations of the persistence ports for unit tests of services. The SQLite
// implementations in src/main/store are tested against the same behaviour.

import type {
  AuditEntry,
  AuditRepository,
  EventJournal,
  IntentRepository,
  JournalEvent,
  MetaRepository,
  OrderIntent,
  OrderTransition,
  PortfolioRepository,
  TransitionRepository,
} from '../../src/main/ports/repositories'
import type { Account, Fill, Order, Position } from '../../src/main/portfolio/model'

export class MemoryIntentRepository implements IntentRepository {
  readonly rows = new Map<string, OrderIntent>()
  insert(intent: OrderIntent): void {
    if (this.rows.has(intent.customTag)) throw new Error(`intent ${intent.customTag} exists`)
    this.rows.set(intent.customTag, intent)
  }
  update(customTag: string, patch: Partial<OrderIntent>, at: number): void {
    const row = this.rows.get(customTag)
    if (!row) throw new Error(`no intent ${customTag}`)
    this.rows.set(customTag, { ...row, ...patch, updatedAt: at })
  }
  get(customTag: string): OrderIntent | null {
    return this.rows.get(customTag) ?? null
  }
  listUnresolved(): OrderIntent[] {
    return [...this.rows.values()].filter((r) => r.status === 'created' || r.status === 'sent' || r.status === 'unknown')
  }
}

export class MemoryTransitionRepository implements TransitionRepository {
  readonly rows: OrderTransition[] = []
  record(transition: OrderTransition): void {
    this.rows.push(transition)
  }
}

export class MemoryEventJournal implements EventJournal {
  readonly rows: JournalEvent[] = []
  append(event: JournalEvent): void {
    this.rows.push(event)
  }
}

export class MemoryMetaRepository implements MetaRepository {
  readonly values = new Map<string, string>()
  get<T>(key: string): T | null {
    const raw = this.values.get(key)
    return raw === undefined ? null : (JSON.parse(raw) as T)
  }
  set<T>(key: string, value: T): void {
    this.values.set(key, JSON.stringify(value))
  }
}

export class MemoryPortfolioRepository implements PortfolioRepository {
  readonly accounts = new Map<number, Account>()
  readonly orders = new Map<number, Order>()
  readonly positions = new Map<string, Position>()
  readonly trades = new Map<number, Fill>()

  upsertAccount(account: Account): void {
    this.accounts.set(account.id, account)
  }
  upsertOrder(order: Order): void {
    this.orders.set(order.id, order)
  }
  upsertPosition(position: Position): void {
    const key = `${position.accountId}:${position.contractId}`
    if (position.size === 0) this.positions.delete(key)
    else this.positions.set(key, position)
  }
  insertTrade(trade: Fill): boolean {
    if (this.trades.has(trade.id)) return false
    this.trades.set(trade.id, trade)
    return true
  }
  markTradeVoided(tradeId: number): void {
    const t = this.trades.get(tradeId)
    if (t !== undefined) this.trades.set(tradeId, { ...t, voided: true })
  }
  applySnapshot(
    accountId: number,
    snapshot: { account: Account | null; positions: Position[]; orders: Order[]; trades: Fill[] },
  ): void {
    if (snapshot.account) this.accounts.set(accountId, snapshot.account)
    for (const [key, p] of this.positions) if (p.accountId === accountId) this.positions.delete(key)
    for (const p of snapshot.positions) this.upsertPosition(p)
    for (const o of snapshot.orders) this.orders.set(o.id, o)
    for (const t of snapshot.trades) this.insertTrade(t)
  }
  load(): { accounts: Account[]; positions: Position[]; orders: Order[]; trades: Fill[] } {
    return {
      accounts: [...this.accounts.values()],
      positions: [...this.positions.values()],
      orders: [...this.orders.values()],
      trades: [...this.trades.values()],
    }
  }
}

export class MemoryAuditRepository implements AuditRepository {
  readonly rows: AuditEntry[] = []
  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const row = { ...entry, id: this.rows.length + 1 }
    this.rows.push(row)
    return row
  }
  list(limit: number, beforeId?: number): AuditEntry[] {
    return this.rows
      .filter((r) => beforeId === undefined || r.id < beforeId)
      .sort((a, b) => b.id - a.id)
      .slice(0, limit)
  }
}
