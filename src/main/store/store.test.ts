// The store facade: file-backed repositories persist across restarts; SQLite-only helpers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { BIG_ID, intent, order, trade } from '../../../test/support/store/port-contract.suite'
import { LATEST_VERSION } from './migrations/index'
import { openStore } from './store'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
function path(): string {
  const d = mkdtempSync(join(tmpdir(), 'tg-store-'))
  dirs.push(d)
  return join(d, 'tiltguard.db')
}

describe('openStore', () => {
  it('IDEM-2 an intent committed before a crash is listed unresolved after restart', async () => {
    const p = path()
    const first = await openStore({ path: p, logger: new MemoryLogger(), now: () => 10 })
    expect(first.schemaVersion).toBe(LATEST_VERSION)
    first.intents.insert(intent('rm:7:kill-switch:01', { status: 'sent', sendCount: 1 }))
    first.portfolio.upsertOrder(order(BIG_ID), 10)
    first.portfolio.insertTrade(trade(BIG_ID + 2), 10)
    first.meta.set('token.expiresAt', 123)
    first.close()
    first.close() // idempotent

    const second = await openStore({ path: p, logger: new MemoryLogger(), now: () => 20 })
    expect(second.intents.listUnresolved().map((i) => i.customTag)).toEqual(['rm:7:kill-switch:01'])
    expect(second.portfolio.load().orders[0]?.id).toBe(BIG_ID)
    expect(second.portfolio.insertTrade(trade(BIG_ID + 2), 20)).toBe(false)
    expect(second.meta.get('token.expiresAt')).toBe(123)
    second.close()
  })

  it('transitions and journal keep history in order; meta keys can be deleted', async () => {
    const store = await openStore({ path: ':memory:', logger: new MemoryLogger(), now: () => 1 })
    store.transitions.record({ orderId: BIG_ID, customTag: 'rm:7:x:1', from: null, to: 'sent', trigger: 'intent', reason: null, at: 1 })
    store.transitions.record({ orderId: BIG_ID, customTag: 'rm:7:x:1', from: 1, to: 2, trigger: 'hub', reason: 'filled', at: 2 })
    store.transitions.record({ orderId: 99, customTag: null, from: 1, to: 3, trigger: 'poll', reason: null, at: 3 })
    expect(store.transitions.list({ orderId: BIG_ID }).map((t) => [t.from, t.to])).toEqual([[null, 'sent'], [1, 2]])
    expect(store.transitions.list().length).toBe(3)
    store.journal.append({ source: 'user-hub', kind: 'order', accountId: 7, payload: { id: BIG_ID }, at: 5 })
    store.journal.append({ source: 'rest', kind: 'positions', accountId: null, payload: [], at: 6 })
    expect(store.journal.recent(10).map((e) => [e.kind, e.payload])).toEqual([['order', { id: BIG_ID }], ['positions', []]])
    store.meta.set('x', 1)
    store.meta.delete('x')
    expect(store.meta.get('x')).toBeNull()
    expect(store.runRetention(10 * 365 * 24 * 3600 * 1000).events).toBe(2)
    store.close()
  })
})
