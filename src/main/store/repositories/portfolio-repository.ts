// SQLite implementation of PortfolioRepository: the local mirror of accounts, orders, positions and
// trades. Key fields are columns (for queries and indexes); the whole domain record is kept as JSON.
// Rows written by earlier versions hold the gateway's wire shape instead: they are read through
// upgradeStored, which gives the domain shape either way (and rewritten as domain when next written).
import type Database from 'better-sqlite3'
import type { PortfolioRepository } from '../../ports/repositories'
import type { Account, Fill, Order, Position } from '../../portfolio/model'
import { upgradeStored } from '../../gateway/wire/to-domain'
import { fromJson, toJson } from './json'

type Snapshot = { account: Account | null; positions: Position[]; orders: Order[]; trades: Fill[] }
/** A payload and the row's own time (epoch ms), which stands in for a legacy timestamp that does not parse. */
type PayloadRow = { payload: string; at: number }

const bool = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0)

export class SqlitePortfolioRepository implements PortfolioRepository {
  private readonly accountStmt: Database.Statement
  private readonly orderStmt: Database.Statement
  private readonly positionStmt: Database.Statement
  private readonly deletePositionStmt: Database.Statement<[number, string]>
  private readonly deleteAccountPositionsStmt: Database.Statement<[number]>
  private readonly tradeStmt: Database.Statement
  private readonly tradePayloadStmt: Database.Statement<[number], PayloadRow>
  private readonly voidTradeStmt: Database.Statement<[string, number]>
  private readonly loadAccounts: Database.Statement<[], { payload: string }>
  private readonly loadPositions: Database.Statement<[], PayloadRow>
  private readonly loadOrders: Database.Statement<[], PayloadRow>
  private readonly loadTrades: Database.Statement<[], PayloadRow>
  private readonly snapshotTx: (accountId: number, snapshot: Snapshot, at: number) => void

  constructor(private readonly db: Database.Database) {
    this.accountStmt = db.prepare(`INSERT INTO accounts (id, name, balance, can_trade, is_visible, simulated, payload, updated_at)
      VALUES (@id, @name, @balance, @canTrade, @isVisible, @simulated, @payload, @at)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, balance = excluded.balance, can_trade = excluded.can_trade,
        is_visible = excluded.is_visible, simulated = excluded.simulated, payload = excluded.payload, updated_at = excluded.updated_at`)
    this.orderStmt = db.prepare(`INSERT INTO orders (id, account_id, contract_id, status, type, side, size, limit_price, stop_price,
        fill_volume, filled_price, custom_tag, creation_ts, update_ts, payload, updated_at)
      VALUES (@id, @accountId, @contractId, @status, @type, @side, @size, @limitPrice, @stopPrice,
        @fillVolume, @filledPrice, @customTag, @creationTs, @updateTs, @payload, @at)
      ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, contract_id = excluded.contract_id, status = excluded.status,
        type = excluded.type, side = excluded.side, size = excluded.size, limit_price = excluded.limit_price,
        stop_price = excluded.stop_price, fill_volume = excluded.fill_volume, filled_price = excluded.filled_price,
        custom_tag = excluded.custom_tag, creation_ts = excluded.creation_ts, update_ts = excluded.update_ts,
        payload = excluded.payload, updated_at = excluded.updated_at`)
    this.positionStmt = db.prepare(`INSERT INTO positions (account_id, contract_id, id, type, size, average_price, creation_ts, payload, updated_at)
      VALUES (@accountId, @contractId, @id, @type, @size, @averagePrice, @creationTs, @payload, @at)
      ON CONFLICT (account_id, contract_id) DO UPDATE SET id = excluded.id, type = excluded.type, size = excluded.size,
        average_price = excluded.average_price, creation_ts = excluded.creation_ts, payload = excluded.payload, updated_at = excluded.updated_at`)
    this.deletePositionStmt = db.prepare('DELETE FROM positions WHERE account_id = ? AND contract_id = ?')
    this.deleteAccountPositionsStmt = db.prepare('DELETE FROM positions WHERE account_id = ?')
    // OR IGNORE + changes tells a new fill from a duplicate in one round trip (FILL-1).
    this.tradeStmt = db.prepare(`INSERT OR IGNORE INTO trades (id, account_id, contract_id, order_id, creation_ts, price, profit_and_loss,
        fees, commissions, side, size, voided, payload, inserted_at)
      VALUES (@id, @accountId, @contractId, @orderId, @creationTs, @price, @profitAndLoss, @fees, @commissions, @side, @size, @voided, @payload, @at)`)
    this.tradePayloadStmt = db.prepare('SELECT payload, creation_ts AS at FROM trades WHERE id = ?')
    this.voidTradeStmt = db.prepare('UPDATE trades SET voided = 1, payload = ? WHERE id = ?')
    this.loadAccounts = db.prepare('SELECT payload FROM accounts ORDER BY id')
    this.loadPositions = db.prepare('SELECT payload, creation_ts AS at FROM positions ORDER BY account_id, contract_id')
    this.loadOrders = db.prepare('SELECT payload, creation_ts AS at FROM orders ORDER BY id')
    this.loadTrades = db.prepare('SELECT payload, creation_ts AS at FROM trades ORDER BY creation_ts, id')
    this.snapshotTx = db.transaction((accountId: number, snapshot: Snapshot, at: number) => {
      if (snapshot.account) this.writeAccount({ ...snapshot.account, id: accountId }, at)
      this.deleteAccountPositionsStmt.run(accountId)
      for (const p of snapshot.positions) this.writePosition(p, at)
      for (const o of snapshot.orders) this.writeOrder(o, at)
      for (const t of snapshot.trades) this.writeTrade(t, at)
    })
  }

  upsertAccount(account: Account, at: number): void {
    this.writeAccount(account, at)
  }

  upsertOrder(order: Order, at: number): void {
    this.writeOrder(order, at)
  }

  /** size 0 removes the position (CONC-5). */
  upsertPosition(position: Position, at: number): void {
    this.writePosition(position, at)
  }

  /** False when the trade id was already stored (FILL-1 dedupe). */
  insertTrade(trade: Fill, at: number): boolean {
    return this.writeTrade(trade, at)
  }

  /** The column and the stored record both say voided; a trade never stored is left alone. */
  markTradeVoided(tradeId: number): void {
    const row = this.tradePayloadStmt.get(tradeId)
    if (row === undefined) return
    this.voidTradeStmt.run(toJson({ ...readFill(row), voided: true }), tradeId)
  }

  /**
   * One transaction (RECON-5): the account row, then the account's positions replaced by the snapshot's,
   * its orders upserted and new trades inserted. Orders not in the snapshot are left as they are: the
   * mirror decides what became of them and passes them in.
   */
  applySnapshot(accountId: number, snapshot: Snapshot, at: number): void {
    this.snapshotTx(accountId, snapshot, at)
  }

  load(): { accounts: Account[]; positions: Position[]; orders: Order[]; trades: Fill[] } {
    // One read transaction so the four lists come from the same committed state.
    return this.db.transaction(() => ({
      accounts: this.loadAccounts.all().map((r) => upgradeStored.account(fromJson<object>(r.payload))),
      positions: this.loadPositions.all().map((r) => upgradeStored.position(fromJson<object>(r.payload), r.at)),
      orders: this.loadOrders.all().map((r) => upgradeStored.order(fromJson<object>(r.payload), r.at)),
      trades: this.loadTrades.all().map(readFill),
    }))()
  }

  private writeAccount(a: Account, at: number): void {
    this.accountStmt.run({
      id: a.id,
      name: a.name,
      balance: a.balance,
      canTrade: a.canTrade ? 1 : 0,
      isVisible: a.isVisible ? 1 : 0,
      simulated: bool(a.simulated),
      payload: toJson(a),
      at,
    })
  }

  private writeOrder(o: Order, at: number): void {
    this.orderStmt.run({
      id: o.id,
      accountId: o.accountId,
      contractId: o.contractId,
      status: o.status,
      type: o.type,
      side: o.side,
      size: o.size,
      limitPrice: o.limitPrice,
      stopPrice: o.stopPrice,
      fillVolume: o.fillVolume,
      filledPrice: o.filledPrice,
      customTag: o.customTag,
      creationTs: o.createdAt,
      updateTs: o.updatedAt,
      payload: toJson(o),
      at,
    })
  }

  private writePosition(p: Position, at: number): void {
    if (p.size === 0) {
      this.deletePositionStmt.run(p.accountId, p.contractId)
      return
    }
    this.positionStmt.run({
      accountId: p.accountId,
      contractId: p.contractId,
      id: p.id,
      type: p.type,
      size: p.size,
      averagePrice: p.averagePrice,
      creationTs: p.openedAt,
      payload: toJson(p),
      at,
    })
  }

  private writeTrade(t: Fill, at: number): boolean {
    const result = this.tradeStmt.run({
      id: t.id,
      accountId: t.accountId,
      contractId: t.contractId,
      orderId: t.orderId,
      creationTs: t.executedAt,
      price: t.price,
      profitAndLoss: t.profitAndLoss,
      fees: t.fees,
      commissions: t.commissions,
      side: t.side,
      size: t.size,
      voided: t.voided ? 1 : 0,
      payload: toJson(t),
      at,
    })
    return result.changes > 0
  }
}

function readFill(row: PayloadRow): Fill {
  return upgradeStored.fill(fromJson<object>(row.payload), row.at)
}
