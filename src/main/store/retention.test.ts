// Retention (DB-7, IDEM-4): each history kind is cut at its own age; live state is never deleted.
import { describe, expect, it } from 'vitest'
import { databaseAt } from '../../../test/support/store/migration-helpers'
import { LATEST_VERSION } from './migrations/index'
import { RETENTION_DAYS, runRetention } from './retention'

const DAY = 24 * 60 * 60 * 1000
const NOW = 2_000 * DAY

function seed(ageDays: number) {
  const at = NOW - ageDays * DAY
  return at
}

describe('runRetention', () => {
  it('DB-7 deletes rows just past each retention and keeps rows just inside it', () => {
    const db = databaseAt(LATEST_VERSION)
    const insert = {
      unrealized: db.prepare(`INSERT INTO daily_unrealized_pnl (account_id, trading_day, unrealized_pnl, min_unrealized_pnl, max_unrealized_pnl, positions_count, updated_at) VALUES (1, ?, 0, 0, 0, 0, ?)`),
      enforcement: db.prepare(`INSERT INTO enforcement_log (ts, account_id, rule_id, action, reason) VALUES (?, 1, 'RULE-003', 'flatten', 'loss')`),
      event: db.prepare(`INSERT INTO events (at, source, kind, payload) VALUES (?, 'rest', 'k', '{}')`),
      order: db.prepare(`INSERT INTO orders (id, account_id, contract_id, status, type, side, size, creation_ts, payload, updated_at) VALUES (?, 1, 'C', ?, 2, 0, 1, 0, '{}', ?)`),
      trade: db.prepare(`INSERT INTO trades (id, account_id, contract_id, order_id, creation_ts, price, fees, side, size, voided, payload, inserted_at) VALUES (?, 1, 'C', 1, ?, 1, 0, 0, 1, 0, '{}', 0)`),
      intent: db.prepare(`INSERT INTO order_intents (custom_tag, account_id, kind, reason, request, status, created_at, updated_at) VALUES (?, 1, 'close', 'r', '{}', ?, 0, ?)`),
    }
    const d = RETENTION_DAYS
    insert.unrealized.run('old', seed(d.unrealizedPnl + 0.01))
    insert.unrealized.run('new', seed(d.unrealizedPnl - 0.01))
    insert.enforcement.run(seed(d.enforcementLog + 0.01))
    insert.enforcement.run(seed(d.enforcementLog - 0.01))
    insert.event.run(seed(d.events + 0.01))
    insert.event.run(seed(d.events - 0.01))
    insert.order.run(1, 3, seed(d.orders + 0.01)) // cancelled, old: goes
    insert.order.run(2, 3, seed(d.orders - 0.01)) // cancelled, recent: stays
    insert.order.run(3, 1, seed(d.orders + 50)) // working GTC stop, ancient: stays (live risk)
    insert.trade.run(1, seed(d.trades + 0.01))
    insert.trade.run(2, seed(d.trades - 0.01))
    insert.intent.run('acked-old', 'acknowledged', seed(d.intents + 0.01))
    insert.intent.run('acked-new', 'acknowledged', seed(d.intents - 0.01))
    insert.intent.run('unknown-ancient', 'unknown', seed(d.intents + 100))

    const report = runRetention(db, NOW)
    expect(report).toMatchObject({ unrealizedPnl: 1, enforcementLog: 1, events: 1, orders: 1, trades: 1, intents: 1 })
    expect(db.prepare('SELECT trading_day FROM daily_unrealized_pnl').pluck().all()).toEqual(['new'])
    expect(db.prepare('SELECT id FROM orders ORDER BY id').pluck().all()).toEqual([2, 3])
    expect(db.prepare('SELECT id FROM trades').pluck().all()).toEqual([2])
    expect(db.prepare('SELECT custom_tag FROM order_intents ORDER BY custom_tag').pluck().all()).toEqual(['acked-new', 'unknown-ancient'])
    db.close()
  })

  it('IDEM-4 intents are kept at least 90 days; lockouts and daily P&L are never swept', () => {
    expect(RETENTION_DAYS.intents).toBeGreaterThanOrEqual(90)
    const db = databaseAt(LATEST_VERSION)
    db.prepare(`INSERT INTO lockouts (account_id, rule_id, reason, expiry_kind, locked_at, updated_at) VALUES (1, 'RULE-010', 'canTrade', 'indefinite', 0, 0)`).run()
    db.prepare(`INSERT INTO daily_pnl (account_id, trading_day, updated_at) VALUES (1, '2020-01-01', 0)`).run()
    runRetention(db, NOW)
    expect(db.prepare('SELECT count(*) FROM lockouts').pluck().get()).toBe(1)
    expect(db.prepare('SELECT count(*) FROM daily_pnl').pluck().get()).toBe(1)
    db.close()
  })
})
