// SQLite implementation of IntentRepository: our own orders, committed before they are sent (IDEM-1, IDEM-2).
import type Database from 'better-sqlite3'
import type { IntentKind, IntentRepository, IntentStatus, OrderIntent } from '../../ports/repositories'
import { IntentExistsError, IntentNotFoundError } from '../errors'
import { fromJson, toJson } from './json'

interface IntentRow {
  custom_tag: string
  account_id: number
  kind: IntentKind
  contract_id: string | null
  reason: string
  request: string
  status: IntentStatus
  order_id: number | null
  send_count: number
  created_at: number
  updated_at: number
  last_error: string | null
}

const COLUMNS = 'custom_tag, account_id, kind, contract_id, reason, request, status, order_id, send_count, created_at, updated_at, last_error'

function toIntent(row: IntentRow): OrderIntent {
  return {
    customTag: row.custom_tag,
    accountId: row.account_id,
    kind: row.kind,
    contractId: row.contract_id,
    reason: row.reason,
    request: fromJson<Record<string, unknown>>(row.request),
    status: row.status,
    orderId: row.order_id,
    sendCount: row.send_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastError: row.last_error,
  }
}

export class SqliteIntentRepository implements IntentRepository {
  private readonly insertStmt: Database.Statement
  private readonly updateStmt: Database.Statement
  private readonly getStmt: Database.Statement<[string], IntentRow>
  private readonly unresolvedStmt: Database.Statement<[], IntentRow>

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO order_intents (${COLUMNS}) VALUES
      (@customTag, @accountId, @kind, @contractId, @reason, @request, @status, @orderId, @sendCount, @createdAt, @updatedAt, @lastError)`)
    // One statement for every patch shape: a has_* flag says whether the caller supplied the field,
    // so an explicit null (e.g. clearing lastError) differs from "leave it alone".
    this.updateStmt = db.prepare(`UPDATE order_intents SET
        status = CASE WHEN @hasStatus THEN @status ELSE status END,
        order_id = CASE WHEN @hasOrderId THEN @orderId ELSE order_id END,
        send_count = CASE WHEN @hasSendCount THEN @sendCount ELSE send_count END,
        last_error = CASE WHEN @hasLastError THEN @lastError ELSE last_error END,
        updated_at = @at
      WHERE custom_tag = @customTag`)
    this.getStmt = db.prepare(`SELECT ${COLUMNS} FROM order_intents WHERE custom_tag = ?`)
    this.unresolvedStmt = db.prepare(
      `SELECT ${COLUMNS} FROM order_intents WHERE status IN ('created', 'sent', 'unknown') ORDER BY created_at, custom_tag`,
    )
  }

  /** Throws IntentExistsError when the tag is taken (IDEM-1). */
  insert(intent: OrderIntent): void {
    try {
      this.insertStmt.run({ ...intent, request: toJson(intent.request) })
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new IntentExistsError(intent.customTag)
      throw error
    }
  }

  /** Throws IntentNotFoundError when no intent has this tag. */
  update(customTag: string, patch: Partial<Pick<OrderIntent, 'status' | 'orderId' | 'sendCount' | 'lastError'>>, at: number): void {
    const result = this.updateStmt.run({
      customTag,
      at,
      hasStatus: patch.status !== undefined ? 1 : 0,
      status: patch.status ?? null,
      hasOrderId: 'orderId' in patch && patch.orderId !== undefined ? 1 : 0,
      orderId: patch.orderId ?? null,
      hasSendCount: patch.sendCount !== undefined ? 1 : 0,
      sendCount: patch.sendCount ?? null,
      hasLastError: 'lastError' in patch && patch.lastError !== undefined ? 1 : 0,
      lastError: patch.lastError ?? null,
    })
    if (result.changes === 0) throw new IntentNotFoundError(customTag)
  }

  get(customTag: string): OrderIntent | null {
    const row = this.getStmt.get(customTag)
    return row ? toIntent(row) : null
  }

  /** Oldest first, so start-up resolves them in the order they were created. */
  listUnresolved(): OrderIntent[] {
    return this.unresolvedStmt.all().map(toIntent)
  }
}
