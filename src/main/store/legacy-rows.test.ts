// Rows an earlier version wrote hold the gateway's wire shape: they still load, as domain records, and
// journal payloads of that shape still replay (issue 7 item 1: domain types, nothing lost on upgrade).
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { snapshotOf, userEventOf } from '../replay/journal-payload'
import { openStore } from './store'

const BIG_ID = 3_000_000_001
const AT = Date.UTC(2026, 10, 25, 14, 30, 0, 123)
const MES = 'CON.F.US.MES.Z26'
const wireOrder = { id: BIG_ID, accountId: 7, contractId: MES, creationTimestamp: '2026-11-25T14:30:00.1234567+00:00', status: 1, type: 1, side: 0, size: 2, limitPrice: 6000.25 }
const wirePosition = { id: 11, accountId: 7, contractId: MES, creationTimestamp: '2026-11-25T14:30:00.123Z', type: 1, size: 2, averagePrice: 6000.25 }
const wireTrade = { id: BIG_ID + 1, accountId: 7, contractId: MES, creationTimestamp: 'not a time', price: 6000.25, fees: 0.37, side: 0, size: 1, voided: false, orderId: BIG_ID }

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A store file with rows written in the old wire shape, straight into the tables as that version did. */
async function legacyStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-legacy-'))
  dirs.push(dir)
  const path = join(dir, 'tiltguard.db')
  ;(await openStore({ path, logger: new MemoryLogger(), now: () => 1 })).close()
  const db = new Database(path)
  db.prepare(`INSERT INTO orders (id, account_id, contract_id, status, type, side, size, creation_ts, payload, updated_at)
    VALUES (?, 7, ?, 1, 1, 0, 2, ?, ?, 1)`).run(BIG_ID, MES, AT, JSON.stringify(wireOrder))
  db.prepare(`INSERT INTO positions (account_id, contract_id, id, type, size, average_price, creation_ts, payload, updated_at)
    VALUES (7, ?, 11, 1, 2, 6000.25, ?, ?, 1)`).run(MES, AT, JSON.stringify(wirePosition))
  db.prepare(`INSERT INTO trades (id, account_id, contract_id, order_id, creation_ts, price, fees, side, size, voided, payload, inserted_at)
    VALUES (?, 7, ?, ?, ?, 6000.25, 0.37, 0, 1, 0, ?, 1)`).run(BIG_ID + 1, MES, BIG_ID, AT - 5, JSON.stringify(wireTrade))
  db.close()
  return path
}

describe('rows of earlier versions', () => {
  it('wire-shaped portfolio rows load as domain records; an unparseable time falls back to the row time', async () => {
    const store = await openStore({ path: await legacyStore(), logger: new MemoryLogger(), now: () => 2 })
    const { orders, positions, trades } = store.portfolio.load()
    expect(orders).toEqual([expect.objectContaining({ id: BIG_ID, createdAt: AT, updatedAt: null, stopPrice: null, fillVolume: null })])
    expect(positions).toEqual([expect.objectContaining({ id: 11, openedAt: AT, contractDisplayName: null })])
    expect(trades).toEqual([expect.objectContaining({ id: BIG_ID + 1, executedAt: AT - 5, profitAndLoss: null, commissions: 0 })])
    expect(orders[0]).not.toHaveProperty('creationTimestamp')
    store.close()
  })

  it('voiding a wire-shaped trade rewrites it in the domain shape, voided, and it still dedupes', async () => {
    const path = await legacyStore()
    const store = await openStore({ path, logger: new MemoryLogger(), now: () => 2 })
    store.portfolio.markTradeVoided(BIG_ID + 1, 3)
    expect(store.portfolio.load().trades[0]).toMatchObject({ voided: true, executedAt: AT - 5 })
    store.close()
    const raw = new Database(path, { readonly: true })
    const payload = JSON.parse((raw.prepare('SELECT payload FROM trades').get() as { payload: string }).payload)
    raw.close()
    expect(payload).toMatchObject({ voided: true, executedAt: AT - 5 })
    expect(payload).not.toHaveProperty('creationTimestamp')
  })

  it('a journal recorded in wire shape replays as domain events and snapshots', () => {
    const row = (payload: unknown) => ({ id: 1, at: AT + 9, source: 'user-hub' as const, kind: 'order', accountId: 7, payload })
    expect(userEventOf('order', row(wireOrder))).toEqual({ kind: 'order', data: expect.objectContaining({ id: BIG_ID, createdAt: AT }) })
    expect(userEventOf('trade', row(wireTrade))).toEqual({ kind: 'trade', data: expect.objectContaining({ executedAt: AT + 9 }) })
    const snapshot = snapshotOf(row({ account: { id: 7, name: 'A', balance: 1, canTrade: true, isVisible: true }, positions: [wirePosition], openOrders: [wireOrder] }))
    expect(snapshot.account?.simulated).toBeNull()
    expect(snapshot.positions[0]?.openedAt).toBe(AT)
    expect(snapshot.openOrders[0]?.createdAt).toBe(AT)
    expect(snapshot).not.toHaveProperty('trades') // not fetched in that snapshot: stays out
  })
})
